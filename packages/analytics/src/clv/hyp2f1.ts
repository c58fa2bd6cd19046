import gammaln from '@stdlib/math-base-special-gammaln'

export interface Hyp2f1Options {
  /** Series terms allowed before giving up (the result is then NaN). Default 1,000,000. */
  readonly maxTerms?: number
  /** Relative accuracy at which a series is stopped. Default 1e-15. */
  readonly tolerance?: number
}

const isNonPositiveInteger = (v: number): boolean => v <= 0 && Number.isInteger(v)

/** Sign of Γ(v) for real v that is not a pole: positive for v > 0, alternating between poles below. */
const gammaSign = (v: number): number => (v > 0 || Math.floor(v) % 2 === 0 ? 1 : -1)

/**
 * sign · exp(ln|Γ(num_1)···| - ln|Γ(den_1)···|): a ratio of gamma functions evaluated in log space
 * so that large arguments do not overflow. A denominator argument at a pole makes the ratio 0
 * (1/Γ vanishes there); a numerator argument at a pole makes it NaN.
 */
const gammaRatio = (numerator: readonly number[], denominator: readonly number[]): number => {
  let logValue = 0
  let sign = 1
  for (const v of denominator) {
    if (isNonPositiveInteger(v)) return 0
    logValue -= gammaln(v)
    sign *= gammaSign(v)
  }
  for (const v of numerator) {
    if (isNonPositiveInteger(v)) return Number.NaN
    logValue += gammaln(v)
    sign *= gammaSign(v)
  }
  return sign * Math.exp(logValue)
}

/**
 * Sums the Gauss series Σ (a)_n (b)_n / ((c)_n n!) z^n for |z| < 1 (or a terminating series for any
 * z). Stopping rule: once n exceeds the parameters (so term signs and the term ratio have
 * settled), the remaining tail is bounded by a geometric series with ratio max(ρ_n, |z|), where
 * ρ_n is the current term ratio; the sum stops when that bound is below `tolerance · |sum|`.
 * Returns NaN when the budget runs out, never a silently truncated sum.
 */
function gaussSeries(a: number, b: number, c: number, z: number, maxTerms: number, tolerance: number): number {
  let term = 1
  let sum = 1
  const settledAfter = Math.max(Math.abs(a), Math.abs(b), Math.abs(c)) + 1
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1))
    term *= ratio
    sum += term
    if (term === 0) return sum // terminating series
    if (!Number.isFinite(sum)) return Number.NaN
    if (n >= settledAfter) {
      const bound = Math.max(Math.abs(ratio), Math.abs(z))
      if (bound < 1 && Math.abs(term) * (bound / (1 - bound)) <= tolerance * Math.abs(sum)) return sum
    }
  }
  return Number.NaN
}

/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z ≤ 1.
 *
 * The power series converges for |z| < 1 but slowly near |z| = 1, and the BG/NBD expectations need
 * z = t/(α+t) ∈ [0, 1), arbitrarily close to 1 for long horizons, while the Pfaff-transformed forms
 * of the same quantities have z ≤ 0. So the argument is first mapped into [0, 1):
 * - z < 0: Pfaff transformation (Abramowitz & Stegun 15.3.4/15.3.5),
 *   ₂F₁(a,b;c;z) = (1-z)^(-a) ₂F₁(a, c-b; c; z/(z-1)), with z/(z-1) ∈ (0, 1); of the two
 *   symmetric variants the one whose series terminates, or has a non-negative second parameter, is used.
 * - 0 ≤ z ≤ 0.9: the power series directly.
 * - 0.9 < z < 1: the linear transformation to 1-z (A&S 15.3.6), whose two series converge fast,
 *   unless c-a-b is within 1e-3 of an integer, where that formula's gamma factors have poles that
 *   cancel only in the limit; there the power series is summed directly (it still converges, it
 *   just needs more terms).
 * - z = 1: Gauss's theorem, Γ(c)Γ(c-a-b)/(Γ(c-a)Γ(c-b)), when c-a-b > 0.
 *
 * Returns NaN for z > 1 (the branch cut), for c a non-positive integer that the series does not
 * terminate before (a pole), and when a series fails to reach the tolerance within `maxTerms`.
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const maxTerms = options.maxTerms ?? 1_000_000
  const tolerance = options.tolerance ?? 1e-15
  if ([a, b, c, z].some(Number.isNaN)) return Number.NaN
  if (z === 0 || a === 0 || b === 0) return 1

  // A non-positive integer a or b makes the series a polynomial, valid for every z, provided it
  // ends before (c)_n can reach zero.
  const terminatesAt = Math.max(isNonPositiveInteger(a) ? a : -Infinity, isNonPositiveInteger(b) ? b : -Infinity)
  if (Number.isFinite(terminatesAt)) {
    if (isNonPositiveInteger(c) && c > terminatesAt) return Number.NaN
    return gaussSeries(a, b, c, z, maxTerms, tolerance)
  }
  if (isNonPositiveInteger(c)) return Number.NaN
  if (z > 1) return Number.NaN
  if (z === 1) {
    if (c - a - b <= 0) return a > 0 && b > 0 && c > 0 ? Number.POSITIVE_INFINITY : Number.NaN
    return gammaRatio([c, c - a - b], [c - a, c - b])
  }
  if (z < 0) {
    const w = z / (z - 1)
    // (1-z)^(-a) F(a, c-b; c; w) or, symmetrically, (1-z)^(-b) F(c-a, b; c; w). Prefer a
    // terminating form, then one whose parameters keep the series terms of one sign.
    const useFirst = isNonPositiveInteger(c - b) || (!isNonPositiveInteger(c - a) && c - b >= 0)
    return useFirst ? Math.pow(1 - z, -a) * hyp2f1(a, c - b, c, w, options) : Math.pow(1 - z, -b) * hyp2f1(c - a, b, c, w, options)
  }
  if (z <= 0.9) return gaussSeries(a, b, c, z, maxTerms, tolerance)

  const m = c - a - b
  if (Math.abs(m - Math.round(m)) < 1e-3) return gaussSeries(a, b, c, z, maxTerms, tolerance)
  // A&S 15.3.6:
  // F(a,b;c;z) = Γ(c)Γ(m)/(Γ(c-a)Γ(c-b)) F(a, b; 1-m; 1-z)
  //            + (1-z)^m Γ(c)Γ(-m)/(Γ(a)Γ(b)) F(c-a, c-b; 1+m; 1-z)
  const y = 1 - z
  const first = gammaRatio([c, m], [c - a, c - b])
  const second = gammaRatio([c, -m], [a, b])
  const firstPart = first === 0 ? 0 : first * gaussSeries(a, b, 1 - m, y, maxTerms, tolerance)
  const secondPart = second === 0 ? 0 : second * Math.pow(y, m) * gaussSeries(c - a, c - b, 1 + m, y, maxTerms, tolerance)
  return firstPart + secondPart
}
