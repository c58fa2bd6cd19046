import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../demo/seed.js'
import { createSegment, segmentMemberIds } from '../segments/index.js'
import { SHARED_DATA, tempPortrait } from '../testing/temp.js'
import { csvLine } from '../util/csv.js'
import { crossSell, latestRulesRun, mineDatabaseRules } from './database-rules.js'
import { mineRuleSet, resolveRuleOptions } from './mine-rules.js'
import { readTransactionsFile } from './transactions-file.js'

const GROCERIES = join(SHARED_DATA, 'groceries/groceries.csv')

function options(minSupport: number, minConfidence: number) {
  const resolved = resolveRuleOptions({ minSupport, minConfidence })
  if (!resolved.ok) throw new Error(resolved.error.message)
  return resolved.value
}

describe('association rules from files', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    t = await tempPortrait()
  })
  afterAll(async () => t.cleanup())

  it('reads basket lines byte-exact and long format into the same baskets', async () => {
    const basket = await readTransactionsFile(GROCERIES, { basket: true })
    if (!basket.ok) throw new Error(basket.error.message)
    expect(basket.value).toHaveLength(9835)
    expect(basket.value.flat()).toContain('cream cheese ')

    const long = t.file(
      'groceries-long.csv',
      [csvLine(['transaction_id', 'item']), ...basket.value.flatMap((items, i) => items.map((item) => csvLine([`T${i + 1}`, item])))].join(
        '\n',
      ),
    )
    const fromLong = await readTransactionsFile(long)
    if (!fromLong.ok) throw new Error(fromLong.error.message)
    expect(fromLong.value).toEqual(basket.value)

    const mined = mineRuleSet(fromLong.value, options(0.006, 0.25), 'groceries')
    if (!mined.ok) throw new Error(mined.error.message)
    expect(mined.value.count).toBe(463)
    expect(mined.value.rules[0]).toMatchObject({ lhs: ['herbs'], rhs: ['root vegetables'], count: 69 })
  })

  it('names the file and the line of a broken long-format file', async () => {
    const noColumns = t.file('wrong.csv', 'order,product\n1,milk\n')
    const r = await readTransactionsFile(noColumns, { name: 'wrong.csv' })
    expect(r.ok).toBe(false)
    if (!r.ok)
      expect(r.error.message).toBe(
        'wrong.csv must have the columns transaction_id,item (found: order, product); for one basket per line use --basket',
      )
    const emptyItem = t.file('empty-item.csv', 'transaction_id,item\n1,milk\n2,\n')
    const e = await readTransactionsFile(emptyItem, { name: 'empty-item.csv' })
    if (!e.ok) expect(e.error).toMatchObject({ tag: 'InvalidInput', message: 'empty-item.csv, line 3: empty item' })
    expect(e.ok).toBe(false)
    const missing = await readTransactionsFile(join(t.dir, 'nope.csv'), { name: 'nope.csv' })
    expect(missing).toMatchObject({ ok: false, error: { tag: 'Unreadable', message: 'cannot read nope.csv: no such file' } })
  })

  it('refuses degenerate data and parameters out of range', () => {
    expect(mineRuleSet([['milk'], ['milk']], options(0.1, 0.1), 'one.csv')).toMatchObject({
      ok: false,
      error: { tag: 'DegenerateData', message: 'one.csv: association rules need at least two distinct items, the transactions contain 1' },
    })
    expect(mineRuleSet([], options(0.1, 0.1), 'none.csv')).toMatchObject({
      ok: false,
      error: { tag: 'DegenerateData', message: 'none.csv: no transactions to mine' },
    })
    expect(resolveRuleOptions({ minSupport: 1.5, minConfidence: 0.5 })).toMatchObject({
      ok: false,
      error: { tag: 'InvalidInput', message: 'minimum support must be a number in (0, 1], got 1.5' },
    })
    expect(resolveRuleOptions({ minSupport: 0.1, minConfidence: 0.5, maxLen: 1 }).ok).toBe(false)
    expect(resolveRuleOptions({ minSupport: 0.1, minConfidence: 0.5, maxLen: 3, rhsMax: 3 }).ok).toBe(false)
  })

  it('sorts by confidence or support and keeps the first rules on request', () => {
    const baskets = readFileSync(GROCERIES, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => l.split(','))
    const resolved = resolveRuleOptions({ minSupport: 0.006, minConfidence: 0.25, sort: 'confidence', limit: 10 })
    if (!resolved.ok) throw new Error(resolved.error.message)
    const mined = mineRuleSet(baskets, resolved.value, 'groceries')
    if (!mined.ok) throw new Error(mined.error.message)
    expect(mined.value.count).toBe(463)
    expect(mined.value.rules).toHaveLength(10)
    const confidences = mined.value.rules.map((r) => r.confidence)
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a))
    expect(Object.keys(mined.value.rules[0] ?? {})).toEqual([
      'lhs',
      'rhs',
      'support',
      'confidence',
      'lift',
      'leverage',
      'conviction',
      'count',
    ])
  })
})

describe('association rules on the database', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    t = await tempPortrait()
    await seedDemo(t.portrait, { seed: 5, customers: 1500, endDate: new Date('2026-10-31T00:00:00Z') })
  }, 120_000)
  afterAll(async () => t.cleanup())

  it('finds the products the demo shop sells together, names them and stores the run', async () => {
    expect(await latestRulesRun(t.portrait)).toMatchObject({ ok: false, error: { tag: 'NotFound' } })
    const run = await mineDatabaseRules(t.portrait, { minSupport: 0.002, minConfidence: 0.1 })
    if (!run.ok) throw new Error(run.error.message)
    expect(run.value.transactions).toBeGreaterThan(10_000)
    const pair = (a: string, b: string) => run.value.rules.find((r) => r.lhs.length === 1 && r.lhs[0] === a && r.rhs[0] === b)
    for (const [a, b] of [
      ['MY-1001', 'MY-1002'], // baby formula → diapers
      ['SM-1001', 'SM-1002'], // phone → phone case
      ['CW-1001', 'CW-1002'], // cat food → litter
    ] as const) {
      expect(pair(a, b)?.lift, `${a} → ${b}`).toBeGreaterThan(1)
    }
    expect(run.value.items['MY-1001']?.category).toBe('母婴用品')
    expect(run.value.items['CW-1002']?.name).toMatch(/猫砂/)
    const latest = await latestRulesRun(t.portrait)
    expect(latest.ok && latest.value).toEqual(run.value)
  })

  it('lists what to offer after each product, best lift first', async () => {
    const all = await crossSell(t.portrait)
    if (!all.ok) throw new Error(all.error.message)
    expect(all.value.items.length).toBeGreaterThan(3)
    for (const entry of all.value.items) {
      const lifts = entry.offers.map((o) => o.lift)
      expect(lifts).toEqual([...lifts].sort((a, b) => b - a))
      for (const offer of entry.offers) {
        expect(offer.lift).toBeGreaterThan(1)
        expect(offer.confidence).toBeGreaterThanOrEqual(0.1)
      }
    }
    const formula = await crossSell(t.portrait, { item: 'MY-1001', minConfidence: 0.2 })
    if (!formula.ok) throw new Error(formula.error.message)
    expect(formula.value.items).toHaveLength(1)
    expect(formula.value.items[0]?.offers.map((o) => o.item)).toContain('MY-1002')
    expect(await crossSell(t.portrait, { item: 'NO-SUCH-SKU' })).toMatchObject({ ok: false, error: { tag: 'NotFound' } })
  })

  it('mines the orders of a segment’s members only', async () => {
    const segment = await createSegment(t.portrait, {
      id: 'rules-test-25-34',
      name: '关联规则测试：25–34 岁',
      rule: { trait: 'age_band', op: 'eq', value: '25-34' },
    })
    if (!segment.ok) throw new Error(segment.error.message)
    const all = await mineDatabaseRules(t.portrait, { minSupport: 0.005, minConfidence: 0.1 })
    const run = await mineDatabaseRules(t.portrait, { minSupport: 0.005, minConfidence: 0.1, segment: 'rules-test-25-34' })
    if (!run.ok || !all.ok) throw new Error('mining failed')
    const ids = await segmentMemberIds(t.portrait, 'rules-test-25-34')
    if (!ids.ok) throw new Error(ids.error.message)
    const baskets = await t.portrait.store.features.baskets(t.portrait.workspaceId, { customerIds: ids.value })
    expect(run.value.transactions).toBe(baskets.length)
    expect(run.value.transactions).toBeGreaterThan(100)
    expect(run.value.transactions).toBeLessThan(all.value.transactions)
    expect(run.value.params.segment).toBe('rules-test-25-34')
    expect(await mineDatabaseRules(t.portrait, { minSupport: 0.01, minConfidence: 0.1, segment: 'no-such-segment' })).toMatchObject({
      ok: false,
      error: { tag: 'NotFound' },
    })
  })

  it('mines categories as items', async () => {
    const run = await mineDatabaseRules(t.portrait, { minSupport: 0.01, minConfidence: 0.1, level: 'category', maxLen: 2 })
    if (!run.ok) throw new Error(run.error.message)
    expect(run.value.params).toMatchObject({ level: 'category', maxLen: 2, segment: null })
    for (const rule of run.value.rules) expect(rule.lhs.length + rule.rhs.length).toBe(2)
    expect(Object.values(run.value.items).every((entry) => entry.category !== null)).toBe(true)
  })
})
