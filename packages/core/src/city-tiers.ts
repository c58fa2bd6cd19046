/**
 * Chinese city tiers (城市分级).
 *
 * The table ships with its edition and attribution: 第一财经·新一线城市研究所《城市商业魅力排行榜》,
 * 2025 edition, published 2025-05-28. Only the two tiers of that edition that were checked are
 * listed: 一线 (4 cities) and 新一线 (15 cities, in rank order). Every other city is reported as
 * `unclassified` rather than guessed; a workspace can classify more cities with overrides.
 *
 * Pure: no I/O.
 */

/** `unknown` when no city is given, `unclassified` when the city is not in the table. */
export type CityTier = 'tier1' | 'new_tier1' | 'unclassified' | 'unknown'

export const CITY_TIERS: readonly CityTier[] = ['tier1', 'new_tier1', 'unclassified', 'unknown']

export const CITY_TIER_LABELS: Readonly<Record<CityTier, { readonly zh: string; readonly en: string }>> = {
  tier1: { zh: '一线城市', en: 'Tier 1' },
  new_tier1: { zh: '新一线城市', en: 'New tier 1' },
  unclassified: { zh: '未分级', en: 'Unclassified' },
  unknown: { zh: '未知', en: 'Unknown' },
}

export interface CityTierTable {
  /** The edition year of the ranking. */
  readonly edition: number
  /** The publication date of the edition, YYYY-MM-DD. */
  readonly publishedAt: string
  readonly publisher: string
  readonly title: string
  /** One line to show wherever a tier is displayed. */
  readonly attribution: string
  /** Cities by tier, in the order the ranking lists them. */
  readonly tier1: readonly string[]
  readonly newTier1: readonly string[]
  readonly note: string
}

export const CITY_TIER_TABLE: CityTierTable = Object.freeze({
  edition: 2025,
  publishedAt: '2025-05-28',
  publisher: '第一财经·新一线城市研究所',
  title: '城市商业魅力排行榜',
  attribution: '第一财经·新一线城市研究所《城市商业魅力排行榜》2025（2025-05-28 发布）',
  tier1: Object.freeze(['上海', '北京', '深圳', '广州']),
  newTier1: Object.freeze([
    '成都',
    '杭州',
    '重庆',
    '武汉',
    '苏州',
    '西安',
    '南京',
    '长沙',
    '郑州',
    '天津',
    '合肥',
    '青岛',
    '东莞',
    '宁波',
    '佛山',
  ]),
  note:
    'Only 一线 and 新一线 of the 2025 edition are listed; cities outside them are "unclassified". ' +
    'Against 2024, 佛山 joined 新一线 and 无锡 left.',
})

/**
 * English / pinyin spellings of the listed cities, keyed by the folded form (lower case, with
 * spaces, apostrophes and hyphens removed, see `foldLatin`). Includes a few long-established
 * postal spellings (Peking, Canton, …).
 */
const LATIN_NAMES: ReadonlyMap<string, string> = new Map([
  ['beijing', '北京'],
  ['peking', '北京'],
  ['shanghai', '上海'],
  ['shenzhen', '深圳'],
  ['guangzhou', '广州'],
  ['canton', '广州'],
  ['chengdu', '成都'],
  ['hangzhou', '杭州'],
  ['chongqing', '重庆'],
  ['chungking', '重庆'],
  ['wuhan', '武汉'],
  ['suzhou', '苏州'],
  ['xian', '西安'],
  ['nanjing', '南京'],
  ['nanking', '南京'],
  ['changsha', '长沙'],
  ['zhengzhou', '郑州'],
  ['tianjin', '天津'],
  ['tientsin', '天津'],
  ['hefei', '合肥'],
  ['qingdao', '青岛'],
  ['tsingtao', '青岛'],
  ['dongguan', '东莞'],
  ['ningbo', '宁波'],
  ['foshan', '佛山'],
])

/** Lower case; drops spaces, apostrophes (' ’ ‘), hyphens and dots; drops a trailing "city". */
function foldLatin(value: string): string {
  const folded = value.toLowerCase().replace(/[\s'’‘`.\-_]+/g, '')
  return folded.endsWith('city') && folded.length > 4 ? folded.slice(0, -4) : folded
}

/**
 * The canonical name of a city, as the tier table spells it.
 *
 * - Trims surrounding white space (including the ideographic space U+3000).
 * - Drops one trailing 市 when at least two characters remain ("北京市" → "北京"); a two-character
 *   name ending in 市 is left alone, so the rule never reduces a name to a single character.
 *   None of the listed cities ends in 市, so the rule cannot change a table entry.
 * - Maps the common English / pinyin spellings of the listed cities, case-insensitively and
 *   ignoring spaces, apostrophes and hyphens ("Xi'an", "XIAN", "Beijing City") to the Chinese name.
 * - Returns any other value trimmed and otherwise unchanged.
 */
export function normaliseCityName(raw: string): string {
  const trimmed = raw.replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
  if (trimmed === '') return ''
  if (/^[A-Za-z][A-Za-z\s'’‘`.\-_]*$/.test(trimmed)) {
    const chinese = LATIN_NAMES.get(foldLatin(trimmed))
    return chinese ?? trimmed
  }
  if (trimmed.endsWith('市') && [...trimmed].length >= 3) return trimmed.slice(0, -1).trimEnd()
  return trimmed
}

const TABLE_TIERS: ReadonlyMap<string, CityTier> = new Map([
  ...CITY_TIER_TABLE.tier1.map((city) => [city, 'tier1'] as const),
  ...CITY_TIER_TABLE.newTier1.map((city) => [city, 'new_tier1'] as const),
])

/**
 * The tier of a city. `overrides` (a workspace's own classification, keyed by city name) wins over
 * the table; its keys are compared after `normaliseCityName`, so "北京市" and "北京" are the same
 * key. Returns `unknown` for a missing or blank city and `unclassified` for a city neither the
 * overrides nor the table list.
 */
export function cityTierOf(city: string | null | undefined, overrides?: ReadonlyMap<string, CityTier>): CityTier {
  if (city === null || city === undefined) return 'unknown'
  const name = normaliseCityName(city)
  if (name === '') return 'unknown'
  if (overrides !== undefined && overrides.size > 0) {
    const direct = overrides.get(name)
    if (direct !== undefined) return direct
    for (const [key, tier] of overrides) {
      if (normaliseCityName(key) === name) return tier
    }
  }
  return TABLE_TIERS.get(name) ?? 'unclassified'
}

/** The cities of one tier in the shipped table (empty for `unclassified` and `unknown`). */
export function citiesOfTier(tier: CityTier): readonly string[] {
  if (tier === 'tier1') return CITY_TIER_TABLE.tier1
  if (tier === 'new_tier1') return CITY_TIER_TABLE.newTier1
  return []
}

export function isCityTier(value: unknown): value is CityTier {
  return typeof value === 'string' && (CITY_TIERS as readonly string[]).includes(value)
}
