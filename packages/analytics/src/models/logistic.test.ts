import { describe, expect, it } from 'vitest'
import {
  coefficientReport,
  crossValidateLogistic,
  fitLogisticModel,
  predictProbabilities,
  prepareFeatures,
  rocAuc,
  stratifiedKFold,
  type FeatureSpec,
  type PreparedFeatures,
} from './index.js'
import { createRandom } from './random.js'

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** Synthetic customers: log odds = −1 + 0.8·z(tenure) − 1.2·[plan = pro] + 0.5·[plan = team]. */
function synthetic(n: number, seed: number): { prepared: PreparedFeatures; target: Uint8Array; tenure: Float64Array; plan: string[] } {
  const random = createRandom(seed)
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const tenure = Float64Array.from({ length: n }, () => 24 + 10 * normal())
  const plan = Array.from({ length: n }, () => ['basic', 'pro', 'team'][Math.floor(random() * 3)] ?? 'basic')
  const target = Uint8Array.from({ length: n }, (_, i) => {
    const eta = -1 + 0.8 * (((tenure[i] ?? 0) - 24) / 10) - 1.2 * (plan[i] === 'pro' ? 1 : 0) + 0.5 * (plan[i] === 'team' ? 1 : 0)
    return random() < 1 / (1 + Math.exp(-eta)) ? 1 : 0
  })
  const spec: FeatureSpec = [
    { name: 'tenure', kind: 'numeric' },
    { name: 'plan', kind: 'categorical' },
  ]
  return { prepared: unwrap(prepareFeatures(spec, { tenure, plan })), target, tenure, plan }
}

describe('fitLogisticModel', () => {
  it('recovers the generating coefficients', () => {
    const { prepared, target } = synthetic(40_000, 11)
    const model = unwrap(fitLogisticModel(prepared, target, { lambda: 0 }))
    const report = coefficientReport(model)
    const byTerm = new Map(report.terms.map((term) => [term.term, term]))
    // Standard errors at n = 40,000 are about 0.003 (tenure per unit) and 0.03 (dummies): allow 3 SE.
    const near = (actual: number | undefined, expected: number, tolerance: number): void =>
      expect(Math.abs((actual ?? Number.NaN) - expected)).toBeLessThan(tolerance)
    near(byTerm.get('tenure')?.perUnitCoefficient, 0.08, 0.01)
    near(byTerm.get('plan=pro')?.coefficient, -1.2, 0.1)
    near(byTerm.get('plan=team')?.coefficient, 0.5, 0.1)
    near(report.unstandardizedIntercept, -1 - 0.8 * 2.4, 0.15)
    expect(model.fit.iterations).toBeLessThan(10)
    expect(model.fit.gradientNorm).toBeLessThan(1e-8)
  })

  it('reports coefficients on raw and standardised scales consistently', () => {
    const { prepared, target, tenure, plan } = synthetic(2_000, 3)
    const model = unwrap(fitLogisticModel(prepared, target))
    const report = coefficientReport(model)
    const term = (name: string): number => report.terms.find((t) => t.term === name)?.perUnitCoefficient ?? Number.NaN
    const probabilities = unwrap(predictProbabilities(model, prepared))
    for (let i = 0; i < 50; i++) {
      const eta =
        report.unstandardizedIntercept +
        term('tenure') * (tenure[i] ?? 0) +
        (plan[i] === 'pro' ? term('plan=pro') : 0) +
        (plan[i] === 'team' ? term('plan=team') : 0)
      expect(probabilities[i]).toBeCloseTo(1 / (1 + Math.exp(-eta)), 12)
    }
    const tenureTerm = report.terms.find((t) => t.term === 'tenure')
    expect(tenureTerm?.oddsRatio).toBeCloseTo(Math.exp(tenureTerm?.coefficient ?? 0), 14)
    // Importance order: by |standardised coefficient|.
    const magnitudes = report.terms.map((t) => Math.abs(t.standardizedCoefficient))
    expect([...magnitudes].sort((a, b) => b - a)).toEqual(magnitudes)
  })

  it('does not penalise the intercept: mean prediction = base rate for any lambda', () => {
    const { prepared, target } = synthetic(1_000, 5)
    const rate = target.reduce((sum, y) => sum + y, 0) / target.length
    for (const lambda of [0, 0.1, 100]) {
      const model = unwrap(fitLogisticModel(prepared, target, { lambda }))
      const probabilities = unwrap(predictProbabilities(model, prepared))
      expect(probabilities.reduce((sum, p) => sum + p, 0) / probabilities.length).toBeCloseTo(rate, 10)
    }
    const heavy = unwrap(fitLogisticModel(prepared, target, { lambda: 1e6 }))
    expect(Math.max(...Array.from(heavy.fit.coefficients, Math.abs))).toBeLessThan(1e-5)
    expect(heavy.fit.intercept).toBeCloseTo(Math.log(rate / (1 - rate)), 5)
  })

  it('balances classes with class weights', () => {
    const { prepared, target } = synthetic(1_000, 6)
    const positives = target.reduce((sum, y) => sum + y, 0)
    const model = unwrap(fitLogisticModel(prepared, target, { classWeights: 'balanced' }))
    const probabilities = unwrap(predictProbabilities(model, prepared))
    // With weights n/(2·class size), the intercept's score equation makes the weighted mean prediction ½.
    let weighted = 0
    let total = 0
    probabilities.forEach((p, i) => {
      const w = target[i] === 1 ? target.length / (2 * positives) : target.length / (2 * (target.length - positives))
      weighted += w * p
      total += w
    })
    expect(weighted / total).toBeCloseTo(0.5, 10)
    const explicit = unwrap(fitLogisticModel(prepared, target, { classWeights: { negative: 1, positive: 1 } }))
    const plain = unwrap(fitLogisticModel(prepared, target))
    expect(explicit.fit.intercept).toBe(plain.fit.intercept)
    expect(fitLogisticModel(prepared, target, { classWeights: { negative: 0, positive: 1 } }).ok).toBe(false)
  })

  it('rejects a constant target and labels other than 0/1', () => {
    const { prepared } = synthetic(100, 1)
    const constant = fitLogisticModel(prepared, new Uint8Array(100))
    expect(constant.ok).toBe(false)
    if (!constant.ok) {
      expect(constant.error.tag).toBe('DegenerateData')
      expect(constant.error.message).toBe('the target is constant: all 100 rows are 0')
    }
    const twos = fitLogisticModel(
      prepared,
      Uint8Array.from({ length: 100 }, (_, i) => (i === 5 ? 2 : i % 2)),
    )
    expect(twos.ok).toBe(false)
    if (!twos.ok) expect(twos.error.message).toMatch(/row 5/)
    expect(fitLogisticModel(prepared, new Uint8Array(99)).ok).toBe(false)
  })

  it('reports non-convergence with the iteration count', () => {
    const { prepared, target } = synthetic(500, 2)
    const result = fitLogisticModel(prepared, target, { maxIterations: 1 })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.tag).toBe('NotConverged')
      expect(result.error.details).toMatchObject({ iterations: 1 })
    }
  })

  it('needs lambda > 0 for collinear columns', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i % 7)
    const target = Uint8Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 1 : 0))
    const spec: FeatureSpec = [
      { name: 'a', kind: 'numeric' },
      { name: 'b', kind: 'numeric' },
    ]
    const prepared = unwrap(prepareFeatures(spec, { a: x, b: x.map((v) => 2 * v + 1) }))
    const singular = fitLogisticModel(prepared, target, { lambda: 0 })
    expect(singular.ok).toBe(false)
    if (!singular.ok) {
      expect(singular.error.tag).toBe('DegenerateData')
      expect(singular.error.message).toMatch(/singular/)
    }
    const ridge = unwrap(fitLogisticModel(prepared, target, { lambda: 0.01 }))
    // The penalty splits the effect equally between the two identical standardised columns.
    expect(ridge.fit.coefficients[0]).toBeCloseTo(ridge.fit.coefficients[1] ?? Number.NaN, 10)
  })

  it('flags separated classes, and a ridge penalty keeps the fit finite', () => {
    const x = Float64Array.from({ length: 40 }, (_, i) => i)
    const target = Uint8Array.from({ length: 40 }, (_, i) => (i >= 20 ? 1 : 0))
    const prepared = unwrap(prepareFeatures([{ name: 'x', kind: 'numeric' }], { x }))
    const unpenalised = fitLogisticModel(prepared, target, { lambda: 0 })
    if (unpenalised.ok) expect(unpenalised.value.fit.warnings.join()).toMatch(/separated/)
    else expect(unpenalised.error.tag).toBe('NotConverged')
    const ridge = unwrap(fitLogisticModel(prepared, target, { lambda: 0.01 }))
    expect(Number.isFinite(ridge.fit.coefficients[0])).toBe(true)
    expect(ridge.fit.warnings).toEqual([])
  })

  it('rejects invalid options', () => {
    const { prepared, target } = synthetic(100, 1)
    expect(fitLogisticModel(prepared, target, { lambda: -1 }).ok).toBe(false)
    expect(fitLogisticModel(prepared, target, { maxIterations: 0 }).ok).toBe(false)
    expect(fitLogisticModel(prepared, target, { tolerance: 0 }).ok).toBe(false)
  })
})

describe('stratifiedKFold', () => {
  const target = Uint8Array.from({ length: 103 }, (_, i) => (i % 9 === 0 ? 1 : 0)) // 12 positives

  it('gives every fold its share of each class and near-equal sizes', () => {
    const folds = unwrap(stratifiedKFold(target, 5, 42))
    const sizes = [0, 0, 0, 0, 0]
    const positives = [0, 0, 0, 0, 0]
    folds.forEach((fold, row) => {
      sizes[fold] = (sizes[fold] ?? 0) + 1
      if (target[row] === 1) positives[fold] = (positives[fold] ?? 0) + 1
    })
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    expect(Math.max(...positives) - Math.min(...positives)).toBeLessThanOrEqual(1)
    expect(positives.reduce((a, b) => a + b, 0)).toBe(12)
  })

  it('is reproducible for a seed and differs between seeds', () => {
    const a = unwrap(stratifiedKFold(target, 5, 42))
    expect(unwrap(stratifiedKFold(target, 5, 42))).toEqual(a)
    expect(unwrap(stratifiedKFold(target, 5, 43))).not.toEqual(a)
  })

  it('rejects too few rows of a class, a constant target and bad fold counts', () => {
    const rare = Uint8Array.from({ length: 50 }, (_, i) => (i < 3 ? 1 : 0))
    const result = stratifiedKFold(rare, 5, 1)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.tag).toBe('DegenerateData')
      expect(result.error.message).toMatch(/one class only/)
    }
    expect(stratifiedKFold(new Uint8Array(50), 5, 1).ok).toBe(false)
    expect(stratifiedKFold(target, 1, 1).ok).toBe(false)
    expect(stratifiedKFold(target, 2.5, 1).ok).toBe(false)
    expect(stratifiedKFold(target, 200, 1).ok).toBe(false)
  })
})

describe('crossValidateLogistic', () => {
  it('scores every row out of fold and pools the metrics', () => {
    const { prepared, target } = synthetic(3_000, 9)
    const report = unwrap(crossValidateLogistic(prepared, target, { folds: 5, seed: 3 }))
    expect(report.folds).toHaveLength(5)
    expect(report.folds.reduce((sum, fold) => sum + fold.testRows, 0)).toBe(3_000)
    expect(report.pooled.auc).toBe(unwrap(rocAuc(report.predictions, target)))
    expect(report.pooled.auc).toBeGreaterThan(0.7)
    expect(report.pooled.gains).toHaveLength(10)
    expect(report.pooled.gains[9]?.gain).toBeCloseTo(1, 12)
    expect(report.pooled.calibration.reduce((sum, row) => sum + row.count, 0)).toBe(3_000)
    expect(report.pooled.top.k).toBe(300)
    // A fold's model never sees the fold: refitting on the other folds reproduces its predictions.
    const foldOf = Array.from(report.foldOf)
    const trainRows = Int32Array.from(foldOf.flatMap((fold, row) => (fold === 0 ? [] : [row])))
    const testRows = Int32Array.from(foldOf.flatMap((fold, row) => (fold === 0 ? [row] : [])))
    const model = unwrap(fitLogisticModel(prepared, target, {}, trainRows))
    const refit = unwrap(predictProbabilities(model, prepared, testRows))
    refit.forEach((p, i) => expect(p).toBe(report.predictions[testRows[i] ?? 0]))
    // Deterministic for a seed.
    expect(unwrap(crossValidateLogistic(prepared, target, { folds: 5, seed: 3 })).pooled.auc).toBe(report.pooled.auc)
  })

  it('names the fold that failed', () => {
    const { prepared, target } = synthetic(500, 4)
    const result = crossValidateLogistic(prepared, target, { folds: 5, maxIterations: 1 })
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.tag).toBe('NotConverged')
      expect(result.error.message).toMatch(/^fold 1 of 5: /)
      expect(result.error.details).toMatchObject({ fold: 0 })
    }
  })

  it('rejects a target with too few positives for the folds', () => {
    const { prepared } = synthetic(100, 4)
    const target = Uint8Array.from({ length: 100 }, (_, i) => (i < 4 ? 1 : 0))
    const result = crossValidateLogistic(prepared, target, { folds: 5 })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.message).toMatch(/fewer than the 5 folds/)
  })
})
