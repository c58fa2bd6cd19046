import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { allRowsIdentical, checkMatrix, type DataMatrix } from './matrix.js'
import { createRandom, type Random } from './random.js'

/** Options of {@link kmeans}. */
export interface KMeansOptions {
  /** Number of clusters, an integer with 1 ≤ k ≤ n. */
  readonly k: number
  /** Independent restarts (each with its own k-means++ seeding); the run with the lowest inertia wins. Default 10. */
  readonly nInit?: number
  /** Maximum Lloyd iterations per restart. Default 300. */
  readonly maxIter?: number
  /**
   * Relative convergence tolerance. A restart stops when the summed squared movement of the
   * centroids in one iteration is at most `tolerance × (mean per-feature variance of the data)`,
   * which makes the criterion independent of the units. A restart also stops, exactly converged,
   * when no point changes cluster. Default 1e-4; 0 means "only stop when no point moves".
   */
  readonly tolerance?: number
  /** Seed of the random stream used for seeding all restarts. Default 0. */
  readonly seed?: number
  /**
   * Start from these centroids (row-major `k × d`) instead of k-means++; there is then a single run
   * and `nInit` and `seed` are ignored. Useful to refine a previous model on new data.
   */
  readonly initialCentroids?: Float64Array
}

/** A fitted k-means model. */
export interface KMeansResult {
  readonly k: number
  readonly d: number
  /** Centroids, row-major `k × d`, in the units of the input data. */
  readonly centroids: Float64Array
  /** Cluster of each row, 0 ≤ label < k. */
  readonly labels: Int32Array
  /** Number of rows in each cluster. */
  readonly sizes: Uint32Array
  /** Sum of squared Euclidean distances of the rows to their centroids (the k-means objective). */
  readonly inertia: number
  /** Lloyd iterations of the winning restart. */
  readonly iterations: number
  /** Whether the winning restart converged before `maxIter`. */
  readonly converged: boolean
  /** Final inertia of every restart, in the order they ran. */
  readonly restartInertias: Float64Array
}

const DEFAULT_N_INIT = 10
const DEFAULT_MAX_ITER = 300
const DEFAULT_TOLERANCE = 1e-4

/**
 * k-means clustering: Lloyd's algorithm from k-means++ seeds, restarted `nInit` times, keeping the
 * restart with the lowest inertia.
 *
 * - Seeding is the "greedy" k-means++ of Arthur & Vassilvitskii (2007) as used by scikit-learn: each
 *   new centre is the best of `2 + ⌊ln k⌋` candidates drawn with probability proportional to the
 *   squared distance to the nearest chosen centre.
 * - When a cluster becomes empty, its centroid is re-seeded at the point farthest from its own
 *   centroid (taken from a cluster with at least two points), so every cluster keeps at least one point.
 * - All randomness comes from `seed`: the same input and options always give the same result.
 *
 * Expected failures are returned as `err`: malformed shape, `d = 0`, NaN or infinite cells
 * (`InvalidInput` names the cell), `n < k`, all points identical, or fewer distinct points than `k`.
 */
export function kmeans(x: DataMatrix, options: KMeansOptions): Result<KMeansResult, ModelError> {
  const problem = checkMatrix(x)
  if (problem !== undefined) return err(problem)
  const { n, d } = x
  const { k } = options
  const nInit = options.nInit ?? DEFAULT_N_INIT
  const maxIter = options.maxIter ?? DEFAULT_MAX_ITER
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE
  const seed = options.seed ?? 0

  if (!Number.isInteger(k) || k < 1) return err(modelError('InvalidInput', `k must be a positive integer, got ${k}`, { k }))
  if (!Number.isInteger(nInit) || nInit < 1) {
    return err(modelError('InvalidInput', `nInit must be a positive integer, got ${nInit}`, { nInit }))
  }
  if (!Number.isInteger(maxIter) || maxIter < 1) {
    return err(modelError('InvalidInput', `maxIter must be a positive integer, got ${maxIter}`, { maxIter }))
  }
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    return err(modelError('InvalidInput', `tolerance must be a finite number ≥ 0, got ${tolerance}`, { tolerance }))
  }
  if (!Number.isFinite(seed)) return err(modelError('InvalidInput', `seed must be finite, got ${seed}`, { seed }))
  if (n < k) return err(modelError('DegenerateData', `n < k: ${n} rows cannot form ${k} clusters`, { n, k }))
  if (n > 1 && allRowsIdentical(x)) {
    return err(modelError('DegenerateData', `all ${n} points are identical; there is nothing to cluster`, { n }))
  }

  const { initialCentroids } = options
  if (initialCentroids !== undefined) {
    if (initialCentroids.length !== k * d) {
      return err(modelError('InvalidInput', `initialCentroids must hold k × d = ${k} × ${d} values, got ${initialCentroids.length}`))
    }
    if (!initialCentroids.every(Number.isFinite)) {
      return err(modelError('InvalidInput', 'initialCentroids must be finite'))
    }
  }

  const absoluteTolerance = tolerance * meanFeatureVariance(x)
  const random = createRandom(seed)
  const work = new LloydWorkspace(n, d, k)
  const runs = initialCentroids === undefined ? nInit : 1
  const restartInertias = new Float64Array(runs)

  let best: { centroids: Float64Array; labels: Int32Array; inertia: number; iterations: number; converged: boolean } | undefined
  for (let run = 0; run < runs; run++) {
    const centroids = new Float64Array(k * d)
    if (initialCentroids === undefined) {
      const seeded = seedKMeansPlusPlus(x, k, random, centroids)
      if (seeded !== undefined) return err(seeded)
    } else {
      centroids.set(initialCentroids)
    }
    const labels = new Int32Array(n)
    const outcome = lloyd(x, k, centroids, labels, maxIter, absoluteTolerance, work)
    restartInertias[run] = outcome.inertia
    if (best === undefined || outcome.inertia < best.inertia) best = { centroids, labels, ...outcome }
  }
  if (best === undefined) throw new Error('unreachable: nInit ≥ 1')

  const sizes = new Uint32Array(k)
  for (let i = 0; i < n; i++) {
    const label = best.labels[i] as number
    sizes[label] = (sizes[label] as number) + 1
  }

  return ok({
    k,
    d,
    centroids: best.centroids,
    labels: best.labels,
    sizes,
    inertia: best.inertia,
    iterations: best.iterations,
    converged: best.converged,
    restartInertias,
  })
}

/**
 * Assigns every row of `x` to its nearest centroid (squared Euclidean distance; ties go to the lower
 * cluster index). Use it to place new customers into the clusters of a fitted model.
 */
export function assignToCentroids(x: DataMatrix, centroids: Float64Array, k: number): Result<Int32Array, ModelError> {
  const problem = checkMatrix(x)
  if (problem !== undefined) return err(problem)
  if (!Number.isInteger(k) || k < 1 || centroids.length !== k * x.d) {
    return err(
      modelError('InvalidInput', `centroids must hold k × d = ${k} × ${x.d} values, got ${centroids.length}`, {
        k,
        d: x.d,
        length: centroids.length,
      }),
    )
  }
  const labels = new Int32Array(x.n)
  const distances = new Float64Array(x.n)
  assign(x.data, x.n, x.d, centroids, k, labels, distances)
  return ok(labels)
}

/** Mean over features of the population variance; the scale of the relative tolerance. */
function meanFeatureVariance(x: DataMatrix): number {
  const { data, n, d } = x
  let total = 0
  for (let j = 0; j < d; j++) {
    let mean = 0
    for (let i = 0; i < n; i++) mean += data[i * d + j] as number
    mean /= n
    let sum = 0
    for (let i = 0; i < n; i++) {
      const diff = (data[i * d + j] as number) - mean
      sum += diff * diff
    }
    total += sum / n
  }
  return total / d
}

/** Scratch buffers reused by every restart, so restarts allocate only their results. */
class LloydWorkspace {
  readonly distances: Float64Array
  readonly sums: Float64Array
  readonly counts: Float64Array
  constructor(n: number, d: number, k: number) {
    this.distances = new Float64Array(n)
    this.sums = new Float64Array(k * d)
    this.counts = new Float64Array(k)
  }
}

/**
 * k-means++ seeding into `centroids`. Returns an error only when the data has fewer distinct points
 * than `k` (then no proper seeding exists: some centre would duplicate another).
 */
function seedKMeansPlusPlus(x: DataMatrix, k: number, random: Random, centroids: Float64Array): ModelError | undefined {
  const { data, n, d } = x
  const trials = 2 + Math.floor(Math.log(k))
  const closest = new Float64Array(n)
  const cumulative = new Float64Array(n)
  const candidateClosest = new Float64Array(n)
  const bestClosest = new Float64Array(n)

  const first = random.nextInt(n)
  copyRow(data, first, centroids, 0, d)
  let potential = 0
  for (let i = 0; i < n; i++) {
    const dist = rowToRowSquared(data, i, data, first, d)
    closest[i] = dist
    potential += dist
  }

  for (let c = 1; c < k; c++) {
    if (!(potential > 0)) {
      return modelError('DegenerateData', `the data has only ${c} distinct points, fewer than k = ${k}`, {
        distinctPoints: c,
        k,
      })
    }
    let running = 0
    for (let i = 0; i < n; i++) {
      running += closest[i] as number
      cumulative[i] = running
    }
    let bestIndex = -1
    let bestPotential = Infinity
    for (let t = 0; t < trials; t++) {
      const target = random.next() * running
      const candidate = Math.min(upperBound(cumulative, target), n - 1)
      let candidatePotential = 0
      for (let i = 0; i < n; i++) {
        const dist = Math.min(closest[i] as number, rowToRowSquared(data, i, data, candidate, d))
        candidateClosest[i] = dist
        candidatePotential += dist
      }
      if (candidatePotential < bestPotential) {
        bestPotential = candidatePotential
        bestIndex = candidate
        bestClosest.set(candidateClosest)
      }
    }
    copyRow(data, bestIndex, centroids, c, d)
    closest.set(bestClosest)
    potential = bestPotential
  }
  return undefined
}

/** First index whose value is strictly greater than `target` (`values` non-decreasing). */
function upperBound(values: Float64Array, target: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((values[mid] as number) > target) hi = mid
    else lo = mid + 1
  }
  return lo
}

function copyRow(from: Float64Array, row: number, to: Float64Array, toRow: number, d: number): void {
  for (let j = 0; j < d; j++) to[toRow * d + j] = from[row * d + j] as number
}

function rowToRowSquared(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let sum = 0
  const ai = i * d
  const bj = j * d
  for (let t = 0; t < d; t++) {
    const diff = (a[ai + t] as number) - (b[bj + t] as number)
    sum += diff * diff
  }
  return sum
}

/**
 * Nearest-centroid assignment. Writes labels and squared distances; returns how many labels changed.
 */
function assign(
  data: Float64Array,
  n: number,
  d: number,
  centroids: Float64Array,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
): number {
  let changed = 0
  for (let i = 0; i < n; i++) {
    let bestCluster = 0
    let bestDistance = Infinity
    const base = i * d
    for (let c = 0; c < k; c++) {
      const cb = c * d
      let sum = 0
      for (let t = 0; t < d; t++) {
        const diff = (data[base + t] as number) - (centroids[cb + t] as number)
        sum += diff * diff
      }
      if (sum < bestDistance) {
        bestDistance = sum
        bestCluster = c
      }
    }
    if (labels[i] !== bestCluster) {
      changed++
      labels[i] = bestCluster
    }
    distances[i] = bestDistance
  }
  return changed
}

/** One restart of Lloyd's algorithm from the given centroids (updated in place). */
function lloyd(
  x: DataMatrix,
  k: number,
  centroids: Float64Array,
  labels: Int32Array,
  maxIter: number,
  absoluteTolerance: number,
  work: LloydWorkspace,
): { inertia: number; iterations: number; converged: boolean } {
  const { data, n, d } = x
  const { distances, sums, counts } = work
  labels.fill(-1)
  let iterations = 0
  let converged = false
  let labelsMatchCentroids = false

  for (let iter = 0; iter < maxIter; iter++) {
    const changed = assign(data, n, d, centroids, k, labels, distances)
    iterations = iter + 1
    if (changed === 0) {
      // Same labels as in the previous iteration, so the centroids are already their means.
      converged = true
      labelsMatchCentroids = true
      break
    }

    sums.fill(0)
    counts.fill(0)
    for (let i = 0; i < n; i++) {
      const c = labels[i] as number
      counts[c] = (counts[c] as number) + 1
      const base = i * d
      const cb = c * d
      for (let t = 0; t < d; t++) sums[cb + t] = (sums[cb + t] as number) + (data[base + t] as number)
    }
    relocateEmptyClusters(data, d, k, labels, distances, sums, counts)

    let shift = 0
    for (let c = 0; c < k; c++) {
      const count = counts[c] as number
      const cb = c * d
      for (let t = 0; t < d; t++) {
        const value = (sums[cb + t] as number) / count
        const diff = value - (centroids[cb + t] as number)
        shift += diff * diff
        centroids[cb + t] = value
      }
    }
    if (shift <= absoluteTolerance) {
      converged = true
      break
    }
  }

  // After a tolerance stop or after maxIter the labels belong to the previous centroids: reassign so
  // that labels, centroids and inertia describe one and the same partition.
  if (!labelsMatchCentroids) assign(data, n, d, centroids, k, labels, distances)
  let inertia = 0
  for (let i = 0; i < n; i++) inertia += distances[i] as number
  return { inertia, iterations, converged }
}

/**
 * Gives every empty cluster one point: the point farthest from its current centroid among clusters
 * that can spare one (two or more points). Points are taken farthest first, and the sums and counts
 * are updated so the following centroid update sees the moved points.
 */
function relocateEmptyClusters(
  data: Float64Array,
  d: number,
  k: number,
  labels: Int32Array,
  distances: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): void {
  for (let c = 0; c < k; c++) {
    if ((counts[c] as number) > 0) continue
    let farthest = -1
    let farthestDistance = -1
    for (let i = 0; i < labels.length; i++) {
      const dist = distances[i] as number
      if (dist > farthestDistance && (counts[labels[i] as number] as number) > 1) {
        farthestDistance = dist
        farthest = i
      }
    }
    // n ≥ k guarantees that some cluster has two or more points while one is empty.
    if (farthest < 0) throw new Error('unreachable: no cluster can spare a point')
    const from = labels[farthest] as number
    const base = farthest * d
    for (let t = 0; t < d; t++) {
      const v = data[base + t] as number
      sums[from * d + t] = (sums[from * d + t] as number) - v
      sums[c * d + t] = v
    }
    counts[from] = (counts[from] as number) - 1
    counts[c] = 1
    labels[farthest] = c
    distances[farthest] = 0
  }
}
