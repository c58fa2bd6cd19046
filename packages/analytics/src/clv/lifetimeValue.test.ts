import { describe, expect, it } from 'vitest'
import {
  conditionalExpectedAverageSpend,
  conditionalExpectedPurchases,
  discountedLifetimeValue,
  type BgNbdParameters,
  type GammaGammaParameters,
} from './index.js'

const PURCHASES: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }
const SPEND: GammaGammaParameters = { p: 6.25, q: 3.74, gamma: 15.44 }
const customers = {
  x: Float64Array.of(0, 2, 6, 6),
  tx: Float64Array.of(0, 30.43, 35, 8),
  T: Float64Array.of(38.86, 38.86, 38, 38),
  monetaryValue: Float64Array.of(0, 22.35, 40, 40),
}

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const undiscounted = (i: number, t: number): number => {
  const customer = { x: customers.x[i] ?? 0, tx: customers.tx[i] ?? 0, T: customers.T[i] ?? 0 }
  const spend = unwrap(conditionalExpectedAverageSpend(SPEND, customer.x, customers.monetaryValue[i] ?? 0))
  return spend * unwrap(conditionalExpectedPurchases(PURCHASES, t, customer))
}

describe('discountedLifetimeValue', () => {
  it('without discounting is expected spend × expected purchases over the horizon', () => {
    const values = unwrap(discountedLifetimeValue(PURCHASES, SPEND, customers, { horizon: 52, discountRate: 0 }))
    values.forEach((value, i) => expect(value).toBeCloseTo(undiscounted(i, 52), 9))
  })

  it('discounts period k by (1 + d)^k', () => {
    const d = 0.01
    const values = unwrap(discountedLifetimeValue(PURCHASES, SPEND, customers, { horizon: 10, discountRate: d }))
    values.forEach((value, i) => {
      let expected = 0
      for (let k = 1; k <= 10; k++) expected += (undiscounted(i, k) - undiscounted(i, k - 1)) / (1 + d) ** k
      expect(value).toBeCloseTo(expected, 9)
      expect(value).toBeLessThan(undiscounted(i, 10))
    })
  })

  it('counts periods of any length in the model time unit', () => {
    const quarters = unwrap(discountedLifetimeValue(PURCHASES, SPEND, customers, { horizon: 4, discountRate: 0, periodLength: 13 }))
    const weeks = unwrap(discountedLifetimeValue(PURCHASES, SPEND, customers, { horizon: 52, discountRate: 0 }))
    quarters.forEach((value, i) => expect(value).toBeCloseTo(weeks[i] ?? Number.NaN, 9))
  })

  it('values a recent buyer above a lapsed one with the same history length', () => {
    const values = unwrap(discountedLifetimeValue(PURCHASES, SPEND, customers, { horizon: 52, discountRate: 0.002 }))
    expect(values[2]).toBeGreaterThan(values[3] ?? Infinity)
  })

  it.each([
    ['a zero horizon', { horizon: 0, discountRate: 0 }, /horizon/],
    ['a fractional horizon', { horizon: 2.5, discountRate: 0 }, /horizon/],
    ['a negative discount rate', { horizon: 5, discountRate: -0.1 }, /discountRate/],
    ['a NaN period length', { horizon: 5, discountRate: 0, periodLength: Number.NaN }, /periodLength/],
  ])('rejects %s', (_name, options, message) => {
    const result = discountedLifetimeValue(PURCHASES, SPEND, customers, options)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(message)
  })

  it('rejects an infinite expected spend and malformed data', () => {
    const heavyTailed = discountedLifetimeValue(PURCHASES, { ...SPEND, q: 0.9 }, customers, { horizon: 5, discountRate: 0 })
    expect(heavyTailed.ok).toBe(false)
    if (!heavyTailed.ok) expect(heavyTailed.error.message).toMatch(/infinite/)
    const late = discountedLifetimeValue(
      PURCHASES,
      SPEND,
      { ...customers, tx: Float64Array.of(0, 40, 35, 8) },
      { horizon: 5, discountRate: 0 },
    )
    expect(late.ok).toBe(false)
    if (!late.ok) expect(late.error.message).toMatch(/t_x > T/)
  })
})
