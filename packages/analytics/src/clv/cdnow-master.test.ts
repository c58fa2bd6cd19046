/**
 * BG/NBD on the full CDNOW 1997-Q1 cohort (23,570 customers, CDNOW_master.txt), calibration to
 * 1997-09-30 in weeks. The log-likelihood is a sum of 23,570 terms: ten times the published
 * 2,357-customer sample, with about ten times its rounding noise. The raw (unweighted) summary
 * must fit and converge as well as the same data merged into weighted rows.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { bfgs, estimateNoise, gradientNoiseFloor, nelderMead, numericalGradient } from '../optim/index.js'
import { bgNbdLogLikelihood, fitBgNbd, summaryFromTransactions, type FrequencyRecencyData, type Transaction } from './index.js'

const MASTER = new URL('../../../../../shared/data/cdnow/CDNOW_master.txt', import.meta.url)

/** CDNOW_master.txt: header, then customer id, YYYYMMDD, number of CDs, dollar value. */
function readMasterTransactions(): Transaction[] {
  return readFileSync(MASTER, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(1)
    .map((line) => {
      const [id, date, , dollars] = line.trim().split(/\s+/)
      const ymd = date ?? ''
      return {
        customerId: id ?? '',
        at: Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)) - 1, Number(ymd.slice(6, 8))),
        amount: Number(dollars),
      }
    })
}

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

const summary = unwrap(summaryFromTransactions(readMasterTransactions(), { calibrationEnd: Date.UTC(1997, 8, 30), unit: 'week' }))
const raw: FrequencyRecencyData = { x: summary.x, tx: summary.tx, T: summary.T }

/** The same customers with identical (x, t_x, T) merged into one row weighted by their count. */
function mergeIdentical(data: FrequencyRecencyData): FrequencyRecencyData {
  const counts = new Map<string, { x: number; tx: number; T: number; weight: number }>()
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i] ?? 0
    const tx = data.tx[i] ?? 0
    const T = data.T[i] ?? 0
    const key = `${x}/${tx}/${T}`
    const row = counts.get(key)
    if (row === undefined) counts.set(key, { x, tx, T, weight: 1 })
    else row.weight++
  }
  const rows = [...counts.values()]
  return {
    x: Float64Array.from(rows, (row) => row.x),
    tx: Float64Array.from(rows, (row) => row.tx),
    T: Float64Array.from(rows, (row) => row.T),
    weights: Float64Array.from(rows, (row) => row.weight),
  }
}

/** Negative log-likelihood of the raw data in (ln r, ln α, ln a, ln b), α in weeks. */
const negativeLogLikelihood = (theta: Float64Array): number => {
  const ll = bgNbdLogLikelihood(
    { r: Math.exp(theta[0] ?? 0), alpha: Math.exp(theta[1] ?? 0), a: Math.exp(theta[2] ?? 0), b: Math.exp(theta[3] ?? 0) },
    raw,
  )
  return ll.ok ? -ll.value : Number.POSITIVE_INFINITY
}

const significant = (value: number): string => value.toPrecision(4)

describe('BG/NBD on the full CDNOW cohort (23,570 customers, unweighted)', () => {
  const fit = unwrap(fitBgNbd(raw))
  const merged = mergeIdentical(raw)
  const weightedFit = unwrap(fitBgNbd(merged))

  it('summarises 23,570 customers and fits them without merging rows', () => {
    expect(summary.x.length).toBe(23570)
    expect(fit.customers).toBe(23570)
    expect(merged.x.length).toBeLessThan(10000)
    expect(weightedFit.customers).toBe(23570)
  })

  it('converges to r = 0.2516, α = 4.789, a = 0.7234, b = 2.161', () => {
    const { r, alpha, a, b } = fit.parameters
    expect(significant(r)).toBe('0.2516')
    expect(significant(alpha)).toBe('4.789')
    expect(significant(a)).toBe('0.7234')
    expect(significant(b)).toBe('2.161')
    expect(fit.runs.some((run) => run.converged)).toBe(true)
  })

  it('matches the fit on weighted rows to 4 significant digits, with the same log-likelihood', () => {
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(significant(fit.parameters[name])).toBe(significant(weightedFit.parameters[name]))
    }
    expect(fit.logLikelihood).toBeCloseTo(weightedFit.logLikelihood, 6)
    expect(fit.standardErrors).not.toBeNull()
  })

  it('returns a point whose gradient is within the rounding noise of the summed log-likelihood', () => {
    const { r, alpha, a, b } = fit.parameters
    const theta = Float64Array.of(Math.log(r), Math.log(alpha), Math.log(a), Math.log(b))
    const value = negativeLogLikelihood(theta)
    expect(value).toBeCloseTo(-fit.logLikelihood, 6)
    const noise = estimateNoise(negativeLogLikelihood, theta, value)
    // A sum of 23,570 terms: noise well above eps·|f| (2e-11 here), yet far below 1e-6 of |f|.
    expect(noise).toBeGreaterThan(Number.EPSILON * value)
    expect(noise).toBeLessThan(1e-6 * value)
    const gradient = numericalGradient(negativeLogLikelihood, theta)
    const floor = gradientNoiseFloor(theta, noise, 1)
    for (let i = 0; i < 4; i++) expect(Math.abs(gradient[i] ?? Number.NaN)).toBeLessThanOrEqual(2 * (floor[i] ?? 0))
  })

  it('still reports non-convergence when the optimum is not reached', () => {
    const limited = fitBgNbd(raw, { nelderMead: { maxIterations: 20 }, bfgs: { maxIterations: 2, maxNewtonSteps: 0 } })
    expect(limited.ok).toBe(false)
    if (!limited.ok) expect(limited.error.tag).toBe('NotConverged')

    // Far from the optimum the noise floor does not excuse a large gradient.
    const start = Float64Array.of(0, Math.log(30), 0, 0)
    const rough = nelderMead(negativeLogLikelihood, start, { maxIterations: 30 })
    const polished = bfgs(negativeLogLikelihood, rough.x, { maxIterations: 3, maxNewtonSteps: 0 })
    expect(polished.converged).toBe(false)
    expect(polished.gradientNorm).toBeGreaterThan(1)
    expect(polished.noise).toBeLessThan(1e-6)
  })
})
