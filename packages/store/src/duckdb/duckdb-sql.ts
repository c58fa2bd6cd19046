import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBInstance, type DuckDBType, type DuckDBValue } from '@duckdb/node-api'
import { plainRow } from './duckdb-values.js'

export type Params = readonly unknown[]

const VARCHAR_LIST = LIST(VARCHAR)

/** Binds JS values: arrays become VARCHAR lists (DuckDB cannot infer an element type for them). */
function bind(params: Params): [DuckDBValue[], (DuckDBType | undefined)[]] | [] {
  if (params.length === 0) return []
  const values: DuckDBValue[] = []
  const types: (DuckDBType | undefined)[] = []
  for (const p of params) {
    if (Array.isArray(p)) {
      values.push(listValue(p.map(String)))
      types.push(VARCHAR_LIST)
    } else {
      values.push(p as DuckDBValue)
      types.push(undefined)
    }
  }
  return [values, types]
}

export async function all(conn: DuckDBConnection, sql: string, params: Params = []): Promise<Record<string, unknown>[]> {
  const [values, types] = bind(params)
  const reader = await conn.runAndReadAll(sql, values, types as DuckDBType[] | undefined)
  return reader.getRowObjectsJS().map((r) => plainRow(r as Record<string, unknown>))
}

export async function run(conn: DuckDBConnection, sql: string, params: Params = []): Promise<void> {
  const [values, types] = bind(params)
  await conn.run(sql, values, types as DuckDBType[] | undefined)
}

/**
 * SQL access to one DuckDB instance, shared by the store and its feature repositories: each
 * operation gets its own connection (DuckDB connections run one statement at a time).
 */
export class DuckDbSql {
  constructor(private readonly instance: DuckDBInstance) {}

  async withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.instance.connect()
    try {
      return await fn(conn)
    } finally {
      conn.closeSync()
    }
  }

  all(sql: string, params: Params = []): Promise<Record<string, unknown>[]> {
    return this.withConnection((conn) => all(conn, sql, params))
  }

  async run(sql: string, params: Params = []): Promise<void> {
    await this.withConnection((conn) => run(conn, sql, params))
  }

  /** Runs `fn` on one connection inside a transaction: committed whole, or rolled back. */
  async transaction<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.withConnection(async (conn) => {
      await run(conn, 'BEGIN TRANSACTION')
      try {
        const result = await fn(conn)
        await run(conn, 'COMMIT')
        return result
      } catch (e) {
        await run(conn, 'ROLLBACK').catch(() => undefined)
        throw e
      }
    })
  }
}
