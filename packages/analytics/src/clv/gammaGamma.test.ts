import gammaln from '@stdlib/math-base-special-gammaln'
import { describe, expect, it } from 'vitest'
import {
  conditionalExpectedAverageSpend,
  conditionalExpectedAverageSpendByCustomer,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  type GammaGammaParameters,
} from './index.js'

// Published CDNOW estimates (Fader & Hardie 2013).
const CDNOW: GammaGammaParameters = { p: 6.25, q: 3.74, gamma: 15.44 }

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** ∫_0^∞ f(e^u) e^u du by the trapezoidal rule on a wide grid; f must decay at both ends. */
const integratePositiveLine = (f: (v: number) => number): number => {
  const h = 1 / 200
  let sum = 0
  for (let u = -30; u <= 30; u += h) {
    const v = Math.exp(u)
    sum += f(v) * v
  }
  return sum * h
}

describe('Gamma-Gamma spend density and expectation', () => {
  it('the likelihood of one customer is a density in z̄ that integrates to 1', () => {
    for (const x of [1, 3, 12]) {
      const density = (z: number): number => {
        const ll = unwrap(gammaGammaLogLikelihood(CDNOW, { x: Float64Array.of(x), monetaryValue: Float64Array.of(z) }))
        return Math.exp(ll)
      }
      expect(integratePositiveLine(density)).toBeCloseTo(1, 8)
    }
  })

  it('E[Z | x, z̄] is the posterior mean of p/ν, checked by integrating over ν', () => {
    // ν | x, z̄ has density ∝ ν^(q+px-1) e^(-ν(γ + x z̄)); E[Z | ν] = p/ν.
    const { p, q, gamma } = CDNOW
    for (const [x, zbar] of [
      [1, 10],
      [4, 55.5],
      [20, 31],
    ] as const) {
      const shape = q + p * x
      const rate = gamma + x * zbar
      const logNormaliser = shape * Math.log(rate) - gammaln(shape)
      const posterior = (v: number): number => Math.exp(logNormaliser + (shape - 1) * Math.log(v) - rate * v)
      const expected = integratePositiveLine((v) => (p / v) * posterior(v))
      expect(unwrap(conditionalExpectedAverageSpend(CDNOW, x, zbar))).toBeCloseTo(expected, 8)
    }
  })

  it('shrinks a customer mean towards the population mean pγ/(q-1), less so with more purchases', () => {
    const population = (CDNOW.p * CDNOW.gamma) / (CDNOW.q - 1)
    expect(unwrap(conditionalExpectedAverageSpend(CDNOW, 0, 0))).toBeCloseTo(population, 12)
    const few = unwrap(conditionalExpectedAverageSpend(CDNOW, 1, 100))
    const many = unwrap(conditionalExpectedAverageSpend(CDNOW, 30, 100))
    expect(few).toBeGreaterThan(population)
    expect(few).toBeLessThan(many)
    expect(many).toBeLessThan(100)
  })

  it('vectorised form equals the scalar one', () => {
    const data = { x: Float64Array.of(0, 1, 5), monetaryValue: Float64Array.of(0, 20, 41.5) }
    const values = unwrap(conditionalExpectedAverageSpendByCustomer(CDNOW, data))
    ;[0, 1, 2].forEach((i) =>
      expect(values[i]).toBe(unwrap(conditionalExpectedAverageSpend(CDNOW, data.x[i] ?? 0, data.monetaryValue[i] ?? 0))),
    )
  })

  it('refuses an infinite expectation (q ≤ 1 for a customer without purchases)', () => {
    const heavyTailed = { p: 2, q: 0.8, gamma: 10 }
    const result = conditionalExpectedAverageSpend(heavyTailed, 0, 0)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/infinite/)
    expect(conditionalExpectedAverageSpend(heavyTailed, 2, 30).ok).toBe(true)
  })
})

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Gamma(shape, 1) variates by Marsaglia & Tsang (2000). */
function gammaSampler(uniform: () => number): (shape: number) => number {
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
  const sample = (shape: number): number => {
    if (shape < 1) return sample(shape + 1) * Math.pow(1 - uniform(), 1 / shape)
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      const z = normal()
      const v = (1 + c * z) ** 3
      if (v > 0 && Math.log(1 - uniform()) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v
    }
  }
  return sample
}

/** Customers with 0..8 repeat purchases; each purchase ~ Gamma(p, ν), ν ~ Gamma(q, γ). */
function simulateSpend(params: GammaGammaParameters, customers: number, seed: number) {
  const uniform = mulberry32(seed)
  const gamma = gammaSampler(uniform)
  const x = new Float64Array(customers)
  const monetaryValue = new Float64Array(customers)
  for (let i = 0; i < customers; i++) {
    const purchases = Math.floor(9 * uniform())
    const nu = gamma(params.q) / params.gamma
    let total = 0
    for (let j = 0; j < purchases; j++) total += gamma(params.p) / nu
    x[i] = purchases
    monetaryValue[i] = purchases > 0 ? total / purchases : 0
  }
  return { x, monetaryValue }
}

describe('fitGammaGamma', () => {
  it('recovers the parameters of a simulated population within a few standard errors', () => {
    const truth = { p: 4, q: 5, gamma: 30 }
    const fit = unwrap(fitGammaGamma(simulateSpend(truth, 4000, 2013)))
    expect(fit.standardErrors).not.toBeNull()
    for (const name of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(fit.parameters[name] - truth[name])).toBeLessThan(4 * (fit.standardErrors?.[name] ?? 0))
    }
    expect(fit.gradientNorm).toBeLessThan(1e-4)
  })

  it('ignores customers without repeat purchases and scales γ with the currency unit', () => {
    const data = simulateSpend({ p: 4, q: 5, gamma: 30 }, 600, 99)
    const dollars = unwrap(fitGammaGamma(data))
    const cents = unwrap(fitGammaGamma({ x: data.x, monetaryValue: data.monetaryValue.map((v) => 100 * v) }))
    expect(cents.parameters.p).toBeCloseTo(dollars.parameters.p, 4)
    expect(cents.parameters.q).toBeCloseTo(dollars.parameters.q, 4)
    expect(cents.parameters.gamma / 100).toBeCloseTo(dollars.parameters.gamma, 3)
    const repeaters = data.x.reduce((n, v) => n + (v > 0 ? 1 : 0), 0)
    expect(dollars.customers).toBe(repeaters)
  })
})

describe('degenerate and invalid input', () => {
  it.each([
    ['empty input', { x: new Float64Array(0), monetaryValue: new Float64Array(0) }, 'DegenerateData'],
    ['no repeat customers', { x: Float64Array.of(0, 0), monetaryValue: Float64Array.of(0, 0) }, 'DegenerateData'],
    ['a single repeat customer', { x: Float64Array.of(0, 3), monetaryValue: Float64Array.of(0, 12) }, 'DegenerateData'],
    ['NaN spend', { x: Float64Array.of(1, 3), monetaryValue: Float64Array.of(Number.NaN, 12) }, 'InvalidInput'],
    ['negative spend', { x: Float64Array.of(1, 3), monetaryValue: Float64Array.of(-4, 12) }, 'InvalidInput'],
    ['zero spend with purchases', { x: Float64Array.of(1, 3), monetaryValue: Float64Array.of(0, 12) }, 'InvalidInput'],
    ['identical spend everywhere', { x: Float64Array.of(1, 2, 3, 1, 2), monetaryValue: new Float64Array(5).fill(10) }, 'DegenerateData'],
  ] as const)('%s', (_name, data, tag) => {
    const result = fitGammaGamma(data)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.tag).toBe(tag)
  })
})
