import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { conditionalExpectedPurchasesUnchecked, expectedPurchasesUnchecked, type BgNbdParameters } from './bgNbd.js'
import { invalid, validateFrequencyRecency, validatePositiveParameters, type FrequencyRecencyData } from './data.js'
import type { TransactionSummary } from './summary.js'

/** Customers grouped by their number of calibration-period repeat purchases. */
export interface FrequencyBucket {
  /** Smallest x in the bucket. */
  readonly frequency: number
  /** 'x', or 'x+' for the last, open-ended bucket. */
  readonly label: string
  /** Number (total weight) of customers in the bucket. */
  readonly customers: number
  /** Mean observed number of holdout-period purchases. */
  readonly actualMean: number
  /** Mean of E[Y(t*) | x, t_x, T] over the bucket, t* the holdout duration. */
  readonly predictedMean: number
}

const validateBgNbd = (params: BgNbdParameters): Result<true, ModelError> =>
  validatePositiveParameters('BG/NBD', { r: params.r, alpha: params.alpha, a: params.a, b: params.b })

/**
 * Conditional expectations by calibration frequency, the validation of FHL 2005 (figure 4):
 * customers are grouped by x = 0, 1, …, maxFrequency-1 and maxFrequency+, and in each group the mean
 * number of purchases actually made in the holdout period is set against the mean of the model's
 * E[Y(t*) | x, t_x, T]. Empty buckets are left out.
 *
 * @param params - BG/NBD parameters fitted on the calibration period.
 * @param calibration - calibration summary (x, t_x, T; weights are honoured).
 * @param holdoutPurchases - purchases each customer made in the holdout period.
 * @param holdoutDuration - t*, the length of the holdout period in the model's time unit.
 * @param options.maxFrequency - first x of the open-ended last bucket; default 7, as in FHL 2005.
 */
export function conditionalExpectationsByFrequency(
  params: BgNbdParameters,
  calibration: FrequencyRecencyData,
  holdoutPurchases: Float64Array,
  holdoutDuration: number,
  options: { readonly maxFrequency?: number } = {},
): Result<FrequencyBucket[], ModelError> {
  const paramCheck = validateBgNbd(params)
  if (!paramCheck.ok) return paramCheck
  const dataCheck = validateFrequencyRecency(calibration)
  if (!dataCheck.ok) return dataCheck
  const n = calibration.x.length
  if (holdoutPurchases.length !== n) return invalid(`holdoutPurchases has ${holdoutPurchases.length} entries, expected ${n}`)
  if (!(Number.isFinite(holdoutDuration) && holdoutDuration >= 0))
    return invalid(`holdoutDuration must be finite and non-negative, got ${holdoutDuration}`)
  const maxFrequency = options.maxFrequency ?? 7
  if (!(Number.isInteger(maxFrequency) && maxFrequency >= 1)) return invalid(`maxFrequency must be a positive integer, got ${maxFrequency}`)

  const customers = new Float64Array(maxFrequency + 1)
  const actual = new Float64Array(maxFrequency + 1)
  const predicted = new Float64Array(maxFrequency + 1)
  const { r, alpha, a, b } = params
  for (let i = 0; i < n; i++) {
    const w = calibration.weights?.[i] ?? 1
    if (w === 0) continue
    const held = holdoutPurchases[i] ?? Number.NaN
    if (!(Number.isFinite(held) && held >= 0)) return invalid(`holdout purchases must be finite and non-negative (customer ${i}: ${held})`)
    const x = calibration.x[i] ?? 0
    const expected = conditionalExpectedPurchasesUnchecked(
      r,
      alpha,
      a,
      b,
      x,
      calibration.tx[i] ?? 0,
      calibration.T[i] ?? 0,
      holdoutDuration,
    )
    if (!Number.isFinite(expected)) {
      return err(modelError('NotConverged', `E[Y(t) | x, t_x, T] could not be evaluated (customer ${i})`, { customer: i }))
    }
    const bucket = Math.min(x, maxFrequency)
    customers[bucket] = (customers[bucket] ?? 0) + w
    actual[bucket] = (actual[bucket] ?? 0) + w * held
    predicted[bucket] = (predicted[bucket] ?? 0) + w * expected
  }
  const buckets: FrequencyBucket[] = []
  for (let k = 0; k <= maxFrequency; k++) {
    const count = customers[k] ?? 0
    if (count === 0) continue
    buckets.push({
      frequency: k,
      label: k === maxFrequency ? `${k}+` : `${k}`,
      customers: count,
      actualMean: (actual[k] ?? 0) / count,
      predictedMean: (predicted[k] ?? 0) / count,
    })
  }
  return ok(buckets)
}

/** What the tracking plot needs about a cohort; a {@link TransactionSummary} has all of it. */
export interface CohortPurchases {
  /** Each customer's first purchase, in model time units after the origin. */
  readonly firstPurchaseOffset: Float64Array
  /** Observed repeat purchases of the cohort in each period after the origin. */
  readonly repeatPurchasesPerPeriod: Float64Array
  /** Days per period: 1 or 7 (a period is one model time unit). */
  readonly unitDays: number
}

/** Cumulative and per-period repeat purchases of a cohort, observed and expected. */
export interface RepeatPurchaseTracking {
  /** Entry k: total through the last day of period k (0-based). */
  readonly actualCumulative: Float64Array
  readonly expectedCumulative: Float64Array
  /** Entry k: purchases within period k. */
  readonly actualPerPeriod: Float64Array
  readonly expectedPerPeriod: Float64Array
}

/**
 * The tracking plot of FHL 2005 (figure 3): cumulative repeat purchases of a cohort, observed
 * against expected, period by period. A customer whose first purchase was s time units after the
 * origin is expected to have made E[X(t - s)] repeat purchases by time t (FHL 2005, eq. 9), so the
 * expectation for the cohort is the sum of E[X(t - s_i)] over its customers. Time t for period k is
 * its last day, (k·d + d - 1)/d units after the origin for d days per unit, consistent with T being
 * measured to the calibration end day. Customers are grouped by s_i, so the cost grows with the
 * number of distinct first-purchase days, not with the number of customers.
 *
 * @param params - BG/NBD parameters, in the time unit of the periods.
 * @param cohort - first-purchase offsets and observed repeat purchases per period.
 */
export function trackRepeatPurchases(params: BgNbdParameters, cohort: CohortPurchases): Result<RepeatPurchaseTracking, ModelError> {
  const paramCheck = validateBgNbd(params)
  if (!paramCheck.ok) return paramCheck
  const { firstPurchaseOffset, repeatPurchasesPerPeriod, unitDays } = cohort
  if (!(Number.isInteger(unitDays) && unitDays >= 1)) return invalid(`unitDays must be a positive integer, got ${unitDays}`)
  const customersByOffset = new Map<number, number>()
  for (let i = 0; i < firstPurchaseOffset.length; i++) {
    const s = firstPurchaseOffset[i] ?? Number.NaN
    if (!(Number.isFinite(s) && s >= 0)) return invalid(`first-purchase offsets must be finite and non-negative (customer ${i}: ${s})`)
    customersByOffset.set(s, (customersByOffset.get(s) ?? 0) + 1)
  }
  const periods = repeatPurchasesPerPeriod.length
  const actualPerPeriod = Float64Array.from(repeatPurchasesPerPeriod)
  const actualCumulative = new Float64Array(periods)
  const expectedCumulative = new Float64Array(periods)
  const expectedPerPeriod = new Float64Array(periods)
  const { r, alpha, a, b } = params
  let running = 0
  for (let k = 0; k < periods; k++) {
    const count = actualPerPeriod[k] ?? Number.NaN
    if (!(Number.isFinite(count) && count >= 0))
      return invalid(`repeat purchases per period must be finite and non-negative (period ${k}: ${count})`)
    running += count
    actualCumulative[k] = running
    const periodEnd = (k * unitDays + unitDays - 1) / unitDays
    let expected = 0
    for (const [offset, customers] of customersByOffset) {
      const t = periodEnd - offset
      if (t <= 0) continue
      const value = expectedPurchasesUnchecked(r, alpha, a, b, t)
      if (!Number.isFinite(value)) return err(modelError('NotConverged', `E[X(t)] could not be evaluated (t = ${t})`, { t }))
      expected += customers * value
    }
    expectedCumulative[k] = expected
    expectedPerPeriod[k] = expected - (k > 0 ? (expectedCumulative[k - 1] ?? 0) : 0)
  }
  return ok({ actualCumulative, expectedCumulative, actualPerPeriod, expectedPerPeriod })
}

/** Calibration/holdout validation of a BG/NBD fit. */
export interface CalibrationHoldoutComparison {
  readonly byFrequency: readonly FrequencyBucket[]
  readonly tracking: RepeatPurchaseTracking
  /** Periods in the calibration part of `tracking`. */
  readonly calibrationPeriods: number
}

/**
 * Both validations of FHL 2005 for a model fitted on the calibration part of a
 * {@link TransactionSummary}: conditional expectations by calibration frequency over the holdout
 * period ({@link conditionalExpectationsByFrequency}) and the cumulative tracking of repeat
 * purchases across calibration and holdout ({@link trackRepeatPurchases}).
 *
 * @param params - BG/NBD parameters fitted on `summary` (same time unit).
 * @param summary - built with an `observationEnd`, so that holdout counts are present.
 * @param options.maxFrequency - first x of the open-ended frequency bucket; default 7.
 */
export function compareCalibrationHoldout(
  params: BgNbdParameters,
  summary: TransactionSummary,
  options: { readonly maxFrequency?: number } = {},
): Result<CalibrationHoldoutComparison, ModelError> {
  if (summary.holdoutPurchases === null || summary.holdoutDuration === null) {
    return invalid('the summary has no holdout period: build it with observationEnd')
  }
  const byFrequency = conditionalExpectationsByFrequency(params, summary, summary.holdoutPurchases, summary.holdoutDuration, options)
  if (!byFrequency.ok) return byFrequency
  const tracking = trackRepeatPurchases(params, summary)
  if (!tracking.ok) return tracking
  return ok({ byFrequency: byFrequency.value, tracking: tracking.value, calibrationPeriods: summary.calibrationPeriods })
}
