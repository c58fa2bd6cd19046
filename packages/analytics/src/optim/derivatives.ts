import type { Objective } from './types.js'

// Step sizes that balance truncation against rounding error: eps^(1/3) for a first derivative by
// central differences, eps^(1/4) for a second derivative (Nocedal & Wright 2006, section 8.1).
const GRADIENT_STEP = Math.cbrt(Number.EPSILON)
const HESSIAN_STEP = Math.sqrt(Math.sqrt(Number.EPSILON))

/** Step for coordinate `value`, rounded so that `(value + h) - value` is exactly `h`. */
const stepFor = (value: number, relativeStep: number): number => {
  const h = relativeStep * Math.max(1, Math.abs(value))
  return value + h - value
}

/** Largest absolute component; the norm used for every gradient test in this module. */
export const maxAbs = (v: Float64Array): number => {
  let m = 0
  for (const value of v) m = Math.max(m, Math.abs(value))
  return m
}

/**
 * Gradient of `f` at `x` by central differences, costing 2n evaluations. The step for coordinate
 * i is `eps^(1/3) * max(1, |x_i|)`. Components are NaN where `f` is not finite on either side.
 */
export function numericalGradient(f: Objective, x: Float64Array): Float64Array {
  const n = x.length
  const gradient = new Float64Array(n)
  const probe = Float64Array.from(x)
  for (let i = 0; i < n; i++) {
    const xi = x[i] ?? 0
    const h = stepFor(xi, GRADIENT_STEP)
    probe[i] = xi + h
    const forward = f(probe)
    probe[i] = xi - h
    const backward = f(probe)
    probe[i] = xi
    gradient[i] = Number.isFinite(forward) && Number.isFinite(backward) ? (forward - backward) / (2 * h) : Number.NaN
  }
  return gradient
}

// Pairs of perturbations used to sample the rounding noise of an objective, and their relative
// size (2^-36, about 1.5e-11, times 1..6): large enough to change the rounding of every term of a
// sum (a few ulps of a parameter can vanish in a sum such as r + x), small enough that the
// curvature term of the second difference, about H·d², is far below any rounding noise.
const NOISE_SAMPLES = 6
const NOISE_STEP = 2 ** -36

/**
 * Estimate of the rounding noise in `f` near `x` (`fx = f(x)`): how far a computed value of `f`
 * may be from the exact one. A sum of n terms accumulates rounding error that grows with n and
 * with the magnitudes of the terms, so a fixed relative allowance cannot serve objectives of every
 * size; the noise is measured instead. `f` is evaluated at pairs of points displaced by about
 * 1e-11 relative (x ± d_k, with a different sign pattern and length for each k), and the
 * second difference `f(x + d) + f(x - d) - 2 f(x)`, which cancels the linear change of a smooth
 * function, is pure noise. Returns the largest half second difference over the samples, at least
 * `eps * |fx|`. Costs `2 * NOISE_SAMPLES` evaluations; non-finite samples are skipped.
 */
export function estimateNoise(f: Objective, x: Float64Array, fx: number): number {
  const n = x.length
  const plus = new Float64Array(n)
  const minus = new Float64Array(n)
  let noise = Number.EPSILON * Math.abs(fx)
  for (let k = 1; k <= NOISE_SAMPLES; k++) {
    for (let i = 0; i < n; i++) {
      const xi = x[i] ?? 0
      // A sign pattern that differs between samples and between coordinates.
      const sign = ((k * (i + 1) * 7 + i) & 2) === 0 ? 1 : -1
      const d = xi + sign * k * NOISE_STEP * Math.max(1, Math.abs(xi)) - xi
      plus[i] = xi + d
      minus[i] = xi - d
    }
    const second = f(plus) + f(minus) - 2 * fx
    if (Number.isFinite(second)) noise = Math.max(noise, Math.abs(second) / 2)
  }
  return noise
}

/**
 * Per coordinate, the size below which a central-difference gradient component of `f` at `x`
 * cannot be told apart from zero, given rounding noise `noise` in `f` (from
 * {@link estimateNoise}): component i is `(f(x + h_i e_i) - f(x - h_i e_i)) / (2 h_i)`, whose
 * rounding error can reach `noise / h_i`. Returns `multiple * noise / h_i`. The truncation error
 * of the central difference, `h_i^2 |f'''| / 6`, is orders of magnitude smaller for a smooth
 * log-likelihood and is not included.
 */
export function gradientNoiseFloor(x: Float64Array, noise: number, multiple = 2): Float64Array {
  const floor = new Float64Array(x.length)
  for (let i = 0; i < x.length; i++) floor[i] = (multiple * noise) / stepFor(x[i] ?? 0, GRADIENT_STEP)
  return floor
}

/**
 * Hessian of `f` at `x` by central differences of function values, as an n×n row-major
 * Float64Array (symmetric by construction). Costs 1 + 2n + 2n(n-1) evaluations. The step for
 * coordinate i is `eps^(1/4) * max(1, |x_i|)`, which keeps the second differences above rounding
 * noise for objectives of moderate magnitude (a sum of a few thousand log-likelihood terms).
 */
export function numericalHessian(f: Objective, x: Float64Array): Float64Array {
  const n = x.length
  const hessian = new Float64Array(n * n)
  const steps = new Float64Array(n)
  for (let i = 0; i < n; i++) steps[i] = stepFor(x[i] ?? 0, HESSIAN_STEP)
  const probe = Float64Array.from(x)
  const at = (i: number, di: number, j: number, dj: number): number => {
    probe.set(x)
    probe[i] = (x[i] ?? 0) + di
    probe[j] = (probe[j] ?? 0) + dj
    return f(probe)
  }
  const centre = f(x)
  for (let i = 0; i < n; i++) {
    const hi = steps[i] ?? 0
    const plus = at(i, hi, i, 0)
    const minus = at(i, -hi, i, 0)
    hessian[i * n + i] = (plus - 2 * centre + minus) / (hi * hi)
    for (let j = 0; j < i; j++) {
      const hj = steps[j] ?? 0
      const value = (at(i, hi, j, hj) - at(i, hi, j, -hj) - at(i, -hi, j, hj) + at(i, -hi, j, -hj)) / (4 * hi * hj)
      hessian[i * n + j] = value
      hessian[j * n + i] = value
    }
  }
  return hessian
}

/**
 * Inverse of a symmetric positive-definite n×n row-major matrix by Cholesky factorisation, or
 * `null` when the matrix is not positive definite (or contains non-finite entries): at a
 * minimum the Hessian must be positive definite, so `null` means the point is not a strict
 * local minimum and no covariance can be derived from it.
 */
export function invertSymmetricPositiveDefinite(matrix: Float64Array, n: number): Float64Array | null {
  if (matrix.length !== n * n) throw new RangeError(`expected ${n * n} entries, got ${matrix.length}`)
  const lower = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * n + j] ?? Number.NaN
      for (let k = 0; k < j; k++) sum -= (lower[i * n + k] ?? 0) * (lower[j * n + k] ?? 0)
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null
        lower[i * n + i] = Math.sqrt(sum)
      } else {
        lower[i * n + j] = sum / (lower[j * n + j] ?? Number.NaN)
      }
    }
  }
  // Invert L column by column (forward substitution), then A^-1 = L^-T L^-1.
  const lowerInverse = new Float64Array(n * n)
  for (let column = 0; column < n; column++) {
    for (let i = column; i < n; i++) {
      let sum = i === column ? 1 : 0
      for (let k = column; k < i; k++) sum -= (lower[i * n + k] ?? 0) * (lowerInverse[k * n + column] ?? 0)
      lowerInverse[i * n + column] = sum / (lower[i * n + i] ?? Number.NaN)
    }
  }
  const inverse = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0
      for (let k = i; k < n; k++) sum += (lowerInverse[k * n + i] ?? 0) * (lowerInverse[k * n + j] ?? 0)
      inverse[i * n + j] = sum
      inverse[j * n + i] = sum
    }
  }
  return inverse
}
