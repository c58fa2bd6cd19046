import type { ModelRunRecord, ModelRunStore } from '../model-runs.js'
import type { DuckDbSql } from './duckdb-sql.js'
import { run } from './duckdb-sql.js'
import { parseJson } from './duckdb-values.js'

export class DuckDbModelRunStore implements ModelRunStore {
  constructor(private readonly sql: DuckDbSql) {}

  async save(workspaceId: string, record: ModelRunRecord): Promise<void> {
    await this.sql.transaction(async (conn) => {
      await run(conn, 'DELETE FROM model_runs WHERE workspace_id = $1 AND model = $2', [workspaceId, record.model])
      await run(conn, 'INSERT INTO model_runs VALUES ($1, $2, $3::TIMESTAMP, $4::JSON, $5::JSON)', [
        workspaceId,
        record.model,
        new Date(record.computedAt).toISOString().replace('Z', ''),
        JSON.stringify(record.params),
        JSON.stringify(record.result),
      ])
    })
  }

  async latest(workspaceId: string, model: string): Promise<ModelRunRecord | null> {
    const [r] = await this.sql.all(
      'SELECT model, epoch_ms(computed_at) AS at, params, result FROM model_runs WHERE workspace_id = $1 AND model = $2',
      [workspaceId, model],
    )
    if (!r) return null
    return {
      model: String(r.model),
      computedAt: new Date(Number(r.at)).toISOString(),
      params: parseJson<Record<string, unknown>>(r.params, {}),
      result: parseJson<unknown>(r.result, null),
    }
  }
}
