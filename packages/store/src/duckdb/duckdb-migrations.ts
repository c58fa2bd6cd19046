import { TABLES, type ColumnType, type TableDef } from '../schema.js'
import { MODEL_RUNS_TABLE } from '../model-runs.js'

const DUCKDB_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  bool: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  json: 'JSON',
}

export const duckDbType = (t: ColumnType): string => DUCKDB_TYPES[t]

/**
 * DuckDB DDL for a logical table. Natural keys are enforced by the loaders (anti-joins on
 * staging), not by PRIMARY KEY constraints: DuckDB's ART indexes slow bulk loads and check
 * uniqueness eagerly inside a transaction, which would break delete-then-insert upserts.
 */
export function createTableSql(t: TableDef): string {
  const cols = t.columns.map((c) => `"${c.name}" ${duckDbType(c.type)}${c.notNull ? ' NOT NULL' : ''}`)
  return `CREATE TABLE IF NOT EXISTS "${t.name}" (${cols.join(', ')})`
}

export interface Migration {
  readonly version: number
  readonly name: string
  readonly statements: readonly string[]
}

/** Versioned migrations, applied in order, each in its own transaction. Never edit a released one. */
export const DUCKDB_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'logical schema',
    statements: TABLES.map(createTableSql),
  },
  { version: 2, name: 'model runs', statements: [createTableSql(MODEL_RUNS_TABLE)] },
]
