/**
 * Association rules on the demo database (5,000 customers, about 48,000 orders with items) against
 * their own first step: the baseline is the store's baskets query alone (one item list per order),
 * measured in the same run, so the ratio Vitest prints reads as "what mining, naming the items and
 * storing the run add to reading the baskets". Deriving the cross-sell lists from the stored run is
 * measured too.
 *
 * Run with `npx vitest bench --run bench/rules-db.bench.ts`.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, bench, describe } from 'vitest'
import { Portrait, crossSell, mineDatabaseRules, seedDemo } from '@portrait/platform'

// A fixed folder under the ignored .tmp/, emptied first: the bench runner may end its worker
// without running hooks, and then at most one stale database is left behind.
const dir = fileURLToPath(new URL('../.tmp/bench/rules-db/', import.meta.url))
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const portrait = await Portrait.open({ dbPath: join(dir, 'bench.duckdb') })
await seedDemo(portrait, { seed: 42, customers: 5000, endDate: new Date('2026-10-31T00:00:00Z') })
const baskets = (await portrait.store.features.baskets(portrait.workspaceId, { level: 'sku' })).length

const SAMPLES = { time: 0, iterations: 20, warmupTime: 0, warmupIterations: 3 } as const

describe(`association rules on the demo database (${baskets} baskets)`, () => {
  afterAll(async () => {
    await portrait.close()
    rmSync(dir, { recursive: true, force: true })
  })

  bench(
    'baseline: baskets query (store.features.baskets, SKU level)',
    async () => {
      const rows = await portrait.store.features.baskets(portrait.workspaceId, { level: 'sku' })
      if (rows.length !== baskets) throw new Error('the baskets query lost orders')
    },
    SAMPLES,
  )

  bench(
    'mineDatabaseRules: baskets, FP-Growth at support 0.002 / confidence 0.1, names, stored run',
    async () => {
      // Results are checked so that a failing run cannot pass for a fast one.
      const run = await mineDatabaseRules(portrait, { minSupport: 0.002, minConfidence: 0.1 })
      if (!run.ok || run.value.count === 0) throw new Error('mining failed or found no rules')
    },
    SAMPLES,
  )

  bench(
    'mineDatabaseRules at support 0.0005 (about 24 orders) and length 4',
    async () => {
      const run = await mineDatabaseRules(portrait, { minSupport: 0.0005, minConfidence: 0.1, maxLen: 4 })
      if (!run.ok || run.value.count === 0) throw new Error('mining failed or found no rules')
    },
    SAMPLES,
  )

  bench(
    'crossSell: every product’s offers from the stored run',
    async () => {
      const lists = await crossSell(portrait)
      if (!lists.ok || lists.value.items.length === 0) throw new Error('no cross-sell lists')
    },
    SAMPLES,
  )
})
