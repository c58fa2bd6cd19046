/**
 * Checks on the Mall Customers teaching data set (200 customers; see
 * /work/shared/data/mall-customers/README.md). The reference figures are recomputed here by plain,
 * independent code rather than taken on trust.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  buildFeatureMatrix,
  chooseK,
  createRandom,
  invertScaling,
  kmeans,
  matrixFromRows,
  profileClusters,
  type DataMatrix,
} from './index.js'

const CSV = '/work/shared/data/mall-customers/Mall_Customers.csv'

interface Customer {
  readonly id: number
  readonly genre: string
  readonly age: number
  readonly income: number
  readonly score: number
}

function loadCustomers(): Customer[] {
  const records = parse(readFileSync(CSV, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[]
  return records.map((r) => ({
    id: Number(r['CustomerID']),
    genre: r['Genre'] ?? '',
    age: Number(r['Age']),
    income: Number(r['Annual_Income']),
    score: Number(r['Spending_Score']),
  }))
}

/** Plain Lloyd's algorithm from k distinct random data points (Forgy start), on arrays of arrays. */
function plainLloydFromRandomPoints(points: number[][], k: number, seed: number): { inertia: number; sizes: number[] } {
  const random = createRandom(seed)
  const chosen = new Set<number>()
  while (chosen.size < k) chosen.add(random.nextInt(points.length))
  let centres = [...chosen].map((i) => [...(points[i] as number[])])
  let labels = points.map(() => -1)
  for (let iter = 0; iter < 1000; iter++) {
    const next = points.map((p) => {
      let best = 0
      let bestDistance = Infinity
      centres.forEach((c, j) => {
        const dist = p.reduce((acc, v, t) => acc + (v - (c[t] as number)) ** 2, 0)
        if (dist < bestDistance) {
          bestDistance = dist
          best = j
        }
      })
      return best
    })
    if (next.every((label, i) => label === labels[i])) break
    labels = next
    centres = centres.map((c, j) => {
      const members = points.filter((_, i) => labels[i] === j)
      // A centre that lost all its points stays where it is (plain Forgy Lloyd).
      return members.length === 0 ? c : c.map((_, t) => members.reduce((acc, p) => acc + (p[t] as number), 0) / members.length)
    })
  }
  const inertia = points.reduce((acc, p, i) => {
    const c = centres[labels[i] as number] as number[]
    return acc + p.reduce((s, v, t) => s + (v - (c[t] as number)) ** 2, 0)
  }, 0)
  const sizes = centres.map((_, j) => labels.filter((l) => l === j).length)
  return { inertia, sizes }
}

/** Mean silhouette by the textbook definition, with plain nested loops. */
function plainSilhouette(points: number[][], labels: ArrayLike<number>): number {
  const n = points.length
  const k = Math.max(...Array.from(labels)) + 1
  let total = 0
  for (let i = 0; i < n; i++) {
    const sums = new Array<number>(k).fill(0)
    const counts = new Array<number>(k).fill(0)
    for (let j = 0; j < n; j++) {
      if (j === i) continue
      const p = points[i] as number[]
      const q = points[j] as number[]
      const distance = Math.sqrt(p.reduce((acc, v, t) => acc + (v - (q[t] as number)) ** 2, 0))
      const label = labels[j] as number
      sums[label] = (sums[label] as number) + distance
      counts[label] = (counts[label] as number) + 1
    }
    const own = labels[i] as number
    if (counts[own] === 0) continue // a singleton scores 0
    const a = (sums[own] as number) / (counts[own] as number)
    let b = Infinity
    for (let c = 0; c < k; c++) if (c !== own && (counts[c] as number) > 0) b = Math.min(b, (sums[c] as number) / (counts[c] as number))
    total += (b - a) / Math.max(a, b)
  }
  return total / n
}

describe('Mall Customers: k-means on (Annual_Income, Spending_Score)', () => {
  let customers: Customer[] = []
  let points: number[][] = []
  let x: DataMatrix

  beforeAll(() => {
    customers = loadCustomers()
    points = customers.map((c) => [c.income, c.score])
    x = matrixFromRows(points)
  })

  it('reads 200 customers with the documented columns', () => {
    expect(customers).toHaveLength(200)
    expect(customers[0]).toEqual({ id: 1, genre: 'Male', age: 19, income: 15, score: 39 })
    expect(customers.at(-1)).toEqual({ id: 200, genre: 'Male', age: 30, income: 137, score: 83 })
    expect(customers.every((c) => Number.isFinite(c.income) && Number.isFinite(c.score))).toBe(true)
  })

  it('k = 5: the default run reaches the best inertia found by 200 + 500 independent restarts', () => {
    // 200 single k-means++ restarts of the library with different seeds …
    const libraryRestarts = Array.from({ length: 200 }, (_, s) => {
      const result = kmeans(x, { k: 5, nInit: 1, seed: 1000 + s })
      if (!result.ok) throw new Error(result.error.message)
      return result.value.inertia
    })
    // … and 500 restarts of a plain Lloyd from random data points, sharing no code with the library.
    const plainRestarts = Array.from({ length: 500 }, (_, s) => plainLloydFromRandomPoints(points, 5, s))
    const bestPlain = plainRestarts.reduce((best, r) => (r.inertia < best.inertia ? r : best))
    const bestLibrary = Math.min(...libraryRestarts)

    // Both searches agree on the optimum, the long-known 44448.455 for this data.
    expect(bestPlain.inertia).toBeCloseTo(44448.4554, 3)
    expect(bestLibrary).toBeCloseTo(bestPlain.inertia, 6)
    expect([...bestPlain.sizes].sort((a, b) => b - a)).toEqual([81, 39, 35, 23, 22])

    const model = kmeans(x, { k: 5 })
    expect(model.ok).toBe(true)
    if (!model.ok) return
    expect(model.value.converged).toBe(true)
    expect(model.value.inertia).toBeCloseTo(bestPlain.inertia, 6)
    expect([...model.value.sizes].sort((a, b) => b - a)).toEqual([81, 39, 35, 23, 22])
    // Every restart is a local optimum no better than the global one.
    expect(Math.min(...libraryRestarts, ...plainRestarts.map((r) => r.inertia))).toBeGreaterThan(bestPlain.inertia - 1e-6)
  })

  it('chooseK over 2..10 picks k = 5, and the silhouettes match a plain nested-loop computation', () => {
    const choice = chooseK(x)
    expect(choice.ok).toBe(true)
    if (!choice.ok) return
    const { candidates, bestK } = choice.value
    expect(candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])

    // Independent check: refit each k (deterministic, same options) and recompute the silhouette.
    const independent = candidates.map((candidate) => {
      const model = kmeans(x, { k: candidate.k })
      if (!model.ok) throw new Error(model.error.message)
      expect(model.value.inertia).toBe(candidate.inertia)
      const silhouette = plainSilhouette(points, model.value.labels)
      expect(candidate.silhouette).toBeCloseTo(silhouette, 10)
      return { k: candidate.k, silhouette }
    })
    const argmax = independent.reduce((best, c) => (c.silhouette > best.silhouette ? c : best))
    expect(argmax.k).toBe(5)
    expect(bestK).toBe(5)
    expect(argmax.silhouette).toBeCloseTo(0.554, 3)
    // The elbow: inertia falls with k.
    for (let i = 1; i < candidates.length; i++) {
      expect((candidates[i] as { inertia: number }).inertia).toBeLessThan((candidates[i - 1] as { inertia: number }).inertia)
    }
  })

  it('scaled clustering with one-hot gender: centroids and profiles come back in original units', () => {
    const built = buildFeatureMatrix([
      { kind: 'numeric', name: 'income', values: Float64Array.from(customers, (c) => c.income) },
      { kind: 'numeric', name: 'score', values: Float64Array.from(customers, (c) => c.score) },
      { kind: 'categorical', name: 'genre', values: customers.map((c) => c.genre) },
    ])
    expect(built.ok).toBe(true)
    if (!built.ok) return
    expect(built.value.featureNames).toEqual(['income', 'score', 'genre=Female', 'genre=Male'])
    const model = kmeans(built.value.matrix, { k: 5, seed: 3 })
    expect(model.ok).toBe(true)
    if (!model.ok) return
    const centroids = invertScaling({ data: model.value.centroids, n: 5, d: 4 }, built.value.scaling)
    const profile = profileClusters({
      labels: model.value.labels,
      numeric: [
        { name: 'income', values: Float64Array.from(customers, (c) => c.income) },
        { name: 'score', values: Float64Array.from(customers, (c) => c.score) },
      ],
      categorical: [{ name: 'genre', values: customers.map((c) => c.genre) }],
    })
    expect(profile.ok).toBe(true)
    if (!profile.ok) return
    // A centroid in original units is the mean of its cluster's raw values, and the indicator part
    // is the share of the cluster in each category.
    for (let c = 0; c < 5; c++) {
      expect(centroids.data[c * 4]).toBeCloseTo(profile.value.numeric[0]?.clusterMeans[c] as number, 9)
      expect(centroids.data[c * 4 + 1]).toBeCloseTo(profile.value.numeric[1]?.clusterMeans[c] as number, 9)
      const female = profile.value.categorical[0]?.perCluster[c]?.find((s) => s.category === 'Female')?.share ?? 0
      expect(centroids.data[c * 4 + 2]).toBeCloseTo(female, 9)
    }
    expect(profile.value.numeric[0]?.overallMean).toBeCloseTo(60.56, 10)
    expect(profile.value.categorical[0]?.overall[0]).toMatchObject({ category: 'Female', count: 112 })
  })
})
