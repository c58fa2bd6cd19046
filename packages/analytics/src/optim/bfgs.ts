import {
  estimateNoise,
  gradientNoiseFloor,
  invertSymmetricPositiveDefinite,
  maxAbs,
  numericalGradient,
  numericalHessian,
} from './derivatives.js'
import type { MinimizeResult, Objective } from './types.js'

export interface BfgsOptions {
  /** Quasi-Newton steps allowed; default 200. */
  readonly maxIterations?: number
  /**
   * Converged when every gradient component i is at most the larger of
   * `gradientTolerance * max(1, min(|f(x0)|, |f(x)|))` and the noise floor of that component,
   * `2 * noise / h_i` (see `gradientNoiseFloor`), where `noise` is the rounding noise of `f`
   * measured near the current point (see `estimateNoise`) and h_i the difference step. The first
   * term scales with the objective; the default 1e-8 sits above the rounding noise of a sum of a
   * few thousand terms. A sum of tens of thousands of terms is noisier, and its central-difference
   * gradient cannot be computed more accurately than the second term: demanding more would reject
   * an optimum that has been reached. Taking the smaller of the starting and current magnitudes
   * keeps an objective that runs off to -Infinity from loosening its own test.
   */
  readonly gradientTolerance?: number
  /** Trial steps allowed in one line search; default 40. */
  readonly maxLineSearchSteps?: number
  /** Newton steps with a finite-difference Hessian allowed when the line search stalls; default 3. */
  readonly maxNewtonSteps?: number
}

// A Newton step may raise the objective by this much (relative), or by twice its measured
// rounding noise if that is larger, and still be taken: below that the objective cannot tell two
// points apart. 1e-13 is the noise of a sum of a few thousand log-likelihood terms.
const NEWTON_NOISE_ALLOWANCE = 1e-13

// Strong Wolfe constants usual for quasi-Newton methods (Nocedal & Wright 2006, section 3.1).
const SUFFICIENT_DECREASE = 1e-4
const CURVATURE = 0.9

interface LinePoint {
  readonly step: number
  readonly value: number
  /** Gradient at the point, when it was computed. */
  readonly gradient: Float64Array | null
  /** Directional derivative, NaN when the gradient was not computed. */
  readonly slope: number
}

const dot = (u: Float64Array, v: Float64Array): number => {
  let sum = 0
  for (let i = 0; i < u.length; i++) sum += (u[i] ?? 0) * (v[i] ?? 0)
  return sum
}

/**
 * Minimises `f` by BFGS with a strong-Wolfe line search (Nocedal & Wright 2006, algorithms 6.1,
 * 3.5 and 3.6), using central-difference gradients. Meant as a polish after a derivative-free
 * start: near a smooth minimum it converges superlinearly and its gradient test gives an honest
 * certificate of stationarity.
 *
 * On an ill-conditioned objective the decrease still available near the minimum can be smaller
 * than the rounding noise of the objective itself, so the line search stalls while the gradient
 * (dominated by stiff directions) is still above tolerance. The method then takes a Newton step
 * with a finite-difference Hessian (at most `maxNewtonSteps` times), kept only if the objective
 * does not rise beyond rounding level and the gradient shrinks; the gradient test then decides.
 * When neither can make progress it stops with `converged: false` rather than claiming success.
 */
export function bfgs(f: Objective, x0: ArrayLike<number>, options: BfgsOptions = {}): MinimizeResult {
  const n = x0.length
  if (n === 0) throw new RangeError('bfgs needs at least one dimension')
  const maxIterations = options.maxIterations ?? 200
  const gradientTolerance = options.gradientTolerance ?? 1e-8
  const maxLineSearchSteps = options.maxLineSearchSteps ?? 40
  let newtonStepsLeft = options.maxNewtonSteps ?? 3

  let evaluations = 0
  const evaluate = (x: Float64Array): number => {
    evaluations++
    const value = f(x)
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY
  }
  const gradientAt = (x: Float64Array): Float64Array => {
    evaluations += 2 * n
    return numericalGradient(f, x)
  }

  let x = Float64Array.from(x0)
  let fx = evaluate(x)
  const result = (iterations: number, converged: boolean, gradientNorm: number, message: string): MinimizeResult => ({
    x,
    fx,
    iterations,
    evaluations,
    converged,
    gradientNorm,
    message,
    noise,
  })
  let noise = Number.NaN
  if (!Number.isFinite(fx)) return result(0, false, Number.NaN, 'objective is not finite at the starting point')
  const initialMagnitude = Math.abs(fx)
  const threshold = (): number => gradientTolerance * Math.max(1, Math.min(initialMagnitude, Math.abs(fx)))
  // Rounding noise of f, measured at the start and again wherever the search stalls (it grows
  // with |f| and with the number of terms summed, and varies little near one point).
  const measureNoise = (): number => {
    evaluations += 12
    return estimateNoise(f, x, fx)
  }
  noise = measureNoise()
  const converged = (g: Float64Array): boolean => {
    const base = threshold()
    if (maxAbs(g) <= base) return true
    const floor = gradientNoiseFloor(x, noise)
    for (let i = 0; i < n; i++) if (!(Math.abs(g[i] ?? Number.NaN) <= Math.max(base, floor[i] ?? 0))) return false
    return true
  }
  /** The gradient test after re-measuring the noise at the current point. */
  const convergedAfterRemeasuring = (): boolean => {
    noise = Math.max(noise, measureNoise())
    return converged(gradient)
  }
  let gradient = gradientAt(x)
  if (gradient.some((g) => !Number.isFinite(g))) {
    return result(0, false, Number.NaN, 'gradient is not finite at the starting point')
  }

  // Inverse Hessian approximation, row-major.
  const inverseHessian = new Float64Array(n * n)
  const resetInverseHessian = (scale: number): void => {
    inverseHessian.fill(0)
    for (let i = 0; i < n; i++) inverseHessian[i * n + i] = scale
  }
  resetInverseHessian(1)
  let isIdentity = true
  let updates = 0
  const direction = new Float64Array(n)
  const trial = new Float64Array(n)

  const valueAt = (step: number): LinePoint => {
    for (let i = 0; i < n; i++) trial[i] = (x[i] ?? 0) + step * (direction[i] ?? 0)
    return { step, value: evaluate(trial), gradient: null, slope: Number.NaN }
  }
  const withGradient = (point: LinePoint): LinePoint => {
    for (let i = 0; i < n; i++) trial[i] = (x[i] ?? 0) + point.step * (direction[i] ?? 0)
    const g = gradientAt(trial)
    if (g.some((component) => !Number.isFinite(component))) return point
    return { ...point, gradient: g, slope: dot(g, direction) }
  }

  /** Strong-Wolfe line search; returns the accepted point, or null when no decrease was found. */
  const lineSearch = (initialStep: number, slope0: number): LinePoint | null => {
    const start: LinePoint = { step: 0, value: fx, gradient, slope: slope0 }
    const armijo = (p: LinePoint): boolean => p.value <= fx + SUFFICIENT_DECREASE * p.step * slope0
    const curvatureMet = (p: LinePoint): boolean => Math.abs(p.slope) <= -CURVATURE * slope0

    const zoom = (lowIn: LinePoint, highIn: LinePoint, budget: number): LinePoint | null => {
      let low = lowIn
      let high = highIn
      for (let k = 0; k < budget; k++) {
        const width = high.step - low.step
        if (Math.abs(width) <= Number.EPSILON * Math.max(1, Math.abs(low.step))) break
        // Minimiser of the quadratic through low (value and slope) and high (value), kept at
        // least 10% of the interval away from either end; bisection when that is not defined.
        let step = low.step + width / 2
        if (Number.isFinite(high.value) && Number.isFinite(low.slope)) {
          const denominator = 2 * (high.value - low.value - low.slope * width)
          if (denominator > 0) step = low.step - (low.slope * width * width) / denominator
        }
        const lo = Math.min(low.step, high.step) + 0.1 * Math.abs(width)
        const hi = Math.max(low.step, high.step) - 0.1 * Math.abs(width)
        if (!(step >= lo && step <= hi)) step = low.step + width / 2
        const probe = valueAt(step)
        if (!armijo(probe) || probe.value >= low.value) {
          high = probe
          continue
        }
        const candidate = withGradient(probe)
        if (candidate.gradient === null) {
          high = candidate
          continue
        }
        if (curvatureMet(candidate)) return candidate
        if (candidate.slope * (high.step - low.step) >= 0) high = low
        low = candidate
      }
      // No point met both conditions; a point with sufficient decrease is still progress.
      return low.step > 0 ? low : null
    }

    let previous = start
    let step = initialStep
    for (let k = 0; k < maxLineSearchSteps; k++) {
      const probe = valueAt(step)
      if (!armijo(probe) || (k > 0 && probe.value >= previous.value)) {
        return zoom(previous, probe, maxLineSearchSteps - k)
      }
      const candidate = withGradient(probe)
      if (candidate.gradient === null) return zoom(previous, candidate, maxLineSearchSteps - k)
      if (curvatureMet(candidate)) return candidate
      if (candidate.slope >= 0) return zoom(candidate, previous, maxLineSearchSteps - k)
      previous = candidate
      step *= 2
    }
    return previous.step > 0 ? previous : null
  }

  /** One Newton step from x; true when it was taken (x, fx, gradient and the inverse Hessian updated). */
  const newtonStep = (): boolean => {
    const hessian = numericalHessian(f, x)
    evaluations += 1 + 2 * n * n
    const inverse = invertSymmetricPositiveDefinite(hessian, n)
    if (inverse === null) return false
    const next = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      let sum = x[i] ?? 0
      for (let j = 0; j < n; j++) sum -= (inverse[i * n + j] ?? 0) * (gradient[j] ?? 0)
      next[i] = sum
    }
    const value = evaluate(next)
    if (!(value <= fx + Math.max(NEWTON_NOISE_ALLOWANCE * Math.max(1, Math.abs(fx)), 2 * noise))) return false
    const nextGradient = gradientAt(next)
    if (!(maxAbs(nextGradient) < maxAbs(gradient))) return false
    x = next
    fx = value
    gradient = nextGradient
    inverseHessian.set(inverse)
    isIdentity = false
    updates++
    return true
  }

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const gradientNorm = maxAbs(gradient)
    if (converged(gradient)) {
      return result(iteration, true, gradientNorm, 'gradient within tolerance')
    }
    for (let i = 0; i < n; i++) {
      let sum = 0
      for (let j = 0; j < n; j++) sum -= (inverseHessian[i * n + j] ?? 0) * (gradient[j] ?? 0)
      direction[i] = sum
    }
    let slope = dot(gradient, direction)
    if (!(slope < 0)) {
      // The approximation lost positive definiteness to rounding: restart from steepest descent.
      resetInverseHessian(1)
      isIdentity = true
      for (let i = 0; i < n; i++) direction[i] = -(gradient[i] ?? 0)
      slope = dot(gradient, direction)
    }
    // A unit step is natural for a quasi-Newton direction; a raw steepest-descent direction is
    // scaled so that its first trial moves no coordinate by more than 1.
    const initialStep = isIdentity ? Math.min(1, 1 / maxAbs(direction)) : 1
    const accepted = lineSearch(initialStep, slope)
    if (accepted === null || accepted.gradient === null) {
      // The line search stalls where the decrease left is below the objective's noise; the noise
      // measured here may show that the gradient is already as small as it can be computed.
      if (convergedAfterRemeasuring()) return result(iteration, true, gradientNorm, 'gradient within the noise floor')
      if (newtonStepsLeft > 0) {
        newtonStepsLeft--
        if (newtonStep()) continue
      }
      if (!isIdentity) {
        resetInverseHessian(1)
        isIdentity = true
        continue
      }
      return result(iteration, false, gradientNorm, 'line search found no decrease along the steepest-descent direction')
    }

    const s = new Float64Array(n)
    const y = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      s[i] = accepted.step * (direction[i] ?? 0)
      y[i] = (accepted.gradient[i] ?? 0) - (gradient[i] ?? 0)
    }
    const sy = dot(s, y)
    const previousValue = fx
    const next = new Float64Array(n)
    for (let i = 0; i < n; i++) next[i] = (x[i] ?? 0) + (s[i] ?? 0)
    x = next
    fx = accepted.value
    gradient = accepted.gradient
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (updates === 0) resetInverseHessian(sy / dot(y, y)) // Nocedal & Wright eq. 6.20
      const hy = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        let sum = 0
        for (let j = 0; j < n; j++) sum += (inverseHessian[i * n + j] ?? 0) * (y[j] ?? 0)
        hy[i] = sum
      }
      const yhy = dot(y, hy)
      const factor = (sy + yhy) / (sy * sy)
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const update = factor * (s[i] ?? 0) * (s[j] ?? 0) - ((hy[i] ?? 0) * (s[j] ?? 0) + (s[i] ?? 0) * (hy[j] ?? 0)) / sy
          inverseHessian[i * n + j] = (inverseHessian[i * n + j] ?? 0) + update
        }
      }
      updates++
      isIdentity = false
    }
    if (!(fx < previousValue) && maxAbs(s) <= Number.EPSILON * Math.max(1, maxAbs(x))) {
      const done = convergedAfterRemeasuring()
      return result(iteration + 1, done, maxAbs(gradient), done ? 'gradient within the noise floor' : 'step too small to make progress')
    }
  }
  const gradientNorm = maxAbs(gradient)
  const done = convergedAfterRemeasuring()
  return result(maxIterations, done, gradientNorm, done ? 'gradient within tolerance' : `iteration limit (${maxIterations}) reached`)
}
