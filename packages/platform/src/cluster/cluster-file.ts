/**
 * File mode for analysts: k-means on numeric columns of a CSV file, with no database involved.
 * Cells are parsed strictly: a cell that is not a plain decimal number stops the run with an error
 * naming its line and column, because silently dropping or zero-filling rows changes the clusters.
 */
import { err, ok, portraitError, type ClusterResult, type PortraitError, type Result } from '@portrait/core'
import { readSource, SourceError } from '../ingest/read-source.js'
import { fitClusters, type ClusterFitOptions } from './fit.js'

export interface ClusterFileOptions extends ClusterFitOptions {
  /** The numeric columns to cluster on, by header name. */
  readonly columns: readonly string[]
}

/** A plain decimal number, optionally signed, with an optional exponent: what spreadsheets export. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/

/** Clusters the rows of a CSV file (optionally gzip-compressed) on the given numeric columns. */
export async function clusterCsvFile(path: string, options: ClusterFileOptions): Promise<Result<ClusterResult, PortraitError>> {
  const names = options.columns.map((c) => c.trim())
  if (names.length === 0 || names.some((c) => c === '')) {
    return err(portraitError('InvalidInput', 'name the numeric columns to cluster on, e.g. --columns Annual_Income,Spending_Score'))
  }
  const duplicate = names.find((c, i) => names.indexOf(c) !== i)
  if (duplicate !== undefined) return err(portraitError('InvalidInput', `column '${duplicate}' is listed twice`))

  const values: number[][] = names.map(() => [])
  let checkedHeader = false
  try {
    for await (const item of readSource(path, { format: 'csv' })) {
      if (item.kind === 'problem') {
        return err(portraitError('InvalidInput', `${path}, line ${item.line}: ${item.reason}`, { line: item.line }))
      }
      if (!checkedHeader) {
        const missing = names.filter((c) => !(c in item.fields))
        if (missing.length > 0) {
          return err(
            portraitError(
              'InvalidInput',
              `${path} has no column ${missing.map((c) => `'${c}'`).join(', ')}; its columns are: ${Object.keys(item.fields).join(', ')}`,
              { missing, columns: Object.keys(item.fields) },
            ),
          )
        }
        checkedHeader = true
      }
      for (let j = 0; j < names.length; j++) {
        const column = names[j] as string
        const raw = item.fields[column]
        const text = typeof raw === 'string' ? raw.trim() : raw === null || raw === undefined ? '' : String(raw)
        if (!NUMBER.test(text)) {
          const what = text === '' ? 'is empty' : `'${text.slice(0, 40)}' is not a number`
          return err(
            portraitError('InvalidInput', `${path}, line ${item.line}, column '${column}': ${what}`, {
              line: item.line,
              column,
              value: text,
            }),
          )
        }
        ;(values[j] as number[]).push(Number(text))
      }
    }
  } catch (e) {
    if (e instanceof SourceError) return err(portraitError(e.code, e.message))
    throw e
  }
  const n = values[0]?.length ?? 0
  if (n === 0) return err(portraitError('EmptyInput', `${path} has a header but no data rows`))

  const fit = fitClusters(
    { inputs: names.map((name, j) => ({ kind: 'numeric', name, values: Float64Array.from(values[j] as number[]) })) },
    options,
  )
  if (!fit.ok) return fit
  return ok({ ...fit.value.result, excluded: 0, source: path, asOf: null, computedAt: new Date().toISOString() })
}
