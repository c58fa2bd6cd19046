import { DuckDBInstance } from '@duckdb/node-api'
import { plainRow } from './duckdb-values.js'

/**
 * Reads a Parquet file row by row with an in-memory DuckDB (which reads Parquet natively), in
 * chunks, so large files stream. Values come back as plain JS values (Dates for timestamps).
 */
export async function* readParquetRows(path: string, chunkRows = 10_000): AsyncGenerator<Record<string, unknown>> {
  const instance = await DuckDBInstance.create(':memory:')
  const conn = await instance.connect()
  try {
    const escaped = path.replace(/'/g, "''")
    const result = await conn.stream(`SELECT * FROM read_parquet('${escaped}')`)
    for (;;) {
      const chunk = await result.fetchChunk()
      if (!chunk || chunk.rowCount === 0) break
      const names = result.columnNames()
      const rows = chunk.getRowObjects(names)
      void chunkRows
      for (const r of rows) yield plainRow(convertValues(r as Record<string, unknown>))
    }
  } finally {
    conn.closeSync()
    instance.closeSync()
  }
}

function convertValues(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(row)) {
    if (v !== null && typeof v === 'object' && 'toString' in v && !(v instanceof Date) && !Array.isArray(v)) {
      const s = String(v)
      const n = Number(s)
      out[k] = s !== '' && Number.isFinite(n) && /^-?\d+(\.\d+)?$/.test(s) ? n : s
    } else out[k] = v
  }
  return out
}
