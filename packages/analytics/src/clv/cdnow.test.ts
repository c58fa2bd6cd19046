/**
 * The models on the CDNOW data of Fader, Hardie & Lee (2005): the 2,357-customer sample of the
 * 1997-Q1 cohort, calibration 1997-01-01..1997-09-30 (39 weeks), holdout to 1998-06-30 (39 weeks).
 * The data live in the shared folder beside the repository (see its README).
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { invertSymmetricPositiveDefinite, numericalGradient, numericalHessian } from '../optim/index.js'
import {
  bgNbdLogLikelihood,
  compareCalibrationHoldout,
  discountedLifetimeValue,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  summaryFromTransactions,
  type FrequencyRecencyData,
  type Transaction,
  type TransactionSummary,
} from './index.js'

const CDNOW = new URL('../../../../../shared/data/cdnow/', import.meta.url)
const readLines = (name: string): string[] =>
  readFileSync(new URL(name, CDNOW), 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')

/** `ID,frequency,recency,T` or `ID,x,t_x,T,zbar` (header skipped), as columns of numbers. */
function readSummary(name: string): { ids: number[]; columns: Float64Array[] } {
  const rows = readLines(name)
    .slice(1)
    .map((line) => line.split(',').map(Number))
  const width = rows[0]?.length ?? 0
  const columns = Array.from({ length: width - 1 }, (_, c) => Float64Array.from(rows, (row) => row[c + 1] ?? Number.NaN))
  return { ids: rows.map((row) => row[0] ?? Number.NaN), columns }
}

/** CDNOW_sample.txt: master id, sample id, YYYYMMDD, number of CDs, dollar value. */
function readSampleTransactions(): Transaction[] {
  return readLines('CDNOW_sample.txt').map((line) => {
    const [, sampleId, date, , dollars] = line.trim().split(/\s+/)
    const ymd = date ?? ''
    return {
      customerId: String(Number(sampleId)),
      at: Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))),
      amount: Number(dollars),
    }
  })
}

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const summary = readSummary('cdnow_customers_summary.csv')
const [frequency, recency, age] = summary.columns as [Float64Array, Float64Array, Float64Array]
const calibration: FrequencyRecencyData = { x: frequency, tx: recency, T: age }
const withSpend = readSummary('cdnow_customers_summary_with_transactions.csv')
const [spendX, , , zbar] = withSpend.columns as [Float64Array, Float64Array, Float64Array, Float64Array]

const rebuild = (): TransactionSummary =>
  unwrap(
    summaryFromTransactions(readSampleTransactions(), {
      calibrationEnd: Date.UTC(1997, 8, 30),
      observationEnd: Date.UTC(1998, 5, 30),
      unit: 'week',
    }),
  )

describe('BG/NBD on the CDNOW calibration summary', () => {
  const fit = unwrap(fitBgNbd(calibration))
  const { r, alpha, a, b } = fit.parameters

  it('reproduces the published estimates r = 0.243, α = 4.414, a = 0.793, b = 2.426 and LL = -9582.4', () => {
    expect(fit.customers).toBe(2357)
    expect(r.toPrecision(3)).toBe('0.243')
    expect(alpha.toPrecision(4)).toBe('4.414')
    expect(a.toPrecision(3)).toBe('0.793')
    expect(b.toPrecision(4)).toBe('2.426')
    expect(fit.logLikelihood.toFixed(1)).toBe('-9582.4')
    // An independent fit (scipy 1.17: Nelder-Mead then BFGS on the same data) ended at
    // r = 0.24259289, α = 4.41353152, a = 0.79288608, b = 2.42575356, LL = -9582.425560567.
    expect(r / 0.24259289).toBeCloseTo(1, 6)
    expect(alpha / 4.41353152).toBeCloseTo(1, 6)
    expect(a / 0.79288608).toBeCloseTo(1, 5)
    expect(b / 2.42575356).toBeCloseTo(1, 5)
    expect(fit.logLikelihood).toBeCloseTo(-9582.425560567, 6)
  })

  it('stops where the gradient vanishes, unlike at the rounded published values', () => {
    expect(fit.gradientNorm).toBeLessThan(1e-5)
    const logLikelihood = (v: Float64Array): number =>
      unwrap(bgNbdLogLikelihood({ r: v[0] ?? 0, alpha: v[1] ?? 0, a: v[2] ?? 0, b: v[3] ?? 0 }, calibration))
    const atOptimum = numericalGradient(logLikelihood, Float64Array.of(r, alpha, a, b))
    const atPublished = numericalGradient(logLikelihood, Float64Array.of(0.243, 4.414, 0.793, 2.426))
    for (const g of atOptimum) expect(Math.abs(g)).toBeLessThan(1e-4)
    expect(Math.max(...Array.from(atPublished, Math.abs))).toBeGreaterThan(1)
    expect(fit.runs.every((run) => run.converged)).toBe(true)
    for (const run of fit.runs) expect(run.logLikelihood).toBeCloseTo(fit.logLikelihood, 6)
  })

  it('has delta-method standard errors equal to those of the Hessian in the natural parameters', () => {
    const negative = (v: Float64Array): number =>
      -unwrap(bgNbdLogLikelihood({ r: v[0] ?? 0, alpha: v[1] ?? 0, a: v[2] ?? 0, b: v[3] ?? 0 }, calibration))
    const covariance = invertSymmetricPositiveDefinite(numericalHessian(negative, Float64Array.of(r, alpha, a, b)), 4)
    expect(covariance).not.toBeNull()
    const errors = fit.standardErrors
    expect(errors).not.toBeNull()
    ;(['r', 'alpha', 'a', 'b'] as const).forEach((name, i) => {
      expect((errors?.[name] ?? 0) / Math.sqrt(covariance?.[i * 5] ?? Number.NaN)).toBeCloseTo(1, 3)
    })
    // r is pinned down much more tightly than the dropout parameters.
    expect((errors?.r ?? 0) / r).toBeLessThan(0.1)
    expect((errors?.b ?? 0) / b).toBeGreaterThan(0.2)
  })
})

describe('Gamma-Gamma on the CDNOW repeat customers', () => {
  it('reproduces the published estimates p = 6.25, q = 3.74, γ = 15.44 (Fader & Hardie 2013)', () => {
    const fit = unwrap(fitGammaGamma({ x: spendX, monetaryValue: zbar }))
    expect(fit.customers).toBe(946)
    expect(fit.parameters.p.toFixed(2)).toBe('6.25')
    expect(fit.parameters.q.toFixed(2)).toBe('3.74')
    // z̄ in this file is rounded to cents, which moves γ by 0.008 from the published value.
    expect(Math.abs(fit.parameters.gamma - 15.44)).toBeLessThan(0.01)
    expect(fit.gradientNorm).toBeLessThan(1e-5)
    expect(fit.runs.every((run) => run.converged)).toBe(true)
  })
})

describe('summary rebuilt from CDNOW_sample.txt', () => {
  const rebuilt = rebuild()
  const row = new Map(rebuilt.customerIds.map((id, i) => [Number(id), i]))
  // The file rounds to cents and hundredths of a week. A mean such as 18.135 is held in binary as
  // 18.134999…; the file rounds it half-up, so allow for that tie.
  const rounded = (v: number): number => Math.round(v * 100 + 1e-6) / 100

  it('reproduces cdnow_customers_summary_with_transactions.csv row by row', () => {
    expect(rebuilt.customerIds.length).toBe(2357)
    expect(rebuilt.excludedCustomers).toBe(0)
    const [x, tx, T] = withSpend.columns as [Float64Array, Float64Array, Float64Array]
    let mismatches = 0
    withSpend.ids.forEach((id, k) => {
      const i = row.get(id)
      if (i === undefined) return void mismatches++
      const same =
        rebuilt.x[i] === x[k] &&
        rounded(rebuilt.tx[i] ?? Number.NaN) === tx[k] &&
        rounded(rebuilt.T[i] ?? Number.NaN) === T[k] &&
        rounded(rebuilt.monetaryValue?.[i] ?? Number.NaN) === zbar[k]
      if (!same) mismatches++
    })
    expect(mismatches).toBe(0)
  })

  it('gives the same BG/NBD and Gamma-Gamma fits', () => {
    const purchases = unwrap(fitBgNbd(rebuilt)).parameters
    expect(purchases.r.toPrecision(3)).toBe('0.243')
    expect(purchases.alpha.toPrecision(4)).toBe('4.414')
    expect(purchases.a.toPrecision(3)).toBe('0.793')
    expect(purchases.b.toPrecision(4)).toBe('2.426')
    const spend = unwrap(fitGammaGamma({ x: rebuilt.x, monetaryValue: rebuilt.monetaryValue ?? new Float64Array(0) }))
    expect(spend.parameters.p.toFixed(2)).toBe('6.25')
    expect(spend.parameters.q.toFixed(2)).toBe('3.74')
    expect(spend.parameters.gamma.toFixed(2)).toBe('15.44')
  })
})

describe('calibration/holdout validation on CDNOW', () => {
  const rebuilt = rebuild()
  const params = unwrap(fitBgNbd(rebuilt)).parameters
  const comparison = unwrap(compareCalibrationHoldout(params, rebuilt))

  it('counts the holdout purchases and the repeat purchases of each week', () => {
    expect(rebuilt.holdoutDuration).toBe(39)
    expect(rebuilt.calibrationPeriods).toBe(39)
    expect(rebuilt.repeatPurchasesPerPeriod.length).toBe(78)
    const calibrationRepeats = rebuilt.x.reduce((s, v) => s + v, 0)
    const holdoutRepeats = rebuilt.holdoutPurchases?.reduce((s, v) => s + v, 0) ?? 0
    expect(calibrationRepeats).toBe(2457)
    expect(holdoutRepeats).toBe(1882)
    expect(comparison.tracking.actualCumulative[38]).toBe(calibrationRepeats)
    expect(comparison.tracking.actualCumulative[77]).toBe(calibrationRepeats + holdoutRepeats)
  })

  it('predicts holdout purchases per calibration frequency close to what happened', () => {
    const buckets = comparison.byFrequency
    expect(buckets.map((bucket) => bucket.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+'])
    expect(buckets.map((bucket) => bucket.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64])
    for (const bucket of buckets) expect(Math.abs(bucket.predictedMean / bucket.actualMean - 1)).toBeLessThan(0.3)
    // Predictions rise with frequency, as the actual means do.
    for (let k = 1; k < buckets.length; k++) expect(buckets[k]?.predictedMean).toBeGreaterThan(buckets[k - 1]?.predictedMean ?? Infinity)
    const predictedTotal = buckets.reduce((s, bucket) => s + bucket.customers * bucket.predictedMean, 0)
    expect(Math.abs(predictedTotal / 1882 - 1)).toBeLessThan(0.15)
  })

  it('tracks cumulative repeat purchases through calibration and holdout', () => {
    const { actualCumulative, expectedCumulative } = comparison.tracking
    // At the calibration end the expectation is Σ E[X(T_i)], each customer at their own age T_i.
    let atCalibrationEnd = 0
    for (const T of rebuilt.T) atCalibrationEnd += unwrap(expectedPurchases(params, T))
    expect(expectedCumulative[38]).toBeCloseTo(atCalibrationEnd, 6)
    expect(Math.abs((expectedCumulative[38] ?? 0) / (actualCumulative[38] ?? 1) - 1)).toBeLessThan(0.05)
    expect(Math.abs((expectedCumulative[77] ?? 0) / (actualCumulative[77] ?? 1) - 1)).toBeLessThan(0.05)
  })

  it('values every customer, frequent buyers more', () => {
    const spend = unwrap(fitGammaGamma({ x: rebuilt.x, monetaryValue: rebuilt.monetaryValue ?? new Float64Array(0) })).parameters
    const values = unwrap(
      discountedLifetimeValue(
        params,
        spend,
        { ...rebuilt, monetaryValue: rebuilt.monetaryValue ?? new Float64Array(0) },
        {
          horizon: 52,
          discountRate: Math.pow(1.1, 1 / 52) - 1,
        },
      ),
    )
    expect(values.every((v) => Number.isFinite(v) && v > 0)).toBe(true)
    const meanByFrequency = (lo: number, hi: number): number => {
      let sum = 0
      let count = 0
      values.forEach((v, i) => {
        const x = rebuilt.x[i] ?? 0
        if (x >= lo && x <= hi) {
          sum += v
          count++
        }
      })
      return sum / count
    }
    expect(meanByFrequency(0, 0)).toBeLessThan(meanByFrequency(1, 2))
    expect(meanByFrequency(1, 2)).toBeLessThan(meanByFrequency(3, 100))
  })
})
