/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) with a backtracking line
 * search.
 *
 * The objective is the weighted mean log loss plus a ridge penalty on the slopes,
 *
 *   f(b0, β) = Σ wᵢ ℓᵢ / Σ wᵢ + (λ/2) ‖β‖²,   ℓᵢ = log(1 + e^ηᵢ) − yᵢ ηᵢ,   ηᵢ = b0 + xᵢ·β,
 *
 * as in glmnet (with α = 0): dividing the loss by the total weight makes λ mean the same for any
 * number of rows. The intercept is not penalised, so the model still reproduces the base rate.
 * With λ = 0 this is ordinary maximum likelihood (R's `glm(family = binomial)`).
 *
 * Newton converges in a handful of iterations on problems of this size (tens of columns) and needs no
 * step size tuning; each iteration costs O(n p²) and exploits the sparsity of one-hot rows.
 */
import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { buildDesignMatrix, fitDesignEncoder, type DesignEncoder, type DesignMatrix, type PreparedFeatures } from './design.js'

/** Per-class observation weights. */
export interface ClassWeights {
  readonly negative: number
  readonly positive: number
}

/** Options of the logistic fit. */
export interface LogisticOptions {
  /**
   * Ridge penalty λ ≥ 0 on the standardised slopes (see the module doc). Default
   * {@link DEFAULT_LAMBDA}: close to plain maximum likelihood, but enough to keep the fit finite and
   * unique when a rare level separates the classes or columns are collinear.
   */
  readonly lambda?: number
  /**
   * Observation weights by class. `'balanced'` weighs each class by `n / (2 · class size)`, so both
   * classes carry equal total weight; useful when positives are rare and the scores are used for
   * ranking. Weights change the intercept, so probabilities are then no longer calibrated.
   */
  readonly classWeights?: 'balanced' | ClassWeights
  /** Newton iteration limit; reaching it is reported as `NotConverged`. Default 50. */
  readonly maxIterations?: number
  /**
   * Convergence when half the squared Newton decrement (the decrease of the objective that Newton's
   * quadratic model predicts) is at most this; one last full Newton step is then taken, which by
   * quadratic convergence brings the coefficients to near machine precision. Default 1e-14, well
   * above the rounding floor of the objective's sums (about 1e-22 on the bank-marketing data), so
   * convergence is not held up by rounding noise.
   */
  readonly tolerance?: number
}

/** Default ridge penalty. */
export const DEFAULT_LAMBDA = 1e-4

/** A fitted coefficient vector on a design matrix. */
export interface LogisticFit {
  readonly intercept: number
  /** One slope per design column. */
  readonly coefficients: Float64Array
  readonly lambda: number
  /** Newton steps taken. */
  readonly iterations: number
  /** Objective at the solution. */
  readonly objective: number
  /** Largest absolute gradient component at the solution. */
  readonly gradientNorm: number
  /** Non-fatal diagnostics, e.g. fitted probabilities numerically 0 or 1 (separation). */
  readonly warnings: readonly string[]
}

interface ResolvedOptions {
  readonly lambda: number
  readonly maxIterations: number
  readonly tolerance: number
}

function resolveOptions(options: LogisticOptions): Result<ResolvedOptions, ModelError> {
  const lambda = options.lambda ?? DEFAULT_LAMBDA
  const maxIterations = options.maxIterations ?? 50
  const tolerance = options.tolerance ?? 1e-14
  if (!Number.isFinite(lambda) || lambda < 0) {
    return err(modelError('InvalidInput', `lambda must be a finite number >= 0, got ${String(lambda)}`))
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    return err(modelError('InvalidInput', `maxIterations must be an integer >= 1, got ${String(maxIterations)}`))
  }
  if (!Number.isFinite(tolerance) || tolerance <= 0) {
    return err(modelError('InvalidInput', `tolerance must be a positive number, got ${String(tolerance)}`))
  }
  return ok({ lambda, maxIterations, tolerance })
}

/**
 * Checks a 0/1 target over `rows` (default all): every value 0 or 1, both classes present.
 * Errors: another value (`InvalidInput`); one class only (`DegenerateData`).
 */
export function checkBinaryTarget(
  target: ArrayLike<number>,
  rows?: ArrayLike<number>,
): Result<{ positives: number; negatives: number }, ModelError> {
  const count = rows?.length ?? target.length
  let positives = 0
  for (let i = 0; i < count; i++) {
    const row = rows === undefined ? i : (rows[i] ?? 0)
    const y = target[row]
    if (y === 1) positives++
    else if (y !== 0) {
      return err(modelError('InvalidInput', `target row ${row} is ${String(y)}, expected 0 or 1`, { row }))
    }
  }
  const negatives = count - positives
  if (count === 0) return err(modelError('DegenerateData', 'the target has no rows'))
  if (positives === 0 || negatives === 0) {
    return err(
      modelError('DegenerateData', `the target is constant: all ${count} rows are ${positives === 0 ? 0 : 1}`, { positives, negatives }),
    )
  }
  return ok({ positives, negatives })
}

/** A 0/1 target from labels: 1 where the label equals `positive`. */
export function binaryTarget(labels: readonly string[], positive: string): Uint8Array {
  return Uint8Array.from(labels, (label) => (label === positive ? 1 : 0))
}

function softplus(eta: number): number {
  return eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))
}

function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta))
  const e = Math.exp(eta)
  return e / (1 + e)
}

/**
 * Fits the model on a design matrix; `target` has one 0/1 value per design row.
 *
 * Errors: a target that is not 0/1 or has one class (`DegenerateData`/`InvalidInput`); a singular
 * Newton system, i.e. collinear columns with λ = 0 (`DegenerateData`); no convergence within
 * `maxIterations` or a failed line search (`NotConverged`, with the iteration count and gradient).
 */
export function fitLogisticRegression(
  design: DesignMatrix,
  target: ArrayLike<number>,
  options: LogisticOptions = {},
): Result<LogisticFit, ModelError> {
  const resolved = resolveOptions(options)
  if (!resolved.ok) return resolved
  const { lambda, maxIterations, tolerance } = resolved.value
  if (target.length !== design.rows) {
    return err(modelError('InvalidInput', `the target has ${target.length} rows, the design ${design.rows}`))
  }
  const classes = checkBinaryTarget(target)
  if (!classes.ok) return classes
  const weights = classWeightsFor(options.classWeights, classes.value.positives, classes.value.negatives, design.rows)
  if (!weights.ok) return weights

  const n = design.rows
  const p = design.cols + 1 // index 0 is the intercept
  const x = design.data
  const cols = design.cols
  const rowWeight = Float64Array.from({ length: n }, (_, i) => (target[i] === 1 ? weights.value.positive : weights.value.negative))
  let totalWeight = 0
  let weightedPositives = 0
  for (let i = 0; i < n; i++) {
    totalWeight += rowWeight[i] ?? 0
    if (target[i] === 1) weightedPositives += rowWeight[i] ?? 0
  }

  // Start from the base rate: the exact solution when all slopes are zero.
  const beta = new Float64Array(p)
  const rate = weightedPositives / totalWeight
  beta[0] = Math.log(rate / (1 - rate))

  const eta = new Float64Array(n)
  const computeEta = (b: Float64Array, out: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let sum = b[0] ?? 0
      const base = i * cols
      for (let j = 0; j < cols; j++) {
        const v = x[base + j] ?? 0
        if (v !== 0) sum += v * (b[j + 1] ?? 0)
      }
      out[i] = sum
    }
  }
  const objectiveAt = (b: Float64Array, etaOut: Float64Array): number => {
    computeEta(b, etaOut)
    let loss = 0
    for (let i = 0; i < n; i++) {
      const e = etaOut[i] ?? 0
      loss += (rowWeight[i] ?? 0) * (softplus(e) - (target[i] === 1 ? e : 0))
    }
    let penalty = 0
    for (let j = 1; j < p; j++) penalty += (b[j] ?? 0) ** 2
    return loss / totalWeight + 0.5 * lambda * penalty
  }

  let objective = objectiveAt(beta, eta)
  const gradient = new Float64Array(p)
  const hessian = new Float64Array(p * p)
  const step = new Float64Array(p)
  const candidate = new Float64Array(p)
  const candidateEta = new Float64Array(n)
  const nonZero = new Int32Array(p)
  let gradientNorm = Number.POSITIVE_INFINITY
  let finishing = false

  for (let iteration = 0; ; iteration++) {
    gradient.fill(0)
    hessian.fill(0)
    for (let i = 0; i < n; i++) {
      const w = rowWeight[i] ?? 0
      const prob = sigmoid(eta[i] ?? 0)
      const residual = w * (prob - (target[i] === 1 ? 1 : 0))
      const curvature = w * prob * (1 - prob)
      // The non-zero entries of the augmented row [1, xᵢ]: one-hot rows are mostly zeros.
      let count = 0
      nonZero[count++] = 0
      const base = i * cols
      for (let j = 0; j < cols; j++) if ((x[base + j] ?? 0) !== 0) nonZero[count++] = j + 1
      for (let a = 0; a < count; a++) {
        const j = nonZero[a] ?? 0
        const xj = j === 0 ? 1 : (x[base + j - 1] ?? 0)
        gradient[j] = (gradient[j] ?? 0) + residual * xj
        if (finishing) continue // only the gradient is needed at the final point
        const scaled = curvature * xj
        for (let b = a; b < count; b++) {
          const k = nonZero[b] ?? 0
          const xk = k === 0 ? 1 : (x[base + k - 1] ?? 0)
          hessian[j * p + k] = (hessian[j * p + k] ?? 0) + scaled * xk
        }
      }
    }
    gradientNorm = 0
    for (let j = 0; j < p; j++) {
      gradient[j] = (gradient[j] ?? 0) / totalWeight + (j > 0 ? lambda * (beta[j] ?? 0) : 0)
      gradientNorm = Math.max(gradientNorm, Math.abs(gradient[j] ?? 0))
      for (let k = j; k < p; k++) {
        const value = (hessian[j * p + k] ?? 0) / totalWeight + (j === k && j > 0 ? lambda : 0)
        hessian[j * p + k] = value
        hessian[k * p + j] = value
      }
    }

    if (finishing) {
      return ok({
        intercept: beta[0] ?? 0,
        coefficients: beta.slice(1),
        lambda,
        iterations: iteration,
        objective,
        gradientNorm,
        warnings: separationWarnings(eta),
      })
    }
    if (!choleskySolve(hessian, gradient, step, p)) {
      return err(
        modelError(
          'DegenerateData',
          'the Newton system is singular: design columns are collinear (or a level never varies with the target); use lambda > 0 or drop columns',
          { iteration },
        ),
      )
    }
    let decrement = 0
    for (let j = 0; j < p; j++) decrement += (gradient[j] ?? 0) * (step[j] ?? 0)
    if (decrement / 2 <= tolerance) {
      // Converged: take the last full step without a line search (its decrease is below what the
      // objective can resolve) and loop once more only to report the gradient at the final point.
      for (let j = 0; j < p; j++) candidate[j] = (beta[j] ?? 0) - (step[j] ?? 0)
      const value = objectiveAt(candidate, candidateEta)
      if (Number.isFinite(value) && value <= objective + 1e-12 * Math.abs(objective)) {
        beta.set(candidate)
        eta.set(candidateEta)
        objective = value
      }
      finishing = true
      continue
    }
    if (iteration >= maxIterations) {
      return err(
        modelError('NotConverged', `Newton's method did not converge in ${maxIterations} iterations`, {
          iterations: iteration,
          gradientNorm,
          decrement,
          objective,
        }),
      )
    }

    // Backtracking (Armijo) line search along the Newton direction.
    let t = 1
    let accepted = false
    for (let halvings = 0; halvings < 40; halvings++) {
      for (let j = 0; j < p; j++) candidate[j] = (beta[j] ?? 0) - t * (step[j] ?? 0)
      const value = objectiveAt(candidate, candidateEta)
      if (Number.isFinite(value) && value <= objective - 1e-4 * t * decrement) {
        beta.set(candidate)
        eta.set(candidateEta)
        objective = value
        accepted = true
        break
      }
      t /= 2
    }
    if (!accepted) {
      return err(
        modelError('NotConverged', 'the line search found no decrease of the objective', {
          iterations: iteration,
          gradientNorm,
          decrement,
          objective,
        }),
      )
    }
  }
}

function classWeightsFor(
  weights: LogisticOptions['classWeights'],
  positives: number,
  negatives: number,
  n: number,
): Result<ClassWeights, ModelError> {
  if (weights === undefined) return ok({ negative: 1, positive: 1 })
  if (weights === 'balanced') return ok({ negative: n / (2 * negatives), positive: n / (2 * positives) })
  const { negative, positive } = weights
  if (!(Number.isFinite(negative) && negative > 0 && Number.isFinite(positive) && positive > 0)) {
    return err(modelError('InvalidInput', `class weights must be positive finite numbers, got ${negative} and ${positive}`))
  }
  return ok({ negative, positive })
}

function separationWarnings(eta: Float64Array): string[] {
  // |η| > 30 means a fitted probability within 1e-13 of 0 or 1; R's glm warns at a similar threshold.
  let extreme = 0
  for (const value of eta) if (Math.abs(value) > 30) extreme++
  return extreme === 0
    ? []
    : [`fitted probabilities numerically 0 or 1 for ${extreme} rows: the classes may be (quasi-)separated; coefficients can be unstable`]
}

/**
 * Solves `A z = b` for symmetric positive definite `A` (row-major p × p, overwritten by its Cholesky
 * factor). Returns false when `A` is not numerically positive definite.
 */
function choleskySolve(a: Float64Array, b: Float64Array, z: Float64Array, p: number): boolean {
  let maxDiagonal = 0
  for (let j = 0; j < p; j++) maxDiagonal = Math.max(maxDiagonal, a[j * p + j] ?? 0)
  const floor = 1e-13 * maxDiagonal
  for (let j = 0; j < p; j++) {
    let diagonal = a[j * p + j] ?? 0
    for (let k = 0; k < j; k++) diagonal -= (a[j * p + k] ?? 0) ** 2
    if (!(diagonal > floor)) return false
    const pivot = Math.sqrt(diagonal)
    a[j * p + j] = pivot
    for (let i = j + 1; i < p; i++) {
      let sum = a[i * p + j] ?? 0
      for (let k = 0; k < j; k++) sum -= (a[i * p + k] ?? 0) * (a[j * p + k] ?? 0)
      a[i * p + j] = sum / pivot
    }
  }
  for (let i = 0; i < p; i++) {
    let sum = b[i] ?? 0
    for (let k = 0; k < i; k++) sum -= (a[i * p + k] ?? 0) * (z[k] ?? 0)
    z[i] = sum / (a[i * p + i] ?? 1)
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = z[i] ?? 0
    for (let k = i + 1; k < p; k++) sum -= (a[k * p + i] ?? 0) * (z[k] ?? 0)
    z[i] = sum / (a[i * p + i] ?? 1)
  }
  return true
}

/** Probabilities for the rows of a design matrix. */
export function predictDesign(fit: Pick<LogisticFit, 'intercept' | 'coefficients'>, design: DesignMatrix): Float64Array {
  const out = new Float64Array(design.rows)
  for (let i = 0; i < design.rows; i++) {
    let eta = fit.intercept
    const base = i * design.cols
    for (let j = 0; j < design.cols; j++) eta += (design.data[base + j] ?? 0) * (fit.coefficients[j] ?? 0)
    out[i] = sigmoid(eta)
  }
  return out
}

/** A fitted model: the design encoding learned from the training rows and the coefficients. */
export interface LogisticModel {
  readonly encoder: DesignEncoder
  readonly fit: LogisticFit
}

/**
 * Learns the design encoding from the training `rows` (default all) and fits the model on them.
 * `target` is indexed like the prepared data. Errors as {@link fitDesignEncoder} and
 * {@link fitLogisticRegression}.
 */
export function fitLogisticModel(
  prepared: PreparedFeatures,
  target: ArrayLike<number>,
  options: LogisticOptions = {},
  rows?: Int32Array,
): Result<LogisticModel, ModelError> {
  if (target.length !== prepared.rowCount) {
    return err(modelError('InvalidInput', `the target has ${target.length} rows, the data ${prepared.rowCount}`))
  }
  const classes = checkBinaryTarget(target, rows)
  if (!classes.ok) return classes
  const encoder = fitDesignEncoder(prepared, rows)
  if (!encoder.ok) return encoder
  const design = buildDesignMatrix(encoder.value, prepared, rows)
  if (!design.ok) return design
  const y = rows === undefined ? target : Uint8Array.from(rows, (row) => target[row] ?? 0)
  const fit = fitLogisticRegression(design.value, y, options)
  if (!fit.ok) return fit
  return ok({ encoder: encoder.value, fit: fit.value })
}

/** Predicted probabilities of the positive class for `rows` (default all) of prepared data. */
export function predictProbabilities(
  model: LogisticModel,
  prepared: PreparedFeatures,
  rows?: Int32Array,
): Result<Float64Array, ModelError> {
  const design = buildDesignMatrix(model.encoder, prepared, rows)
  if (!design.ok) return design
  return ok(predictDesign(model.fit, design.value))
}

/** One coefficient, on the scales that are useful for reading it. */
export interface CoefficientSummary {
  /** Design column: the feature name, or `feature=level` for a dummy. */
  readonly term: string
  readonly feature: string
  readonly kind: 'numeric' | 'categorical'
  /** Categorical only: the level of this dummy (against {@link CoefficientSummary.reference}). */
  readonly level?: string
  readonly reference?: string
  /** The model's coefficient: log odds change per training SD (numeric) or against the reference level (dummy). */
  readonly coefficient: number
  /** `exp(coefficient)`. */
  readonly oddsRatio: number
  /** Log odds change per unit of the raw feature (numeric: coefficient / sd; dummy: the coefficient). */
  readonly perUnitCoefficient: number
  /** `exp(perUnitCoefficient)`. */
  readonly perUnitOddsRatio: number
  /**
   * Log odds change per standard deviation of the design column (a dummy's SD is √(s(1−s)) for
   * level share s): comparable across numeric and categorical terms, so it ranks importance.
   */
  readonly standardizedCoefficient: number
}

/** Coefficients of a model, for reading and ranking. */
export interface CoefficientReport {
  /** Intercept of the fitted (standardised) design: log odds at the training means and reference levels. */
  readonly intercept: number
  /** Intercept on the raw feature scale: log odds when every numeric feature is 0. */
  readonly unstandardizedIntercept: number
  /** Sorted by |standardizedCoefficient| descending, then term. */
  readonly terms: readonly CoefficientSummary[]
}

/** Coefficients as feature importance: standardised coefficients and odds ratios. */
export function coefficientReport(model: LogisticModel): CoefficientReport {
  const terms: CoefficientSummary[] = []
  let column = 0
  let unstandardizedIntercept = model.fit.intercept
  for (const feature of model.encoder.features) {
    if (feature.kind === 'numeric') {
      if (!feature.inDesign) continue
      const coefficient = model.fit.coefficients[column++] ?? 0
      const perUnit = coefficient / feature.sd
      unstandardizedIntercept -= perUnit * feature.mean
      terms.push({
        term: feature.name,
        feature: feature.name,
        kind: 'numeric',
        coefficient,
        oddsRatio: Math.exp(coefficient),
        perUnitCoefficient: perUnit,
        perUnitOddsRatio: Math.exp(perUnit),
        standardizedCoefficient: coefficient,
      })
    } else {
      const n = model.encoder.trainingRows
      for (const { level, share } of feature.levels) {
        const coefficient = model.fit.coefficients[column++] ?? 0
        const sd = n > 1 ? Math.sqrt((share * (1 - share) * n) / (n - 1)) : 0
        terms.push({
          term: `${feature.name}=${level}`,
          feature: feature.name,
          kind: 'categorical',
          level,
          reference: feature.reference,
          coefficient,
          oddsRatio: Math.exp(coefficient),
          perUnitCoefficient: coefficient,
          perUnitOddsRatio: Math.exp(coefficient),
          standardizedCoefficient: coefficient * sd,
        })
      }
    }
  }
  terms.sort(
    (a, b) => Math.abs(b.standardizedCoefficient) - Math.abs(a.standardizedCoefficient) || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0),
  )
  return { intercept: model.fit.intercept, unstandardizedIntercept, terms }
}
