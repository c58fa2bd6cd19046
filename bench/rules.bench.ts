/**
 * FP-Growth on Groceries (9,835 baskets, 169 items) at support 0.001 (13,492 frequent item sets,
 * 5,668 rules at confidence 0.5). The baseline in the same group is one counting pass over all
 * baskets (item frequencies, as the first scan of any miner does), so the ratio Vitest prints
 * ("x times slower than") measures the mining itself, independent of the machine.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bench, describe } from 'vitest'
import { mineFrequentItemsets, mineRules, transactionsFromBasketLines } from '@portrait/analytics/rules'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const baskets = transactionsFromBasketLines(readFileSync(resolve(repoRoot, '../shared/data/groceries/groceries.csv'), 'utf8'))

describe('association rules: Groceries, support 0.001', () => {
  bench('baseline: one counting pass over all baskets', () => {
    const counts = new Map<string, number>()
    for (const basket of baskets) for (const item of basket) counts.set(item, (counts.get(item) ?? 0) + 1)
    if (counts.size !== 169) throw new Error(`expected 169 items, counted ${counts.size}`)
  })

  bench('FP-Growth: frequent item sets', () => {
    const frequent = mineFrequentItemsets(baskets, { minSupport: 0.001 })
    if (!frequent.ok || frequent.value.itemsets.length !== 13492) throw new Error('unexpected item set count')
  })

  bench('FP-Growth + rules at confidence 0.5', () => {
    const mined = mineRules(baskets, { minSupport: 0.001, minConfidence: 0.5 })
    if (!mined.ok || mined.value.rules.length !== 5668) throw new Error('unexpected rule count')
  })
})
