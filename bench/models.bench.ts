/**
 * Stratified 10-fold cross-validation of the logistic model on the UCI bank-marketing data
 * (`bank.csv`, 4,521 rows, 16 inputs → 42 design columns). The baseline in the same group is one pass
 * that validates the columns and builds the full design matrix (standardised numerics and one-hot
 * dummies), so the ratio Vitest prints reads as "how many design builds one cross-validation costs",
 * comparable across machines unlike the absolute times.
 *
 * Run with `npm run bench` (all benches) or `npx vitest bench --run bench/models.bench.ts`.
 */
import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { bench, describe } from 'vitest'
import {
  binaryTarget,
  buildDesignMatrix,
  crossValidateLogistic,
  fitDesignEncoder,
  prepareFeatures,
  type FeatureSpec,
} from '@portrait/analytics/models'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [header, ...rows] = parse(readFileSync(resolve(repoRoot, '../shared/data/bank-marketing/bank.csv')), { delimiter: ';' })
if (header === undefined) throw new Error('bank.csv has no header')
const columns: Record<string, string[]> = Object.fromEntries(header.map((name, c) => [name, rows.map((row) => row[c] ?? '')]))
const target = binaryTarget(columns.y ?? [], 'yes')
const spec: FeatureSpec = [
  ...['age', 'balance', 'day', 'duration', 'campaign', 'pdays', 'previous'].map((name) => ({ name, kind: 'numeric' as const })),
  ...['job', 'marital', 'education', 'default', 'housing', 'loan', 'contact', 'month', 'poutcome'].map((name) => ({
    name,
    kind: 'categorical' as const,
  })),
]
const prepared = prepareFeatures(spec, columns)
if (!prepared.ok) throw new Error(prepared.error.message)
const preparedFeatures = prepared.value

// The cross-validation takes a few hundred milliseconds: a fixed number of samples, not a time budget.
const FEW_SAMPLES = { time: 0, iterations: 10, warmupTime: 0, warmupIterations: 2 } as const

describe('logistic regression: bank.csv, stratified 10-fold CV', () => {
  bench('baseline: one pass building the design matrix', () => {
    const checked = prepareFeatures(spec, columns)
    if (!checked.ok) throw new Error(checked.error.message)
    const encoder = fitDesignEncoder(checked.value)
    if (!encoder.ok) throw new Error(encoder.error.message)
    const design = buildDesignMatrix(encoder.value, checked.value)
    if (!design.ok || design.value.cols !== 42) throw new Error('unexpected design')
  })

  bench(
    '10-fold CV (10 Newton fits, metrics)',
    () => {
      const report = crossValidateLogistic(preparedFeatures, target, { folds: 10, seed: 1 })
      if (!report.ok) throw new Error(report.error.message)
    },
    FEW_SAMPLES,
  )
})
