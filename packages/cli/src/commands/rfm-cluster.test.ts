import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Portrait, seedDemo } from '@portrait/platform'
import { runCli } from '../cli.js'

const MALL = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared/data/mall-customers/Mall_Customers.csv')

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

describe('portrait cluster --csv (file mode)', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-cluster-cli-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reproduces the best-known Mall Customers solution: inertia 44448.455, sizes 81/39/35/23/22', async () => {
    const r = await cli(['--json', 'cluster', '--csv', MALL, '--columns', 'Annual_Income,Spending_Score', '--scale', 'none', '--k', '5'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(Object.keys(json).slice(0, 5)).toEqual(['k', 'inertia', 'silhouette', 'sizes', 'centroids'])
    expect(json.k).toBe(5)
    expect(json.inertia).toBeCloseTo(44448.455, 3)
    expect(json.sizes).toEqual([81, 39, 35, 23, 22])
    expect(json.centroids).toHaveLength(5)
    expect(json.centroids[0]).toHaveLength(2)
    expect(json.silhouette).toBeCloseTo(0.554, 3)
  })

  it('picks k = 5 with --k auto and prints the curve as text', async () => {
    const json = JSON.parse(
      (await cli(['--json', 'cluster', '--csv', MALL, '--columns', 'Annual_Income,Spending_Score', '--scale', 'none', '--k', 'auto'])).out,
    )
    expect(json.k).toBe(5)
    expect(json.curve).toHaveLength(9)
    const text = await cli(['cluster', '--csv', MALL, '--columns', 'Annual_Income,Spending_Score', '--scale', 'none'])
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/k = 5, inertia 44,448\.455/)
    expect(text.out).toMatch(/^5 \* /m)
  })

  it('fails with exit 2 and one line naming the row and column of a bad cell', async () => {
    const file = join(dir, 'bad.csv')
    writeFileSync(file, 'a,b\n1,2\n3,4\n5,six\n')
    const r = await cli(['cluster', '--csv', file, '--columns', 'a,b', '--k', '2'])
    expect(r.code).toBe(2)
    expect(r.err).toBe(`portrait: ${file}, line 4, column 'b': 'six' is not a number\n`)
    expect(r.out).toBe('')
  })

  it('exits 2 for missing or contradictory options', async () => {
    expect((await cli(['cluster', '--csv', MALL])).err).toMatch(/--csv needs --columns/)
    expect((await cli(['cluster', '--csv', MALL, '--columns', 'Age', '--k', 'many'])).code).toBe(2)
    expect((await cli(['cluster', '--csv', MALL, '--columns', 'Age', '--scale', 'log'])).err).toMatch(/--scale must be z, minmax or none/)
    expect((await cli(['cluster', '--csv', MALL, '--columns', 'Age', '--seed', '-1'])).code).toBe(2)
  })
})

describe('portrait rfm and portrait cluster on a database', () => {
  let dir: string
  let db: string
  let customers: number
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-rfm-cli-'))
    db = join(dir, 'p.duckdb')
    const p = await Portrait.open({ dbPath: db })
    try {
      await seedDemo(p, { seed: 5, customers: 400, endDate: new Date('2026-08-31T00:00:00Z') })
      customers = await p.countCustomers()
    } finally {
      await p.close()
    }
  }, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('prints the RFM summary as JSON in the documented shape', async () => {
    const r = await cli(['--db', db, '--json', 'rfm', '--bins', '5', '--as-of', '2026-09-01'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(Object.keys(json).slice(0, 8)).toEqual(['asOf', 'bins', 'customers', 'unscored', 'thresholds', 'classes', 'heatmap', 'edges'])
    expect(json.asOf).toBe('2026-09-01')
    expect(json.customers + json.unscored).toBe(customers)
    expect(Object.keys(json.classes[0]).slice(0, 8)).toEqual(['key', 'zh', 'en', 'count', 'share', 'revenue', 'action_zh', 'action_en'])
    expect(json.classes[0]).toMatchObject({ key: 'champions', zh: '重要价值客户', en: 'Champions' })
    expect(json.classes.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(json.customers)
    expect(json.heatmap.r).toEqual([1, 2, 3, 4, 5])
    expect(json.heatmap.counts.flat().reduce((a: number, b: number) => a + b, 0)).toBe(json.customers)
    expect(Object.keys(json.edges)).toEqual(['recency', 'frequency', 'monetary'])
  })

  it('prints the classes, the R × F matrix and the unscored customers as text', async () => {
    const r = await cli(['--db', db, 'rfm', '--threshold', 'median'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/customers scored in 5 bins; high = score above the median/)
    expect(r.out).toMatch(/without a purchase before .* are not scored/)
    expect(r.out).toContain('Champions · 重要价值客户')
    expect(r.out).toMatch(/R × F customers/)
  })

  it('rejects bad RFM options with exit 2', async () => {
    expect((await cli(['--db', db, 'rfm', '--bins', 'five'])).err).toMatch(/--bins must be a whole number/)
    expect((await cli(['--db', db, 'rfm', '--bins', '30'])).err).toMatch(/bins must be a whole number from 2 to 20/)
    expect((await cli(['--db', db, 'rfm', '--threshold', 'high'])).code).toBe(2)
    const date = await cli(['--db', db, 'rfm', '--as-of', '2026-13-01'])
    expect(date.code).toBe(2)
    expect(date.err).toMatch(/as-of date '2026-13-01' is not a date/)
  })

  it('clusters customers on chosen features and stores the assignment', async () => {
    const r = await cli(['--db', db, '--json', 'cluster', '--features', 'frequency,monetary,city_tier', '--k', '3', '--seed', '4'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(json.k).toBe(3)
    expect(json.features).toEqual(['frequency', 'monetary', 'city_tier'])
    expect(json.sizes.reduce((a: number, b: number) => a + b, 0)).toBe(customers)
    const p = await Portrait.open({ dbPath: db })
    try {
      const stored = await p.store.scores.list(p.workspaceId, 'cluster')
      expect(stored).toHaveLength(customers)
      expect(stored[0]?.value).toMatchObject({ k: 3, cluster: expect.any(Number), distance: expect.any(Number) })
    } finally {
      await p.close()
    }
    const text = await cli(['--db', db, 'cluster', '--k', '2'])
    expect(text.out).toMatch(/left out \(no value for a numeric feature\)/)
  })

  it('saves the clusters as segments with --save-segments', async () => {
    const r = await cli(['--db', db, '--json', 'cluster', '--k', '3', '--save-segments'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(json.segments.map((s: { cluster: number }) => s.cluster)).toEqual([0, 1, 2])
    expect(json.segments.map((s: { size: number }) => s.size)).toEqual(json.sizes)
    expect(json.segments[0].name).toMatch(/^Cluster 0 of 3 · /)
    const file = await cli(['cluster', '--csv', MALL, '--columns', 'Age', '--save-segments'])
    expect(file.code).toBe(2)
    expect(file.err).toMatch(/--save-segments saves clusters of customers in the database/)
  })

  it('names the known features when one is unknown', async () => {
    const r = await cli(['--db', db, 'cluster', '--features', 'spend'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^portrait: unknown feature 'spend'; numeric features: recency_days, frequency, monetary/)
  })
})
