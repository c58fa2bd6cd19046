/**
 * Cost of fitting the lifetime-value models on the CDNOW sample (2,357 customers, 946 with repeat
 * purchases). The baseline, 1,000 evaluations of the BG/NBD log-likelihood at fixed parameters, runs
 * in the same process, so the "times faster/slower" ratios Vitest prints compare like with like on
 * any machine: a fit costs about as much as that many likelihood evaluations.
 */
import { readFileSync } from 'node:fs'
import { bench, describe } from 'vitest'
import { bgNbdLogLikelihood, fitBgNbd, fitGammaGamma } from '@portrait/analytics/clv'

const CDNOW = new URL('../../shared/data/cdnow/', import.meta.url)

/** Columns after the ID of a CDNOW summary CSV, as numbers. */
function readColumns(name: string): Float64Array[] {
  const rows = readFileSync(new URL(name, CDNOW), 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(',').map(Number))
  const width = rows[0]?.length ?? 0
  return Array.from({ length: width - 1 }, (_, c) => Float64Array.from(rows, (row) => row[c + 1] ?? Number.NaN))
}

const [x, tx, T] = readColumns('cdnow_customers_summary.csv') as [Float64Array, Float64Array, Float64Array]
const calibration = { x, tx, T }
const [spendX, , , zbar] = readColumns('cdnow_customers_summary_with_transactions.csv') as [
  Float64Array,
  Float64Array,
  Float64Array,
  Float64Array,
]
const spend = { x: spendX, monetaryValue: zbar }
const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }

// Results are checked so that a failing fit cannot pass for a fast one.
const expectOk = (result: { ok: boolean }, what: string): void => {
  if (!result.ok) throw new Error(`${what} failed`)
}

describe('CLV models on CDNOW', () => {
  bench(
    'baseline: BG/NBD log-likelihood, 1,000 evaluations',
    () => {
      for (let i = 0; i < 1000; i++) expectOk(bgNbdLogLikelihood(published, calibration), 'log-likelihood')
    },
    { iterations: 10, warmupIterations: 2 },
  )

  bench('fitBgNbd (2,357 customers, 3 starts)', () => expectOk(fitBgNbd(calibration), 'fitBgNbd'), {
    iterations: 10,
    warmupIterations: 2,
  })

  bench('fitGammaGamma (946 repeat customers, 3 starts)', () => expectOk(fitGammaGamma(spend), 'fitGammaGamma'), {
    iterations: 10,
    warmupIterations: 2,
  })
})
