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
