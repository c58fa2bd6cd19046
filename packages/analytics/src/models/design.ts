/**
 * Feature specifications and design matrices.
 *
 * Numeric columns are standardised, `(x − mean) / sd`, with the mean and the sample standard
 * deviation of the training rows only: statistics from the rows being scored would leak their
 * distribution into the model and flatter cross-validated metrics. Standardising makes an L2 penalty
 * treat all numeric features alike (a penalty on raw coefficients would depend on the units) and
 * makes their coefficients comparable (per standard deviation).
 *
 * Categorical columns are one-hot encoded without the reference level, which is absorbed in the
 * intercept (keeping it would make the dummies sum to the intercept column: perfect collinearity).
 * Levels are those seen in the training rows; a level first seen at scoring time gets all zeros,
 * i.e. is scored as the reference level, which is the neutral choice when nothing is known about it.
 * Dummies are left as 0/1, so their coefficients are log odds ratios against the reference.
 */
import { err, modelError, ok, type ModelError, type Result } from '../result.js'

/** One input column of a model. */
export interface FeatureDefinition {
  /** Column name in the data. */
  readonly name: string
  readonly kind: 'numeric' | 'categorical'
  /**
   * Categorical only: the level dropped as reference. Default: the first level of the training rows
   * in UTF-16 code unit order, the convention of R's `factor` (and so of `glm` output).
   */
  readonly reference?: string
}

/** The columns a model uses, in order. */
export type FeatureSpec = readonly FeatureDefinition[]

/**
 * Raw column values: numbers for numeric columns (a `Float64Array`, numbers, or numeric strings as
 * read from a file) and strings for categorical ones.
 */
export type ColumnValues = Float64Array | readonly number[] | readonly string[]

/** Data by column name. */
export type DataColumns = Readonly<Record<string, ColumnValues>>

/** A validated column. */
export type PreparedColumn =
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array }
  | { readonly name: string; readonly kind: 'categorical'; readonly values: readonly string[]; readonly reference?: string }

/** Validated, typed data for a {@link FeatureSpec}. */
export interface PreparedFeatures {
  readonly rowCount: number
  readonly columns: readonly PreparedColumn[]
}

/** A decimal number as written in data files; anything else in a numeric column is an error. */
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * Validates data against a spec and converts numeric columns to `Float64Array`.
 *
 * Errors (`InvalidInput` unless noted): an empty spec, a repeated or missing column, columns of
 * different lengths, a cell of a numeric column that is not a finite number (naming column, row and
 * value), a categorical column that is not strings; no rows (`DegenerateData`).
 */
export function prepareFeatures(spec: FeatureSpec, data: DataColumns): Result<PreparedFeatures, ModelError> {
  if (spec.length === 0) return err(modelError('InvalidInput', 'the feature spec has no columns'))
  const names = new Set<string>()
  const columns: PreparedColumn[] = []
  let rowCount: number | undefined
  for (const feature of spec) {
    if (names.has(feature.name)) {
      return err(modelError('InvalidInput', `column '${feature.name}' appears twice in the feature spec`))
    }
    names.add(feature.name)
    const raw = Object.prototype.hasOwnProperty.call(data, feature.name) ? data[feature.name] : undefined
    if (raw === undefined) return err(modelError('InvalidInput', `column '${feature.name}' is missing from the data`))
    if (rowCount === undefined) rowCount = raw.length
    if (raw.length !== rowCount) {
      return err(
        modelError('InvalidInput', `column '${feature.name}' has ${raw.length} rows, expected ${rowCount}`, {
          column: feature.name,
        }),
      )
    }
    if (feature.kind === 'numeric') {
      const values = toNumeric(feature.name, raw)
      if (!values.ok) return values
      columns.push({ name: feature.name, kind: 'numeric', values: values.value })
    } else {
      if (!isStringColumn(raw)) {
        return err(modelError('InvalidInput', `categorical column '${feature.name}' must hold strings`, { column: feature.name }))
      }
      columns.push(
        feature.reference === undefined
          ? { name: feature.name, kind: 'categorical', values: raw }
          : { name: feature.name, kind: 'categorical', values: raw, reference: feature.reference },
      )
    }
  }
  if (rowCount === undefined || rowCount === 0) return err(modelError('DegenerateData', 'the data has no rows'))
  return ok({ rowCount, columns })
}

function isStringColumn(values: ColumnValues): values is readonly string[] {
  if (values instanceof Float64Array) return false
  for (const value of values) if (typeof value !== 'string') return false
  return true
}

function toNumeric(name: string, raw: ColumnValues): Result<Float64Array, ModelError> {
  const values = new Float64Array(raw.length)
  for (let row = 0; row < raw.length; row++) {
    const cell: unknown = raw[row]
    let value = Number.NaN
    if (typeof cell === 'number') value = cell
    else if (typeof cell === 'string' && NUMBER_PATTERN.test(cell)) value = Number(cell)
    if (!Number.isFinite(value)) {
      return err(
        modelError('InvalidInput', `column '${name}', row ${row}: ${JSON.stringify(cell)} is not a finite number`, {
          column: name,
          row,
          value: String(cell),
        }),
      )
    }
    values[row] = value
  }
  return ok(values)
}

/** How a numeric column enters the design. */
export interface NumericEncoding {
  readonly kind: 'numeric'
  readonly name: string
  /** Training mean. */
  readonly mean: number
  /** Training sample standard deviation (n − 1). */
  readonly sd: number
  /** False when the column is constant in the training rows: it is then left out of the design. */
  readonly inDesign: boolean
}

/** One dummy column of a categorical feature. */
export interface LevelEncoding {
  readonly level: string
  /** Share of training rows with this level (gives the dummy's standard deviation). */
  readonly share: number
}

/** How a categorical column enters the design. */
export interface CategoricalEncoding {
  readonly kind: 'categorical'
  readonly name: string
  readonly reference: string
  /** Non-reference training levels in code unit order, one dummy column each. */
  readonly levels: readonly LevelEncoding[]
}

/** Column-wise encoding learned from training rows; apply it to any rows with {@link buildDesignMatrix}. */
export interface DesignEncoder {
  readonly features: readonly (NumericEncoding | CategoricalEncoding)[]
  /** Design column names: the numeric column's name, or `name=level` for a dummy. */
  readonly columnNames: readonly string[]
  /** Numeric columns left out because they are constant in the training rows. */
  readonly constantColumns: readonly string[]
  /** Number of training rows the encoder was fitted on. */
  readonly trainingRows: number
}

/** A dense row-major design matrix (no intercept column; the model adds it). */
export interface DesignMatrix {
  readonly rows: number
  readonly cols: number
  /** `data[row * cols + col]`. */
  readonly data: Float64Array
  readonly columnNames: readonly string[]
}

function allRows(count: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i)
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Learns means, standard deviations and levels from the training `rows` (default: all rows).
 *
 * Errors: no training rows (`DegenerateData`); a requested reference level that does not occur in
 * the training rows (`InvalidInput`: the dummies would then be collinear with the intercept).
 */
export function fitDesignEncoder(prepared: PreparedFeatures, rows?: Int32Array): Result<DesignEncoder, ModelError> {
  const training = rows ?? allRows(prepared.rowCount)
  const n = training.length
  if (n === 0) return err(modelError('DegenerateData', 'no training rows to fit the design on'))
  const features: (NumericEncoding | CategoricalEncoding)[] = []
  const columnNames: string[] = []
  const constantColumns: string[] = []
  for (const column of prepared.columns) {
    if (column.kind === 'numeric') {
      let sum = 0
      for (const row of training) sum += column.values[row] ?? 0
      const mean = sum / n
      let squares = 0
      for (const row of training) {
        const d = (column.values[row] ?? 0) - mean
        squares += d * d
      }
      const sd = n > 1 ? Math.sqrt(squares / (n - 1)) : 0
      // A relative test: a column of identical large values has a tiny, rounding-only spread.
      const inDesign = sd > 1e-12 * Math.max(1, Math.abs(mean))
      features.push({ kind: 'numeric', name: column.name, mean, sd, inDesign })
      if (inDesign) columnNames.push(column.name)
      else constantColumns.push(column.name)
    } else {
      const counts = new Map<string, number>()
      for (const row of training) {
        const level = column.values[row] ?? ''
        counts.set(level, (counts.get(level) ?? 0) + 1)
      }
      const levels = [...counts.keys()].sort(byCodeUnit)
      const reference = column.reference ?? levels[0] ?? ''
      if (!counts.has(reference)) {
        return err(
          modelError('InvalidInput', `reference level '${reference}' of column '${column.name}' does not occur in the training rows`, {
            column: column.name,
            reference,
          }),
        )
      }
      const encoded = levels
        .filter((level) => level !== reference)
        .map((level): LevelEncoding => ({ level, share: (counts.get(level) ?? 0) / n }))
      features.push({ kind: 'categorical', name: column.name, reference, levels: encoded })
      for (const { level } of encoded) columnNames.push(`${column.name}=${level}`)
    }
  }
  return ok({ features, columnNames, constantColumns, trainingRows: n })
}

/**
 * The design matrix of `rows` (default: all rows) under a fitted encoder.
 *
 * Errors (`InvalidInput`): the prepared data does not have the encoder's columns, with the same
 * names, kinds and order.
 */
export function buildDesignMatrix(encoder: DesignEncoder, prepared: PreparedFeatures, rows?: Int32Array): Result<DesignMatrix, ModelError> {
  const selected = rows ?? allRows(prepared.rowCount)
  if (prepared.columns.length !== encoder.features.length) {
    return err(
      modelError('InvalidInput', `the data has ${prepared.columns.length} feature columns, the encoder ${encoder.features.length}`),
    )
  }
  const cols = encoder.columnNames.length
  const data = new Float64Array(selected.length * cols)
  let offset = 0
  for (let f = 0; f < encoder.features.length; f++) {
    const encoding = encoder.features[f]
    const column = prepared.columns[f]
    if (encoding === undefined || column === undefined) continue
    if (column.name !== encoding.name || column.kind !== encoding.kind) {
      return err(
        modelError(
          'InvalidInput',
          `column ${f} is '${column.name}' (${column.kind}), the encoder expects '${encoding.name}' (${encoding.kind})`,
        ),
      )
    }
    if (encoding.kind === 'numeric' && column.kind === 'numeric') {
      if (!encoding.inDesign) continue
      for (let i = 0; i < selected.length; i++) {
        const value = column.values[selected[i] ?? 0] ?? 0
        data[i * cols + offset] = (value - encoding.mean) / encoding.sd
      }
      offset++
    } else if (encoding.kind === 'categorical' && column.kind === 'categorical') {
      const slot = new Map<string, number>(encoding.levels.map(({ level }, j) => [level, j]))
      for (let i = 0; i < selected.length; i++) {
        const j = slot.get(column.values[selected[i] ?? 0] ?? '')
        // Reference and unseen levels keep all dummies at zero.
        if (j !== undefined) data[i * cols + offset + j] = 1
      }
      offset += encoding.levels.length
    }
  }
  return ok({ rows: selected.length, cols, data, columnNames: encoder.columnNames })
}
