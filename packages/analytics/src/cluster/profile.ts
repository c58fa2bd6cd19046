import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import type { CategoryValue } from './scaling.js'

/** Input of {@link profileClusters}: cluster labels plus raw feature columns in original units. */
export interface ClusterProfileInput {
  /** Cluster of each row, integers 0 ≤ label < k. */
  readonly labels: ArrayLike<number>
  /** Number of clusters; default max label + 1. Clusters without rows get size 0 and NaN means. */
  readonly k?: number
  /** Numeric columns, unscaled, so that means read in the original units. */
  readonly numeric?: readonly { readonly name: string; readonly values: Float64Array }[]
  /** Categorical columns; missing values count in the cluster size but in no category. */
  readonly categorical?: readonly { readonly name: string; readonly values: readonly CategoryValue[] }[]
  /** Categories listed per cluster and overall, most frequent first. Default 3. */
  readonly topCategories?: number
}

/** Means of one numeric feature per cluster against the whole population. */
export interface NumericFeatureProfile {
  readonly name: string
  readonly overallMean: number
  /** Population standard deviation over all rows. */
  readonly overallStd: number
  /** Mean per cluster (index = label); NaN for an empty cluster. */
  readonly clusterMeans: Float64Array
  /**
   * (cluster mean − overall mean) / overall standard deviation: how unusual the cluster is on this
   * feature, comparable across features (e.g. for a heat map). 0 for a constant feature.
   */
  readonly standardizedDifference: Float64Array
}

/** How common one category is in a group of rows. */
export interface CategoryShare {
  readonly category: string
  readonly count: number
  /** count / rows in the group (missing values included in the denominator). */
  readonly share: number
  /** share / overall share of the category; above 1 means over-represented in the group. */
  readonly lift: number
}

/** The most frequent categories of one categorical feature, overall and per cluster. */
export interface CategoricalFeatureProfile {
  readonly name: string
  readonly overall: readonly CategoryShare[]
  /** Index = label. Ties in count are listed in category order. */
  readonly perCluster: readonly (readonly CategoryShare[])[]
}

/** Description of a clustering for people: sizes and feature summaries per cluster. */
export interface ClusterProfile {
  readonly k: number
  readonly n: number
  readonly sizes: Uint32Array
  /** sizes / n. */
  readonly shares: Float64Array
  readonly numeric: readonly NumericFeatureProfile[]
  readonly categorical: readonly CategoricalFeatureProfile[]
}

/**
 * Summarises clusters: size and share of each cluster, per-feature means per cluster next to the
 * overall mean (in the units of the columns given, so pass unscaled columns), and the top categories
 * per cluster with their share and lift.
 *
 * Errors: labels that are not integers in [0, k), columns whose length differs from the labels,
 * non-finite numeric values, no rows.
 */
export function profileClusters(input: ClusterProfileInput): Result<ClusterProfile, ModelError> {
  const { labels } = input
  const n = labels.length
  if (n === 0) return err(modelError('DegenerateData', 'n = 0: there are no rows to profile'))
  let maxLabel = -1
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number
    if (!Number.isInteger(label) || label < 0) {
      return err(modelError('InvalidInput', `label of row ${i} is ${label}; labels must be integers ≥ 0`, { row: i }))
    }
    if (label > maxLabel) maxLabel = label
  }
  const k = input.k ?? maxLabel + 1
  if (!Number.isInteger(k) || k <= maxLabel) {
    return err(modelError('InvalidInput', `k = ${k} but a label is ${maxLabel}; labels must be below k`, { k, maxLabel }))
  }
  const top = input.topCategories ?? 3
  if (!Number.isInteger(top) || top < 1) {
    return err(modelError('InvalidInput', `topCategories must be a positive integer, got ${top}`, { topCategories: top }))
  }

  const sizes = new Uint32Array(k)
  for (let i = 0; i < n; i++) {
    const label = labels[i] as number
    sizes[label] = (sizes[label] as number) + 1
  }
  const shares = Float64Array.from(sizes, (size) => size / n)

  const numeric: NumericFeatureProfile[] = []
  for (const column of input.numeric ?? []) {
    if (column.values.length !== n) return err(lengthMismatch(column.name, column.values.length, n))
    const sums = new Float64Array(k)
    let total = 0
    for (let i = 0; i < n; i++) {
      const v = column.values[i] as number
      if (!Number.isFinite(v)) {
        return err(
          modelError('InvalidInput', `column ${column.name}, row ${i} is ${v}; values must be finite`, {
            column: column.name,
            row: i,
          }),
        )
      }
      const label = labels[i] as number
      sums[label] = (sums[label] as number) + v
      total += v
    }
    const overallMean = total / n
    let squares = 0
    for (let i = 0; i < n; i++) {
      const diff = (column.values[i] as number) - overallMean
      squares += diff * diff
    }
    const overallStd = Math.sqrt(squares / n)
    const clusterMeans = new Float64Array(k)
    const standardizedDifference = new Float64Array(k)
    for (let c = 0; c < k; c++) {
      const size = sizes[c] as number
      const mean = size > 0 ? (sums[c] as number) / size : Number.NaN
      clusterMeans[c] = mean
      standardizedDifference[c] = overallStd > 0 ? (mean - overallMean) / overallStd : size > 0 ? 0 : Number.NaN
    }
    numeric.push({ name: column.name, overallMean, overallStd, clusterMeans, standardizedDifference })
  }

  const categorical: CategoricalFeatureProfile[] = []
  for (const column of input.categorical ?? []) {
    if (column.values.length !== n) return err(lengthMismatch(column.name, column.values.length, n))
    const overallCounts = new Map<string, number>()
    const clusterCounts = Array.from({ length: k }, () => new Map<string, number>())
    for (let i = 0; i < n; i++) {
      const value = column.values[i]
      if (value === null || value === undefined) continue
      overallCounts.set(value, (overallCounts.get(value) ?? 0) + 1)
      const counts = clusterCounts[labels[i] as number] as Map<string, number>
      counts.set(value, (counts.get(value) ?? 0) + 1)
    }
    const overallShare = (category: string): number => (overallCounts.get(category) ?? 0) / n
    const rank = (counts: Map<string, number>, groupSize: number): CategoryShare[] =>
      [...counts.entries()]
        .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
        .slice(0, top)
        .map(([category, count]) => {
          const share = count / groupSize
          return { category, count, share, lift: share / overallShare(category) }
        })
    categorical.push({
      name: column.name,
      overall: rank(overallCounts, n),
      perCluster: clusterCounts.map((counts, c) => rank(counts, sizes[c] as number)),
    })
  }

  return ok({ k, n, sizes, shares, numeric, categorical })
}

function lengthMismatch(name: string, length: number, n: number): ModelError {
  return modelError('InvalidInput', `column ${name} has ${length} values but there are ${n} labels`, { column: name })
}
