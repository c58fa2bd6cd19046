/**
 * Clustering on the database (a seeded demo workspace) and on CSV files (Mall Customers). Stored
 * assignments, distances, centroids and profiles are recomputed here from the raw feature arrays.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CustomerFeatureTable } from '@portrait/store'
import { seedDemo } from '../demo/seed.js'
import { SHARED_DATA, tempPortrait } from '../testing/temp.js'
import { clusterPoints, latestClustering, runClustering, type ClusterScoreValue } from './cluster-db.js'
import { clusterCsvFile } from './cluster-file.js'
import { saveClustersAsSegments } from './save-segments.js'
import { segmentMemberIds } from '../segments/index.js'

const MALL = join(SHARED_DATA, 'mall-customers/Mall_Customers.csv')

describe('clustering a CSV file', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    t = await tempPortrait()
  })
  afterAll(async () => t?.cleanup())

  it('reaches the best-known inertia 44448.455 on Mall Customers (income, spending score, unscaled, k = 5)', async () => {
    const r = await clusterCsvFile(MALL, { columns: ['Annual_Income', 'Spending_Score'], scale: 'none', k: 5 })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.inertia).toBeCloseTo(44448.455, 3)
    expect(r.value.sizes).toEqual([81, 39, 35, 23, 22])
    expect(r.value.n).toBe(200)
    expect(r.value.curve).toBeNull()
    // Unscaled, so the centroids are the cluster means, which the profiles report too.
    r.value.profiles.forEach((p, c) => {
      expect(p.numeric.map((f) => f.mean)).toEqual(r.value.centroids[c]?.map((x) => expect.closeTo(x, 9)))
    })
    expect(r.value.overall.numeric[0]).toMatchObject({ feature: 'Annual_Income', used: true, mean: expect.closeTo(60.56, 9) })
  })

  it('chooses k = 5 by silhouette over 2..10', async () => {
    const r = await clusterCsvFile(MALL, { columns: ['Annual_Income', 'Spending_Score'], scale: 'none', k: 'auto' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.k).toBe(5)
    expect(r.value.curve?.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
    const best = r.value.curve?.reduce((a, b) => (b.silhouette > a.silhouette ? b : a))
    expect(best?.k).toBe(5)
    expect(r.value.silhouette).toBe(best?.silhouette)
    expect(r.value.inertia).toBeCloseTo(44448.455, 3)
  })

  it('names the line and column of a cell that is not a number', async () => {
    const file = t.file('bad.csv', 'id,a,b\n1,1.5,2\n2,3,x7\n3,4,5\n')
    const r = await clusterCsvFile(file, { columns: ['a', 'b'], k: 2 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ tag: 'InvalidInput', message: `${file}, line 3, column 'b': 'x7' is not a number` })
    const empty = await clusterCsvFile(t.file('gap.csv', 'a,b\n1,2\n,3\n4,5\n6,1\n'), { columns: ['a', 'b'], k: 2 })
    expect(!empty.ok && empty.error.message).toMatch(/line 3, column 'a': is empty/)
    const loose = await clusterCsvFile(t.file('loose.csv', 'a,b\n1,2\n3 apples,3\n'), { columns: ['a', 'b'], k: 2 })
    expect(!loose.ok && loose.error.message).toMatch(/line 3, column 'a': '3 apples' is not a number/)
  })

  it('names the columns a file has when a requested one is missing, and rejects a missing file', async () => {
    const r = await clusterCsvFile(MALL, { columns: ['Income'], k: 3 })
    expect(!r.ok && r.error.message).toMatch(
      /has no column 'Income'; its columns are: CustomerID, Genre, Age, Annual_Income, Spending_Score/,
    )
    const missing = await clusterCsvFile(join(t.dir, 'nope.csv'), { columns: ['a'], k: 2 })
    expect(!missing.ok && missing.error.tag).toBe('Unreadable')
    const tooFew = await clusterCsvFile(t.file('two.csv', 'a\n1\n2\n'), { columns: ['a'], k: 2 })
    expect(!tooFew.ok && tooFew.error.tag).toBe('DegenerateData')
  })
})

/** Population mean and standard deviation, as z-scaling uses them. */
function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length)
  return { mean, std }
}

describe('clustering the customers of a demo database', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  let features: CustomerFeatureTable
  beforeAll(async () => {
    t = await tempPortrait()
    await seedDemo(t.portrait, { seed: 3, customers: 500, endDate: new Date('2026-06-30T00:00:00Z') })
    features = await t.portrait.store.features.customerFeatures(t.portrait.workspaceId)
  }, 180_000)
  afterAll(async () => t?.cleanup())

  it('clusters buyers on recency, frequency and monetary value and stores cluster, k and distance', async () => {
    const r = await runClustering(t.portrait, { k: 4, seed: 5 })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const result = r.value
    const buyers = features.customerIds.map((id, i) => ({ id, i })).filter(({ i }) => Number.isFinite(features.numeric.recency_days[i]))
    expect(result.n).toBe(buyers.length)
    expect(result.excluded).toBe(features.customerIds.length - buyers.length)
    expect(result.excluded).toBeGreaterThan(0)
    expect(result.features).toEqual(['recency_days', 'frequency', 'monetary'])
    expect(result.sizes).toHaveLength(4)
    expect([...result.sizes].sort((a, b) => b - a)).toEqual(result.sizes)

    const stored = await t.portrait.store.scores.list(t.portrait.workspaceId, 'cluster')
    expect(stored).toHaveLength(buyers.length)
    const value = new Map(stored.map((s) => [s.customer_id, s.value as unknown as ClusterScoreValue]))
    expect(result.sizes).toEqual(
      [0, 1, 2, 3].map((c) => stored.filter((s) => (s.value as unknown as ClusterScoreValue).cluster === c).length),
    )

    // Recompute from the raw arrays: z-scale each feature, centroid = mean of the members, distance to it.
    const names = ['recency_days', 'frequency', 'monetary'] as const
    const scaled = names.map((f) => {
      const raw = buyers.map(({ i }) => features.numeric[f][i] as number)
      const { mean, std } = meanStd(raw)
      return raw.map((x) => (x - mean) / std)
    })
    for (let c = 0; c < 4; c++) {
      const members = buyers.map((b, row) => ({ ...b, row })).filter(({ id }) => value.get(id)?.cluster === c)
      const centre = scaled.map((col) => members.reduce((s, m) => s + (col[m.row] as number), 0) / members.length)
      for (const m of members) {
        const distance = Math.sqrt(scaled.reduce((s, col, j) => s + ((col[m.row] as number) - (centre[j] as number)) ** 2, 0))
        expect(value.get(m.id)).toEqual({ cluster: c, k: 4, distance: expect.closeTo(distance, 9) })
      }
      // Centroids and profile means are in original units: the members' raw means.
      const rawMeans = names.map((f) => members.reduce((s, m) => s + (features.numeric[f][m.i] as number), 0) / members.length)
      expect(result.centroids[c]?.map((x) => Number(x.toFixed(6)))).toEqual(rawMeans.map((x) => Number(x.toFixed(6))))
      expect(result.profiles[c]?.numeric.map((n) => n.feature)).toEqual([...names])
    }
    const inertia = [...value.values()].reduce((s, v) => s + v.distance ** 2, 0)
    expect(result.inertia).toBeCloseTo(inertia, 6)
    expect(result.silhouette).toBeGreaterThan(0)
    expect(result.profiles[0]?.categorical.map((c) => c.feature)).toEqual(['gender', 'age_band', 'city_tier', 'main_channel'])
  })

  it('is deterministic for a seed, and the latest run can be read back', async () => {
    const a = await runClustering(t.portrait, { k: 3, seed: 9, restarts: 4 })
    const first = await t.portrait.store.scores.list(t.portrait.workspaceId, 'cluster')
    const b = await runClustering(t.portrait, { k: 3, seed: 9, restarts: 4 })
    const second = await t.portrait.store.scores.list(t.portrait.workspaceId, 'cluster')
    expect(a.ok && b.ok).toBe(true)
    if (!a.ok || !b.ok) return
    expect(second).toEqual(first)
    expect({ ...b.value, computedAt: '' }).toEqual({ ...a.value, computedAt: '' })
    const latest = await latestClustering(t.portrait)
    expect(latest.ok && latest.value).toEqual(b.value)
  })

  it('one-hot encodes categorical features: the centroid columns are category shares', async () => {
    const r = await runClustering(t.portrait, { features: ['frequency', 'city_tier'], k: 3, seed: 1 })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const tiers = [...new Set(features.categorical.city_tier.filter((x): x is string => x !== null))].sort()
    expect(r.value.columns).toEqual(['frequency', ...tiers.map((tier) => `city_tier=${tier}`)])
    // Frequency is 0, not missing, for customers who never bought: everybody is clustered.
    expect(r.value.n).toBe(features.customerIds.length)
    expect(r.value.excluded).toBe(0)
    const stored = await t.portrait.store.scores.list(t.portrait.workspaceId, 'cluster')
    const clusterOf = new Map(stored.map((s) => [s.customer_id, (s.value as unknown as ClusterScoreValue).cluster]))
    const tier1 = tiers.indexOf('tier1')
    for (let c = 0; c < 3; c++) {
      const rows = features.customerIds.map((id, i) => ({ id, i })).filter(({ id }) => clusterOf.get(id) === c)
      const share = rows.filter(({ i }) => features.categorical.city_tier[i] === 'tier1').length / rows.length
      expect(r.value.centroids[c]?.[1 + tier1]).toBeCloseTo(share, 9)
      const top = r.value.profiles[c]?.categorical.find((x) => x.feature === 'city_tier')?.top[0]
      expect(top && top.share).toBeGreaterThan(0)
    }
    expect(r.value.overall.categorical.find((c) => c.feature === 'city_tier')?.used).toBe(true)
    expect(r.value.overall.categorical.find((c) => c.feature === 'gender')?.used).toBe(false)
  })

  it('chooses k automatically and reports the elbow and silhouette curve', async () => {
    const r = await runClustering(t.portrait, { k: 'auto', features: ['frequency', 'monetary', 'age'], scale: 'minmax' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.curve?.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
    const best = r.value.curve?.reduce((a, b) => (b.silhouette > a.silhouette ? b : a))
    expect(r.value.k).toBe(best?.k)
    const inertias = r.value.curve?.map((c) => c.inertia) ?? []
    expect(inertias.every((x, i) => i === 0 || x < (inertias[i - 1] as number))).toBe(true)
    // Customers of unknown age are left out.
    const known = features.numeric.age.filter(Number.isFinite).length
    expect(r.value.n).toBe(known)
  })

  it('gives scatter points of two features with the stored clusters', async () => {
    const run = await runClustering(t.portrait, { k: 3, seed: 2 })
    expect(run.ok).toBe(true)
    const all = await clusterPoints(t.portrait, { x: 'frequency', y: 'monetary', limit: 10_000 })
    expect(all.ok).toBe(true)
    if (!all.ok || !run.ok) return
    expect(all.value.total).toBe(run.value.n)
    expect(all.value.points).toHaveLength(run.value.n)
    for (let c = 0; c < 3; c++) expect(all.value.points.filter((p) => p[2] === c)).toHaveLength(run.value.sizes[c] as number)
    const sample = await clusterPoints(t.portrait, { x: 'recency_days', y: 'age', limit: 100 })
    expect(sample.ok && sample.value.points.length).toBeLessThanOrEqual(100)
    const bad = await clusterPoints(t.portrait, { x: 'gender', y: 'monetary' })
    expect(!bad.ok && bad.error.message).toMatch(/'gender' is not a numeric feature/)
  })

  it('saves every cluster as a segment whose members are the cluster', async () => {
    const run = await runClustering(t.portrait, { k: 3, seed: 8 })
    if (!run.ok) throw new Error(run.error.message)
    const saved = await saveClustersAsSegments(t.portrait, run.value)
    expect(saved.ok).toBe(true)
    if (!saved.ok) return
    expect(saved.value.map((s) => s.size)).toEqual(run.value.sizes)
    const stored = await t.portrait.store.scores.list(t.portrait.workspaceId, 'cluster')
    for (const segment of saved.value) {
      const members = await segmentMemberIds(t.portrait, segment.id)
      if (!members.ok) throw new Error(members.error.message)
      const expected = stored.filter((s) => (s.value as unknown as ClusterScoreValue).cluster === segment.cluster).map((s) => s.customer_id)
      expect([...members.value].sort()).toEqual(expected.sort())
    }
    // The same run cannot be saved twice under the same names.
    const again = await saveClustersAsSegments(t.portrait, run.value)
    expect(!again.ok && again.error.tag).toBe('Conflict')
    const file = await clusterCsvFile(MALL, { columns: ['Age', 'Spending_Score'], k: 2 })
    if (!file.ok) throw new Error(file.error.message)
    const fromFile = await saveClustersAsSegments(t.portrait, file.value)
    expect(!fromFile.ok && fromFile.error.message).toMatch(/only a clustering of the customers in the database/)
  })

  it('rejects unknown features naming the known ones, and bad options', async () => {
    const r = await runClustering(t.portrait, { features: ['recency', 'monetary'] })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.tag).toBe('InvalidInput')
      expect(r.error.message).toMatch(/unknown feature 'recency'; numeric features: recency_days, frequency, monetary/)
      expect(r.error.message).toMatch(/categorical features: gender, age_band, city_tier/)
    }
    const twice = await runClustering(t.portrait, { features: ['age', 'age'] })
    expect(!twice.ok && twice.error.message).toBe("feature 'age' is listed twice")
    const bigK = await runClustering(t.portrait, { k: 31 })
    expect(!bigK.ok && bigK.error.message).toMatch(/k must be auto or a whole number from 2 to 30/)
    const scale = await runClustering(t.portrait, { scale: 'log' as never })
    expect(!scale.ok && scale.error.message).toMatch(/scale must be z, minmax or none/)
  })
})

describe('clustering an empty database', () => {
  it('answers NotFound for the latest run and DegenerateData for a run', async () => {
    const t = await tempPortrait()
    try {
      const latest = await latestClustering(t.portrait)
      expect(!latest.ok && latest.error.tag).toBe('NotFound')
      const r: Awaited<ReturnType<typeof runClustering>> = await runClustering(t.portrait)
      expect(!r.ok && r.error).toMatchObject({ tag: 'DegenerateData', message: expect.stringMatching(/only 0 of 0 customers/) })
    } finally {
      await t.cleanup()
    }
  })
})
