import gammaln from '@stdlib/math-base-special-gammaln'
import { ok, type ModelError, type Result } from '../result.js'
import { degenerate, invalid, validateMonetary, validatePositiveParameters, type MonetaryData } from './data.js'
import { minimiseOnLogScale, naturalStandardErrors, type FitRun, type MaximumLikelihoodOptions } from './mle.js'

/**
 * Gamma-Gamma spend parameters (Fader & Hardie 2013). Each transaction value of a customer is
 * Gamma(shape p, rate ν), and ν varies across customers as Gamma(shape q, rate γ). γ is in the
 * currency unit of the data (so it scales with it); p and q are unitless. The mean transaction
 * value in the population is pγ/(q-1), finite only for q > 1.
 */
export interface GammaGammaParameters {
  readonly p: number
  readonly q: number
  readonly gamma: number
}

const PARAMETER_NAMES = ['p', 'q', 'gamma'] as const

const validateParameters = (params: GammaGammaParameters): Result<true, ModelError> =>
  validatePositiveParameters('Gamma-Gamma', { p: params.p, q: params.q, gamma: params.gamma })

// x-dependent gamma terms are cached per distinct x up to this value, computed directly beyond it.
const MAX_TABULATED_X = 1024

/**
 * Sum over customers with x > 0 of ln f(z̄ | p, q, γ; x), the density of the mean of x
 * transaction values (Fader & Hardie 2013, eq. 4):
 *   f(z̄) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q x^(px) z̄^(px-1) / (γ + x z̄)^(px+q).
 * Data must be valid (see {@link validateMonetary}). ln Γ(px+q) - ln Γ(px) depends on the customer
 * only through the integer x, so it is computed once per distinct x.
 */
export function gammaGammaLogLikelihoodUnchecked(p: number, q: number, gamma: number, data: MonetaryData): number {
  const { x: xs, monetaryValue, weights } = data
  const constant = q * Math.log(gamma) - gammaln(q)
  const gammaRatio = new Float64Array(MAX_TABULATED_X + 1).fill(Number.NaN)
  let total = 0
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] ?? 0
    const w = weights === undefined ? 1 : (weights[i] ?? 0)
    if (x === 0 || w === 0) continue
    const z = monetaryValue[i] ?? 0
    const px = p * x
    let ratio = x <= MAX_TABULATED_X ? (gammaRatio[x] ?? Number.NaN) : Number.NaN
    if (Number.isNaN(ratio)) {
      ratio = gammaln(px + q) - gammaln(px)
      if (x <= MAX_TABULATED_X) gammaRatio[x] = ratio
    }
    total += w * (ratio + constant + (px - 1) * Math.log(z) + px * Math.log(x) - (px + q) * Math.log(gamma + x * z))
  }
  return total
}

/**
 * Gamma-Gamma log-likelihood of the spend of the customers with x > 0 (rows with x = 0 are ignored).
 *
 * Fader, P. S. & Hardie, B. G. S. (2013), "The Gamma-Gamma Model of Monetary Value", note at
 * brucehardie.com; the model of Fader, Hardie & Lee (2005), "RFM and CLV: Using Iso-Value Curves
 * for Customer Base Analysis", Journal of Marketing Research 42(4), 415-430.
 *
 * @param params - p, q, γ (γ in the currency unit of z̄); all positive.
 * @param data - x (repeat purchases) and z̄ (mean value of those purchases) per customer.
 */
export function gammaGammaLogLikelihood(params: GammaGammaParameters, data: MonetaryData): Result<number, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const stats = validateMonetary(data)
  if (!stats.ok) return stats
  return ok(gammaGammaLogLikelihoodUnchecked(params.p, params.q, params.gamma, data))
}

/** E[Z | x, z̄] as in {@link conditionalExpectedAverageSpend}, unchecked. */
export function conditionalExpectedAverageSpendUnchecked(p: number, q: number, gamma: number, x: number, zbar: number): number {
  return (p * (gamma + x * zbar)) / (p * x + q - 1)
}

/**
 * Expected value of a customer's future transactions given x past repeat transactions with mean
 * z̄ (Fader & Hardie 2013, eq. 5):
 *   E[Z | p, q, γ, x, z̄] = p(γ + x z̄) / (px + q - 1),
 * a weighted average of the population mean pγ/(q-1) and the customer's own mean z̄, with weight
 * px/(px+q-1) on the latter. For x = 0 it is the population mean.
 *
 * @param x - number of repeat transactions behind z̄ (0 for a customer without any).
 * @param zbar - their mean value, in the currency unit the model was fitted in (ignored when x = 0).
 * @returns the expectation, or `InvalidInput` when px + q ≤ 1 (the expectation is infinite) or the
 *   arguments are malformed.
 */
export function conditionalExpectedAverageSpend(params: GammaGammaParameters, x: number, zbar: number): Result<number, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  if (!(Number.isInteger(x) && x >= 0)) return invalid(`x must be a non-negative integer, got ${x}`)
  if (!(Number.isFinite(zbar) && zbar >= 0)) return invalid(`monetary value must be finite and non-negative, got ${zbar}`)
  if (x > 0 && zbar === 0) return invalid('monetary value must be positive when x > 0')
  const { p, q, gamma } = params
  if (!(p * x + q > 1)) {
    return invalid(`the expected spend is infinite for px + q ≤ 1 (p = ${p}, q = ${q}, x = ${x})`, { p, q, x })
  }
  return ok(conditionalExpectedAverageSpendUnchecked(p, q, gamma, x, x === 0 ? 0 : zbar))
}

/**
 * {@link conditionalExpectedAverageSpend} for every customer of `data` (customers with x = 0 get
 * the population mean pγ/(q-1), which requires q > 1).
 */
export function conditionalExpectedAverageSpendByCustomer(
  params: GammaGammaParameters,
  data: MonetaryData,
): Result<Float64Array, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const stats = validateMonetary(data)
  if (!stats.ok) return stats
  const { p, q, gamma } = params
  const out = new Float64Array(data.x.length)
  for (let i = 0; i < out.length; i++) {
    const x = data.x[i] ?? 0
    if (!(p * x + q > 1)) {
      return invalid(`the expected spend is infinite for px + q ≤ 1 (customer ${i}: p = ${p}, q = ${q}, x = ${x})`, { p, q, x })
    }
    out[i] = conditionalExpectedAverageSpendUnchecked(p, q, gamma, x, x === 0 ? 0 : (data.monetaryValue[i] ?? 0))
  }
  return ok(out)
}

/** A fitted Gamma-Gamma model. */
export interface GammaGammaFit {
  readonly parameters: GammaGammaParameters
  /** Log-likelihood at the estimate, on the data as given (original currency unit). */
  readonly logLikelihood: number
  /** Delta-method standard errors of p, q, γ; null when the Hessian is not positive definite. */
  readonly standardErrors: GammaGammaParameters | null
  /** Covariance of (ln p, ln q, ln γ), 3×3 row-major; null as for `standardErrors`. */
  readonly logParameterCovariance: Float64Array | null
  /** Largest component of the gradient of the negative log-likelihood in the log-parameters at the estimate. */
  readonly gradientNorm: number
  readonly iterations: number
  /** Total weight of the customers with x > 0, the only ones that inform the fit. */
  readonly customers: number
  readonly runs: readonly FitRun<GammaGammaParameters>[]
}

export interface GammaGammaFitOptions extends MaximumLikelihoodOptions {
  /** Starting points (γ in the data's currency unit); by default three points scaled to the data. */
  readonly starts?: readonly GammaGammaParameters[]
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on the customers with at least one repeat
 * transaction (Fader & Hardie 2013): ln-likelihood of {@link gammaGammaLogLikelihood} maximised
 * over (ln p, ln q, ln γ) from several starts, each by Nelder-Mead then BFGS. Spend is divided by
 * its mean during the search (γ scales with the currency unit; the likelihood only shifts by a
 * constant), so the fit behaves the same in cents or in dollars.
 *
 * The model assumes spend is independent of purchase frequency; check that before combining it
 * with a purchase model.
 *
 * @param data - x and z̄ per customer; rows with x = 0 are ignored.
 * @returns the fit, or `InvalidInput` (NaN, negative, or zero spend for a repeat customer),
 *   `DegenerateData` (fewer than two repeat customers, or an estimate at the edge of the parameter
 *   space, e.g. when every customer has the same z̄), `NotConverged`.
 */
export function fitGammaGamma(data: MonetaryData, options: GammaGammaFitOptions = {}): Result<GammaGammaFit, ModelError> {
  const statsResult = validateMonetary(data)
  if (!statsResult.ok) return statsResult
  const stats = statsResult.value
  if (stats.repeatRows < 2) {
    return degenerate(`the Gamma-Gamma model needs customers with repeat purchases; found ${stats.repeatRows}`)
  }
  for (const start of options.starts ?? []) {
    const check = validatePositiveParameters('Gamma-Gamma start', { p: start.p, q: start.q, gamma: start.gamma })
    if (!check.ok) return check
  }
  const scale = stats.meanMonetaryValue
  const scaled: MonetaryData = {
    x: data.x,
    monetaryValue: data.monetaryValue.map((v) => v / scale),
    ...(data.weights === undefined ? {} : { weights: data.weights }),
  }
  const negativeLogLikelihood = (theta: Float64Array): number =>
    -gammaGammaLogLikelihoodUnchecked(Math.exp(theta[0] ?? 0), Math.exp(theta[1] ?? 0), Math.exp(theta[2] ?? 0), scaled)
  // Starts whose population mean pγ/(q-1) equals the observed mean spend (1 after scaling), from
  // little to much heterogeneity across customers.
  const starts: readonly GammaGammaParameters[] = options.starts ?? [
    { p: 1, q: 2, gamma: scale },
    { p: 2, q: 3, gamma: scale },
    { p: 6, q: 4, gamma: 0.5 * scale },
  ]
  const toTheta = (s: GammaGammaParameters): Float64Array => Float64Array.of(Math.log(s.p), Math.log(s.q), Math.log(s.gamma / scale))
  const fromTheta = (t: Float64Array): GammaGammaParameters => ({
    p: Math.exp(t[0] ?? 0),
    q: Math.exp(t[1] ?? 0),
    gamma: Math.exp(t[2] ?? 0) * scale,
  })
  const fit = minimiseOnLogScale('Gamma-Gamma', PARAMETER_NAMES, fromTheta, negativeLogLikelihood, starts.map(toTheta), options)
  if (!fit.ok) return fit
  const { theta, covariance } = fit.value
  const naturalTheta = Float64Array.of(theta[0] ?? 0, theta[1] ?? 0, (theta[2] ?? 0) + Math.log(scale))
  const parameters = fromTheta(theta)
  const errors = naturalStandardErrors(naturalTheta, covariance)
  // Under z̄ → z̄/scale each customer's log-density shifts by +ln(scale).
  const shift = stats.repeatCustomers * Math.log(scale)
  return ok({
    parameters,
    logLikelihood: gammaGammaLogLikelihoodUnchecked(parameters.p, parameters.q, parameters.gamma, data),
    standardErrors: errors === null ? null : { p: errors[0] ?? Number.NaN, q: errors[1] ?? Number.NaN, gamma: errors[2] ?? Number.NaN },
    logParameterCovariance: covariance,
    gradientNorm: fit.value.gradientNorm,
    iterations: fit.value.iterations,
    customers: stats.repeatCustomers,
    runs: fit.value.runs.map((run) => ({
      start: fromTheta(run.start),
      logLikelihood: -run.value - shift,
      converged: run.converged,
      iterations: run.iterations,
    })),
  })
}
