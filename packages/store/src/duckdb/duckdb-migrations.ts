import { TABLES, type ColumnType, type TableDef } from '../schema.js'
import { MODEL_RUNS_TABLE } from '../model-runs.js'
import { CUSTOMER_BLIND_INDEX_COLUMNS, ENCRYPTION_KEYS_TABLE, IDENTITY_SEALED_COLUMN } from '../encryption.js'

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
  {
    version: 3,
    name: 'personal data encrypted at rest',
    statements: [
      createTableSql(ENCRYPTION_KEYS_TABLE),
      ...CUSTOMER_BLIND_INDEX_COLUMNS.map((c) => `ALTER TABLE customers ADD COLUMN IF NOT EXISTS "${c.name}" ${duckDbType(c.type)}`),
      `ALTER TABLE identities ADD COLUMN IF NOT EXISTS "${IDENTITY_SEALED_COLUMN.name}" ${duckDbType(IDENTITY_SEALED_COLUMN.type)}`,
    ],
  },
  {
    version: 4,
    name: 'sign-in sessions, user and API key bookkeeping',
    statements: [
      'ALTER TABLE users ADD COLUMN last_sign_in_at TIMESTAMP',
      'ALTER TABLE api_keys ADD COLUMN name VARCHAR',
      'ALTER TABLE api_keys ADD COLUMN prefix VARCHAR',
      'ALTER TABLE api_keys ADD COLUMN created_by VARCHAR',
      'ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP',
      `CREATE TABLE IF NOT EXISTS sessions (token_hash VARCHAR NOT NULL, workspace_id VARCHAR NOT NULL, user_id VARCHAR NOT NULL,
        csrf_token VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL)`,
    ],
  },
]
