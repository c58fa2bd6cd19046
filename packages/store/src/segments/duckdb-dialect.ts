import type { SqlDialect, SqlParams } from './dialect.js'

/** JSON Pointer (RFC 6901) of one object key: `~` and `/` escaped, so any key names one member. */
const jsonPointer = (key: string): string => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`

/**
 * DuckDB: `$n` parameters; JS arrays bind as VARCHAR lists (see `duckdb-sql.ts`), so number lists
 * are cast on the SQL side.
 */
export const DUCKDB_DIALECT: SqlDialect = {
  name: 'duckdb',
  placeholder: (index) => `$${index}`,
  ident: (name) => `"${name.replace(/"/g, '""')}"`,
  toNumber: (expr) => `TRY_CAST(${expr} AS DOUBLE)`,
  timestamp: (p) => `CAST(${p} AS TIMESTAMP)`,
  date: (p) => `CAST(${p} AS DATE)`,
  jsonText: (expr, key, params) => `json_extract_string(${expr}, ${params.add(jsonPointer(key))})`,
  inList: (expr, values, type, params) =>
    type === 'number'
      ? `list_contains(CAST(${params.add(values.map(String))} AS DOUBLE[]), CAST(${expr} AS DOUBLE))`
      : `list_contains(CAST(${params.add(values.map(String))} AS VARCHAR[]), ${expr})`,
  containsText: (expr, needle, params: SqlParams) => `contains(lower(${expr}), lower(${params.add(needle)}))`,
  jsonArrayContains: (expr, value, params) => `list_contains(CAST(${expr} AS VARCHAR[]), ${params.add(value)})`,
  jsonArrayHasAny: (expr, values, params) => `list_has_any(CAST(${expr} AS VARCHAR[]), CAST(${params.add([...values])} AS VARCHAR[]))`,
  jsonArrayLength: (expr) => `json_array_length(${expr})`,
}
