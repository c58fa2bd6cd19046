import { bfgs, type BfgsOptions } from '../optim/bfgs.js'
import {
  estimateNoise,
  gradientNoiseFloor,
  invertSymmetricPositiveDefinite,
  maxAbs,
  numericalGradient,
  numericalHessian,
} from '../optim/derivatives.js'
import { nelderMead, type NelderMeadOptions } from '../optim/nelderMead.js'
import { err, modelError, ok, type ModelError, type Result } from '../result.js'

/** Options shared by the maximum-likelihood fits of this module. */
export interface MaximumLikelihoodOptions {
  /** Options for the Nelder-Mead stage run from every start. */
  readonly nelderMead?: NelderMeadOptions
  /** Options for the BFGS polish that follows it. */
  readonly bfgs?: BfgsOptions
}

/** How one starting point fared. */
export interface FitRun<P> {
  readonly start: P
  /** Log-likelihood reached from this start. */
  readonly logLikelihood: number
  readonly converged: boolean
  /** Nelder-Mead plus BFGS iterations. */
  readonly iterations: number
}

export interface LogScaleFit {
  /** Log-parameters at the best optimum. */
  readonly theta: Float64Array
  /** Negative log-likelihood there. */
  readonly value: number
  /** Largest component of the gradient of the negative log-likelihood in the log-parameters. */
  readonly gradientNorm: number
  /** Estimated rounding noise of the negative log-likelihood at the optimum (absolute). */
  readonly noise: number
  /**
   * Largest ratio of a gradient component to its noise floor (`gradientNoiseFloor` with multiple 1):
   * below about 2 the gradient is indistinguishable from zero.
   */
  readonly gradientToNoise: number
  readonly iterations: number
  /** Inverse Hessian of the negative log-likelihood in the log-parameters, or null if not positive definite. */
  readonly covariance: Float64Array | null
  readonly runs: readonly {
    readonly start: Float64Array
    readonly value: number
    readonly converged: boolean
    readonly iterations: number
  }[]
}

// Log-parameters beyond ±30 overflow or underflow the models' arithmetic; the objective is +∞
// there so that both optimisers treat the region as infeasible.
const SEARCH_BOUND = 30
// The data are rescaled before fitting (see the callers), so every parameter of a well-identified
// fit is within a few orders of magnitude of 1. An estimate beyond e^±15 (3e6 or 3e-7) means the
// likelihood kept increasing towards the edge of the parameter space: the data do not identify it.
const IDENTIFIED_BOUND = 15

// Two optima whose objectives differ by less than this many times the larger rounding noise of
// the two are the same optimum as far as the objective can tell.
const SAME_OPTIMUM_NOISE_MULTIPLE = 4

/**
 * Minimises a negative log-likelihood over log-parameters from several starts: Nelder-Mead for a
 * robust approach, then BFGS to polish and certify stationarity. The best converged run is kept.
 * Fails with `NotConverged` when no run converged, or when a run that did not converge reached an
 * objective lower than every converged run by more than rounding noise (the converged runs are
 * then not at the best optimum), and with `DegenerateData` when the estimate ran off to the
 * boundary of the parameter space.
 */
export function minimiseOnLogScale<P extends object>(
  model: string,
  names: readonly string[],
  /** Natural parameters for messages and error details, in the caller's units. */
  describe: (theta: Float64Array) => P,
  negativeLogLikelihood: (theta: Float64Array) => number,
  starts: readonly Float64Array[],
  options: MaximumLikelihoodOptions = {},
): Result<LogScaleFit, ModelError> {
  const objective = (theta: Float64Array): number => {
    for (const v of theta) if (!(Math.abs(v) <= SEARCH_BOUND)) return Number.POSITIVE_INFINITY
    const value = negativeLogLikelihood(theta)
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY
  }
  const runs: {
    start: Float64Array
    theta: Float64Array
    value: number
    converged: boolean
    iterations: number
    message: string
    noise: number
  }[] = []
  for (const start of starts) {
    const simplex = nelderMead(objective, start, {
      maxIterations: 400 * start.length,
      xTolerance: 1e-6,
      fTolerance: 1e-12,
      initialStep: 0.5,
      ...options.nelderMead,
    })
    if (!Number.isFinite(simplex.fx)) continue
    const polished = bfgs(objective, simplex.x, options.bfgs)
    // The polished point is kept when it converged even if its value is higher by rounding noise
    // (a Newton step may trade 1e-12 of objective for a certified gradient).
    const better = polished.converged || polished.fx <= simplex.fx
    runs.push({
      start,
      theta: better ? polished.x : simplex.x,
      value: better ? polished.fx : simplex.fx,
      converged: polished.converged,
      iterations: simplex.iterations + polished.iterations,
      message: polished.message,
      noise: polished.noise ?? Number.EPSILON * Math.abs(polished.fx),
    })
  }
  if (runs.length === 0) {
    return err(modelError('NotConverged', `${model}: the log-likelihood is not finite at any starting point`))
  }
  const lowest = runs.reduce((a, b) => (b.value < a.value ? b : a))
  const convergedRuns = runs.filter((run) => run.converged)
  const bestConverged = convergedRuns.length === 0 ? null : convergedRuns.reduce((a, b) => (b.value < a.value ? b : a))
  // Runs that end within rounding noise of each other have found the same optimum; only a
  // non-converged run that is clearly lower shows that the converged ones stopped short.
  const best =
    bestConverged !== null &&
    bestConverged.value - lowest.value <= SAME_OPTIMUM_NOISE_MULTIPLE * Math.max(bestConverged.noise, lowest.noise)
      ? bestConverged
      : lowest
  const parameters = describe(best.theta)
  for (let i = 0; i < names.length; i++) {
    const value = best.theta[i] ?? 0
    if (Math.abs(value) > IDENTIFIED_BOUND) {
      return err(
        modelError(
          'DegenerateData',
          `${model}: the maximum-likelihood estimate of ${names[i]} runs off to ${value > 0 ? 'infinity' : 'zero'}; the data do not identify the model`,
          { parameters },
        ),
      )
    }
  }
  if (!best.converged) {
    return err(
      modelError('NotConverged', `${model}: the optimiser did not converge (${best.message})`, {
        parameters,
        logLikelihood: -best.value,
      }),
    )
  }
  // Final Newton refinement with the finite-difference Hessian that the standard errors need
  // anyway: BFGS stops as soon as its gradient test passes, one Newton step from there takes the
  // gradient down to the noise floor. It is kept only if it does not raise the objective beyond
  // rounding level (relative 1e-13, or twice the measured noise) and does shrink the gradient.
  let theta = best.theta
  let value = best.value
  const allowance = Math.max(1e-13 * Math.max(1, Math.abs(value)), 2 * best.noise)
  let gradient = numericalGradient(objective, theta)
  let covariance = invertSymmetricPositiveDefinite(numericalHessian(objective, theta), names.length)
  if (covariance !== null) {
    const n = names.length
    const refined = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      let sum = theta[i] ?? 0
      for (let j = 0; j < n; j++) sum -= (covariance[i * n + j] ?? 0) * (gradient[j] ?? 0)
      refined[i] = sum
    }
    const refinedValue = objective(refined)
    if (refinedValue <= value + allowance) {
      const refinedGradient = numericalGradient(objective, refined)
      if (maxAbs(refinedGradient) < maxAbs(gradient)) {
        theta = refined
        value = refinedValue
        gradient = refinedGradient
        covariance = invertSymmetricPositiveDefinite(numericalHessian(objective, theta), n)
      }
    }
  }
  const noise = Math.max(best.noise, estimateNoise(objective, theta, value))
  const floor = gradientNoiseFloor(theta, noise, 1)
  let gradientToNoise = 0
  for (let i = 0; i < gradient.length; i++) gradientToNoise = Math.max(gradientToNoise, Math.abs(gradient[i] ?? 0) / (floor[i] ?? 1))
  return ok({
    theta,
    value,
    gradientNorm: maxAbs(gradient),
    noise,
    gradientToNoise,
    iterations: best.iterations,
    covariance,
    runs: runs.map(({ start, value, converged, iterations }) => ({ start, value, converged, iterations })),
  })
}

/**
 * Delta-method standard errors of exp(θ): SE(exp θ_i) = exp(θ_i) · sqrt(Σ_ii), where Σ is the
 * covariance of the log-parameters (the inverse Hessian of the negative log-likelihood).
 */
export function naturalStandardErrors(theta: Float64Array, covariance: Float64Array | null): Float64Array | null {
  if (covariance === null) return null
  const n = theta.length
  const errors = new Float64Array(n)
  for (let i = 0; i < n; i++) errors[i] = Math.exp(theta[i] ?? Number.NaN) * Math.sqrt(covariance[i * n + i] ?? Number.NaN)
  return errors
}
