import gammaln from '@stdlib/math-base-special-gammaln'
import { describe, expect, it } from 'vitest'
import { hyp2f1 } from './hyp2f1.js'

const expectRelative = (actual: number, expected: number, tolerance = 1e-12): void => {
  expect(Number.isFinite(actual), `${actual} is not finite`).toBe(true)
  expect(Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300)).toBeLessThanOrEqual(tolerance)
}

describe('hyp2f1 against closed forms', () => {
  it.each([-50, -3, -0.5, 0.3, 0.75, 0.95, 0.999])('2F1(1, 1; 2; z) = -ln(1-z)/z at z = %d', (z) => {
    expectRelative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)
  })

  it.each([-20, -0.6, 0.4, 0.93, 0.995])('2F1(a, b; b; z) = (1-z)^-a at z = %d', (z) => {
    expectRelative(hyp2f1(0.37, 1.8, 1.8, z), Math.pow(1 - z, -0.37))
  })

  it.each([0.5, 2, 10])('2F1(1/2, 1; 3/2; -x²) = atan(x)/x at x = %d', (x) => {
    expectRelative(hyp2f1(0.5, 1, 1.5, -x * x), Math.atan(x) / x)
  })

  it.each([0.3, 0.96, 0.999])('2F1(1/2, 1/2; 3/2; x²) = asin(x)/x at x = %d', (x) => {
    expectRelative(hyp2f1(0.5, 0.5, 1.5, x * x), Math.asin(x) / x, 1e-11)
  })

  it('2F1(1/2, 1/2; 1; 1/2) = 2K(1/√2)/π = Γ(1/4)² / (2π^(3/2))', () => {
    expectRelative(hyp2f1(0.5, 0.5, 1, 0.5), Math.exp(2 * gammaln(0.25)) / (2 * Math.pow(Math.PI, 1.5)))
  })

  it.each([-7, 0.4, 5])('terminates to a polynomial for a = -3, any z (z = %d)', (z) => {
    const b = 1.3
    const c = 2.1
    const polynomial =
      1 - (3 * b * z) / c + (3 * b * (b + 1) * z * z) / (c * (c + 1)) - (b * (b + 1) * (b + 2) * z ** 3) / (c * (c + 1) * (c + 2))
    expectRelative(hyp2f1(-3, b, c, z), polynomial)
  })

  it("Gauss's theorem at z = 1", () => {
    const expected = Math.exp(gammaln(1.5) + gammaln(0.8) - gammaln(1.2) - gammaln(1.1))
    expectRelative(hyp2f1(0.3, 0.4, 1.5, 1), expected)
  })

  it("agrees with Euler's transformation F(a,b;c;z) = (1-z)^(c-a-b) F(c-a,c-b;c;z) on every code path", () => {
    for (const z of [-30, -0.7, 0.2, 0.6, 0.92, 0.98]) {
      const [a, b, c] = [0.8, 2.7, 1.9]
      expectRelative(hyp2f1(a, b, c, z), Math.pow(1 - z, c - a - b) * hyp2f1(c - a, c - b, c, z), 1e-11)
    }
  })
})

describe('hyp2f1 against reference values', () => {
  // Computed with mpmath.hyp2f1 at 40 significant digits (mpmath 1.3.0), rounded to the nearest double. The cases
  // take each branch of the implementation, and the last two are the arguments of the BG/NBD
  // expectations at the CDNOW estimates after Euler's transformation.
  const cases: readonly [string, number, number, number, number, number][] = [
    ['series, z = 0.5', 1.5, 2.25, 3.7, 0.5, 1.8076378153454167],
    ['Pfaff, z = -0.8', 0.7, 1.9, 2.6, -0.8, 0.7313316123803363],
    ['Pfaff then 1-z transformation, z = -40', 0.243, 2.426, 2.219, -40, 0.39444733640226104],
    ['1-z transformation, z = 0.97', 2.3, 0.4, 1.1, 0.97, 93.83599810897738],
    ['series near 1 with integer c-a-b, z = 0.99', 0.5, 1.5, 3.0, 0.99, 1.6493970787168768],
    ['negative parameters, z = 0.6', -2.5, 3.2, -1.7, 0.6, -13.843936624322364],
    ['negative parameters, z = 0.95', -0.3, 1.4, 0.45, 0.95, -4.165728496229167],
    ['BG/NBD E[X(78)]', 1.976, -0.207, 2.219, 78 / (4.414 + 78), 0.6402845446446026],
    ['BG/NBD E[Y(39) | x = 30]', 1.976, -0.207, 32.219, 39 / (4.414 + 20 + 39), 0.99201394107909],
  ]
  it.each(cases)('%s', (_name, a, b, c, z, expected) => {
    expectRelative(hyp2f1(a, b, c, z), expected, 1e-13)
  })
})

describe('hyp2f1 outside its domain', () => {
  it('is NaN at a pole of c, beyond the branch point, and for NaN arguments', () => {
    expect(hyp2f1(1, 2, -2, 0.3)).toBeNaN()
    expect(hyp2f1(1, 2, 3, 1.5)).toBeNaN()
    expect(hyp2f1(Number.NaN, 2, 3, 0.5)).toBeNaN()
  })

  it('is finite when the series terminates before the pole of c', () => {
    // F(-1, b; -3; z) = 1 - bz/(-3): the series stops at n = 1, before (c)_n reaches 0.
    expectRelative(hyp2f1(-1, 2, -3, 0.5), 1 + (2 * 0.5) / 3)
  })

  it('is 1 at z = 0 and diverges at z = 1 when c - a - b ≤ 0', () => {
    expect(hyp2f1(3, 4, 5, 0)).toBe(1)
    expect(hyp2f1(1, 1, 2, 1)).toBe(Number.POSITIVE_INFINITY)
  })

  it('returns NaN, not a truncated sum, when the term budget runs out', () => {
    expect(hyp2f1(1, 1, 2, 0.999, { maxTerms: 100 })).toBeNaN()
  })
})
