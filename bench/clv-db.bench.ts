/**
 * Customer lifetime value on the demo database (5,000 customers, about 48,000 purchases) against its
 * own first step: the baseline is the store's transactions query alone, measured in the same run,
 * so the ratio Vitest prints reads as "what summarising, fitting BG/NBD and Gamma-Gamma, scoring
 * every buyer over 52 weeks and storing the scores add to reading the purchases". The calibration/
 * holdout check and the page's overview (distribution from the stored scores) are measured too.
 *
 * Run with `npx vitest bench --run bench/clv-db.bench.ts`.
 */
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, bench, describe } from 'vitest'
import { Portrait, clvHoldoutOnDatabase, clvOverview, fitClvOnDatabase, predictClv, seedDemo } from '@portrait/platform'

// A fixed folder under the ignored .tmp/, emptied first: the bench runner may end its worker
// without running hooks, and then at most one stale database is left behind.
const dir = fileURLToPath(new URL('../.tmp/bench/clv-db/', import.meta.url))
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const portrait = await Portrait.open({ dbPath: join(dir, 'bench.duckdb') })
await seedDemo(portrait, { seed: 42, customers: 5000, endDate: new Date('2026-10-31T00:00:00Z') })
const purchases = (await portrait.store.features.transactions(portrait.workspaceId)).customerIds.length

// Results are checked so that a failing run cannot pass for a fast one.
const expectOk = (result: { ok: boolean }, what: string): void => {
  if (!result.ok) throw new Error(`${what} failed`)
}

const SAMPLES = { time: 0, iterations: 10, warmupTime: 0, warmupIterations: 2 } as const

describe(`CLV on the demo database (${purchases} purchases)`, () => {
  afterAll(async () => {
    await portrait.close()
    rmSync(dir, { recursive: true, force: true })
  })

  bench(
    'baseline: the transactions query (store.features.transactions)',
    async () => {
      const columns = await portrait.store.features.transactions(portrait.workspaceId)
      if (columns.customerIds.length !== purchases) throw new Error('the transactions query lost purchases')
    },
    SAMPLES,
  )

  bench(
    'fitClvOnDatabase: summary, BG/NBD and Gamma-Gamma fits, storing the fit',
    async () => expectOk(await fitClvOnDatabase(portrait), 'fit'),
    SAMPLES,
  )

  bench(
    'predictClv: fit, then CLV, P(alive) and expected purchases over 52 weeks for every buyer, storing scores.clv',
    async () => expectOk(await predictClv(portrait, { horizon: 52, discount: 0.01 }), 'predict'),
    SAMPLES,
  )

  bench(
    'clvHoldoutOnDatabase: fit on the first half, check the second',
    async () => expectOk(await clvHoldoutOnDatabase(portrait, { calibrationEnd: '2026-04-30' }), 'holdout'),
    SAMPLES,
  )

  bench(
    'clvOverview: latest fit and distribution of the stored scores',
    async () => {
      const overview = await clvOverview(portrait)
      if (overview.scores === null) throw new Error('no scores to summarise')
    },
    SAMPLES,
  )
})
