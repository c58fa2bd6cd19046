/**
 * RFM over the demo database (5,000 customers, about 40,000 orders) against its own first step: the
 * baseline is the store's per-customer feature query alone, measured in the same run, so the ratio
 * Vitest prints reads as "what scoring, summarising and storing the scores add to reading the
 * features". Reading the latest run back from the stored scores is measured too.
 *
 * Run with `npx vitest bench --run bench/rfm-db.bench.ts`.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, bench, describe } from 'vitest'
import { Portrait, latestRfm, runRfm, seedDemo } from '@portrait/platform'

// A fixed folder under the ignored .tmp/, emptied first: the bench runner may end its worker
// without running hooks, and then at most one stale database is left behind.
const dir = fileURLToPath(new URL('../.tmp/bench/rfm-db/', import.meta.url))
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const portrait = await Portrait.open({ dbPath: join(dir, 'bench.duckdb') })
await seedDemo(portrait, { seed: 42, customers: 5000, endDate: new Date('2026-10-31T00:00:00Z') })
const customers = await portrait.countCustomers()

// Results are checked so that a failing run cannot pass for a fast one.
const expectOk = (result: { ok: boolean }, what: string): void => {
  if (!result.ok) throw new Error(`${what} failed`)
}

const SAMPLES = { time: 0, iterations: 20, warmupTime: 0, warmupIterations: 3 } as const

describe(`RFM on the demo database (${customers} customers)`, () => {
  afterAll(async () => {
    await portrait.close()
    rmSync(dir, { recursive: true, force: true })
  })

  bench(
    'baseline: per-customer feature query (store.features.customerFeatures)',
    async () => {
      const table = await portrait.store.features.customerFeatures(portrait.workspaceId)
      if (table.customerIds.length !== customers) throw new Error('feature query lost customers')
    },
    SAMPLES,
  )

  bench('runRfm: features, scoring, summary and storing scores.rfm', async () => expectOk(await runRfm(portrait), 'runRfm'), SAMPLES)

  bench('latestRfm: summary from the stored scores and provenance', async () => expectOk(await latestRfm(portrait), 'latestRfm'), SAMPLES)
})
