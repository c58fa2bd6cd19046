import { err, modelError, ok, type ModelError, type Result } from '../result.js'

/**
 * Per-customer calibration-period summary in the notation of Fader, Hardie & Lee (2005), one entry
 * per customer in each array. All times are in the same unit (e.g. weeks), measured from the
 * customer's first purchase.
 */
export interface FrequencyRecencyData {
  /** x: number of repeat purchases in the calibration period (a non-negative integer). */
  readonly x: Float64Array
  /** t_x: time of the last repeat purchase (0 when x = 0). */
  readonly tx: Float64Array
  /** T: length of the customer's calibration period, from first purchase to calibration end. */
  readonly T: Float64Array
  /** Optional non-negative weight per row, e.g. the number of customers sharing (x, t_x, T). */
  readonly weights?: Float64Array
}

/** One customer's calibration-period history (see {@link FrequencyRecencyData}). */
export interface CustomerHistory {
  readonly x: number
  readonly tx: number
  readonly T: number
}

/**
 * Per-customer spend summary for the Gamma-Gamma model (Fader & Hardie 2013): x repeat purchases
 * with mean value z̄ (`monetaryValue`). Rows with x = 0 carry no spend information and are ignored
 * by the fit.
 */
export interface MonetaryData {
  readonly x: Float64Array
  /** z̄: mean value of the x repeat purchases (any currency unit; 0 when x = 0). */
  readonly monetaryValue: Float64Array
  readonly weights?: Float64Array
}

export const invalid = (message: string, details?: Readonly<Record<string, unknown>>): Result<never, ModelError> =>
  err(modelError('InvalidInput', message, details))

export const degenerate = (message: string, details?: Readonly<Record<string, unknown>>): Result<never, ModelError> =>
  err(modelError('DegenerateData', message, details))

/** Checks that every named parameter is a finite positive number. */
export function validatePositiveParameters(model: string, params: Readonly<Record<string, number>>): Result<true, ModelError> {
  for (const [name, value] of Object.entries(params)) {
    if (!(Number.isFinite(value) && value > 0)) {
      return invalid(`${model} parameter ${name} must be a finite positive number, got ${value}`, { parameter: name, value })
    }
  }
  return ok(true)
}

/** Checks one customer's (x, t_x, T); `where` names the row in messages. */
export function validateHistory(x: number, tx: number, T: number, where: string): Result<true, ModelError> {
  if (!(Number.isInteger(x) && x >= 0)) return invalid(`x must be a non-negative integer (${where}: x = ${x})`)
  if (!(Number.isFinite(T) && T >= 0)) return invalid(`T must be a finite non-negative number (${where}: T = ${T})`)
  if (!(Number.isFinite(tx) && tx >= 0)) return invalid(`t_x must be a finite non-negative number (${where}: t_x = ${tx})`)
  if (tx > T) return invalid(`t_x > T: the last purchase lies after the end of the calibration period (${where}: t_x = ${tx}, T = ${T})`)
  if (x === 0 && tx !== 0) return invalid(`t_x must be 0 when x = 0 (${where}: t_x = ${tx})`)
  return ok(true)
}

const checkWeights = (weights: Float64Array | undefined, n: number): Result<number, ModelError> => {
  if (weights === undefined) return ok(n)
  if (weights.length !== n) return invalid(`weights has ${weights.length} entries, expected ${n}`)
  let total = 0
  for (let i = 0; i < n; i++) {
    const w = weights[i] ?? Number.NaN
    if (!(Number.isFinite(w) && w >= 0)) return invalid(`weights must be finite and non-negative (customer ${i}: ${w})`)
    total += w
  }
  if (!(total > 0)) return degenerate('all weights are zero')
  return ok(total)
}

export interface FrequencyRecencyStats {
  /** Total weight (the number of customers when unweighted). */
  readonly customers: number
  /** Largest x. */
  readonly maxX: number
  /** Weighted number of customers with x > 0. */
  readonly repeatCustomers: number
  /** Weighted mean of T. */
  readonly meanT: number
  /** Weighted mean of x. */
  readonly meanX: number
}

/**
 * Validates BG/NBD input: equal lengths, at least one customer, x a non-negative integer,
 * 0 ≤ t_x ≤ T, t_x = 0 when x = 0, weights finite and non-negative.
 */
export function validateFrequencyRecency(data: FrequencyRecencyData): Result<FrequencyRecencyStats, ModelError> {
  const n = data.x.length
  if (data.tx.length !== n || data.T.length !== n) {
    return invalid(`x, t_x and T must have the same length (got ${n}, ${data.tx.length}, ${data.T.length})`)
  }
  if (n === 0) return degenerate('no customers: the input is empty')
  const weightCheck = checkWeights(data.weights, n)
  if (!weightCheck.ok) return weightCheck
  let maxX = 0
  let repeatCustomers = 0
  let sumT = 0
  let sumX = 0
  for (let i = 0; i < n; i++) {
    const x = data.x[i] ?? Number.NaN
    const T = data.T[i] ?? Number.NaN
    const check = validateHistory(x, data.tx[i] ?? Number.NaN, T, `customer ${i}`)
    if (!check.ok) return check
    const w = data.weights?.[i] ?? 1
    maxX = Math.max(maxX, x)
    if (x > 0) repeatCustomers += w
    sumT += w * T
    sumX += w * x
  }
  const customers = weightCheck.value
  return ok({ customers, maxX, repeatCustomers, meanT: sumT / customers, meanX: sumX / customers })
}

export interface MonetaryStats {
  /** Weighted number of customers with x > 0 (the ones the Gamma-Gamma model uses). */
  readonly repeatCustomers: number
  /** Number of rows with x > 0 and positive weight. */
  readonly repeatRows: number
  /** Weighted mean of z̄ over customers with x > 0. */
  readonly meanMonetaryValue: number
}

/**
 * Validates Gamma-Gamma input: equal lengths, at least one customer, x a non-negative integer,
 * z̄ finite and non-negative, and strictly positive wherever x > 0 (the model's spend density has
 * support z̄ > 0).
 */
export function validateMonetary(data: MonetaryData): Result<MonetaryStats, ModelError> {
  const n = data.x.length
  if (data.monetaryValue.length !== n) {
    return invalid(`x and monetaryValue must have the same length (got ${n}, ${data.monetaryValue.length})`)
  }
  if (n === 0) return degenerate('no customers: the input is empty')
  const weightCheck = checkWeights(data.weights, n)
  if (!weightCheck.ok) return weightCheck
  let repeatCustomers = 0
  let repeatRows = 0
  let sum = 0
  for (let i = 0; i < n; i++) {
    const x = data.x[i] ?? Number.NaN
    const z = data.monetaryValue[i] ?? Number.NaN
    if (!(Number.isInteger(x) && x >= 0)) return invalid(`x must be a non-negative integer (customer ${i}: x = ${x})`)
    if (!(Number.isFinite(z) && z >= 0)) {
      return invalid(`monetary value must be finite and non-negative (customer ${i}: ${z})`)
    }
    if (x > 0 && z === 0) {
      return invalid(`monetary value must be positive for a customer with repeat purchases (customer ${i}: x = ${x}, z̄ = 0)`)
    }
    const w = data.weights?.[i] ?? 1
    if (x > 0 && w > 0) {
      repeatCustomers += w
      repeatRows++
      sum += w * z
    }
  }
  return ok({ repeatCustomers, repeatRows, meanMonetaryValue: repeatCustomers > 0 ? sum / repeatCustomers : 0 })
}
