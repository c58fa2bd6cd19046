import {
  compareCalibrationHoldout,
  conditionalExpectedPurchasesByCustomer,
  fitBgNbd,
  fitGammaGamma,
  validateFrequencyRecency,
  type FrequencyRecencyData,
  type TransactionSummary,
} from '@portrait/analytics/clv'
import {
  err,
  ok,
  portraitError,
  type ClvFitReport,
  type ClvHoldoutCheck,
  type ClvSpendFit,
  type ClvUnit,
  type PortraitError,
  type Result,
} from '@portrait/core'
import { dayString } from './clv-dates.js'

/** What the fit needs per customer: the calibration summary, with spend when it is known. */
export interface ClvInput extends FrequencyRecencyData {
  /** z̄: mean value of the repeat purchases (0 when x = 0); null when no amounts are known. */
  readonly monetaryValue: Float64Array | null
  /**
   * The number of repeat purchases behind each z̄, when it differs from x (0 for a customer whose
   * spend is unknown); default x where z̄ > 0, else 0.
   */
  readonly spendFrequency?: Float64Array
}

export interface ClvFitOptions {
  readonly unit: ClvUnit
  /** YYYY-MM-DD, or null when the summary came ready-made. */
  readonly calibrationEnd: string | null
}

/** Pearson correlation of two equally long samples; null when either is constant or there are fewer than 3 points. */
export function pearson(u: ArrayLike<number>, v: ArrayLike<number>): number | null {
  const n = u.length
  if (n < 3) return null
  let mu = 0
  let mv = 0
  for (let i = 0; i < n; i++) {
    mu += u[i] ?? 0
    mv += v[i] ?? 0
  }
  mu /= n
  mv /= n
  let suv = 0
  let suu = 0
  let svv = 0
  for (let i = 0; i < n; i++) {
    const du = (u[i] ?? 0) - mu
    const dv = (v[i] ?? 0) - mv
    suv += du * dv
    suu += du * du
    svv += dv * dv
  }
  if (!(suu > 0 && svv > 0)) return null
  return suv / Math.sqrt(suu * svv)
}

/**
 * The calibration summary with customers of identical (x, t_x, T) merged into one weighted row. The
 * likelihood is the same sum, with far fewer terms: customers bought on the same days of the week
 * grid share histories (most of those without a repeat purchase differ only by their first week).
 * Fewer terms also mean less rounding noise in the numerical gradient, which on tens of thousands of
 * customers can otherwise keep BFGS from certifying an optimum it has reached.
 */
export function groupHistories(data: FrequencyRecencyData): FrequencyRecencyData {
  const rows = new Map<string, number>()
  const x: number[] = []
  const tx: number[] = []
  const T: number[] = []
  const weights: number[] = []
  for (let i = 0; i < data.x.length; i++) {
    const key = `${data.x[i]}|${data.tx[i]}|${data.T[i]}`
    const w = data.weights?.[i] ?? 1
    const row = rows.get(key)
    if (row === undefined) {
      rows.set(key, weights.length)
      x.push(data.x[i] ?? 0)
      tx.push(data.tx[i] ?? 0)
      T.push(data.T[i] ?? 0)
      weights.push(w)
    } else {
      weights[row] = (weights[row] ?? 0) + w
    }
  }
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), weights: Float64Array.from(weights) }
}

/** The Gamma-Gamma part of a fit, on the customers with repeat purchases. */
function fitSpend(x: Float64Array, monetaryValue: Float64Array): Result<ClvSpendFit, PortraitError> {
  const repeatX: number[] = []
  const repeatZ: number[] = []
  for (let i = 0; i < x.length; i++) {
    if ((x[i] ?? 0) > 0) {
      repeatX.push(x[i] ?? 0)
      repeatZ.push(monetaryValue[i] ?? 0)
    }
  }
  const first = repeatZ[0]
  if (repeatZ.length >= 2 && repeatZ.every((z) => z === first)) {
    return err(
      portraitError(
        'DegenerateData',
        `every repeat customer has the same mean spend (${first}): the Gamma-Gamma spend model cannot be estimated from constant values`,
      ),
    )
  }
  const fit = fitGammaGamma({ x, monetaryValue })
  if (!fit.ok) return err(portraitError(fit.error.tag, `Gamma-Gamma spend model: ${fit.error.message}`, fit.error.details))
  const { parameters, standardErrors } = fit.value
  const { p, q, gamma } = parameters
  return ok({
    model: 'gamma-gamma',
    params: { p, q, gamma },
    logLikelihood: fit.value.logLikelihood,
    n: fit.value.customers,
    stdErrors: standardErrors === null ? null : { p: standardErrors.p, q: standardErrors.q, gamma: standardErrors.gamma },
    converged: true,
    gradientNorm: fit.value.gradientNorm,
    meanSpend: q > 1 ? (p * gamma) / (q - 1) : null,
    frequencyCorrelation: pearson(repeatX, repeatZ),
  })
}

/**
 * Fits BG/NBD (and Gamma-Gamma when spend is known) on a calibration summary. The report keeps the
 * key order of `portrait clv fit --json`. Failures of the models keep their tags: malformed data is
 * `InvalidInput`, data that cannot identify a model `DegenerateData`, an optimiser that did not
 * converge `NotConverged` — never NaN parameters.
 */
export function fitClvModels(input: ClvInput, options: ClvFitOptions): Result<ClvFitReport, PortraitError> {
  // Malformed rows are reported by position in the input, before the rows are merged.
  const check = validateFrequencyRecency(input)
  if (!check.ok) return err(portraitError(check.error.tag, check.error.message, check.error.details))
  const purchases = fitBgNbd(groupHistories(input))
  if (!purchases.ok) return err(portraitError(purchases.error.tag, purchases.error.message, purchases.error.details))
  const { parameters, standardErrors } = purchases.value
  let spend: ClvSpendFit | undefined
  if (input.monetaryValue !== null) {
    // Repeat purchases of zero value carry no spend information (the spend model's support is z̄ > 0).
    const monetary = input.monetaryValue
    const spendFrequency = input.spendFrequency ?? input.x.map((x, i) => ((monetary[i] ?? 0) > 0 ? x : 0))
    const spendFit = fitSpend(spendFrequency, monetary)
    if (!spendFit.ok) return spendFit
    spend = spendFit.value
  }
  let repeatCustomers = 0
  for (const x of input.x) if (x > 0) repeatCustomers++
  const { r, alpha, a, b } = parameters
  return ok({
    model: 'bgnbd',
    params: { r, alpha, a, b },
    logLikelihood: purchases.value.logLikelihood,
    stdErrors:
      standardErrors === null ? null : { r: standardErrors.r, alpha: standardErrors.alpha, a: standardErrors.a, b: standardErrors.b },
    n: purchases.value.customers,
    ...(spend === undefined ? {} : { spend }),
    converged: true,
    gradientNorm: purchases.value.gradientNorm,
    repeatCustomers,
    unit: options.unit,
    calibrationEnd: options.calibrationEnd,
  })
}

/**
 * The calibration/holdout check of Fader, Hardie & Lee (2005) for a fit on the calibration part of
 * `summary` (built with an observation end): predicted against actual holdout purchases per
 * customer, by calibration frequency, and the cumulative tracking series per period. Also returns
 * each customer's prediction, in the order of `summary`.
 *
 * @param originDay - day number of the summary's origin in its own calendar (for the period dates).
 */
export function holdoutCheck(
  fit: ClvFitReport,
  summary: TransactionSummary,
  dates: { readonly calibrationEnd: string; readonly observationEnd: string; readonly originDay: number },
): Result<{ readonly check: ClvHoldoutCheck; readonly predicted: Float64Array }, PortraitError> {
  const actual = summary.holdoutPurchases
  const duration = summary.holdoutDuration
  if (actual === null || duration === null) {
    return err(portraitError('InvalidInput', 'there is no holdout period: give an observation end after the calibration end'))
  }
  const comparison = compareCalibrationHoldout(fit.params, summary)
  if (!comparison.ok) return err(portraitError(comparison.error.tag, comparison.error.message, comparison.error.details))
  const predicted = conditionalExpectedPurchasesByCustomer(fit.params, duration, summary)
  if (!predicted.ok) return err(portraitError(predicted.error.tag, predicted.error.message, predicted.error.details))
  const n = actual.length
  let actualTotal = 0
  let predictedTotal = 0
  let absolute = 0
  let squared = 0
  for (let i = 0; i < n; i++) {
    const y = actual[i] ?? 0
    const yHat = predicted.value[i] ?? 0
    actualTotal += y
    predictedTotal += yHat
    absolute += Math.abs(yHat - y)
    squared += (yHat - y) ** 2
  }
  const { tracking, byFrequency, calibrationPeriods } = comparison.value
  const points = Array.from(tracking.actualCumulative, (actualCumulative, k) => ({
    period: k,
    start: dayString(dates.originDay + k * summary.unitDays),
    actual: actualCumulative,
    expected: tracking.expectedCumulative[k] ?? 0,
    actualInPeriod: tracking.actualPerPeriod[k] ?? 0,
    expectedInPeriod: tracking.expectedPerPeriod[k] ?? 0,
  }))
  const check: ClvHoldoutCheck = {
    calibrationEnd: dates.calibrationEnd,
    observationEnd: dates.observationEnd,
    unit: summary.unit,
    duration,
    customers: n,
    actualTotal,
    predictedTotal,
    perCustomer: {
      meanAbsoluteError: absolute / n,
      rootMeanSquaredError: Math.sqrt(squared / n),
      correlation: pearson(predicted.value, actual),
    },
    byFrequency: byFrequency.map((bucket) => ({ ...bucket })),
    calibrationPeriods,
    tracking: points,
  }
  return ok({ check, predicted: predicted.value })
}
