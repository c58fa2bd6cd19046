import { modelError, type ModelError } from '../result.js'

/**
 * A dense numeric data set: `n` rows (customers) of `d` features, stored row-major, so row `i`,
 * feature `j` is `data[i * d + j]`. One flat typed array keeps the hot loops free of per-row objects.
 */
export interface DataMatrix {
  readonly data: Float64Array
  readonly n: number
  readonly d: number
}

/** Builds a {@link DataMatrix} from rows of numbers (convenient for tests and small inputs). */
export function matrixFromRows(rows: readonly (readonly number[])[]): DataMatrix {
  const n = rows.length
  const d = rows[0]?.length ?? 0
  const data = new Float64Array(n * d)
  rows.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`row ${i} has ${row.length} values, expected ${d}`)
    data.set(row, i * d)
  })
  return { data, n, d }
}

/** Builds a row-major {@link DataMatrix} from feature columns of equal length. */
export function matrixFromColumns(columns: readonly Float64Array[]): DataMatrix {
  const d = columns.length
  const n = columns[0]?.length ?? 0
  const data = new Float64Array(n * d)
  columns.forEach((column, j) => {
    if (column.length !== n) throw new RangeError(`column ${j} has ${column.length} values, expected ${n}`)
    for (let i = 0; i < n; i++) data[i * d + j] = column[i] as number
  })
  return { data, n, d }
}

/**
 * Checks the shape and the cells of a matrix. Returns the first problem found, or `undefined` when the
 * matrix is usable: at least one row and one feature, `data.length === n * d`, every cell finite.
 */
export function checkMatrix(x: DataMatrix): ModelError | undefined {
  const { data, n, d } = x
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(d) || d < 0) {
    return modelError('InvalidInput', `n and d must be non-negative integers (got n = ${n}, d = ${d})`, { n, d })
  }
  if (data.length !== n * d) {
    return modelError('InvalidInput', `data has ${data.length} cells but n × d = ${n} × ${d} = ${n * d}`, {
      length: data.length,
      n,
      d,
    })
  }
  if (d === 0) return modelError('DegenerateData', 'd = 0: the data has no features', { n, d })
  if (n === 0) return modelError('DegenerateData', 'n = 0: the data has no rows', { n, d })
  for (let c = 0; c < data.length; c++) {
    const v = data[c] as number
    if (!Number.isFinite(v)) {
      const row = Math.floor(c / d)
      const column = c - row * d
      const what = Number.isNaN(v) ? 'NaN' : String(v)
      return modelError('InvalidInput', `cell (row ${row}, column ${column}) is ${what}; all cells must be finite`, {
        row,
        column,
      })
    }
  }
  return undefined
}

/** True when every row equals the first one. */
export function allRowsIdentical(x: DataMatrix): boolean {
  const { data, n, d } = x
  for (let i = 1; i < n; i++) {
    const base = i * d
    for (let j = 0; j < d; j++) if (data[base + j] !== data[j]) return false
  }
  return true
}

/** Squared Euclidean distance between row `i` of `a` and row `j` of `b` (both with `d` columns). */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let sum = 0
  const ai = i * d
  const bj = j * d
  for (let t = 0; t < d; t++) {
    const diff = (a[ai + t] as number) - (b[bj + t] as number)
    sum += diff * diff
  }
  return sum
}
