import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { checkMatrix, type DataMatrix } from './matrix.js'

/**
 * How features are put on a common scale before distance-based clustering:
 * - `zscore`: (x − mean) / standard deviation (population, as scikit-learn's StandardScaler);
 * - `minmax`: (x − min) / (max − min), into [0, 1];
 * - `none`: unchanged.
 * A constant feature gets scale 1 (it becomes 0 under zscore and minmax) instead of a division by zero.
 */
export type ScalingMethod = 'zscore' | 'minmax' | 'none'

/**
 * A fitted scaling: scaled = (x − offset) / scale, per feature. Keep it to express centroids in the
 * original units again with {@link invertScaling}.
 */
export interface ScalingParameters {
  readonly method: ScalingMethod
  readonly offset: Float64Array
  readonly scale: Float64Array
}

/** Learns per-feature offset and scale of `method` from the data. */
export function fitScaling(x: DataMatrix, method: ScalingMethod): Result<ScalingParameters, ModelError> {
  const problem = checkMatrix(x)
  if (problem !== undefined) return err(problem)
  const { data, n, d } = x
  const offset = new Float64Array(d)
  const scale = new Float64Array(d).fill(1)
  if (method === 'none') return ok({ method, offset, scale })

  for (let j = 0; j < d; j++) {
    if (method === 'zscore') {
      let mean = 0
      for (let i = 0; i < n; i++) mean += data[i * d + j] as number
      mean /= n
      let sum = 0
      for (let i = 0; i < n; i++) {
        const diff = (data[i * d + j] as number) - mean
        sum += diff * diff
      }
      const sd = Math.sqrt(sum / n)
      offset[j] = mean
      scale[j] = sd > 0 ? sd : 1
    } else {
      let min = Infinity
      let max = -Infinity
      for (let i = 0; i < n; i++) {
        const v = data[i * d + j] as number
        if (v < min) min = v
        if (v > max) max = v
      }
      offset[j] = min
      scale[j] = max > min ? max - min : 1
    }
  }
  return ok({ method, offset, scale })
}

/** Applies fitted parameters: returns a new matrix with (x − offset) / scale per feature. */
export function applyScaling(x: DataMatrix, parameters: ScalingParameters): DataMatrix {
  const { data, n, d } = x
  assertWidth(d, parameters)
  const out = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      out[i * d + j] = ((data[i * d + j] as number) - (parameters.offset[j] as number)) / (parameters.scale[j] as number)
    }
  }
  return { data: out, n, d }
}

/** Undoes a scaling (x · scale + offset), e.g. to show k-means centroids in the original units. */
export function invertScaling(x: DataMatrix, parameters: ScalingParameters): DataMatrix {
  const { data, n, d } = x
  assertWidth(d, parameters)
  const out = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      out[i * d + j] = (data[i * d + j] as number) * (parameters.scale[j] as number) + (parameters.offset[j] as number)
    }
  }
  return { data: out, n, d }
}

/** Fits and applies a scaling in one step. */
export function scaleMatrix(
  x: DataMatrix,
  method: ScalingMethod,
): Result<{ readonly matrix: DataMatrix; readonly parameters: ScalingParameters }, ModelError> {
  const parameters = fitScaling(x, method)
  if (!parameters.ok) return parameters
  return ok({ matrix: applyScaling(x, parameters.value), parameters: parameters.value })
}

function assertWidth(d: number, parameters: ScalingParameters): void {
  // A width mismatch is a programming error (parameters from another matrix), so it throws.
  if (parameters.offset.length !== d || parameters.scale.length !== d) {
    throw new RangeError(`scaling parameters are for ${parameters.offset.length} features, the matrix has ${d}`)
  }
}

/** A categorical value; `null` and `undefined` mean "missing". */
export type CategoryValue = string | null | undefined

/** Result of {@link oneHotEncode}. */
export interface OneHotEncoding {
  /** Column j of `matrix` is the indicator of `categories[j]`. */
  readonly categories: readonly string[]
  /** n × categories.length matrix of 0/1 indicators; a missing value is a row of zeros. */
  readonly matrix: DataMatrix
}

/**
 * One-hot encodes a categorical column. Categories are the distinct non-missing values in sorted
 * order (so the encoding does not depend on row order), unless `categories` is given; values outside
 * a given list, like missing values, encode as all zeros.
 */
export function oneHotEncode(values: readonly CategoryValue[], options: { readonly categories?: readonly string[] } = {}): OneHotEncoding {
  const categories =
    options.categories ??
    [...new Set(values.filter((v): v is string => v !== null && v !== undefined))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const index = new Map(categories.map((category, j) => [category, j] as const))
  const n = values.length
  const d = categories.length
  const data = new Float64Array(n * d)
  for (let i = 0; i < n; i++) {
    const value = values[i]
    const j = value === null || value === undefined ? undefined : index.get(value)
    if (j !== undefined) data[i * d + j] = 1
  }
  return { categories, matrix: { data, n, d } }
}

/** A column for {@link buildFeatureMatrix}. */
export type FeatureColumn =
  | { readonly kind: 'numeric'; readonly name: string; readonly values: Float64Array }
  | { readonly kind: 'categorical'; readonly name: string; readonly values: readonly CategoryValue[] }

/** Result of {@link buildFeatureMatrix}. */
export interface FeatureMatrix {
  readonly matrix: DataMatrix
  /** Name of each matrix column: the numeric column's name, or `name=category` for indicators. */
  readonly featureNames: readonly string[]
  /**
   * Parameters for every matrix column; indicator columns are never scaled (offset 0, scale 1), so
   * inverting a centroid gives numeric features in original units and, per category, the share of
   * the cluster in that category.
   */
  readonly scaling: ScalingParameters
}

/**
 * Assembles numeric columns (scaled with `scaling`, default `zscore`) and one-hot encoded categorical
 * columns into one matrix, in the order given. Errors: no columns, columns of different lengths,
 * non-finite numeric values (named by column and row).
 */
export function buildFeatureMatrix(
  columns: readonly FeatureColumn[],
  options: { readonly scaling?: ScalingMethod } = {},
): Result<FeatureMatrix, ModelError> {
  const method = options.scaling ?? 'zscore'
  const first = columns[0]
  if (first === undefined) return err(modelError('DegenerateData', 'd = 0: no feature columns were given'))
  const n = first.values.length
  const blocks: { names: string[]; matrix: DataMatrix; parameters: ScalingParameters }[] = []
  for (const column of columns) {
    if (column.values.length !== n) {
      return err(
        modelError('InvalidInput', `column ${column.name} has ${column.values.length} values, expected ${n}`, {
          column: column.name,
        }),
      )
    }
    if (column.kind === 'numeric') {
      const bad = column.values.findIndex((v) => !Number.isFinite(v))
      if (bad >= 0) {
        return err(
          modelError('InvalidInput', `column ${column.name}, row ${bad} is ${column.values[bad]}; values must be finite`, {
            column: column.name,
            row: bad,
          }),
        )
      }
      const scaled = scaleMatrix({ data: column.values, n, d: 1 }, method)
      if (!scaled.ok) return scaled
      blocks.push({ names: [column.name], matrix: scaled.value.matrix, parameters: scaled.value.parameters })
    } else {
      const encoded = oneHotEncode(column.values)
      const d = encoded.categories.length
      blocks.push({
        names: encoded.categories.map((category) => `${column.name}=${category}`),
        matrix: encoded.matrix,
        parameters: { method: 'none', offset: new Float64Array(d), scale: new Float64Array(d).fill(1) },
      })
    }
  }

  const featureNames = blocks.flatMap((block) => block.names)
  const d = featureNames.length
  if (d === 0) return err(modelError('DegenerateData', 'd = 0: the categorical columns have no non-missing values'))
  const data = new Float64Array(n * d)
  const offset = new Float64Array(d)
  const scale = new Float64Array(d)
  let at = 0
  for (const block of blocks) {
    const width = block.matrix.d
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < width; j++) data[i * d + at + j] = block.matrix.data[i * width + j] as number
    }
    offset.set(block.parameters.offset, at)
    scale.set(block.parameters.scale, at)
    at += width
  }
  return ok({ matrix: { data, n, d }, featureNames, scaling: { method, offset, scale } })
}
