import type { ScoreProvenance, ScoreRow, ScoreStore } from '../scores.js'
import type { DuckDbSql } from './duckdb-sql.js'
import { all, run } from './duckdb-sql.js'
import { appendTyped, parseJson } from './duckdb-values.js'

export class DuckDbScoreStore implements ScoreStore {
  constructor(private readonly sql: DuckDbSql) {}

  async replace(workspaceId: string, name: string, rows: readonly ScoreRow[], provenance: ScoreProvenance): Promise<void> {
    await this.sql.transaction(async (conn) => {
      await run(conn, 'DELETE FROM customer_scores WHERE workspace_id = $1 AND name = $2', [workspaceId, name])
      const appender = await conn.createAppender('customer_scores')
      try {
        const at = new Date(provenance.computedAt)
        for (const r of rows) {
          appendTyped(appender, 'text', workspaceId)
          appendTyped(appender, 'text', r.customer_id)
          appendTyped(appender, 'text', name)
          appendTyped(appender, 'json', r.value)
          appendTyped(appender, 'timestamp', at)
          appendTyped(appender, 'json', null)
          appender.endRow()
        }
        appender.flushSync()
      } finally {
        appender.closeSync()
      }
      await run(conn, 'INSERT INTO score_runs VALUES ($1, $2, $3::TIMESTAMP, $4)', [
        workspaceId,
        name,
        provenance.computedAt.replace('Z', ''),
        JSON.stringify(provenance),
      ])
    })
  }

  async forCustomer(workspaceId: string, customerId: string): Promise<Record<string, unknown>> {
    const rows = await this.sql.all('SELECT name, value FROM customer_scores WHERE workspace_id = $1 AND customer_id = $2 ORDER BY name', [
      workspaceId,
      customerId,
    ])
    return Object.fromEntries(rows.map((r) => [String(r.name), parseJson<unknown>(r.value, null)]))
  }

  async list(workspaceId: string, name: string): Promise<ScoreRow[]> {
    return this.sql.withConnection(async (conn) => {
      const rows = await all(
        conn,
        'SELECT customer_id, value FROM customer_scores WHERE workspace_id = $1 AND name = $2 ORDER BY customer_id',
        [workspaceId, name],
      )
      return rows.map((r) => ({ customer_id: String(r.customer_id), value: parseJson<Record<string, unknown>>(r.value, {}) }))
    })
  }

  async provenance(workspaceId: string, name: string): Promise<ScoreProvenance | null> {
    const [r] = await this.sql.all(
      'SELECT provenance FROM score_runs WHERE workspace_id = $1 AND name = $2 ORDER BY computed_at DESC LIMIT 1',
      [workspaceId, name],
    )
    return r ? parseJson<ScoreProvenance | null>(r.provenance, null) : null
  }
}
