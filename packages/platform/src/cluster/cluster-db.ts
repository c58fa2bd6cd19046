/**
 * Clustering of the customers in the database: features from the store's feature query, k-means
 * from `@portrait/analytics/cluster`, and the assignment stored as `scores.cluster` =
 * `{cluster, k, distance}` with the run's summary in the provenance (so the latest run can be shown
 * again without recomputing it).
 *
 * Who is clustered: customers with a value for every numeric feature chosen. Recency, average order
 * value and the channel shares have no value for customers who never bought, and age and income can
 * be unknown; such customers are left out and counted as `excluded`. A missing categorical value is
 * no category (all its indicator columns are 0).
 */
import type { CategoryValue, FeatureColumn } from '@portrait/analytics/cluster'
import {
  ClusterResult,
  err,
  ok,
  portraitError,
  type ClusterFeatureList,
  type ClusterPoints,
  type PortraitError,
  type Result,
} from '@portrait/core'
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES, type CategoricalFeature, type NumericFeature, type ScoreRow } from '@portrait/store'
import type { Portrait } from '../portrait.js'
import { parseCalendarDate } from '../rfm/rfm.js'
import { fitClusters, type ClusterFitOptions } from './fit.js'

export interface ClusterRunOptions extends ClusterFitOptions {
  /** Numeric and categorical customer features; default recency_days, frequency, monetary. */
  readonly features?: readonly string[]
  /** YYYY-MM-DD: measure the features as of this date. Default: the day after the last order. */
  readonly asOf?: string
}

/** Stored per customer in `scores.cluster`. */
export interface ClusterScoreValue {
  readonly cluster: number
  readonly k: number
  /** Euclidean distance to the cluster centre in the scaled feature space. */
  readonly distance: number
}

export const DEFAULT_CLUSTER_FEATURES: readonly NumericFeature[] = ['recency_days', 'frequency', 'monetary']
/** Shown in every profile (when they have values) so clusters of any features can be read in customer terms. */
const DESCRIBE_NUMERIC: readonly NumericFeature[] = ['recency_days', 'frequency', 'monetary']
const DESCRIBE_CATEGORICAL: readonly CategoricalFeature[] = ['gender', 'age_band', 'city_tier', 'main_channel']

const isNumericFeature = (f: string): f is NumericFeature => (NUMERIC_FEATURES as readonly string[]).includes(f)
const isCategoricalFeature = (f: string): f is CategoricalFeature => (CATEGORICAL_FEATURES as readonly string[]).includes(f)

/** The features a clustering can use. */
export function clusterFeatureList(): ClusterFeatureList {
  return { numeric: [...NUMERIC_FEATURES], categorical: [...CATEGORICAL_FEATURES] }
}

function checkFeatures(features: readonly string[]): Result<readonly string[], PortraitError> {
  if (features.length === 0) return err(portraitError('InvalidInput', 'choose at least one feature to cluster on'))
  const seen = new Set<string>()
  for (const f of features) {
    if (!isNumericFeature(f) && !isCategoricalFeature(f)) {
      return err(
        portraitError(
          'InvalidInput',
          `unknown feature '${f}'; numeric features: ${NUMERIC_FEATURES.join(', ')}; categorical features: ${CATEGORICAL_FEATURES.join(', ')}`,
          { feature: f, numeric: [...NUMERIC_FEATURES], categorical: [...CATEGORICAL_FEATURES] },
        ),
      )
    }
    if (seen.has(f)) return err(portraitError('InvalidInput', `feature '${f}' is listed twice`))
    seen.add(f)
  }
  return ok(features)
}

/** Clusters the customers, stores `scores.cluster`, and returns the run's summary. */
export async function runClustering(p: Portrait, options: ClusterRunOptions = {}): Promise<Result<ClusterResult, PortraitError>> {
  const features = checkFeatures(options.features ?? DEFAULT_CLUSTER_FEATURES)
  if (!features.ok) return features
  let asOf: Date | undefined
  if (options.asOf !== undefined) {
    const parsed = parseCalendarDate(options.asOf, 'as-of date')
    if (!parsed.ok) return parsed
    asOf = parsed.value
  }
  const table = await p.store.features.customerFeatures(p.workspaceId, asOf ? { asOf } : {})
  const numericNames = features.value.filter(isNumericFeature)
  const keep: number[] = []
  for (let i = 0; i < table.customerIds.length; i++) {
    if (numericNames.every((f) => Number.isFinite(table.numeric[f][i]))) keep.push(i)
  }
  const excluded = table.customerIds.length - keep.length
  if (keep.length < 3) {
    return err(
      portraitError(
        'DegenerateData',
        `only ${keep.length} of ${table.customerIds.length} customers have values for ${numericNames.join(', ') || 'the features'}; at least 3 are needed to cluster`,
        { customers: table.customerIds.length, clusterable: keep.length },
      ),
    )
  }
  const numericColumn = (f: NumericFeature) => ({ name: f, values: Float64Array.from(keep, (i) => table.numeric[f][i] as number) })
  const categoricalColumn = (f: CategoricalFeature) => ({
    name: f,
    values: keep.map((i) => table.categorical[f][i] ?? null) as CategoryValue[],
  })
  const inputs: FeatureColumn[] = features.value.map((f) =>
    isNumericFeature(f) ? { kind: 'numeric', ...numericColumn(f) } : { kind: 'categorical', ...categoricalColumn(f as CategoricalFeature) },
  )
  const describeNumeric = DESCRIBE_NUMERIC.filter((f) => keep.every((i) => Number.isFinite(table.numeric[f][i]))).map(numericColumn)
  const describeCategorical = DESCRIBE_CATEGORICAL.map(categoricalColumn).filter((c) => c.values.some((v) => v !== null))

  const fit = fitClusters({ inputs, describeNumeric, describeCategorical }, options)
  if (!fit.ok) return fit
  const computedAt = new Date().toISOString()
  const result: ClusterResult = { ...fit.value.result, excluded, source: 'database', asOf: table.asOf, computedAt }
  const rows: ScoreRow[] = keep.map((customer, row) => {
    const value: ClusterScoreValue = {
      cluster: fit.value.labels[row] as number,
      k: result.k,
      distance: fit.value.distances[row] as number,
    }
    return { customer_id: table.customerIds[customer] as string, value: { ...value } }
  })
  await p.store.scores.replace(p.workspaceId, 'cluster', rows, {
    model: 'kmeans',
    computedAt,
    n: keep.length,
    asOf: table.asOf,
    params: {
      features: [...features.value],
      k: options.k ?? 'auto',
      seed: result.seed,
      scale: result.scale,
      restarts: result.restarts,
      result,
    },
    notes: `${excluded} customers without a value for every numeric feature were not clustered.`,
  })
  return ok(result)
}

/** The summary of the latest stored clustering run. */
export async function latestClustering(p: Portrait): Promise<Result<ClusterResult, PortraitError>> {
  const provenance = await p.store.scores.provenance(p.workspaceId, 'cluster')
  const parsed = ClusterResult.safeParse(provenance?.params?.['result'])
  if (!provenance || !parsed.success) {
    return err(
      portraitError('NotFound', 'customers have not been clustered in this workspace yet; run a clustering first (portrait cluster)'),
    )
  }
  return ok(parsed.data)
}

/**
 * Two numeric features of the clustered customers with their cluster, for a scatter plot: an even
 * sample (every ⌈total / limit⌉-th customer in id order) when there are more than `limit`.
 */
export async function clusterPoints(
  p: Portrait,
  query: { readonly x: string; readonly y: string; readonly limit?: number },
): Promise<Result<ClusterPoints, PortraitError>> {
  for (const f of [query.x, query.y]) {
    if (!isNumericFeature(f)) {
      return err(portraitError('InvalidInput', `'${f}' is not a numeric feature; numeric features: ${NUMERIC_FEATURES.join(', ')}`))
    }
  }
  const x = query.x as NumericFeature
  const y = query.y as NumericFeature
  const limit = query.limit ?? 2000
  const latest = await latestClustering(p)
  if (!latest.ok) return latest
  const stored = await p.store.scores.list(p.workspaceId, 'cluster')
  const asOf = latest.value.asOf ? parseCalendarDate(latest.value.asOf, 'as-of date') : null
  const table = await p.store.features.customerFeatures(p.workspaceId, asOf?.ok ? { asOf: asOf.value } : {})
  const rowOf = new Map(table.customerIds.map((id, i) => [id, i]))
  const all: [number, number, number][] = []
  for (const s of stored) {
    const i = rowOf.get(s.customer_id)
    if (i === undefined) continue
    const vx = table.numeric[x][i] as number
    const vy = table.numeric[y][i] as number
    if (Number.isFinite(vx) && Number.isFinite(vy)) all.push([vx, vy, (s.value as unknown as ClusterScoreValue).cluster])
  }
  const step = Math.max(1, Math.ceil(all.length / limit))
  const points = all.filter((_, i) => i % step === 0)
  return ok({ x, y, total: all.length, points })
}
