import { DuckDBTimestampValue, dateValue, type DuckDBAppender } from '@duckdb/node-api'
import type { ColumnType } from '../schema.js'

const MS_PER_DAY = 86_400_000

/** Appends one JS value to a DuckDB appender as the column's logical type. */
export function appendTyped(appender: DuckDBAppender, type: ColumnType, value: unknown): void {
  if (value === null || value === undefined) {
    appender.appendNull()
    return
  }
  switch (type) {
    case 'text':
      appender.appendVarchar(String(value))
      return
    case 'json':
      appender.appendVarchar(typeof value === 'string' ? value : JSON.stringify(value))
      return
    case 'int':
      appender.appendInteger(Number(value))
      return
    case 'bigint':
      appender.appendBigInt(BigInt(Math.trunc(Number(value))))
      return
    case 'double':
      appender.appendDouble(Number(value))
      return
    case 'bool':
      appender.appendBoolean(Boolean(value))
      return
    case 'date': {
      const ms = value instanceof Date ? value.getTime() : Date.parse(`${String(value)}T00:00:00Z`)
      appender.appendDate(dateValue(Math.floor(ms / MS_PER_DAY)))
      return
    }
    case 'timestamp': {
      const ms = value instanceof Date ? value.getTime() : Date.parse(String(value))
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(Math.round(ms)) * 1000n))
      return
    }
  }
}

/** Converts a row read with `getRowObjectsJS` to plain values: counts as numbers, not bigint. */
export function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v
  return out
}

export const isoOrNull = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : v === null || v === undefined ? null : String(v)
export const dateOnly = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString().slice(0, 10) : v === null || v === undefined ? null : String(v)
export const num = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v === null || v === undefined ? 0 : Number(v)
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v))
export const parseJson = <T>(v: unknown, fallback: T): T => {
  if (v === null || v === undefined) return fallback
  if (typeof v !== 'string') return v as T
  try {
    return JSON.parse(v) as T
  } catch {
    return fallback
  }
}
/** Money: two decimals, without binary floating-point noise. */
export const money = (v: unknown): number => Math.round(num(v) * 100) / 100
