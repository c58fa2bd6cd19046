import { describe, expect, it } from 'vitest'
import {
  CITY_TIER_LABELS,
  CITY_TIER_TABLE,
  CITY_TIERS,
  type CityTier,
  citiesOfTier,
  cityTierOf,
  isCityTier,
  normaliseCityName,
} from './city-tiers.js'

const TIER1: ReadonlyArray<readonly [string, string]> = [
  ['上海', 'Shanghai'],
  ['北京', 'Beijing'],
  ['深圳', 'Shenzhen'],
  ['广州', 'Guangzhou'],
]

const NEW_TIER1: ReadonlyArray<readonly [string, string]> = [
  ['成都', 'Chengdu'],
  ['杭州', 'Hangzhou'],
  ['重庆', 'Chongqing'],
  ['武汉', 'Wuhan'],
  ['苏州', 'Suzhou'],
  ['西安', "Xi'an"],
  ['南京', 'Nanjing'],
  ['长沙', 'Changsha'],
  ['郑州', 'Zhengzhou'],
  ['天津', 'Tianjin'],
  ['合肥', 'Hefei'],
  ['青岛', 'Qingdao'],
  ['东莞', 'Dongguan'],
  ['宁波', 'Ningbo'],
  ['佛山', 'Foshan'],
]

describe('CITY_TIER_TABLE', () => {
  it('is the 2025 edition with its attribution', () => {
    expect(CITY_TIER_TABLE.edition).toBe(2025)
    expect(CITY_TIER_TABLE.publishedAt).toBe('2025-05-28')
    expect(CITY_TIER_TABLE.publisher).toBe('第一财经·新一线城市研究所')
    expect(CITY_TIER_TABLE.attribution).toContain('城市商业魅力排行榜')
    expect(CITY_TIER_TABLE.attribution).toContain('2025')
  })

  it('lists 4 一线 and 15 新一线 cities, in the reference order', () => {
    expect(CITY_TIER_TABLE.tier1).toEqual(TIER1.map(([zh]) => zh))
    expect(CITY_TIER_TABLE.newTier1).toEqual(NEW_TIER1.map(([zh]) => zh))
    expect(citiesOfTier('tier1')).toHaveLength(4)
    expect(citiesOfTier('new_tier1')).toHaveLength(15)
    expect(citiesOfTier('unclassified')).toEqual([])
  })

  it('is frozen', () => {
    expect(Object.isFrozen(CITY_TIER_TABLE)).toBe(true)
    expect(Object.isFrozen(CITY_TIER_TABLE.tier1)).toBe(true)
    expect(Object.isFrozen(CITY_TIER_TABLE.newTier1)).toBe(true)
  })

  it('has zh and en labels for every tier', () => {
    for (const tier of CITY_TIERS) {
      expect(CITY_TIER_LABELS[tier].zh.length).toBeGreaterThan(0)
      expect(CITY_TIER_LABELS[tier].en.length).toBeGreaterThan(0)
    }
    expect(CITY_TIER_LABELS.tier1.zh).toBe('一线城市')
    expect(CITY_TIER_LABELS.new_tier1.zh).toBe('新一线城市')
  })
})

describe('cityTierOf', () => {
  it.each(TIER1)('classifies %s / %s as tier1', (zh, en) => {
    expect(cityTierOf(zh)).toBe('tier1')
    expect(cityTierOf(en)).toBe('tier1')
    expect(cityTierOf(en.toUpperCase())).toBe('tier1')
    expect(cityTierOf(en.toLowerCase())).toBe('tier1')
    expect(cityTierOf(`${zh}市`)).toBe('tier1')
  })

  it.each(NEW_TIER1)('classifies %s / %s as new_tier1', (zh, en) => {
    expect(cityTierOf(zh)).toBe('new_tier1')
    expect(cityTierOf(en)).toBe('new_tier1')
    expect(cityTierOf(en.toUpperCase())).toBe('new_tier1')
    expect(cityTierOf(`  ${en.toLowerCase()} `)).toBe('new_tier1')
    expect(cityTierOf(`${zh}市`)).toBe('new_tier1')
  })

  it('treats cities outside the table as unclassified, without guessing', () => {
    expect(cityTierOf('无锡')).toBe('unclassified')
    expect(cityTierOf('无锡市')).toBe('unclassified')
    expect(cityTierOf('厦门')).toBe('unclassified')
    expect(cityTierOf('Kunming')).toBe('unclassified')
    expect(cityTierOf('Springfield')).toBe('unclassified')
  })

  it('returns unknown when no city is given', () => {
    expect(cityTierOf(null)).toBe('unknown')
    expect(cityTierOf(undefined)).toBe('unknown')
    expect(cityTierOf('')).toBe('unknown')
    expect(cityTierOf('   ')).toBe('unknown')
    expect(cityTierOf('\u3000')).toBe('unknown')
  })

  it('lets a workspace override the table', () => {
    const overrides = new Map<string, CityTier>([
      ['无锡', 'new_tier1'],
      ['佛山市', 'unclassified'],
    ])
    expect(cityTierOf('无锡', overrides)).toBe('new_tier1')
    expect(cityTierOf('无锡市', overrides)).toBe('new_tier1')
    expect(cityTierOf('佛山', overrides)).toBe('unclassified')
    expect(cityTierOf('Foshan', overrides)).toBe('unclassified')
    expect(cityTierOf('北京', overrides)).toBe('tier1')
    expect(cityTierOf('厦门', overrides)).toBe('unclassified')
    expect(cityTierOf(null, overrides)).toBe('unknown')
    expect(cityTierOf('北京', new Map())).toBe('tier1')
  })
})

describe('normaliseCityName', () => {
  it('trims and drops one trailing 市', () => {
    expect(normaliseCityName('  北京市 ')).toBe('北京')
    expect(normaliseCityName('\u3000上海\u3000')).toBe('上海')
    expect(normaliseCityName('乌鲁木齐市')).toBe('乌鲁木齐')
    expect(normaliseCityName('无锡')).toBe('无锡')
  })

  it('keeps a two-character name that ends in 市', () => {
    expect(normaliseCityName('沙市')).toBe('沙市')
  })

  it("accepts Xi'an spelled several ways", () => {
    for (const spelling of ["Xi'an", 'Xian', 'XIAN', 'xi an', 'Xi’an', 'Xi-an', "xi'an city"]) {
      expect(normaliseCityName(spelling)).toBe('西安')
    }
  })

  it('maps English spellings of every listed city to the Chinese name', () => {
    for (const [zh, en] of [...TIER1, ...NEW_TIER1]) {
      expect(normaliseCityName(en)).toBe(zh)
      expect(normaliseCityName(`${en} City`)).toBe(zh)
    }
  })

  it('returns other values trimmed and otherwise unchanged', () => {
    expect(normaliseCityName(' Springfield ')).toBe('Springfield')
    expect(normaliseCityName('厦门')).toBe('厦门')
    expect(normaliseCityName('')).toBe('')
  })
})

describe('isCityTier', () => {
  it('recognises the four tiers only', () => {
    for (const tier of CITY_TIERS) expect(isCityTier(tier)).toBe(true)
    expect(isCityTier('tier2')).toBe(false)
    expect(isCityTier(1)).toBe(false)
  })
})
