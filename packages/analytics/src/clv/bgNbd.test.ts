import betaln from '@stdlib/math-base-special-betaln'
import gammaln from '@stdlib/math-base-special-gammaln'
import { describe, expect, it } from 'vitest'
import {
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  conditionalExpectedPurchasesByCustomer,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityAliveByCustomer,
  probabilityOfPurchases,
  type BgNbdParameters,
  type CustomerHistory,
} from './index.js'

// Published CDNOW estimates (Fader, Hardie & Lee 2005, section 4).
const CDNOW: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/**
 * ∫_0^1 f(p, 1-p) dp by tanh-sinh quadrature (Takahasi & Mori 1974): p = 1/(1 + e^(-π sinh τ)),
 * which handles integrable endpoint singularities such as the Beta density's p^(a-1) for a < 1.
 * p and 1-p are passed separately so that neither loses precision near its endpoint.
 */
function integrateUnitInterval(f: (p: number, q: number) => number): number {
  const h = 1 / 128
  let sum = 0
  for (let k = -6 * 128; k <= 6 * 128; k++) {
    const tau = k * h
    const u = Math.PI * Math.sinh(tau)
    const p = 1 / (1 + Math.exp(-u))
    const q = 1 / (1 + Math.exp(u))
    const weight = Math.PI * Math.cosh(tau) * p * q
    if (p > 0 && q > 0 && weight > 0) sum += weight * f(p, q)
  }
  return sum * h
}

const betaDensity = (params: BgNbdParameters, p: number, q: number): number =>
  Math.exp((params.a - 1) * Math.log(p) + (params.b - 1) * Math.log(q) - betaln(params.a, params.b))

/**
 * Reference values by the model's definition rather than its closed forms. Given (λ, p), a customer
 * alive at T buys (1/p)(1 - e^(-λpt)) times in expectation in the next t (FHL 2005, appendix), and
 * the data have likelihood (1-p)^x λ^x e^(-λT) + 1{x>0} p (1-p)^(x-1) λ^x e^(-λ t_x). The λ-integral
 * against the Gamma(r, α) prior is done analytically, the p-integral numerically. Common factors
 * Γ(r+x) α^r / Γ(r) and (α+T)^-(r+x) cancel between numerator and denominator.
 */
function referenceByIntegration(params: BgNbdParameters, customer: CustomerHistory, t: number) {
  const { r, alpha } = params
  const { x, tx, T } = customer
  const k = r + x
  const recencyRatio = Math.pow((alpha + T) / (alpha + tx), k)
  const likelihood = integrateUnitInterval(
    (p, q) => betaDensity(params, p, q) * (Math.pow(q, x) + (x > 0 ? p * Math.pow(q, x - 1) * recencyRatio : 0)),
  )
  const aliveMass = integrateUnitInterval((p, q) => betaDensity(params, p, q) * Math.pow(q, x))
  const expectedMass = integrateUnitInterval(
    (p, q) => (betaDensity(params, p, q) * Math.pow(q, x) * -Math.expm1(-k * Math.log1p((p * t) / (alpha + T)))) / p,
  )
  return { probabilityAlive: aliveMass / likelihood, conditionalExpectation: expectedMass / likelihood }
}

/** E[X(t)] = ∫ (1/p) (1 - (α/(α+pt))^r) Beta(p; a, b) dp for a customer alive at time 0. */
const expectedPurchasesByIntegration = (params: BgNbdParameters, t: number): number =>
  integrateUnitInterval((p, q) => (betaDensity(params, p, q) * -Math.expm1(-params.r * Math.log1p((p * t) / params.alpha))) / p)

describe('BG/NBD expectations against independent integration', () => {
  it('customer 1 of CDNOW (x = 2, t_x = 30.43, T = 38.86) expects about 1.226 purchases in the next 39 weeks', () => {
    const customer = { x: 2, tx: 30.43, T: 38.86 }
    const reference = referenceByIntegration(CDNOW, customer, 39)
    const value = unwrap(conditionalExpectedPurchases(CDNOW, 39, customer))
    expect(value).toBeCloseTo(reference.conditionalExpectation, 9)
    // The figure quoted for this customer in FHL 2005, section 4.
    expect(value).toBeCloseTo(1.226, 3)
    expect(unwrap(probabilityAlive(CDNOW, customer))).toBeCloseTo(reference.probabilityAlive, 10)
  })

  it.each([
    { x: 0, tx: 0, T: 38.86 },
    { x: 1, tx: 1.71, T: 38.86 },
    { x: 7, tx: 35, T: 36 },
    { x: 7, tx: 3, T: 36 },
    { x: 300, tx: 30, T: 31 },
  ])('E[Y(52) | x, t_x, T] and P(alive) match for %o', (customer) => {
    const reference = referenceByIntegration(CDNOW, customer, 52)
    expect(unwrap(conditionalExpectedPurchases(CDNOW, 52, customer)) / reference.conditionalExpectation).toBeCloseTo(1, 8)
    expect(unwrap(probabilityAlive(CDNOW, customer))).toBeCloseTo(reference.probabilityAlive, 9)
  })

  it.each([0.5, 39, 78, 1000])('E[X(t)] matches at t = %d', (t) => {
    expect(unwrap(expectedPurchases(CDNOW, t)) / expectedPurchasesByIntegration(CDNOW, t)).toBeCloseTo(1, 9)
  })

  it('bridges the removable singularities at a = 1 and a + b = 1', () => {
    const unitA = { ...CDNOW, a: 1 }
    expect(unwrap(expectedPurchases(unitA, 39)) / expectedPurchasesByIntegration(unitA, 39)).toBeCloseTo(1, 8)
    const customer = { x: 3, tx: 20, T: 30 }
    expect(
      unwrap(conditionalExpectedPurchases(unitA, 20, customer)) / referenceByIntegration(unitA, customer, 20).conditionalExpectation,
    ).toBeCloseTo(1, 8)
    const unitSum = { r: 0.5, alpha: 2, a: 0.4, b: 0.6 }
    expect(unwrap(expectedPurchases(unitSum, 10)) / expectedPurchasesByIntegration(unitSum, 10)).toBeCloseTo(1, 8)
  })

  it('P(alive) is 1 without repeat purchases, and falls the longer a buyer has been silent', () => {
    expect(unwrap(probabilityAlive(CDNOW, { x: 0, tx: 0, T: 30 }))).toBe(1)
    const recent = unwrap(probabilityAlive(CDNOW, { x: 4, tx: 29, T: 30 }))
    const silent = unwrap(probabilityAlive(CDNOW, { x: 4, tx: 5, T: 30 }))
    expect(recent).toBeGreaterThan(silent)
  })

  it('vectorised forms equal the scalar ones', () => {
    const data = { x: Float64Array.of(0, 2, 5), tx: Float64Array.of(0, 30.43, 12), T: Float64Array.of(20, 38.86, 30) }
    const expectations = unwrap(conditionalExpectedPurchasesByCustomer(CDNOW, 10, data))
    const alive = unwrap(probabilityAliveByCustomer(CDNOW, data))
    for (let i = 0; i < 3; i++) {
      const customer = { x: data.x[i] ?? 0, tx: data.tx[i] ?? 0, T: data.T[i] ?? 0 }
      expect(expectations[i]).toBe(unwrap(conditionalExpectedPurchases(CDNOW, 10, customer)))
      expect(alive[i]).toBe(unwrap(probabilityAlive(CDNOW, customer)))
    }
  })
})

describe('P(X(t) = n)', () => {
  it.each([5, 39, 78])('is a distribution whose mean is E[X(t)] (t = %d)', (t) => {
    let total = 0
    let mean = 0
    for (let n = 0; n <= 600; n++) {
      const probability = unwrap(probabilityOfPurchases(CDNOW, t, n))
      expect(probability).toBeGreaterThanOrEqual(0)
      total += probability
      mean += n * probability
    }
    expect(total).toBeCloseTo(1, 10)
    expect(mean / unwrap(expectedPurchases(CDNOW, t))).toBeCloseTo(1, 8)
  })

  it('matches values from the formula in the lifetimes package evaluated with scipy', () => {
    // scipy 1.17, FHL 2005 eq. (8) as written (1 - Σ_{j<n} NB(j)), parameters as below.
    const params = { r: 0.24259291524983148, alpha: 4.413531883872724, a: 0.7928861926978087, b: 2.425753793237463 }
    const expected = [0.5743072896970611, 0.19919304000339952, 0.0853224098171145, 0.017938394314597178, 0.0035845078159804904]
    ;[0, 1, 2, 5, 10].forEach((n, i) => expect(unwrap(probabilityOfPurchases(params, 39, n))).toBeCloseTo(expected[i] ?? Number.NaN, 13))
  })

  it('is certain at zero purchases over an empty period', () => {
    expect(unwrap(probabilityOfPurchases(CDNOW, 0, 0))).toBe(1)
    expect(unwrap(probabilityOfPurchases(CDNOW, 0, 3))).toBe(0)
  })
})

describe('bgNbdLogLikelihood', () => {
  it('equals FHL 2005 eq. (6) written out with gamma and beta functions', () => {
    const { r, alpha, a, b } = CDNOW
    const direct = (x: number, tx: number, T: number): number => {
      const common = Math.exp(betaln(a, b + x) - betaln(a, b) + gammaln(r + x) - gammaln(r)) * Math.pow(alpha, r)
      const dropped =
        x > 0
          ? Math.exp(betaln(a + 1, b + x - 1) - betaln(a, b) + gammaln(r + x) - gammaln(r)) *
            Math.pow(alpha, r) *
            Math.pow(alpha + tx, -(r + x))
          : 0
      return Math.log(common * Math.pow(alpha + T, -(r + x)) + dropped)
    }
    const data = { x: Float64Array.of(0, 1, 4, 12), tx: Float64Array.of(0, 3.5, 20, 30), T: Float64Array.of(35, 35, 36, 31) }
    const expected = [0, 1, 2, 3].reduce((sum, i) => sum + direct(data.x[i] ?? 0, data.tx[i] ?? 0, data.T[i] ?? 0), 0)
    expect(unwrap(bgNbdLogLikelihood(CDNOW, data))).toBeCloseTo(expected, 10)
  })

  it('treats a weight as that many identical customers', () => {
    const expanded = { x: Float64Array.of(2, 2, 2, 0), tx: Float64Array.of(10, 10, 10, 0), T: Float64Array.of(30, 30, 30, 25) }
    const weighted = { x: Float64Array.of(2, 0), tx: Float64Array.of(10, 0), T: Float64Array.of(30, 25), weights: Float64Array.of(3, 1) }
    expect(unwrap(bgNbdLogLikelihood(CDNOW, weighted))).toBeCloseTo(unwrap(bgNbdLogLikelihood(CDNOW, expanded)), 10)
  })
})

// Deterministic simulation of a BG/NBD population.
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

function gammaSampler(uniform: () => number): (shape: number) => number {
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
  const sample = (shape: number): number => {
    // Marsaglia & Tsang (2000); shapes below 1 via Gamma(shape + 1) · U^(1/shape).
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

function simulateBgNbd(params: BgNbdParameters, customers: number, seed: number) {
  const uniform = mulberry32(seed)
  const gamma = gammaSampler(uniform)
  const x = new Float64Array(customers)
  const tx = new Float64Array(customers)
  const T = new Float64Array(customers)
  for (let i = 0; i < customers; i++) {
    const lambda = gamma(params.r) / params.alpha
    const g1 = gamma(params.a)
    const p = g1 / (g1 + gamma(params.b))
    const horizon = 26 + 13 * uniform()
    T[i] = horizon
    let time = 0
    for (;;) {
      time += -Math.log(1 - uniform()) / lambda
      if (time > horizon) break
      x[i] = (x[i] ?? 0) + 1
      tx[i] = time
      if (uniform() < p) break // drops out right after this repeat purchase
    }
  }
  return { x, tx, T }
}

describe('fitBgNbd', () => {
  it('recovers the parameters of a simulated population within a few standard errors', () => {
    const truth = { r: 0.6, alpha: 5, a: 0.8, b: 3 }
    const fit = unwrap(fitBgNbd(simulateBgNbd(truth, 5000, 20050101)))
    const errors = fit.standardErrors
    expect(errors).not.toBeNull()
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.parameters[name] - truth[name])).toBeLessThan(4 * (errors?.[name] ?? 0))
    }
    expect(fit.gradientNorm).toBeLessThan(1e-4)
    expect(fit.runs.every((run) => run.converged)).toBe(true)
  })

  it('does not depend on the time unit except through α', () => {
    const weeks = simulateBgNbd({ r: 0.6, alpha: 5, a: 0.8, b: 3 }, 800, 7)
    const days = { x: weeks.x, tx: weeks.tx.map((v) => 7 * v), T: weeks.T.map((v) => 7 * v) }
    const inWeeks = unwrap(fitBgNbd(weeks)).parameters
    const inDays = unwrap(fitBgNbd(days)).parameters
    expect(inDays.r).toBeCloseTo(inWeeks.r, 5)
    expect(inDays.alpha / 7).toBeCloseTo(inWeeks.alpha, 4)
    expect(inDays.a).toBeCloseTo(inWeeks.a, 5)
    expect(inDays.b).toBeCloseTo(inWeeks.b, 4)
  })
})

describe('degenerate and invalid input', () => {
  const valid = { x: Float64Array.of(0, 2), tx: Float64Array.of(0, 5), T: Float64Array.of(10, 10) }

  it.each([
    ['empty input', { x: new Float64Array(0), tx: new Float64Array(0), T: new Float64Array(0) }, 'DegenerateData', /empty/],
    [
      'no repeat buyers',
      { x: Float64Array.of(0, 0, 0), tx: Float64Array.of(0, 0, 0), T: Float64Array.of(5, 8, 9) },
      'DegenerateData',
      /repeat purchase/,
    ],
    ['NaN frequency', { ...valid, x: Float64Array.of(Number.NaN, 2) }, 'InvalidInput', /x must be/],
    ['fractional frequency', { ...valid, x: Float64Array.of(0.5, 2) }, 'InvalidInput', /integer/],
    ['negative T', { ...valid, T: Float64Array.of(-1, 10) }, 'InvalidInput', /T must be/],
    ['t_x > T', { ...valid, tx: Float64Array.of(0, 12) }, 'InvalidInput', /t_x > T/],
    ['t_x without repeat purchases', { ...valid, tx: Float64Array.of(3, 5) }, 'InvalidInput', /t_x must be 0/],
    ['mismatched lengths', { ...valid, T: Float64Array.of(10) }, 'InvalidInput', /same length/],
    ['zero weights', { ...valid, weights: Float64Array.of(0, 0) }, 'DegenerateData', /weights/],
    ['negative weight', { ...valid, weights: Float64Array.of(1, -1) }, 'InvalidInput', /weights/],
  ] as const)('%s', (_name, data, tag, message) => {
    const result = fitBgNbd(data)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.tag).toBe(tag)
      expect(result.error.message).toMatch(message)
    }
  })

  it('reports a likelihood that rises towards the edge of the parameter space instead of returning it', () => {
    // Every customer bought right up to the end of the period: nothing suggests dropout.
    const x = Float64Array.from({ length: 40 }, (_, i) => 1 + (i % 5))
    const result = fitBgNbd({ x, tx: new Float64Array(40).fill(30), T: new Float64Array(40).fill(30) })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.tag).toBe('DegenerateData')
      expect(result.error.message).toMatch(/runs off/)
    }
  })

  it('rejects invalid parameters and times in the predictions', () => {
    expect(expectedPurchases({ ...CDNOW, r: -1 }, 10).ok).toBe(false)
    expect(expectedPurchases(CDNOW, Number.NaN).ok).toBe(false)
    expect(conditionalExpectedPurchases(CDNOW, -1, { x: 1, tx: 1, T: 2 }).ok).toBe(false)
    const lateLast = probabilityAlive(CDNOW, { x: 1, tx: 3, T: 2 })
    expect(lateLast.ok).toBe(false)
    if (!lateLast.ok) expect(lateLast.error.message).toMatch(/t_x > T/)
    expect(probabilityOfPurchases(CDNOW, 10, 1.5).ok).toBe(false)
    expect(bgNbdLogLikelihood({ ...CDNOW, alpha: Number.POSITIVE_INFINITY }, valid).ok).toBe(false)
  })
})
