/**
 * FP-Growth and rule generation on the Groceries data (9,835 baskets, 169 items) against two
 * independent brute-force miners written here, and against published R arules results.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { compareRules, mineFrequentItemsets, mineRules, transactionsFromBasketLines, type AssociationRule } from './index.js'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..')
const groceriesPath = resolve(repoRoot, '../shared/data/groceries/groceries.csv')

/** Baskets parsed the plainest way: split lines at LF and items at commas; nothing trimmed. */
function readBaskets(): string[][] {
  const lines = readFileSync(groceriesPath, 'utf8').split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map((line) => [...new Set(line.split(','))])
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
const setKey = (labels: readonly string[]): string => JSON.stringify([...labels].sort(byCodeUnit))

/**
 * Brute-force miner 1: one bitset of transactions per item, item sets enumerated depth-first in
 * label order, each counted by intersecting bitsets and counting bits. Extending only sets that are
 * frequent is exact because every subset of a frequent set is frequent.
 */
function bruteForceItemsets(baskets: readonly string[][], minCount: number, maxLen: number): Map<string, number> {
  const labels = [...new Set(baskets.flat())].sort(byCodeUnit)
  const words = Math.ceil(baskets.length / 32)
  const bits = new Map<string, Uint32Array>(labels.map((label) => [label, new Uint32Array(words)]))
  baskets.forEach((basket, t) => {
    for (const label of basket) {
      const set = bits.get(label)
      if (set !== undefined) set[t >>> 5] = (set[t >>> 5] ?? 0) | (1 << (t & 31))
    }
  })
  const popcount = (x: number): number => {
    x -= (x >>> 1) & 0x55555555
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
    return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24
  }
  const counts = new Map<string, number>()
  const extend = (prefix: string[], prefixBits: Uint32Array | undefined, start: number): void => {
    for (let j = start; j < labels.length; j++) {
      const label = labels[j] ?? ''
      const itemBits = bits.get(label) ?? new Uint32Array(words)
      const joint = new Uint32Array(words)
      let count = 0
      for (let w = 0; w < words; w++) {
        const word = prefixBits === undefined ? (itemBits[w] ?? 0) : (itemBits[w] ?? 0) & (prefixBits[w] ?? 0)
        joint[w] = word
        count += popcount(word)
      }
      if (count < minCount) continue
      const itemset = [...prefix, label]
      counts.set(setKey(itemset), count)
      if (itemset.length < maxLen) extend(itemset, joint, j + 1)
    }
  }
  extend([], undefined, 0)
  return counts
}

/** Brute-force miner 2: every subset (up to maxLen items) of every basket, counted in a map. */
function enumerateBasketSubsets(baskets: readonly string[][], minCount: number, maxLen: number): Map<string, number> {
  const all = new Map<string, number>()
  for (const basket of baskets) {
    const items = [...basket].sort(byCodeUnit)
    const choose = (start: number, chosen: string[]): void => {
      for (let i = start; i < items.length; i++) {
        const next = [...chosen, items[i] ?? '']
        const key = JSON.stringify(next)
        all.set(key, (all.get(key) ?? 0) + 1)
        if (next.length < maxLen) choose(i + 1, next)
      }
    }
    choose(0, [])
  }
  return new Map([...all].filter(([, count]) => count >= minCount))
}

interface ExpectedRule {
  readonly count: number
  readonly support: number
  readonly confidence: number
  readonly lift: number
  readonly leverage: number
  readonly conviction: number
}

/** Rules from brute-force counts by the textbook definitions (all `Y ⊂ Z`, `1 <= |Y| <= rhsMax`). */
function bruteForceRules(
  counts: Map<string, number>,
  n: number,
  minConfidence: number,
  minLen: number,
  rhsMax: number,
): Map<string, ExpectedRule> {
  const rules = new Map<string, ExpectedRule>()
  for (const [key, count] of counts) {
    const items = JSON.parse(key) as string[]
    if (items.length < Math.max(2, minLen)) continue
    // Every non-empty proper subset as the right-hand side, by bit mask.
    for (let mask = 1; mask < (1 << items.length) - 1; mask++) {
      const rhs = items.filter((_, i) => (mask >> i) & 1)
      const lhs = items.filter((_, i) => !((mask >> i) & 1))
      if (rhs.length > rhsMax) continue
      const lhsCount = counts.get(setKey(lhs)) ?? Number.NaN
      const rhsCount = counts.get(setKey(rhs)) ?? Number.NaN
      const confidence = count / lhsCount
      if (confidence < minConfidence) continue
      const pRhs = rhsCount / n
      rules.set(`${setKey(lhs)}=>${setKey(rhs)}`, {
        count,
        support: count / n,
        confidence,
        lift: confidence / pRhs,
        leverage: count / n - (lhsCount / n) * pRhs,
        conviction: confidence === 1 ? Infinity : (1 - pRhs) / (1 - confidence),
      })
    }
  }
  return rules
}

function expectClose(actual: number, expected: number, what: string): void {
  if (expected === Infinity) {
    expect(actual, what).toBe(Infinity)
    return
  }
  expect(Math.abs(actual - expected), what).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)))
}

function expectSorted(rules: readonly AssociationRule[]): void {
  for (let i = 1; i < rules.length; i++) {
    const previous = rules[i - 1]
    const current = rules[i]
    if (previous !== undefined && current !== undefined) expect(compareRules(previous, current)).toBeLessThan(0)
  }
}

describe('association rules on Groceries', () => {
  let baskets: string[][] = []
  beforeAll(() => {
    baskets = readBaskets()
  })

  it('reads 9,835 baskets with 169 byte-exact labels', () => {
    expect(baskets).toHaveLength(9835)
    const labels = new Set(baskets.flat())
    expect(labels.size).toBe(169)
    expect(labels.has('cream cheese ')).toBe(true)
    expect(labels.has('cream cheese')).toBe(false)
    const viaHelper = transactionsFromBasketLines(readFileSync(groceriesPath, 'utf8'))
    expect(viaHelper).toEqual(baskets)
  })

  const settings = [
    { minSupport: 0.01, minConfidence: 0.5, maxLen: 10, rhsMax: 1 },
    { minSupport: 0.005, minConfidence: 0.25, maxLen: 3, rhsMax: 1 },
    { minSupport: 0.02, minConfidence: 0.1, maxLen: 2, rhsMax: 1 },
    { minSupport: 0.003, minConfidence: 0.2, maxLen: 4, rhsMax: 2 },
    { minSupport: 0.001, minConfidence: 0.5, maxLen: 10, rhsMax: 1 },
  ] as const

  for (const setting of settings) {
    const { minSupport, minConfidence, maxLen, rhsMax } = setting
    it(`agrees with brute force at support ${minSupport}, confidence ${minConfidence}, maxLen ${maxLen}, rhsMax ${rhsMax}`, () => {
      const n = baskets.length
      const minCount = Math.ceil(minSupport * n)
      const expectedSets = bruteForceItemsets(baskets, minCount, maxLen)

      const frequent = mineFrequentItemsets(baskets, { minSupport, maxLen })
      if (!frequent.ok) throw new Error(frequent.error.message)
      expect(frequent.value.minCount).toBe(minCount)
      const actualSets = new Map(frequent.value.itemsets.map((s) => [setKey(s.items), s.count]))
      expect(actualSets.size).toBe(expectedSets.size)
      expect(actualSets).toEqual(expectedSets)

      const mined = mineRules(baskets, { minSupport, minConfidence, maxLen, rhsMax })
      if (!mined.ok) throw new Error(mined.error.message)
      const expectedRules = bruteForceRules(expectedSets, n, minConfidence, 2, rhsMax)
      expect(mined.value.rules.length).toBe(expectedRules.size)
      for (const rule of mined.value.rules) {
        const key = `${setKey(rule.lhs)}=>${setKey(rule.rhs)}`
        const expected = expectedRules.get(key)
        expect(expected, key).toBeDefined()
        if (expected === undefined) continue
        expect(rule.count, key).toBe(expected.count)
        expectClose(rule.support, expected.support, `${key} support`)
        expectClose(rule.confidence, expected.confidence, `${key} confidence`)
        expectClose(rule.lift, expected.lift, `${key} lift`)
        expectClose(rule.leverage, expected.leverage, `${key} leverage`)
        expectClose(rule.conviction, expected.conviction, `${key} conviction`)
        expectClose(rule.coverage, rule.support / rule.confidence, `${key} coverage`)
      }
      expectSorted(mined.value.rules)
    })
  }

  it('agrees with plain enumeration of every basket subset (support 0.005, maxLen 3)', () => {
    const minCount = Math.ceil(0.005 * baskets.length)
    const expected = enumerateBasketSubsets(baskets, minCount, 3)
    const frequent = mineFrequentItemsets(baskets, { minSupport: 0.005, maxLen: 3 })
    if (!frequent.ok) throw new Error(frequent.error.message)
    expect(new Map(frequent.value.itemsets.map((s) => [setKey(s.items), s.count]))).toEqual(expected)
  })

  // arules: apriori(Groceries, parameter = list(support = 0.001, confidence = 0.5)) reports
  // "set of 5668 rules" (arules' defaults minlen = 1, maxlen = 10). No rule with an empty left-hand
  // side reaches confidence 0.5 (the most frequent item, whole milk, has support 0.2555), so the
  // count is the same with minLen 1 and with this package's default minLen 2. The top rule by lift
  // is {Instant food products, soda} => {hamburger meat}, lift 18.995654, as inspect() shows.
  it('reproduces arules: 5,668 rules at support 0.001, confidence 0.5', () => {
    for (const minLen of [1, 2]) {
      const mined = mineRules(baskets, { minSupport: 0.001, minConfidence: 0.5, minLen })
      if (!mined.ok) throw new Error(mined.error.message)
      expect(mined.value.minCount).toBe(10)
      expect(mined.value.rules).toHaveLength(5668)
      const top = mined.value.rules[0]
      expect(top?.lhs).toEqual(['Instant food products', 'soda'])
      expect(top?.rhs).toEqual(['hamburger meat'])
      expect(top?.count).toBe(12)
      expect(top?.confidence).toBeCloseTo(0.6315789, 7)
      expect(top?.lift).toBeCloseTo(18.995654, 6)
    }
  })

  // Lantz, Machine Learning with R (ch. 8): apriori(groceries, parameter = list(support = 0.006,
  // confidence = 0.25, minlen = 2)) gives "set of 463 rules"; the best by lift is
  // {herbs} => {root vegetables}, support 0.007015760, confidence 0.4312500, lift 3.956477.
  // With minlen = 1 (arules' default) arules adds {} => {whole milk} (confidence = its support 0.2555).
  it('reproduces Lantz: 463 rules at support 0.006, confidence 0.25, minLen 2; top lift {herbs} => {root vegetables}', () => {
    const mined = mineRules(baskets, { minSupport: 0.006, minConfidence: 0.25, minLen: 2 })
    if (!mined.ok) throw new Error(mined.error.message)
    expect(mined.value.minCount).toBe(60)
    expect(mined.value.rules).toHaveLength(463)
    const top = mined.value.rules[0]
    expect(top?.lhs).toEqual(['herbs'])
    expect(top?.rhs).toEqual(['root vegetables'])
    expect(top?.count).toBe(69)
    expect(top?.support).toBeCloseTo(0.00701576, 8)
    expect(top?.confidence).toBeCloseTo(0.43125, 10)
    expect(top?.lift).toBeCloseTo(3.956477, 6)

    const withEmptyLhs = mineRules(baskets, { minSupport: 0.006, minConfidence: 0.25, minLen: 1 })
    if (!withEmptyLhs.ok) throw new Error(withEmptyLhs.error.message)
    expect(withEmptyLhs.value.rules).toHaveLength(464)
    const emptyLhs = withEmptyLhs.value.rules.filter((rule) => rule.lhs.length === 0)
    expect(emptyLhs.map((rule) => rule.rhs)).toEqual([['whole milk']])
    expect(emptyLhs[0]?.confidence).toBeCloseTo(0.255516, 7)
  })
})
