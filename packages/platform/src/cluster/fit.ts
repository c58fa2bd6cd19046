/**
 * The clustering run shared by the database and the file modes: scale and one-hot encode the
 * columns, fit k-means (or choose k by silhouette), number the clusters by size, and profile them in
 * original units.
 */
import {
  buildFeatureMatrix,
  chooseK,
  invertScaling,
  kmeans,
  profileClusters,
  silhouetteScore,
  type CategoryValue,
  type FeatureColumn,
  type KMeansResult,
  type ScalingMethod,
} from '@portrait/analytics/cluster'
import { err, ok, portraitError, type ClusterResult, type ClusterScale, type PortraitError, type Result } from '@portrait/core'

export interface ClusterFitOptions {
  /** A number of clusters, or 'auto': the best silhouette over k = 2..10. Default 'auto'. */
  readonly k?: number | 'auto'
  readonly seed?: number
  readonly scale?: ClusterScale
  readonly restarts?: number
}

/** The columns of one clustering: what is clustered on, and what describes the clusters. */
export interface ClusterColumns {
  /** The clustering inputs, in order. */
  readonly inputs: readonly FeatureColumn[]
  /** Extra numeric columns (finite everywhere) shown in the profiles but not clustered on. */
  readonly describeNumeric?: readonly { readonly name: string; readonly values: Float64Array }[]
  /** Extra categorical columns shown in the profiles. */
  readonly describeCategorical?: readonly { readonly name: string; readonly values: readonly CategoryValue[] }[]
}

/** A fitted clustering: the result for people and programs, plus per-row labels and distances. */
export interface ClusterFit {
  readonly result: Omit<ClusterResult, 'source' | 'asOf' | 'excluded' | 'computedAt'>
  /** Cluster of each row (clusters numbered by size, largest first). */
  readonly labels: Int32Array
  /** Euclidean distance of each row to its centroid, in the scaled space. */
  readonly distances: Float64Array
}

export const AUTO_K_RANGE = { min: 2, max: 10 } as const
export const MAX_K = 30
/** Above this many rows the silhouette is estimated on a seeded sample of this size (it is quadratic in n). */
export const SILHOUETTE_SAMPLE = 5000
const DEFAULT_RESTARTS = 10

const SCALING: Record<ClusterScale, ScalingMethod> = { z: 'zscore', minmax: 'minmax', none: 'none' }

/** Checks the run options; returns them complete. */
export function checkFitOptions(
  options: ClusterFitOptions,
): Result<{ k: number | 'auto'; seed: number; scale: ClusterScale; restarts: number }, PortraitError> {
  const k = options.k ?? 'auto'
  if (k !== 'auto' && !(Number.isInteger(k) && k >= 2 && k <= MAX_K)) {
    return err(portraitError('InvalidInput', `k must be auto or a whole number from 2 to ${MAX_K}, got ${String(k)}`))
  }
  const seed = options.seed ?? 0
  if (!Number.isInteger(seed) || seed < 0 || seed > 2_147_483_647) {
    return err(portraitError('InvalidInput', `seed must be a whole number from 0 to 2147483647, got ${seed}`))
  }
  const scale = options.scale ?? 'z'
  if (!(scale in SCALING)) return err(portraitError('InvalidInput', `scale must be z, minmax or none, got '${String(scale)}'`))
  const restarts = options.restarts ?? DEFAULT_RESTARTS
  if (!Number.isInteger(restarts) || restarts < 1 || restarts > 100) {
    return err(portraitError('InvalidInput', `restarts must be a whole number from 1 to 100, got ${restarts}`))
  }
  return ok({ k, seed, scale, restarts })
}

const modelFailure = (e: {
  tag: 'DegenerateData' | 'InvalidInput' | 'NotConverged'
  message: string
  details?: Readonly<Record<string, unknown>>
}) => err(portraitError(e.tag, e.message, e.details))

/** Fits the clustering; expected failures (too few rows, degenerate data) come back as errors. */
export function fitClusters(columns: ClusterColumns, options: ClusterFitOptions): Result<ClusterFit, PortraitError> {
  const checked = checkFitOptions(options)
  if (!checked.ok) return checked
  const { k, seed, scale, restarts } = checked.value
  const built = buildFeatureMatrix(columns.inputs, { scaling: SCALING[scale] })
  if (!built.ok) return modelFailure(built.error)
  const matrix = built.value.matrix
  const n = matrix.n
  if (n < 3) return err(portraitError('DegenerateData', `only ${n} rows to cluster; at least 3 are needed`, { n }))
  if (k !== 'auto' && k >= n) {
    return err(portraitError('DegenerateData', `k = ${k} needs more than ${k} rows to cluster, there are ${n}`, { n, k }))
  }
  const sample = n > SILHOUETTE_SAMPLE ? SILHOUETTE_SAMPLE : undefined

  let model: KMeansResult
  let silhouette: number
  let curve: ClusterResult['curve'] = null
  if (k === 'auto') {
    // k-means cannot make more clusters than there are distinct points: stop the range there.
    const distinct = countDistinctRows(matrix.data, n, matrix.d, AUTO_K_RANGE.max)
    if (distinct < AUTO_K_RANGE.min) {
      return err(portraitError('DegenerateData', `all ${n} rows have the same values; there is nothing to cluster`, { n }))
    }
    const choice = chooseK(matrix, {
      kMin: AUTO_K_RANGE.min,
      kMax: Math.min(AUTO_K_RANGE.max, distinct),
      nInit: restarts,
      seed,
      ...(sample ? { silhouetteSampleSize: sample } : {}),
    })
    if (!choice.ok) return modelFailure(choice.error)
    model = choice.value.best
    curve = choice.value.candidates.map((c) => ({ k: c.k, inertia: c.inertia, silhouette: c.silhouette }))
    silhouette = (choice.value.candidates.find((c) => c.k === model.k) as { silhouette: number }).silhouette
  } else {
    const fitted = kmeans(matrix, { k, nInit: restarts, seed })
    if (!fitted.ok) return modelFailure(fitted.error)
    model = fitted.value
    const s = silhouetteScore(matrix, model.labels, sample ? { sampleSize: sample, seed } : {})
    if (!s.ok) return modelFailure(s.error)
    silhouette = s.value.score
  }

  // k-means numbers clusters arbitrarily; number them by size (largest first) so reports read the same way every time.
  const d = matrix.d
  const order = Array.from({ length: model.k }, (_, c) => c).sort(
    (a, b) => (model.sizes[b] as number) - (model.sizes[a] as number) || a - b,
  )
  const newIndex = new Int32Array(model.k)
  order.forEach((old, position) => (newIndex[old] = position))
  const centroids = new Float64Array(model.k * d)
  order.forEach((old, position) => centroids.set(model.centroids.subarray(old * d, old * d + d), position * d))
  const labels = Int32Array.from(model.labels, (old) => newIndex[old] as number)
  const distances = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const c = labels[i] as number
    let sum = 0
    for (let t = 0; t < d; t++) {
      const diff = (matrix.data[i * d + t] as number) - (centroids[c * d + t] as number)
      sum += diff * diff
    }
    distances[i] = Math.sqrt(sum)
  }
  const original = invertScaling({ data: centroids, n: model.k, d }, built.value.scaling).data

  const numericInputs = columns.inputs.filter((c): c is Extract<FeatureColumn, { kind: 'numeric' }> => c.kind === 'numeric')
  const categoricalInputs = columns.inputs.filter((c): c is Extract<FeatureColumn, { kind: 'categorical' }> => c.kind === 'categorical')
  const usedNames = new Set(columns.inputs.map((c) => c.name))
  const numeric = [...numericInputs, ...(columns.describeNumeric ?? []).filter((c) => !usedNames.has(c.name))]
  const categorical = [...categoricalInputs, ...(columns.describeCategorical ?? []).filter((c) => !usedNames.has(c.name))]
  const profile = profileClusters({ labels, k: model.k, numeric, categorical })
  if (!profile.ok) return modelFailure(profile.error)
  const pr = profile.value
  const finite = (x: number): number => (Number.isFinite(x) ? x : 0)

  return ok({
    labels,
    distances,
    result: {
      k: model.k,
      inertia: model.inertia,
      silhouette,
      sizes: Array.from(pr.sizes),
      centroids: Array.from({ length: model.k }, (_, c) => Array.from(original.subarray(c * d, c * d + d))),
      features: columns.inputs.map((c) => c.name),
      columns: [...built.value.featureNames],
      scale,
      seed,
      restarts,
      n,
      silhouetteSample: sample ?? null,
      profiles: Array.from({ length: model.k }, (_, c) => ({
        cluster: c,
        size: pr.sizes[c] as number,
        share: pr.shares[c] as number,
        numeric: pr.numeric.map((f) => ({
          feature: f.name,
          mean: f.clusterMeans[c] as number,
          overall: f.overallMean,
          z: finite(f.standardizedDifference[c] as number),
        })),
        categorical: pr.categorical.map((f) => ({ feature: f.name, top: [...(f.perCluster[c] ?? [])] })),
      })),
      overall: {
        numeric: pr.numeric.map((f) => ({ feature: f.name, mean: f.overallMean, std: f.overallStd, used: usedNames.has(f.name) })),
        categorical: pr.categorical.map((f) => ({ feature: f.name, used: usedNames.has(f.name), top: [...f.overall] })),
      },
      curve,
    },
  })
}

/** Distinct rows of a row-major matrix, counting no further than `cap`. */
function countDistinctRows(data: Float64Array, n: number, d: number, cap: number): number {
  const seen = new Set<string>()
  for (let i = 0; i < n && seen.size < cap; i++) seen.add(Array.from(data.subarray(i * d, i * d + d)).join(','))
  return seen.size
}
