/**
 * Propensity models on a table in a file (CSV with any delimiter, NDJSON, JSON, Parquet — read by
 * the same reader as imports, so delimiter and encoding detection are shared): one row per case,
 * one column the outcome, every other column an input unless dropped.
 *
 * Column kinds are inferred: a column whose cells are (almost) all numbers is numeric, any other is
 * categorical. A numeric column must then be numeric throughout: a cell that is not a number is an
 * error naming its line and column, never a silent NaN. `categorical` forces a column of codes
 * (zip codes, store numbers) to be treated as categories.
 */
import { prepareFeatures, type FeatureSpec } from '@portrait/analytics/models'
import { err, ok, portraitError, type PortraitError, type PredictReport, type Result } from '@portrait/core'
import { readSource, SourceError } from '../ingest/read-source.js'
import { trainLogistic, type TrainOptions } from './train.js'

export interface FileModelOptions extends TrainOptions {
  /** The outcome column. */
  readonly target: string
  /** The value of the target that counts as positive; inferred for 0/1, no/yes, false/true. */
  readonly positive?: string
  /** Columns to leave out (e.g. `duration` in bank marketing: it leaks the outcome). */
  readonly drop?: readonly string[]
  /** Columns to treat as categories even when they hold numbers. */
  readonly categorical?: readonly string[]
  /** The name to show in messages (default: the path). */
  readonly name?: string
}

export interface FileModelReport extends PredictReport {
  readonly target: string
  readonly positive: string
  /** Rows read from the file. */
  readonly file: string
}

/** A decimal number as written in data files (the same rule as the model's own validation). */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/
/** A column is numeric when at least this share of its cells are numbers; the rest are then errors. */
const NUMERIC_SHARE = 0.9
/** Pairs of outcome labels whose positive side is obvious (compared case-insensitively). */
const KNOWN_POSITIVES: readonly (readonly [string, string])[] = [
  ['0', '1'],
  ['no', 'yes'],
  ['false', 'true'],
  ['n', 'y'],
  ['f', 't'],
]

interface Table {
  readonly columns: readonly string[]
  readonly cells: Map<string, string[]>
  readonly lines: number[]
}

async function readTable(path: string, name: string): Promise<Result<Table, PortraitError>> {
  let columns: string[] | null = null
  const cells = new Map<string, string[]>()
  const lines: number[] = []
  try {
    for await (const row of readSource(path, { name })) {
      if (row.kind === 'problem') return err(portraitError('InvalidInput', `${name}, line ${row.line}: ${row.reason}`, { line: row.line }))
      if (columns === null) {
        columns = Object.keys(row.fields)
        for (const column of columns) cells.set(column, [])
      }
      for (const column of columns) {
        const value = row.fields[column]
        cells
          .get(column)
          ?.push(value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value))
      }
      lines.push(row.line)
    }
  } catch (e) {
    if (e instanceof SourceError) return err(portraitError(e.code, e.message))
    throw e
  }
  if (columns === null || lines.length === 0) return err(portraitError('EmptyInput', `${name} has no rows`))
  return ok({ columns, cells, lines })
}

/** Which target value is the positive class. */
function positiveValue(
  target: string,
  values: readonly string[],
  requested: string | undefined,
  name: string,
): Result<string, PortraitError> {
  const distinct = [...new Set(values)].sort()
  const shown =
    distinct
      .slice(0, 10)
      .map((v) => `'${v}'`)
      .join(', ') + (distinct.length > 10 ? ', …' : '')
  if (distinct.length < 2) {
    return err(
      portraitError(
        'DegenerateData',
        `the target column '${target}' of ${name} has the same value '${distinct[0] ?? ''}' in all ${values.length} rows: a model needs both outcomes`,
      ),
    )
  }
  if (requested !== undefined) {
    if (!distinct.includes(requested)) {
      return err(portraitError('InvalidInput', `the target column '${target}' has no value '${requested}' (values: ${shown})`))
    }
    return ok(requested)
  }
  if (distinct.length === 2) {
    const [a = '', b = ''] = distinct
    for (const [negative, positive] of KNOWN_POSITIVES) {
      if (a.toLowerCase() === negative && b.toLowerCase() === positive) return ok(b)
      if (b.toLowerCase() === negative && a.toLowerCase() === positive) return ok(a)
    }
  }
  return err(
    portraitError(
      'InvalidInput',
      `say which value of the target column '${target}' is the positive outcome with --positive (values: ${shown})`,
    ),
  )
}

/**
 * Reads the table, builds the features and trains with cross-validation.
 * Errors: unreadable file; unknown target/drop/categorical columns; a non-numeric cell in a numeric
 * column (naming line and column); a constant target; too few positives for the folds.
 */
export async function trainFileModel(path: string, options: FileModelOptions): Promise<Result<FileModelReport, PortraitError>> {
  const name = options.name ?? path
  const table = await readTable(path, name)
  if (!table.ok) return table
  const { columns, cells, lines } = table.value
  const listed = columns.map((c) => `'${c}'`).join(', ')
  const unknown = (option: string, column: string): Result<never, PortraitError> =>
    err(portraitError('InvalidInput', `${option}: ${name} has no column '${column}' (columns: ${listed})`))
  if (!cells.has(options.target)) return unknown('target', options.target)
  for (const column of options.drop ?? []) if (!cells.has(column)) return unknown('drop', column)
  for (const column of options.categorical ?? []) if (!cells.has(column)) return unknown('categorical', column)

  const targetValues = cells.get(options.target) ?? []
  const positive = positiveValue(options.target, targetValues, options.positive, name)
  if (!positive.ok) return positive
  const target = Uint8Array.from(targetValues, (v) => (v === positive.value ? 1 : 0))

  const dropped = new Set([options.target, ...(options.drop ?? [])])
  const forcedCategorical = new Set(options.categorical ?? [])
  const spec: { name: string; kind: 'numeric' | 'categorical' }[] = []
  const data: Record<string, Float64Array | string[]> = {}
  for (const column of columns) {
    if (dropped.has(column)) continue
    const values = cells.get(column) ?? []
    const numbers = values.reduce((n, v) => n + (NUMBER.test(v.trim()) ? 1 : 0), 0)
    if (!forcedCategorical.has(column) && numbers > 0 && numbers >= NUMERIC_SHARE * values.length) {
      const parsed = new Float64Array(values.length)
      for (let i = 0; i < values.length; i++) {
        const cell = (values[i] ?? '').trim()
        if (!NUMBER.test(cell)) {
          return err(
            portraitError(
              'InvalidInput',
              `${name}, line ${lines[i] ?? i + 2}, column '${column}': ${cell === '' ? 'empty cell' : JSON.stringify(cell)} is not a number (the column is numeric; use --categorical ${column} to treat it as categories, or --drop ${column})`,
              { line: lines[i], column },
            ),
          )
        }
        parsed[i] = Number(cell)
      }
      data[column] = parsed
      spec.push({ name: column, kind: 'numeric' })
    } else {
      data[column] = values
      spec.push({ name: column, kind: 'categorical' })
    }
  }
  if (spec.length === 0) return err(portraitError('InvalidInput', `${name}: no input columns are left besides the target`))
  const prepared = prepareFeatures(spec as FeatureSpec, data)
  if (!prepared.ok) return err(portraitError(prepared.error.tag, `${name}: ${prepared.error.message}`, prepared.error.details))
  const trained = trainLogistic(
    prepared.value,
    target,
    spec.map((s) => s.name),
    options,
  )
  if (!trained.ok) return err(portraitError(trained.error.tag, `${name}: ${trained.error.message}`, trained.error.details))
  return ok({ ...trained.value.report, target: options.target, positive: positive.value, file: name })
}
