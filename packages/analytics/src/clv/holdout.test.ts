import { describe, expect, it } from 'vitest'
import {
  compareCalibrationHoldout,
  conditionalExpectationsByFrequency,
  conditionalExpectedPurchases,
  expectedPurchases,
  summaryFromTransactions,
  trackRepeatPurchases,
  type BgNbdParameters,
} from './index.js'

const PARAMS: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('conditionalExpectationsByFrequency', () => {
  const calibration = {
    x: Float64Array.of(0, 0, 1, 3, 5),
    tx: Float64Array.of(0, 0, 4, 20, 25),
    T: Float64Array.of(30, 20, 30, 30, 26),
  }
  const holdout = Float64Array.of(0, 1, 2, 2, 6)

  it('averages actual and predicted holdout purchases per frequency, with an open last bucket', () => {
    const buckets = unwrap(conditionalExpectationsByFrequency(PARAMS, calibration, holdout, 39, { maxFrequency: 3 }))
    expect(buckets.map((b) => b.label)).toEqual(['0', '1', '3+']) // no customer with x = 2
    expect(buckets.map((b) => b.customers)).toEqual([2, 1, 2])
    expect(buckets.map((b) => b.actualMean)).toEqual([0.5, 2, 4])
    const predicted = (i: number): number =>
      unwrap(conditionalExpectedPurchases(PARAMS, 39, { x: calibration.x[i] ?? 0, tx: calibration.tx[i] ?? 0, T: calibration.T[i] ?? 0 }))
    expect(buckets[0]?.predictedMean).toBeCloseTo((predicted(0) + predicted(1)) / 2, 12)
    expect(buckets[2]?.predictedMean).toBeCloseTo((predicted(3) + predicted(4)) / 2, 12)
  })

  it('rejects holdout counts that do not fit the calibration data', () => {
    expect(conditionalExpectationsByFrequency(PARAMS, calibration, Float64Array.of(1, 2), 39).ok).toBe(false)
    expect(conditionalExpectationsByFrequency(PARAMS, calibration, Float64Array.of(0, 1, -2, 2, 6), 39).ok).toBe(false)
    expect(conditionalExpectationsByFrequency(PARAMS, calibration, holdout, Number.NaN).ok).toBe(false)
  })
})

describe('trackRepeatPurchases', () => {
  it('sums E[X(t - s)] over customers at the last day of each period', () => {
    const tracking = unwrap(
      trackRepeatPurchases(PARAMS, {
        firstPurchaseOffset: Float64Array.of(0, 0, 10 / 7),
        repeatPurchasesPerPeriod: Float64Array.of(0, 1, 0, 2),
        unitDays: 7,
      }),
    )
    expect(Array.from(tracking.actualCumulative)).toEqual([0, 1, 1, 3])
    for (let k = 0; k < 4; k++) {
      const end = (7 * k + 6) / 7
      const late = end > 10 / 7 ? unwrap(expectedPurchases(PARAMS, end - 10 / 7)) : 0
      expect(tracking.expectedCumulative[k]).toBeCloseTo(2 * unwrap(expectedPurchases(PARAMS, end)) + late, 12)
    }
    const perPeriodTotal = tracking.expectedPerPeriod.reduce((s, v) => s + v, 0)
    expect(perPeriodTotal).toBeCloseTo(tracking.expectedCumulative[3] ?? Number.NaN, 12)
  })

  it('rejects negative offsets', () => {
    const result = trackRepeatPurchases(PARAMS, {
      firstPurchaseOffset: Float64Array.of(-1),
      repeatPurchasesPerPeriod: Float64Array.of(0),
      unitDays: 7,
    })
    expect(result.ok).toBe(false)
  })
})

describe('compareCalibrationHoldout', () => {
  it('needs a summary with a holdout period', () => {
    const summary = unwrap(
      summaryFromTransactions(
        [
          { customerId: 'a', at: Date.UTC(2024, 0, 1) },
          { customerId: 'a', at: Date.UTC(2024, 0, 9) },
        ],
        { calibrationEnd: Date.UTC(2024, 1, 1), unit: 'week' },
      ),
    )
    const result = compareCalibrationHoldout(PARAMS, summary)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/holdout/)
  })
})
