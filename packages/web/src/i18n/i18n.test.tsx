// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { zhCN } from './zh-CN'
import { en } from './en'
import i18n, { LANGUAGE_STORAGE_KEY, currentLanguage, setLanguage, storedLanguage } from './index'
import { dimensionLabel } from './labels'
import { importReasonText, mergeReasonText } from './serverText'

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

  it('labels known profile attributes and keeps other column names', async () => {
    await setLanguage('zh-CN')
    const zhT = i18n.t.bind(i18n)
    const expected: Record<string, string> = {
      member_level: '会员等级',
      lifestyle: '生活方式',
      values: '价值观',
      preferred_channel: '偏好渠道',
      acquisition_channel: '获客渠道',
      registered_at: '注册时间',
      interests: '兴趣',
      pain_point: '痛点',
      barrier: '购买障碍',
      decision_stage: '决策阶段',
      age_band: '年龄段',
      city_tier: '城市等级',
    }
    for (const [key, label] of Object.entries(expected)) expect(dimensionLabel(zhT, 'traitKey', key)).toBe(label)
    expect(dimensionLabel(zhT, 'traitKey', 'loyalty_points')).toBe('loyalty_points')
    await setLanguage('en')
    expect(dimensionLabel(i18n.t.bind(i18n), 'traitKey', 'member_level')).toBe('Membership level')
    expect(dimensionLabel(i18n.t.bind(i18n), 'traitKey', 'barrier')).toBe('Purchase barrier')
    await setLanguage('zh-CN')
  })

  it('translates the automatic merge reasons', async () => {
    await setLanguage('zh-CN')
    expect(mergeReasonText(i18n.t.bind(i18n), 'same email as C002777')).toBe('邮箱与 C002777 相同')
    expect(mergeReasonText(i18n.t.bind(i18n), 'manual: same person')).toBe('manual: same person')
    await setLanguage('en')
    expect(mergeReasonText(i18n.t.bind(i18n), 'same phone as WX-000902')).toBe('Phone matches WX-000902')
    await setLanguage('zh-CN')
  })

  it('translates the rejection reasons of the importer and keeps unknown ones', async () => {
    await setLanguage('zh-CN')
    const zhT = i18n.t.bind(i18n)
    expect(importReasonText(zhT, "age 'abc' is not a number")).toBe('age 的值“abc”不是数字')
    expect(importReasonText(zhT, 'customer_id is missing')).toBe('缺少 customer_id')
    expect(importReasonText(zhT, 'age 150 is out of range 0–130')).toBe('age 的值 150 超出范围 0–130')
    expect(importReasonText(zhT, 'expected 9 fields, found 7')).toBe('应有 9 列，实际有 7 列')
    expect(importReasonText(zhT, "unknown gender 'x' (use female/male/other/unknown, F/M, 女/男)")).toBe(
      '无法识别的性别“x”（可用 female/male/other/unknown、F/M、女/男）',
    )
    expect(importReasonText(zhT, 'no identity: a customer needs a customer_id, email or phone')).toContain('没有身份标识')
    expect(importReasonText(zhT, 'something new went wrong')).toBe('something new went wrong')
    await setLanguage('en')
    expect(importReasonText(i18n.t.bind(i18n), "age 'abc' is not a number")).toBe("age 'abc' is not a number")
    expect(importReasonText(i18n.t.bind(i18n), 'unit_price -5 is negative (a price adjustment, not a sale)')).toBe(
      'unit_price -5 is negative (a price adjustment, not a sale)',
    )
    await setLanguage('zh-CN')
  })
})
