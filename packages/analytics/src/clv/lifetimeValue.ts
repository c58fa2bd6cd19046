import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { conditionalExpectedPurchasesUnchecked, type BgNbdParameters } from './bgNbd.js'
import { invalid, validateFrequencyRecency, validateMonetary, validatePositiveParameters, type FrequencyRecencyData } from './data.js'
import { conditionalExpectedAverageSpendUnchecked, type GammaGammaParameters } from './gammaGamma.js'

/** Calibration summary with spend: what a lifetime-value forecast needs per customer. */
export interface CustomerValueData extends FrequencyRecencyData {
  /** z̄: mean value of each customer's repeat purchases (0 when x = 0). */
  readonly monetaryValue: Float64Array
}

export interface LifetimeValueOptions {
  /** Number of periods to forecast (a positive integer), e.g. 52 weekly periods for one year. */
  readonly horizon: number
  /**
   * Discount rate per period (≥ 0): revenue in period k is divided by (1 + discountRate)^k. For
   * weekly periods and an annual rate R, use (1 + R)^(1/52) - 1 (about 0.0018 for R = 10%).
   */
  readonly discountRate: number
  /**
   * Length of one period in the models' time unit (the unit of T, t_x and α). Default 1: the period
   * is the time unit itself (a week for weekly data). Use e.g. 4.345 for months on weekly data.
   */
  readonly periodLength?: number
}

/**
 * Discounted expected residual lifetime value of each customer over a finite horizon, combining the
 * BG/NBD purchase model with the Gamma-Gamma spend model as in Fader, Hardie & Lee (2005), "RFM and
 * CLV: Using Iso-Value Curves for Customer Base Analysis", Journal of Marketing Research 42(4):
 *
 *   CLV = Σ_{k=1..H} E[Z | x, z̄] · (E[Y(kL) | x, t_x, T] - E[Y((k-1)L) | x, t_x, T]) / (1 + d)^k
 *
 * where L is the period length, H the horizon, d the per-period discount rate, E[Y(t) | ·] the
 * BG/NBD conditional expected purchases in the t time units after the calibration end and
 * E[Z | ·] the Gamma-Gamma expected value of a purchase. Purchases in period k are discounted by
 * a full k periods (end-of-period convention). Spend is assumed independent of purchase timing,
 * the premise of the Gamma-Gamma model.
 *
 * @param purchaseModel - fitted BG/NBD parameters (time unit of the data).
 * @param spendModel - fitted Gamma-Gamma parameters (currency unit of z̄; the result is in that unit).
 * @param data - x, t_x, T and z̄ per customer; weights, if any, are ignored (one value per row).
 * @returns one value per customer, or `InvalidInput` for malformed parameters, data or options, or
 *   when the Gamma-Gamma expected spend is infinite (q ≤ 1 with customers that have x = 0).
 */
export function discountedLifetimeValue(
  purchaseModel: BgNbdParameters,
  spendModel: GammaGammaParameters,
  data: CustomerValueData,
  options: LifetimeValueOptions,
): Result<Float64Array, ModelError> {
  const { r, alpha, a, b } = purchaseModel
  const { p, q, gamma } = spendModel
  const purchaseCheck = validatePositiveParameters('BG/NBD', { r, alpha, a, b })
  if (!purchaseCheck.ok) return purchaseCheck
  const spendCheck = validatePositiveParameters('Gamma-Gamma', { p, q, gamma })
  if (!spendCheck.ok) return spendCheck
  const { horizon, discountRate } = options
  const periodLength = options.periodLength ?? 1
  if (!(Number.isInteger(horizon) && horizon >= 1)) return invalid(`horizon must be a positive integer number of periods, got ${horizon}`)
  if (!(Number.isFinite(discountRate) && discountRate >= 0))
    return invalid(`discountRate must be finite and non-negative, got ${discountRate}`)
  if (!(Number.isFinite(periodLength) && periodLength > 0)) return invalid(`periodLength must be finite and positive, got ${periodLength}`)
  const frequencyCheck = validateFrequencyRecency(data)
  if (!frequencyCheck.ok) return frequencyCheck
  const monetaryCheck = validateMonetary({ x: data.x, monetaryValue: data.monetaryValue })
  if (!monetaryCheck.ok) return monetaryCheck

  const values = new Float64Array(data.x.length)
  for (let i = 0; i < values.length; i++) {
    const x = data.x[i] ?? 0
    const tx = data.tx[i] ?? 0
    const T = data.T[i] ?? 0
    if (!(p * x + q > 1)) {
      return invalid(`the expected spend is infinite for px + q ≤ 1 (customer ${i}: p = ${p}, q = ${q}, x = ${x})`, { customer: i })
    }
    const spend = conditionalExpectedAverageSpendUnchecked(p, q, gamma, x, x === 0 ? 0 : (data.monetaryValue[i] ?? 0))
    let previous = 0
    let discount = 1
    let value = 0
    for (let k = 1; k <= horizon; k++) {
      const cumulative = conditionalExpectedPurchasesUnchecked(r, alpha, a, b, x, tx, T, k * periodLength)
      if (!Number.isFinite(cumulative)) {
        return err(modelError('NotConverged', `E[Y(t) | x, t_x, T] could not be evaluated (customer ${i}, period ${k})`, { customer: i }))
      }
      discount /= 1 + discountRate
      value += (cumulative - previous) * spend * discount
      previous = cumulative
    }
    values[i] = value
  }
  return ok(values)
}
