import { describe, expect, it } from 'vitest'
import {
  compareRules,
  generateRules,
  mineFrequentItemsets,
  mineRules,
  minimumSupportCount,
  ruleFromJson,
  ruleToJson,
  transactionsFromBasketLines,
  transactionsFromLongFormat,
  type AssociationRule,
  type FrequentItemsets,
} from './index.js'

// The worked example of Han, Kamber & Pei, "Data Mining: Concepts and Techniques", table 6.1
// (9 transactions, minimum support count 2), whose frequent item sets are listed in the book.
const hanKamber: string[][] = [
  ['I1', 'I2', 'I5'],
  ['I2', 'I4'],
  ['I2', 'I3'],
  ['I1', 'I2', 'I4'],
  ['I1', 'I3'],
  ['I2', 'I3'],
  ['I1', 'I3'],
  ['I1', 'I2', 'I3', 'I5'],
  ['I1', 'I2', 'I3'],
]

function itemsetMap(frequent: FrequentItemsets): Map<string, number> {
  return new Map(frequent.itemsets.map((itemset) => [itemset.items.join(' '), itemset.count]))
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

function findRule(rules: readonly AssociationRule[], lhs: string[], rhs: string[]): AssociationRule | undefined {
  return rules.find((rule) => rule.lhs.join('|') === lhs.join('|') && rule.rhs.join('|') === rhs.join('|'))
}

describe('mineFrequentItemsets', () => {
  it('finds the frequent item sets of the Han & Kamber example', () => {
    const frequent = unwrap(mineFrequentItemsets(hanKamber, { minSupport: 2 / 9 }))
    expect(frequent.minCount).toBe(2)
    expect(Object.fromEntries(itemsetMap(frequent))).toEqual({
      I1: 6,
      I2: 7,
      I3: 6,
      I4: 2,
      I5: 2,
      'I1 I2': 4,
      'I1 I3': 4,
      'I1 I5': 2,
      'I2 I3': 4,
      'I2 I4': 2,
      'I2 I5': 2,
      'I1 I2 I3': 2,
      'I1 I2 I5': 2,
    })
    // Sorted by size, then count descending, then labels.
    expect(frequent.itemsets.map((s) => s.items.join(' ')).slice(0, 6)).toEqual(['I2', 'I1', 'I3', 'I4', 'I5', 'I1 I2'])
  })

  it('respects maxLen', () => {
    const frequent = unwrap(mineFrequentItemsets(hanKamber, { minSupport: 2 / 9, maxLen: 2 }))
    expect(Math.max(...frequent.itemsets.map((s) => s.items.length))).toBe(2)
    expect(frequent.itemsets).toHaveLength(11)
  })

  it('counts duplicates within a basket once and keeps labels byte-exact', () => {
    const frequent = unwrap(
      mineFrequentItemsets(
        [
          ['cream cheese ', 'cream cheese ', 'milk'],
          ['cream cheese', 'milk'],
          ['Milk', 'milk'],
        ],
        { minSupport: 0.1 },
      ),
    )
    const counts = itemsetMap(frequent)
    expect(counts.get('cream cheese ')).toBe(1)
    expect(counts.get('cream cheese')).toBe(1)
    expect(counts.get('milk')).toBe(3)
    expect(counts.get('Milk')).toBe(1)
    expect(frequent.itemsets.some((s) => s.items.includes('cream cheese '))).toBe(true)
  })

  it('does not depend on the order of baskets or of items', () => {
    const reversed = [...hanKamber].reverse().map((basket) => [...basket].reverse())
    const a = unwrap(mineRules(hanKamber, { minSupport: 0.2, minConfidence: 0.3, rhsMax: 2 }))
    const b = unwrap(mineRules(reversed, { minSupport: 0.2, minConfidence: 0.3, rhsMax: 2 }))
    expect(b).toEqual(a)
  })

  it('reports degenerate input as errors', () => {
    const noTransactions = mineFrequentItemsets([], { minSupport: 0.1 })
    expect(noTransactions.ok).toBe(false)
    if (!noTransactions.ok) expect(noTransactions.error.message).toMatch(/no transactions/)
    const noItems = mineFrequentItemsets([[], []], { minSupport: 0.1 })
    expect(noItems.ok).toBe(false)
    if (!noItems.ok) expect(noItems.error.tag).toBe('DegenerateData')
    for (const minSupport of [0, -0.1, 1.5, Number.NaN]) {
      const result = mineFrequentItemsets(hanKamber, { minSupport })
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.tag).toBe('InvalidInput')
        expect(result.error.message).toMatch(/minSupport/)
      }
    }
    const badMaxLen = mineFrequentItemsets(hanKamber, { minSupport: 0.1, maxLen: 0 })
    expect(badMaxLen.ok).toBe(false)
  })

  it('accepts minSupport = 1', () => {
    const frequent = unwrap(mineFrequentItemsets([['a', 'b'], ['a'], ['a', 'c']], { minSupport: 1 }))
    expect(frequent.itemsets).toEqual([{ items: ['a'], count: 3, support: 1 }])
  })
})

describe('minimumSupportCount', () => {
  it('is ceil(minSupport × n) and treats products that are integers up to rounding as integers', () => {
    expect(minimumSupportCount(0.001, 9835)).toBe(10)
    expect(minimumSupportCount(0.006, 9835)).toBe(60)
    expect(0.07 * 100).toBeGreaterThan(7)
    expect(minimumSupportCount(0.07, 100)).toBe(7)
    expect(minimumSupportCount(1e-9, 10)).toBe(1)
  })
})

describe('generateRules', () => {
  const frequent = unwrap(mineFrequentItemsets(hanKamber, { minSupport: 2 / 9 }))

  it('computes support, confidence, lift, leverage and conviction', () => {
    const rules = unwrap(generateRules(frequent, { minConfidence: 0.5 }))
    const rule = findRule(rules, ['I1'], ['I2'])
    expect(rule).toBeDefined()
    if (rule === undefined) return
    expect(rule.count).toBe(4)
    expect(rule.support).toBeCloseTo(4 / 9, 15)
    expect(rule.coverage).toBeCloseTo(6 / 9, 15)
    expect(rule.confidence).toBeCloseTo(4 / 6, 15)
    expect(rule.lift).toBeCloseTo(4 / 6 / (7 / 9), 14)
    expect(rule.leverage).toBeCloseTo(4 / 9 - (6 / 9) * (7 / 9), 15)
    expect(rule.conviction).toBeCloseTo((1 - 7 / 9) / (1 - 4 / 6), 14)
  })

  it('gives conviction Infinity at confidence 1 and serialises it as null', () => {
    const rules = unwrap(generateRules(frequent, { minConfidence: 0.5 }))
    const certain = findRule(rules, ['I5'], ['I1'])
    expect(certain?.confidence).toBe(1)
    expect(certain?.conviction).toBe(Infinity)
    if (certain === undefined) return
    const json = JSON.parse(JSON.stringify(ruleToJson(certain))) as ReturnType<typeof ruleToJson>
    expect(json.conviction).toBeNull()
    expect(ruleFromJson(json)).toEqual(certain)
    const finite = findRule(rules, ['I1'], ['I2'])
    if (finite !== undefined) expect(ruleFromJson(ruleToJson(finite))).toEqual(finite)
  })

  it('gives conviction 1 when the right-hand side is in every basket', () => {
    const mined = unwrap(mineRules([['a', 'b'], ['a', 'b'], ['a']], { minSupport: 0.1, minConfidence: 0 }))
    const rule = findRule(mined.rules, ['b'], ['a'])
    expect(rule?.confidence).toBe(1)
    expect(rule?.lift).toBe(1)
    expect(rule?.conviction).toBe(1)
  })

  it('produces one-item right-hand sides by default and more with rhsMax', () => {
    const single = unwrap(generateRules(frequent, { minConfidence: 0 }))
    expect(single.every((rule) => rule.rhs.length === 1 && rule.lhs.length >= 1)).toBe(true)
    // Each 2-set gives 2 rules, each 3-set gives 3: 6 × 2 + 2 × 3.
    expect(single).toHaveLength(18)
    const double = unwrap(generateRules(frequent, { minConfidence: 0, rhsMax: 2 }))
    // Each 3-set adds 3 rules with two items on the right.
    expect(double).toHaveLength(24)
    expect(findRule(double, ['I5'], ['I1', 'I2'])?.confidence).toBe(1)
  })

  it('produces empty left-hand sides only with minLen 1', () => {
    const withEmpty = unwrap(generateRules(frequent, { minConfidence: 0.7, minLen: 1 }))
    const empty = withEmpty.filter((rule) => rule.lhs.length === 0)
    expect(empty.map((rule) => rule.rhs.join())).toEqual(['I2'])
    expect(empty[0]?.confidence).toBeCloseTo(7 / 9, 15)
    expect(empty[0]?.lift).toBeCloseTo(1, 15)
    const without = unwrap(generateRules(frequent, { minConfidence: 0.7 }))
    expect(without.length).toBe(withEmpty.length - 1)
  })

  it('bounds the rule length with minLen and maxLen', () => {
    const rules = unwrap(generateRules(frequent, { minConfidence: 0, minLen: 3, maxLen: 3 }))
    expect(rules).toHaveLength(6)
    expect(rules.every((rule) => rule.lhs.length + rule.rhs.length === 3)).toBe(true)
  })

  it('sorts by lift, confidence, support, then labels', () => {
    const rules = unwrap(generateRules(frequent, { minConfidence: 0, rhsMax: 2 }))
    for (let i = 1; i < rules.length; i++) {
      const previous = rules[i - 1]
      const current = rules[i]
      if (previous !== undefined && current !== undefined) expect(compareRules(previous, current)).toBeLessThan(0)
    }
  })

  it('rejects invalid options and item sets that are not closed under subsets', () => {
    for (const minConfidence of [-0.1, 1.1, Number.NaN]) {
      const result = generateRules(frequent, { minConfidence })
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(/minConfidence/)
    }
    expect(generateRules(frequent, { minConfidence: 0.5, minLen: 0 }).ok).toBe(false)
    expect(generateRules(frequent, { minConfidence: 0.5, minLen: 3, maxLen: 2 }).ok).toBe(false)
    expect(generateRules(frequent, { minConfidence: 0.5, rhsMax: 0 }).ok).toBe(false)
    expect(generateRules(frequent, { minConfidence: 0 }).ok).toBe(true)
    expect(generateRules(frequent, { minConfidence: 1 }).ok).toBe(true)
    const broken: FrequentItemsets = {
      ...frequent,
      itemsets: frequent.itemsets.filter((s) => s.items.join(' ') !== 'I1 I5'),
    }
    const result = generateRules(broken, { minConfidence: 0 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/not closed under subsets/)
  })
})

describe('mineRules', () => {
  it('rejects fewer than two distinct items, no transactions and bad thresholds', () => {
    const single = mineRules([['a'], ['a', 'a']], { minSupport: 0.1, minConfidence: 0.1 })
    expect(single.ok).toBe(false)
    if (!single.ok) {
      expect(single.error.tag).toBe('DegenerateData')
      expect(single.error.message).toMatch(/two distinct items/)
    }
    const none = mineRules([], { minSupport: 0.1, minConfidence: 0.1 })
    expect(none.ok).toBe(false)
    if (!none.ok) expect(none.error.message).toMatch(/no transactions/)
    expect(mineRules(hanKamber, { minSupport: 0, minConfidence: 0.1 }).ok).toBe(false)
    expect(mineRules(hanKamber, { minSupport: 0.1, minConfidence: 2 }).ok).toBe(false)
  })

  it('returns no rules when nothing is frequent enough', () => {
    const mined = unwrap(mineRules(hanKamber, { minSupport: 1, minConfidence: 0 }))
    expect(mined.rules).toEqual([])
    expect(mined.itemsetCount).toBe(0)
  })
})

describe('transaction helpers', () => {
  it('reads basket lines with CRLF, empty fields, empty lines and a final line ending', () => {
    const transactions = transactionsFromBasketLines('a,b ,a\r\n\r\nc,,d\n')
    expect(transactions).toEqual([['a', 'b '], [], ['c', 'd']])
    expect(transactionsFromBasketLines('x;y', { separator: ';' })).toEqual([['x', 'y']])
    expect(transactionsFromBasketLines(['p,q', 'q'])).toEqual([['p', 'q'], ['q']])
    expect(transactionsFromBasketLines('')).toEqual([])
  })

  it('groups long-format pairs by transaction in order of first appearance', () => {
    const transactions = transactionsFromLongFormat([
      ['t2', 'bread'],
      ['t1', 'milk'],
      ['t2', 'butter'],
      ['t2', 'bread'],
      [7, 'eggs'],
      ['7', 'eggs '],
    ])
    expect(transactions).toEqual([['bread', 'butter'], ['milk'], ['eggs'], ['eggs ']])
  })
})
