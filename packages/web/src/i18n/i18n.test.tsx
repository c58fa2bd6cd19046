// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { zhCN } from './zh-CN'
import { en } from './en'
import i18n, { LANGUAGE_STORAGE_KEY, currentLanguage, setLanguage, storedLanguage } from './index'
import { dimensionLabel } from './labels'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') out.set(path, value)
    else for (const [k, v] of flatten(value, path)) out.set(k, v)
  }
  return out
}

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort()

describe('message files', () => {
  const zh = flatten(zhCN as unknown as Tree)
  const english = flatten(en as unknown as Tree)

  it('have the same keys in both languages', () => {
    expect([...zh.keys()].filter((k) => !english.has(k))).toEqual([])
    expect([...english.keys()].filter((k) => !zh.has(k))).toEqual([])
    expect(zh.size).toBeGreaterThan(100)
  })

  it('use the same interpolation placeholders in both languages', () => {
    const mismatched = [...zh.keys()].filter((k) => placeholders(zh.get(k)!).join() !== placeholders(english.get(k)!).join())
    expect(mismatched).toEqual([])
  })

  it('have no empty strings', () => {
    expect([...zh].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([])
    expect([...english].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([])
  })

  it('translate the city tiers the API reports', () => {
    expect(zhCN.dimension.cityTier).toMatchObject({ tier1: '一线', new_tier1: '新一线', unclassified: '未分级城市', unknown: '未知' })
  })
})

describe('language switching', () => {
  it('defaults to zh-CN and persists the choice', async () => {
    expect(currentLanguage('zh-CN')).toBe('zh-CN')
    expect(currentLanguage('en-US')).toBe('en')
    expect(currentLanguage('fr')).toBe('zh-CN')

    await setLanguage('en')
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en')
    expect(storedLanguage()).toBe('en')
    expect(document.documentElement.lang).toBe('en')
    expect(i18n.t('nav.customers')).toBe('Customers')

    await setLanguage('zh-CN')
    expect(i18n.t('nav.customers')).toBe('客户')
    localStorage.setItem(LANGUAGE_STORAGE_KEY, 'klingon')
    expect(storedLanguage()).toBe('zh-CN')
  })

  it('translates API codes and keeps unknown ones as data', async () => {
    await setLanguage('zh-CN')
    const t = i18n.t.bind(i18n)
    expect(dimensionLabel(t, 'cityTier', 'new_tier1')).toBe('新一线')
    expect(dimensionLabel(t, 'gender', 'Female')).toBe('女')
    expect(dimensionLabel(t, 'channel', '社区团购')).toBe('社区团购')
    expect(dimensionLabel(t, 'gender', null)).toBe('未知')
    await setLanguage('en')
    expect(dimensionLabel(i18n.t.bind(i18n), 'cityTier', 'unclassified')).toBe('Unclassified city')
    await setLanguage('zh-CN')
  })
})
