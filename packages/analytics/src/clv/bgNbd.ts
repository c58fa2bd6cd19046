import betaln from '@stdlib/math-base-special-betaln'
import gammaln from '@stdlib/math-base-special-gammaln'
import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import {
  degenerate,
  invalid,
  validateFrequencyRecency,
  validateHistory,
  validatePositiveParameters,
  type CustomerHistory,
  type FrequencyRecencyData,
} from './data.js'
import { hyp2f1 } from './hyp2f1.js'
import { minimiseOnLogScale, naturalStandardErrors, type FitRun, type MaximumLikelihoodOptions } from './mle.js'

/**
 * BG/NBD parameters (Fader, Hardie & Lee 2005). While alive, a customer buys as a Poisson process
 * with rate λ ~ Gamma(shape r, rate α); after each purchase they drop out with probability
 * p ~ Beta(a, b). α is in the time unit of the data (so it scales with it); r, a and b are unitless.
 */
export interface BgNbdParameters {
  readonly r: number
  readonly alpha: number
  readonly a: number
  readonly b: number
}

const PARAMETER_NAMES = ['r', 'alpha', 'a', 'b'] as const

const validateParameters = (params: BgNbdParameters): Result<true, ModelError> =>
  validatePositiveParameters('BG/NBD', { r: params.r, alpha: params.alpha, a: params.a, b: params.b })

const logAddExp = (u: number, v: number): number => {
  const m = Math.max(u, v)
  return m === Number.NEGATIVE_INFINITY ? m : m + Math.log1p(Math.exp(-Math.abs(u - v)))
}

// x-dependent terms are tabulated by recurrence up to this x, and computed with gammaln beyond it.
const MAX_TABULATED_X = 1024

/**
 * Sum of log-likelihood contributions (FHL 2005, eq. 6) for data already validated, in log form:
 *   ln L = ln Γ(r+x) - ln Γ(r) + r ln α + ln B(a, b+x) - ln B(a, b)
 *          + ln[ (α+T)^-(r+x) + 1{x>0} a/(b+x-1) (α+t_x)^-(r+x) ]
 * using B(a+1, b+x-1)/B(a, b+x) = a/(b+x-1). Counts are integers, so the gamma and beta terms are
 * tabulated once per call by ln Γ(r+k+1) = ln Γ(r+k) + ln(r+k): a few dozen logarithms instead of
 * several gamma functions per customer.
 */
export function bgNbdLogLikelihoodUnchecked(
  r: number,
  alpha: number,
  a: number,
  b: number,
  data: FrequencyRecencyData,
  maxX: number,
): number {
  const tableSize = Math.min(maxX, MAX_TABULATED_X) + 1
  const rising = new Float64Array(tableSize) // ln Γ(r+k) - ln Γ(r)
  const betaRatio = new Float64Array(tableSize) // ln B(a, b+k) - ln B(a, b)
  const dropoutWeight = new Float64Array(tableSize) // ln a - ln(b+k-1), the δ(x>0) term's factor
  for (let k = 1; k < tableSize; k++) {
    const lnBk = Math.log(b + k - 1)
    rising[k] = (rising[k - 1] ?? 0) + Math.log(r + k - 1)
    betaRatio[k] = (betaRatio[k - 1] ?? 0) + lnBk - Math.log(a + b + k - 1)
    dropoutWeight[k] = Math.log(a) - lnBk
  }
  const lnGammaR = tableSize < maxX + 1 ? gammaln(r) : 0
  const lnBetaAB = tableSize < maxX + 1 ? betaln(a, b) : 0
  const rLnAlpha = r * Math.log(alpha)
  const lnA = Math.log(a)
  const { x: xs, tx: txs, T: Ts, weights } = data
  let total = 0
  for (let i = 0; i < xs.length; i++) {
    const w = weights === undefined ? 1 : (weights[i] ?? 0)
    if (w === 0) continue
    const x = xs[i] ?? 0
    const T = Ts[i] ?? 0
    const tabulated = x < tableSize
    const common = tabulated ? (rising[x] ?? 0) + (betaRatio[x] ?? 0) : gammaln(r + x) - lnGammaR + betaln(a, b + x) - lnBetaAB
    const aliveTerm = -(r + x) * Math.log(alpha + T)
    const contribution =
      x > 0
        ? logAddExp(
            aliveTerm,
            (tabulated ? (dropoutWeight[x] ?? 0) : lnA - Math.log(b + x - 1)) - (r + x) * Math.log(alpha + (txs[i] ?? 0)),
          )
        : aliveTerm
    total += w * (common + rLnAlpha + contribution)
  }
  return total
}

/**
 * BG/NBD log-likelihood of a calibration-period summary, summed over customers (weighted when
 * `data.weights` is given).
 *
 * Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005), "Counting Your Customers the Easy Way: An
 * Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284, equation (6).
 *
 * @param params - r, α (in the data's time unit), a, b; all must be positive.
 * @param data - x (repeat purchases), t_x (recency) and T (age), in one time unit.
 * @returns the log-likelihood, or `InvalidInput` / `DegenerateData` for malformed parameters or data.
 */
export function bgNbdLogLikelihood(params: BgNbdParameters, data: FrequencyRecencyData): Result<number, ModelError> {
  const paramCheck = validateParameters(params)
  if (!paramCheck.ok) return paramCheck
  const stats = validateFrequencyRecency(data)
  if (!stats.ok) return stats
  return ok(bgNbdLogLikelihoodUnchecked(params.r, params.alpha, params.a, params.b, data, stats.value.maxX))
}

// Within this distance of a removable singularity of the closed forms (a = 1, or c = a+b+x-1 = 0,
// possible for x = 0 and a + b = 1), a value is taken as the mean of the closed form at the
// singular point ± 2·radius. The error of that is O(radius²) ≈ 1e-10 relative, and the cancellation
// in the closed form at that distance costs about eps/radius ≈ 2e-11.
const SINGULARITY_RADIUS = 1e-5

/** `closedForm(a, b)`, with its removable singularities at a = 1 and a + b + x - 1 = 0 bridged. */
function acrossSingularities(a: number, b: number, x: number, closedForm: (a: number, b: number) => number): number {
  if (Math.abs(a - 1) < SINGULARITY_RADIUS) {
    return 0.5 * (closedForm(1 - 2 * SINGULARITY_RADIUS, b) + closedForm(1 + 2 * SINGULARITY_RADIUS, b))
  }
  const c = a + b + x - 1
  if (Math.abs(c) < SINGULARITY_RADIUS) {
    const bAtPole = 1 - a - x
    return 0.5 * (closedForm(a, bAtPole - 2 * SINGULARITY_RADIUS) + closedForm(a, bAtPole + 2 * SINGULARITY_RADIUS))
  }
  return closedForm(a, b)
}

/**
 * E[X(t)] by FHL 2005 eq. (9), rewritten with Euler's transformation
 * ₂F₁(r, b; c; z) = (1-z)^(c-r-b) ₂F₁(c-r, c-b; c; z), c = a+b-1, z = t/(α+t):
 *   E[X(t)] = c/(a-1) · [1 - (α/(α+t))^(a-1) ₂F₁(a+b-1-r, a-1; a+b-1; z)].
 * The transformed series has small parameters however large t is, and the power (α/(α+t))^r of
 * the original form no longer multiplies a ₂F₁ value of the opposite magnitude.
 */
export function expectedPurchasesUnchecked(r: number, alpha: number, a: number, b: number, t: number): number {
  if (t === 0) return 0
  const z = t / (alpha + t)
  return acrossSingularities(a, b, 0, (shapeA, shapeB) => {
    const c = shapeA + shapeB - 1
    return (c / (shapeA - 1)) * (1 - Math.pow(alpha / (alpha + t), shapeA - 1) * hyp2f1(c - r, shapeA - 1, c, z))
  })
}

/** P(alive | x, t_x, T) (Fader, Hardie & Lee 2008 note "Computing P(alive) using the BG/NBD model", eq. 2). */
export function probabilityAliveUnchecked(r: number, alpha: number, a: number, b: number, x: number, tx: number, T: number): number {
  if (x === 0) return 1
  const logOdds = Math.log(a / (b + x - 1)) + (r + x) * Math.log((alpha + T) / (alpha + tx))
  return 1 / (1 + Math.exp(logOdds))
}

/**
 * E[Y(t) | x, t_x, T] by FHL 2005 eq. (10), with the same Euler transformation as
 * {@link expectedPurchasesUnchecked} (c = a+b+x-1, z = t/(α+T+t)):
 *   E[Y(t) | ·] = c/(a-1) · [1 - ((α+T)/(α+T+t))^(a-1) ₂F₁(a+b-1-r, a-1; c; z)] · P(alive | ·).
 * Untransformed, the factor ((α+T)/(α+T+t))^(r+x) underflows and ₂F₁(r+x, b+x; c; z) overflows for
 * heavy buyers (x in the hundreds); transformed, only the third parameter grows with x.
 */
export function conditionalExpectedPurchasesUnchecked(
  r: number,
  alpha: number,
  a: number,
  b: number,
  x: number,
  tx: number,
  T: number,
  t: number,
): number {
  if (t === 0) return 0
  const z = t / (alpha + T + t)
  const survivorRatio = (alpha + T) / (alpha + T + t)
  const expectedIfAlive = acrossSingularities(a, b, x, (shapeA, shapeB) => {
    const c = shapeA + shapeB + x - 1
    return (c / (shapeA - 1)) * (1 - Math.pow(survivorRatio, shapeA - 1) * hyp2f1(shapeA + shapeB - 1 - r, shapeA - 1, c, z))
  })
  return expectedIfAlive * probabilityAliveUnchecked(r, alpha, a, b, x, tx, T)
}

const notFinite = (what: string, details: Readonly<Record<string, unknown>>): Result<never, ModelError> =>
  err(modelError('NotConverged', `${what} could not be evaluated to full precision (a ₂F₁ series did not converge)`, details))

const checkTime = (t: number, name = 't'): Result<true, ModelError> =>
  Number.isFinite(t) && t >= 0 ? ok(true) : invalid(`${name} must be a finite non-negative time, got ${t}`)

/**
 * E[X(t)]: expected number of repeat purchases in (0, t] by a customer whose first purchase is at
 * time 0 (FHL 2005, eq. 9).
 *
 * @param params - fitted BG/NBD parameters.
 * @param t - length of the period, in the time unit the parameters were fitted in (α's unit).
 */
export function expectedPurchases(params: BgNbdParameters, t: number): Result<number, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const tCheck = checkTime(t)
  if (!tCheck.ok) return tCheck
  const value = expectedPurchasesUnchecked(params.r, params.alpha, params.a, params.b, t)
  return Number.isFinite(value) ? ok(value) : notFinite('E[X(t)]', { t })
}

/**
 * P(alive | x, t_x, T): probability that a customer with this calibration history has not dropped
 * out by the end of the calibration period. It is 1 for x = 0, because in the BG/NBD model
 * customers can drop out only right after a repeat purchase.
 *
 * Fader, Hardie & Lee (2005) eq. (11); Fader, Hardie & Lee (2008), "Computing P(alive) using the
 * BG/NBD model" (note at brucehardie.com), which adds the δ(x > 0) correction.
 */
export function probabilityAlive(params: BgNbdParameters, customer: CustomerHistory): Result<number, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const historyCheck = validateHistory(customer.x, customer.tx, customer.T, 'customer')
  if (!historyCheck.ok) return historyCheck
  return ok(probabilityAliveUnchecked(params.r, params.alpha, params.a, params.b, customer.x, customer.tx, customer.T))
}

/**
 * E[Y(t) | x, t_x, T]: expected number of purchases in the next t time units (T, T + t] by a
 * customer with calibration history (x, t_x, T) (FHL 2005, eq. 10).
 *
 * @param params - fitted BG/NBD parameters.
 * @param t - length of the forecast period, in the parameters' time unit.
 * @param customer - x repeat purchases, last at t_x, observed for T time units since the first purchase.
 */
export function conditionalExpectedPurchases(params: BgNbdParameters, t: number, customer: CustomerHistory): Result<number, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const tCheck = checkTime(t)
  if (!tCheck.ok) return tCheck
  const historyCheck = validateHistory(customer.x, customer.tx, customer.T, 'customer')
  if (!historyCheck.ok) return historyCheck
  const { r, alpha, a, b } = params
  const value = conditionalExpectedPurchasesUnchecked(r, alpha, a, b, customer.x, customer.tx, customer.T, t)
  return Number.isFinite(value) ? ok(value) : notFinite('E[Y(t) | x, t_x, T]', { t, ...customer })
}

/**
 * {@link conditionalExpectedPurchases} for every customer of a summary.
 *
 * @returns one expectation per customer, in the order of `data`.
 */
export function conditionalExpectedPurchasesByCustomer(
  params: BgNbdParameters,
  t: number,
  data: FrequencyRecencyData,
): Result<Float64Array, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const tCheck = checkTime(t)
  if (!tCheck.ok) return tCheck
  const stats = validateFrequencyRecency(data)
  if (!stats.ok) return stats
  const { r, alpha, a, b } = params
  const out = new Float64Array(data.x.length)
  for (let i = 0; i < out.length; i++) {
    const value = conditionalExpectedPurchasesUnchecked(r, alpha, a, b, data.x[i] ?? 0, data.tx[i] ?? 0, data.T[i] ?? 0, t)
    if (!Number.isFinite(value)) return notFinite('E[Y(t) | x, t_x, T]', { t, customer: i })
    out[i] = value
  }
  return ok(out)
}

/** {@link probabilityAlive} for every customer of a summary, in the order of `data`. */
export function probabilityAliveByCustomer(params: BgNbdParameters, data: FrequencyRecencyData): Result<Float64Array, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const stats = validateFrequencyRecency(data)
  if (!stats.ok) return stats
  const { r, alpha, a, b } = params
  const out = new Float64Array(data.x.length)
  for (let i = 0; i < out.length; i++) {
    out[i] = probabilityAliveUnchecked(r, alpha, a, b, data.x[i] ?? 0, data.tx[i] ?? 0, data.T[i] ?? 0)
  }
  return ok(out)
}

const MAX_DISTRIBUTION_TERMS = 1_000_000

/**
 * P(X(t) = n): probability that a customer whose first purchase is at time 0 makes exactly n repeat
 * purchases in (0, t] (FHL 2005, eq. 8):
 *   P(X(t)=n) = B(a, b+n)/B(a, b) · NB(n) + 1{n>0} B(a+1, b+n-1)/B(a, b) · P(NB ≥ n),
 * where NB(j) = Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j is the negative binomial purchase-count
 * distribution of a customer who never drops out.
 *
 * @param t - length of the period, in the parameters' time unit.
 * @param n - number of repeat purchases (a non-negative integer).
 */
export function probabilityOfPurchases(params: BgNbdParameters, t: number, n: number): Result<number, ModelError> {
  const check = validateParameters(params)
  if (!check.ok) return check
  const tCheck = checkTime(t)
  if (!tCheck.ok) return tCheck
  if (!(Number.isInteger(n) && n >= 0)) return invalid(`n must be a non-negative integer, got ${n}`)
  if (t === 0) return ok(n === 0 ? 1 : 0)
  const { r, alpha, a, b } = params
  const lnP = Math.log(alpha / (alpha + t))
  const lnQ = Math.log(t / (alpha + t))
  const lnBetaAB = betaln(a, b)
  const lnNegativeBinomial = (j: number): number => gammaln(r + j) - gammaln(r) - gammaln(j + 1) + r * lnP + j * lnQ
  const stayProbability = Math.exp(betaln(a, b + n) - lnBetaAB + lnNegativeBinomial(n))
  if (n === 0) return ok(stayProbability)

  // P(NB ≥ n): one minus the lower sum while that sum is small; otherwise the upper tail summed
  // directly, so that a tail near 0 is not lost to cancellation.
  let lower = 0
  let lnTerm = r * lnP
  for (let j = 0; j < n; j++) {
    lower += Math.exp(lnTerm)
    lnTerm += Math.log((r + j) / (j + 1)) + lnQ
  }
  let tail: number
  if (lower <= 0.5) {
    tail = 1 - lower
  } else {
    tail = 0
    lnTerm = lnNegativeBinomial(n)
    let converged = false
    for (let j = n; j < n + MAX_DISTRIBUTION_TERMS; j++) {
      const term = Math.exp(lnTerm)
      tail += term
      const ratio = ((r + j) / (j + 1)) * Math.exp(lnQ)
      if (ratio < 1 && term * (ratio / (1 - ratio)) <= 1e-16 * tail) {
        converged = true
        break
      }
      lnTerm += Math.log(ratio)
    }
    if (!converged) return notFinite('P(X(t) = n)', { t, n })
  }
  const dropProbability = Math.exp(betaln(a + 1, b + n - 1) - lnBetaAB) * tail
  return ok(stayProbability + dropProbability)
}

/** A fitted BG/NBD model. */
export interface BgNbdFit {
  readonly parameters: BgNbdParameters
  /** Log-likelihood at the estimate, on the data as given (original time unit). */
  readonly logLikelihood: number
  /**
   * Delta-method standard errors of r, α, a, b from the inverse Hessian of the negative
   * log-likelihood in the log-parameters; null when that Hessian is not positive definite.
   */
  readonly standardErrors: BgNbdParameters | null
  /** Covariance of (ln r, ln α, ln a, ln b), 4×4 row-major; null as for `standardErrors`. */
  readonly logParameterCovariance: Float64Array | null
  /** Largest component of the gradient of the negative log-likelihood in the log-parameters at the estimate. */
  readonly gradientNorm: number
  /** Optimiser iterations of the best run. */
  readonly iterations: number
  /** Total weight of the customers fitted. */
  readonly customers: number
  /** Every start and where it ended, for diagnosing multiple optima. */
  readonly runs: readonly FitRun<BgNbdParameters>[]
}

export interface BgNbdFitOptions extends MaximumLikelihoodOptions {
  /** Starting points (in the data's time unit); by default three spread-out points scaled to the data. */
  readonly starts?: readonly BgNbdParameters[]
}

/**
 * Fits the BG/NBD model by maximum likelihood (FHL 2005, section 3): the log-likelihood of
 * {@link bgNbdLogLikelihood} is maximised over (ln r, ln α, ln a, ln b) from several starting
 * points, each by Nelder-Mead then BFGS; the best optimum is kept. Times are divided by the mean T
 * during the search, so α is near 1 whatever the time unit, and scaled back afterwards (the
 * likelihood only shifts by a constant under that change of unit).
 *
 * @param data - calibration summary; t_x and T in one time unit, which is α's unit.
 * @returns the fit, or an error: `InvalidInput` for malformed data (NaN, negative values, t_x > T,
 *   non-integer x), `DegenerateData` for empty data, no repeat purchases, or an estimate that runs
 *   off to the edge of the parameter space, `NotConverged` when the best run failed its gradient test.
 */
export function fitBgNbd(data: FrequencyRecencyData, options: BgNbdFitOptions = {}): Result<BgNbdFit, ModelError> {
  const statsResult = validateFrequencyRecency(data)
  if (!statsResult.ok) return statsResult
  const stats = statsResult.value
  if (stats.repeatCustomers === 0) {
    return degenerate(
      'no customer made a repeat purchase: the BG/NBD model cannot be estimated (purchase rate and dropout are not identified)',
    )
  }
  if (!(stats.meanT > 0)) return degenerate('every customer has T = 0: there is no observation period')
  for (const start of options.starts ?? []) {
    const check = validatePositiveParameters('BG/NBD start', { r: start.r, alpha: start.alpha, a: start.a, b: start.b })
    if (!check.ok) return check
  }

  const scale = stats.meanT
  const scaled: FrequencyRecencyData = {
    x: data.x,
    tx: data.tx.map((v) => v / scale),
    T: data.T.map((v) => v / scale),
    ...(data.weights === undefined ? {} : { weights: data.weights }),
  }
  const maxX = stats.maxX
  const negativeLogLikelihood = (theta: Float64Array): number =>
    -bgNbdLogLikelihoodUnchecked(
      Math.exp(theta[0] ?? 0),
      Math.exp(theta[1] ?? 0),
      Math.exp(theta[2] ?? 0),
      Math.exp(theta[3] ?? 0),
      scaled,
      maxX,
    )
  // Default starts: a neutral point and two that bracket typical retail estimates, with α set so
  // that the mean purchase rate r/α matches the observed repeat rate (per scaled time unit).
  const rate = Math.max(stats.meanX, 0.05)
  const starts: readonly BgNbdParameters[] = options.starts ?? [
    { r: 1, alpha: scale, a: 1, b: 1 },
    { r: 0.5, alpha: (0.5 / rate) * scale, a: 0.5, b: 2 },
    { r: 2, alpha: (2 / rate) * scale, a: 2, b: 8 },
  ]
  const toTheta = (p: BgNbdParameters): Float64Array =>
    Float64Array.of(Math.log(p.r), Math.log(p.alpha / scale), Math.log(p.a), Math.log(p.b))
  const fromTheta = (t: Float64Array): BgNbdParameters => ({
    r: Math.exp(t[0] ?? 0),
    alpha: Math.exp(t[1] ?? 0) * scale,
    a: Math.exp(t[2] ?? 0),
    b: Math.exp(t[3] ?? 0),
  })
  const fit = minimiseOnLogScale('BG/NBD', PARAMETER_NAMES, fromTheta, negativeLogLikelihood, starts.map(toTheta), options)
  if (!fit.ok) return fit
  const { theta, covariance } = fit.value
  const naturalTheta = Float64Array.of(theta[0] ?? 0, (theta[1] ?? 0) + Math.log(scale), theta[2] ?? 0, theta[3] ?? 0)
  const parameters: BgNbdParameters = {
    r: Math.exp(naturalTheta[0] ?? 0),
    alpha: Math.exp(naturalTheta[1] ?? 0),
    a: Math.exp(naturalTheta[2] ?? 0),
    b: Math.exp(naturalTheta[3] ?? 0),
  }
  const errors = naturalStandardErrors(naturalTheta, covariance)
  return ok({
    parameters,
    logLikelihood: bgNbdLogLikelihoodUnchecked(parameters.r, parameters.alpha, parameters.a, parameters.b, data, maxX),
    standardErrors:
      errors === null
        ? null
        : { r: errors[0] ?? Number.NaN, alpha: errors[1] ?? Number.NaN, a: errors[2] ?? Number.NaN, b: errors[3] ?? Number.NaN },
    logParameterCovariance: covariance,
    gradientNorm: fit.value.gradientNorm,
    iterations: fit.value.iterations,
    customers: stats.customers,
    runs: fit.value.runs.map((run) => ({
      start: fromTheta(run.start),
      // Shift the scaled-unit likelihood back: each customer's term moves by x·ln(scale).
      logLikelihood: -run.value - stats.meanX * stats.customers * Math.log(scale),
      converged: run.converged,
      iterations: run.iterations,
    })),
  })
}
