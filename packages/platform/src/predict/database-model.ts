/**
 * Churn and purchase propensity on the customer database.
 *
 * Labels look forward from a cut-off date over a horizon of N days (the window
 * `[cutoff, cutoff + N)`); the features are measured strictly before the cut-off, so the model only
 * sees what was known at that moment:
 * - churn: among customers who had bought before the cut-off, 1 when they made no purchase in the
 *   window (customers who never bought cannot lapse, so they are not in this population);
 * - purchase: among all customers, 1 when they made at least one purchase in the window.
 * By default the window ends where the data ends (the day after the last order), i.e. the cut-off is
 * N days before that. Scoring fits the same model on that history and applies it to the features
 * measured now (the day after the last order), writing `scores.churn` / `scores.purchase`.
 *
 * Features come from the store's per-customer feature query: recency, frequency, monetary value,
 * tenure, average order value, returns, distinct categories, events, channel shares, age, income and
 * the demographic categories. A missing number (no age on file; no recency for a customer who never
 * bought) is replaced by the training median, and a `<feature>_missing` indicator says so, so the
 * model can still tell such customers apart; missing categories are the level `unknown`.
 */
import { predictProbabilities, prepareFeatures, type FeatureSpec, type PreparedFeatures } from '@portrait/analytics/models'
import {
  err,
  ok,
  portraitError,
  type PortraitError,
  type PredictLabel,
  type PredictLatest,
  type PredictModel,
  type PredictScoreResult,
  type PredictScored,
  type Result,
} from '@portrait/core'
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES, type CustomerFeatureTable, type ScoreRow } from '@portrait/store'
import type { Portrait } from '../portrait.js'
import { checkTrainOptions, trainLogistic, type TrainedModel, type TrainOptions } from './train.js'

export interface DatabaseModelOptions extends TrainOptions {
  readonly label: PredictLabel
  /** Days after the cut-off the label looks at (default 90). */
  readonly horizon?: number
  /** YYYY-MM-DD; default: `horizon` days before the day after the last order. */
  readonly cutoff?: string
  /** Features to leave out. */
  readonly drop?: readonly string[]
}

const DAY_MS = 86_400_000
const DEFAULT_HORIZON = 90
const LABELS: readonly PredictLabel[] = ['churn', 'purchase']
/** Every feature the database mode can use. */
export const DATABASE_FEATURES: readonly string[] = [...NUMERIC_FEATURES, ...CATEGORICAL_FEATURES]
/** Shown at the top of the scoring result. */
const TOP_SCORED = 20

/** The stored run names. */
export const modelRunName = (label: PredictLabel): string => `predict.${label}`
export const scoreRunName = (label: PredictLabel): string => `predict.${label}.score`

const ymd = (d: Date): string => d.toISOString().slice(0, 10)

function parseDay(text: string, what: string): Result<Date, PortraitError> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null
  if (!date || ymd(date) !== text) return err(portraitError('InvalidInput', `${what} '${text}' is not a date; use YYYY-MM-DD`))
  return ok(date)
}

interface Resolved {
  readonly label: PredictLabel
  readonly horizon: number
  readonly cutoff: Date
  readonly labelEnd: Date
  readonly dataEnd: Date
  readonly drop: ReadonlySet<string>
}

async function resolveOptions(portrait: Portrait, options: DatabaseModelOptions): Promise<Result<Resolved, PortraitError>> {
  if (!LABELS.includes(options.label)) {
    return err(portraitError('InvalidInput', `label must be churn or purchase, got '${String(options.label)}'`))
  }
  const horizon = options.horizon ?? DEFAULT_HORIZON
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 3650) {
    return err(portraitError('InvalidInput', `horizon must be a whole number of days from 1 to 3650, got ${String(horizon)}`))
  }
  const checked = checkTrainOptions(options)
  if (!checked.ok) return checked
  for (const feature of options.drop ?? []) {
    if (!DATABASE_FEATURES.includes(feature)) {
      return err(portraitError('InvalidInput', `cannot drop '${feature}': the features are ${DATABASE_FEATURES.join(', ')}`))
    }
  }
  const last = await portrait.store.features.lastOrderAt(portrait.workspaceId)
  if (last === null) return err(portraitError('DegenerateData', 'there are no orders: a propensity model needs purchase history'))
  const dataEnd = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), last.getUTCDate()) + DAY_MS)
  let cutoff = new Date(dataEnd.getTime() - horizon * DAY_MS)
  if (options.cutoff !== undefined) {
    const parsed = parseDay(options.cutoff, 'cut-off')
    if (!parsed.ok) return parsed
    cutoff = parsed.value
  }
  const labelEnd = new Date(cutoff.getTime() + horizon * DAY_MS)
  if (labelEnd.getTime() > dataEnd.getTime()) {
    return err(
      portraitError(
        'InvalidInput',
        `the label window ${ymd(cutoff)} + ${horizon} days ends on ${ymd(labelEnd)}, after the data (last order on ${ymd(last)}): choose an earlier cut-off or a shorter horizon`,
      ),
    )
  }
  return ok({ label: options.label, horizon, cutoff, labelEnd, dataEnd, drop: new Set(options.drop ?? []) })
}

/** How each feature enters the model, learned from the training table and applied to any table. */
interface FeaturePlan {
  readonly numeric: readonly { readonly name: string; readonly fill: number; readonly indicator: boolean }[]
  readonly categorical: readonly string[]
}

function numericValues(table: CustomerFeatureTable, name: (typeof NUMERIC_FEATURES)[number]): Float64Array {
  const values = table.numeric[name]
  // Tenure counts from the profile's creation for customers without a purchase; a profile created
  // after the as-of date (imported later) gives a negative count, which means "new": 0 days.
  return name === 'tenure_days' ? values.map((v) => (Number.isNaN(v) ? v : Math.max(0, v))) : values
}

function planFeatures(table: CustomerFeatureTable, drop: ReadonlySet<string>): FeaturePlan {
  const numeric = NUMERIC_FEATURES.filter((name) => !drop.has(name)).map((name) => {
    const present = [...numericValues(table, name)].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
    const middle = present.length / 2
    const fill =
      present.length === 0
        ? 0
        : present.length % 2 === 1
          ? (present[Math.floor(middle)] ?? 0)
          : ((present[middle - 1] ?? 0) + (present[middle] ?? 0)) / 2
    return { name, fill, indicator: present.length > 0 && present.length < table.customerIds.length }
  })
  return { numeric, categorical: CATEGORICAL_FEATURES.filter((name) => !drop.has(name)) }
}

function planFeatureNames(plan: FeaturePlan): string[] {
  return [...plan.numeric.flatMap(({ name, indicator }) => (indicator ? [name, `${name}_missing`] : [name])), ...plan.categorical]
}

function applyPlan(plan: FeaturePlan, table: CustomerFeatureTable): Result<PreparedFeatures, PortraitError> {
  const spec: { name: string; kind: 'numeric' | 'categorical' }[] = []
  const data: Record<string, Float64Array | string[]> = {}
  for (const { name, fill, indicator } of plan.numeric) {
    const raw = numericValues(table, name as (typeof NUMERIC_FEATURES)[number])
    data[name] = raw.map((v) => (Number.isNaN(v) ? fill : v))
    spec.push({ name, kind: 'numeric' })
    if (indicator) {
      data[`${name}_missing`] = raw.map((v) => (Number.isNaN(v) ? 1 : 0))
      spec.push({ name: `${name}_missing`, kind: 'numeric' })
    }
  }
  for (const name of plan.categorical) {
    data[name] = table.categorical[name as (typeof CATEGORICAL_FEATURES)[number]].map((v) => (v === null || v === '' ? 'unknown' : v))
    spec.push({ name, kind: 'categorical' })
  }
  if (spec.length === 0) return err(portraitError('InvalidInput', 'every feature was dropped: the model needs at least one'))
  const prepared = prepareFeatures(spec as FeatureSpec, data)
  return prepared.ok ? prepared : err(portraitError(prepared.error.tag, prepared.error.message, prepared.error.details))
}

interface History {
  readonly resolved: Resolved
  readonly plan: FeaturePlan
  readonly trained: TrainedModel
  readonly model: PredictModel
}

/** Builds the labelled history at the cut-off and trains on it. */
async function trainOnHistory(portrait: Portrait, options: DatabaseModelOptions): Promise<Result<History, PortraitError>> {
  const resolved = await resolveOptions(portrait, options)
  if (!resolved.ok) return resolved
  const { label, horizon, cutoff, labelEnd, drop } = resolved.value
  const { store, workspaceId } = portrait
  const table = await store.features.customerFeatures(workspaceId, { asOf: cutoff, buyersOnly: label === 'churn' })
  if (table.customerIds.length === 0) {
    return err(portraitError('DegenerateData', `no customer had bought before the cut-off ${ymd(cutoff)}: choose a later cut-off`))
  }
  const purchases = await store.features.transactions(workspaceId, { until: new Date(labelEnd.getTime() - 1) })
  const boughtInWindow = new Set<string>()
  const from = cutoff.getTime()
  const to = labelEnd.getTime()
  purchases.customerIds.forEach((id, i) => {
    const at = purchases.at[i] ?? 0
    if (at >= from && at < to) boughtInWindow.add(id)
  })
  const target = Uint8Array.from(table.customerIds, (id) => (boughtInWindow.has(id) === (label === 'purchase') ? 1 : 0))
  const plan = planFeatures(table, drop)
  const prepared = applyPlan(plan, table)
  if (!prepared.ok) return prepared
  const trained = trainLogistic(prepared.value, target, planFeatureNames(plan), options)
  if (!trained.ok) {
    const what = label === 'churn' ? 'churned' : 'bought'
    return err(
      portraitError(
        trained.error.tag,
        `${label} model with cut-off ${ymd(cutoff)} and horizon ${horizon} days (${table.customerIds.length} customers, ${target.reduce((n, y) => n + y, 0)} ${what}): ${trained.error.message}`,
        trained.error.details,
      ),
    )
  }
  const model: PredictModel = {
    ...trained.value.report,
    label,
    horizon,
    cutoff: ymd(cutoff),
    labelEnd: ymd(labelEnd),
    classWeight: options.classWeight ?? null,
    computedAt: new Date().toISOString(),
  }
  return ok({ resolved: resolved.value, plan, trained: trained.value, model })
}

async function saveModel(portrait: Portrait, model: PredictModel): Promise<void> {
  await portrait.store.modelRuns.save(portrait.workspaceId, {
    model: modelRunName(model.label),
    computedAt: model.computedAt,
    params: {
      label: model.label,
      horizon: model.horizon,
      cutoff: model.cutoff,
      lambda: model.lambda,
      seed: model.seed,
      folds: model.folds.length,
      classWeight: model.classWeight,
    },
    result: model,
  })
}

/**
 * Trains a churn or purchase model on the labelled history, cross-validated, and stores it as the
 * latest model of its label. Errors: bad options (`InvalidInput`); no orders, no customers before the
 * cut-off, one outcome only or too few of one outcome for the folds (`DegenerateData`).
 */
export async function trainDatabaseModel(portrait: Portrait, options: DatabaseModelOptions): Promise<Result<PredictModel, PortraitError>> {
  const history = await trainOnHistory(portrait, options)
  if (!history.ok) return history
  await saveModel(portrait, history.value.model)
  return ok(history.value.model)
}

/**
 * Fits the model on the labelled history and writes a probability for every customer of the
 * label's population as of now (the day after the last order): `scores.churn` for customers who have
 * bought, `scores.purchase` for all customers. Each value is `{probability, model, horizon, as_of}`;
 * the provenance records the cross-validated AUC, the training rows and the features.
 */
export async function scoreDatabaseModel(
  portrait: Portrait,
  options: DatabaseModelOptions,
): Promise<Result<PredictScoreResult, PortraitError>> {
  const history = await trainOnHistory(portrait, options)
  if (!history.ok) return history
  const { plan, trained, model, resolved } = history.value
  const { store, workspaceId } = portrait
  const current = await store.features.customerFeatures(workspaceId, { asOf: resolved.dataEnd, buyersOnly: resolved.label === 'churn' })
  const prepared = applyPlan(plan, current)
  if (!prepared.ok) return prepared
  const probabilities = predictProbabilities(trained.model, prepared.value)
  if (!probabilities.ok) return err(portraitError(probabilities.error.tag, probabilities.error.message, probabilities.error.details))
  const p = probabilities.value
  const asOf = current.asOf
  const computedAt = new Date().toISOString()
  const modelName = 'logistic-regression'
  const rows: ScoreRow[] = current.customerIds.map((customer_id, i) => ({
    customer_id,
    value: { probability: p[i] ?? 0, model: modelName, horizon: resolved.horizon, as_of: asOf },
  }))
  await store.scores.replace(workspaceId, resolved.label, rows, {
    model: modelName,
    computedAt,
    n: rows.length,
    asOf,
    params: {
      label: resolved.label,
      horizon: resolved.horizon,
      cutoff: model.cutoff,
      auc: model.auc,
      logLoss: model.logLoss,
      trainingRows: model.n,
      positives: model.positives,
      features: model.features,
      folds: model.folds.length,
      seed: model.seed,
      lambda: model.lambda,
    },
    notes:
      resolved.label === 'churn'
        ? `P(no purchase in the next ${resolved.horizon} days), for customers who have bought; trained on the ${model.n} buyers before ${model.cutoff}`
        : `P(at least one purchase in the next ${resolved.horizon} days); trained on ${model.n} customers at ${model.cutoff}`,
  })

  const bins = 10
  const counts = new Array<number>(bins).fill(0)
  let sum = 0
  for (const value of p) {
    const bin = Math.min(bins - 1, Math.floor(value * bins))
    counts[bin] = (counts[bin] ?? 0) + 1
    sum += value
  }
  const order = Array.from(p.keys()).sort(
    (a, b) => (p[b] ?? 0) - (p[a] ?? 0) || ((current.customerIds[a] ?? '') < (current.customerIds[b] ?? '') ? -1 : 1),
  )
  const top: PredictScored[] = order.slice(0, TOP_SCORED).map((i) => {
    const recency = current.numeric.recency_days[i] ?? Number.NaN
    return {
      customer_id: current.customerIds[i] ?? '',
      probability: p[i] ?? 0,
      recency_days: Number.isNaN(recency) ? null : recency,
      frequency: current.numeric.frequency[i] ?? 0,
      monetary: current.numeric.monetary[i] ?? 0,
    }
  })
  const result: PredictScoreResult = {
    label: resolved.label,
    horizon: resolved.horizon,
    asOf,
    written: rows.length,
    scoreName: resolved.label,
    model: { auc: model.auc, n: model.n, positives: model.positives, cutoff: model.cutoff, features: model.features },
    meanProbability: rows.length === 0 ? 0 : sum / rows.length,
    distribution: counts.map((count, b) => ({ lower: b / bins, upper: (b + 1) / bins, count })),
    top,
    computedAt,
  }
  await saveModel(portrait, model)
  await store.modelRuns.save(workspaceId, {
    model: scoreRunName(resolved.label),
    computedAt,
    params: { label: resolved.label, horizon: resolved.horizon },
    result,
  })
  return ok(result)
}

/** The latest model and scoring run of `label`; without a label, of the label trained most recently. */
export async function latestPrediction(portrait: Portrait, label?: PredictLabel): Promise<PredictLatest> {
  const { store, workspaceId } = portrait
  let chosen = label
  if (chosen === undefined) {
    let newest = ''
    for (const candidate of LABELS) {
      const run = await store.modelRuns.latest(workspaceId, modelRunName(candidate))
      if (run && run.computedAt > newest) {
        newest = run.computedAt
        chosen = candidate
      }
    }
  }
  if (chosen === undefined) return { model: null, scoring: null }
  const model = await store.modelRuns.latest(workspaceId, modelRunName(chosen))
  const scoring = await store.modelRuns.latest(workspaceId, scoreRunName(chosen))
  return {
    model: model ? (model.result as PredictModel) : null,
    scoring: scoring ? (scoring.result as PredictScoreResult) : null,
  }
}
