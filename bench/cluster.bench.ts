/**
 * Benchmarks of k-means and RFM scoring. Each `describe` also times a simple baseline on the same
 * data in the same run, so the ratio printed by Vitest ("… times faster than …") is comparable across
 * machines, unlike the absolute times:
 * - k-means (nInit 10) against one pass that assigns every point to the nearest of k fixed centroids,
 *   so the ratio reads as "how many assignment passes one full fit costs";
 * - RFM scoring against copying and sorting the three input arrays (the scoring needs those sorts).
 *
 * Run with `npm run bench` (all benches) or `npx vitest bench --run bench/cluster.bench.ts`.
 */
import { bench, describe } from 'vitest'
import { createRandom, kmeans, type DataMatrix } from '@portrait/analytics/cluster'
import { scoreRfm } from '@portrait/analytics/rfm'

// Long-running tasks: a fixed number of samples instead of a time budget.
const FEW_SAMPLES = { time: 0, iterations: 5, warmupTime: 0, warmupIterations: 1 } as const
const MANY_SAMPLES = { time: 0, iterations: 30, warmupTime: 0, warmupIterations: 10 } as const

/** Standard normal draws by the Box–Muller transform from a seeded stream. */
function normalSampler(seed: number): () => number {
  const random = createRandom(seed)
  return () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next())
}

/** n points in d dimensions around `clusters` random centres (spread 1, centres in [−10, 10]^d). */
function syntheticBlobs(n: number, d: number, clusters: number, seed: number): DataMatrix {
  const random = createRandom(seed)
  const normal = normalSampler(seed + 1)
  const centres = Float64Array.from({ length: clusters * d }, () => random.next() * 20 - 10)
  const data = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    const c = random.nextInt(clusters)
    for (let t = 0; t < d; t++) data[i * d + t] = (centres[c * d + t] as number) + normal()
  }
  return { data, n, d }
}

describe('k-means, 50,000 × 4, k = 8, nInit = 10', () => {
  const k = 8
  const x = syntheticBlobs(50_000, 4, k, 7)
  const fixedCentroids = x.data.slice(0, k * x.d)
  const labels = new Int32Array(x.n)

  bench(
    'baseline: one nearest-centroid pass over k fixed centroids',
    () => {
      const { data, n, d } = x
      for (let i = 0; i < n; i++) {
        let best = 0
        let bestDistance = Infinity
        for (let c = 0; c < k; c++) {
          let sum = 0
          for (let t = 0; t < d; t++) {
            const diff = (data[i * d + t] as number) - (fixedCentroids[c * d + t] as number)
            sum += diff * diff
          }
          if (sum < bestDistance) {
            bestDistance = sum
            best = c
          }
        }
        labels[i] = best
      }
    },
    MANY_SAMPLES,
  )

  bench(
    'kmeans (k-means++ seeding, 10 restarts)',
    () => {
      const result = kmeans(x, { k, nInit: 10, seed: 1 })
      if (!result.ok) throw new Error(result.error.message)
    },
    FEW_SAMPLES,
  )
})

describe('RFM scoring, 100,000 customers, 5 bins', () => {
  const n = 100_000
  const random = createRandom(11)
  const normal = normalSampler(12)
  // Realistic shapes with many ties: whole days, small integer order counts, amounts in cents.
  const recencyDays = Float64Array.from({ length: n }, () => random.nextInt(366))
  const frequency = Float64Array.from({ length: n }, () => 1 + Math.floor(-Math.log(1 - random.next()) * 3))
  const monetary = Float64Array.from({ length: n }, () => Math.round(Math.exp(5 + 1.2 * normal()) * 100) / 100)

  bench(
    'baseline: copy and sort the three input arrays',
    () => {
      recencyDays.slice().sort()
      frequency.slice().sort()
      monetary.slice().sort()
    },
    MANY_SAMPLES,
  )

  bench(
    'scoreRfm',
    () => {
      const result = scoreRfm({ recencyDays, frequency, monetary })
      if (!result.ok) throw new Error(result.error.message)
    },
    MANY_SAMPLES,
  )
})
