import type { DuckDBConnection } from '@duckdb/node-api'
import type { ConsentHistoryEntry, ErasureCounts, ErasureRequest, JsonRow, PrivacyStore, SubjectRecords } from '../privacy.js'
import { tableDef } from '../schema.js'
import { all, run, type DuckDbSql } from './duckdb-sql.js'
import { auditEntryFromRow, utcTimestamp } from './duckdb-audit.js'
import type { DuckDbVaults } from './duckdb-encryption.js'
import type { CustomerRecord } from '../records.js'
import { openCustomer, transformPayload } from '../crypto/personal.js'
import { dateOnly, isoOrNull, num, parseJson, strOrNull } from './duckdb-values.js'

/** A stored row as plain JSON: the workspace left out, instants as ISO strings, JSON columns parsed. */
function jsonRow(table: string, r: Record<string, unknown>): JsonRow {
  const out: JsonRow = {}
  for (const col of tableDef(table).columns) {
    if (col.name === 'workspace_id' || !(col.name in r)) continue
    const v = r[col.name]
    out[col.name] =
      col.type === 'json' ? parseJson<unknown>(v, null) : col.type === 'timestamp' ? isoOrNull(v) : col.type === 'date' ? dateOnly(v) : v
  }
  return out
}

const count = async (conn: DuckDBConnection, sql: string, params: readonly unknown[]): Promise<number> =>
  num((await all(conn, sql, params))[0]?.n)

/** Tables whose JSON column may quote a customer id in free-form results; redacted by text replacement. */
const JSON_MENTIONS: readonly { table: string; column: string }[] = [
  { table: 'model_runs', column: 'result' },
  { table: 'audit_log', column: 'details' },
  { table: 'personas', column: 'body' },
]

export class DuckDbPrivacyStore implements PrivacyStore {
  constructor(
    private readonly sql: DuckDbSql,
    private readonly vaults: DuckDbVaults,
  ) {}

  /**
   * The keys that name a person in stored rows: the profile id, every identity value, and the ids
   * of profiles merged into it (source ids still found in orders and events).
   */
  private async subjectKeys(conn: DuckDBConnection, workspaceId: string, customerId: string): Promise<string[]> {
    const rows = await all(
      conn,
      `SELECT value AS k FROM identities WHERE workspace_id = $1 AND customer_id = $2
       UNION SELECT merged_customer_id FROM merges WHERE workspace_id = $1 AND kept_customer_id = $2`,
      [workspaceId, customerId],
    )
    return [...new Set([customerId, ...rows.map((r) => String(r.k))])]
  }

  async subjectRecords(workspaceId: string, customerId: string): Promise<SubjectRecords | null> {
    return this.sql.withConnection(async (conn) => {
      const p = [workspaceId, customerId]
      const [customer] = await all(conn, 'SELECT * FROM customers WHERE workspace_id = $1 AND customer_id = $2', p)
      if (!customer) return null
      const keys = [workspaceId, customerId, await this.subjectKeys(conn, workspaceId, customerId)]
      const rows = async (table: string, sql: string, params: readonly unknown[] = p): Promise<JsonRow[]> =>
        (await all(conn, sql, params)).map((r) => jsonRow(table, r))
      // The export is for the person: personal values in the clear, blind indexes replaced by what they stand for.
      const vault = await this.vaults.vault(workspaceId)
      const identityRows = await all(
        conn,
        'SELECT * FROM identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY first_seen_at, kind, value',
        p,
      )
      const clear = new Map<string, string>()
      const identities = identityRows.map((r) => {
        const row = jsonRow('identities', r)
        if (typeof r.value_enc === 'string') {
          row.value = vault.decrypt(`identity.${String(r.kind)}`, r.value_enc)
          clear.set(String(r.value), String(row.value))
        }
        return row
      })
      const openSnapshot = (v: unknown): unknown => (v !== null && typeof v === 'object' ? openCustomer(vault, v as CustomerRecord) : v)
      const merges = (
        await rows(
          'merges',
          'SELECT * FROM merges WHERE workspace_id = $1 AND (kept_customer_id = $2 OR merged_customer_id = $2) ORDER BY merged_at DESC, merge_id',
        )
      ).map((m) => ({
        ...m,
        kept_before: openSnapshot(m.kept_before),
        merged_profile: openSnapshot(m.merged_profile),
        moved_identities: Array.isArray(m.moved_identities)
          ? (m.moved_identities as { kind: string; value: string }[]).map((k) => ({ kind: k.kind, value: clear.get(k.value) ?? k.value }))
          : m.moved_identities,
      }))
      return {
        customer: openCustomer(vault, jsonRow('customers', customer) as unknown as CustomerRecord) as unknown as JsonRow,
        identities,
        merges,
        orders: await rows(
          'orders',
          `SELECT * FROM orders WHERE workspace_id = $1 AND (customer_id = $2 OR source_customer_id IN (SELECT unnest($3::VARCHAR[])))
           ORDER BY ordered_at, order_id`,
          keys,
        ),
        orderLines: await rows(
          'order_lines',
          `SELECT * FROM order_lines WHERE workspace_id = $1 AND (customer_id = $2 OR source_customer_id IN (SELECT unnest($3::VARCHAR[])))
           ORDER BY ordered_at, order_id, line_no, line_key`,
          keys,
        ),
        events: (
          await rows(
            'events',
            `SELECT * FROM events WHERE workspace_id = $1 AND (customer_id = $2 OR user_id IN (SELECT unnest($3::VARCHAR[]))
               OR anonymous_id IN (SELECT unnest($3::VARCHAR[]))) ORDER BY "timestamp", message_id`,
            keys,
          )
        ).map((e) => ({
          ...e,
          user_id: typeof e.user_id === 'string' ? (clear.get(e.user_id) ?? e.user_id) : e.user_id,
          properties: transformPayload(vault, e.properties as Record<string, unknown> | null, 'open'),
          context: transformPayload(vault, e.context as Record<string, unknown> | null, 'open'),
        })),
        consents: await rows(
          'consents',
          'SELECT * FROM consents WHERE workspace_id = $1 AND customer_id = $2 ORDER BY recorded_at DESC, purpose',
        ),
        feedback: await rows(
          'feedback',
          'SELECT * FROM feedback WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at, feedback_id',
        ),
        surveyResponses: await rows(
          'survey_responses',
          'SELECT * FROM survey_responses WHERE workspace_id = $1 AND customer_id = $2 ORDER BY submitted_at, response_id',
        ),
        scores: await rows('customer_scores', 'SELECT * FROM customer_scores WHERE workspace_id = $1 AND customer_id = $2 ORDER BY name'),
        audit: (
          await all(
            conn,
            'SELECT "at", actor, action, target, details FROM audit_log WHERE workspace_id = $1 AND target = $2 ORDER BY "at" DESC, rowid DESC',
            p,
          )
        ).map(auditEntryFromRow),
      }
    })
  }

  async erase(workspaceId: string, customerId: string, request: ErasureRequest): Promise<ErasureCounts | null> {
    return this.sql.transaction(async (conn) => {
      const p = [workspaceId, customerId]
      if ((await count(conn, 'SELECT count(*) AS n FROM customers WHERE workspace_id = $1 AND customer_id = $2', p)) === 0) return null
      const keys = await this.subjectKeys(conn, workspaceId, customerId)
      const k = [workspaceId, keys]
      const inKeys = (column: string): string => `${column} IN (SELECT unnest($2::VARCHAR[]))`

      /** Counts, then deletes, the rows of `table` matching `where` (over $1 = workspace, $2 = keys). */
      const remove = async (table: string, where: string): Promise<number> => {
        const n = await count(conn, `SELECT count(*) AS n FROM ${table} WHERE workspace_id = $1 AND (${where})`, k)
        if (n > 0) await run(conn, `DELETE FROM ${table} WHERE workspace_id = $1 AND (${where})`, k)
        return n
      }
      /** Orders stay for the revenue figures, as purchases by nobody in particular. */
      const detach = async (table: string): Promise<number> => {
        const where = `${inKeys('customer_id')} OR ${inKeys('source_customer_id')}`
        const n = await count(conn, `SELECT count(*) AS n FROM ${table} WHERE workspace_id = $1 AND (${where})`, k)
        if (n > 0)
          await run(conn, `UPDATE ${table} SET customer_id = NULL, source_customer_id = NULL WHERE workspace_id = $1 AND (${where})`, k)
        return n
      }

      const events = await remove('events', `${inKeys('customer_id')} OR ${inKeys('user_id')} OR ${inKeys('anonymous_id')}`)
      const consents = await remove('consents', inKeys('customer_id'))
      const feedback = await remove('feedback', inKeys('customer_id'))
      const surveyResponses = await remove('survey_responses', inKeys('customer_id'))
      const scores = await remove('customer_scores', inKeys('customer_id'))
      const ordersDetached = await detach('orders')
      const orderLinesDetached = await detach('order_lines')

      const e = [workspaceId, keys, request.erasureId]
      const mergeWhere = `workspace_id = $1 AND (${inKeys('kept_customer_id')} OR ${inKeys('merged_customer_id')})`
      const mergesRedacted = await count(conn, `SELECT count(*) AS n FROM merges WHERE ${mergeWhere}`, k)
      if (mergesRedacted > 0) {
        await run(
          conn,
          `UPDATE merges SET
             kept_customer_id = CASE WHEN ${inKeys('kept_customer_id')} THEN $3 ELSE kept_customer_id END,
             merged_customer_id = CASE WHEN ${inKeys('merged_customer_id')} THEN $3 ELSE merged_customer_id END,
             reason = 'erased (' || $3 || ')', kept_before = NULL, merged_profile = NULL, moved_identities = NULL
           WHERE ${mergeWhere}`,
          e,
        )
      }
      const auditRedacted = await count(conn, `SELECT count(*) AS n FROM audit_log WHERE workspace_id = $1 AND ${inKeys('target')}`, k)
      if (auditRedacted > 0) await run(conn, `UPDATE audit_log SET target = $3 WHERE workspace_id = $1 AND ${inKeys('target')}`, e)

      // Free-form JSON results quote ids as JSON strings: replace the quoted id, keep the rest.
      let modelRunsRedacted = 0
      for (const { table, column } of JSON_MENTIONS) {
        for (const key of keys) {
          const quoted = JSON.stringify(key)
          const where = `workspace_id = $1 AND contains(CAST(${column} AS VARCHAR), $2)`
          const n = await count(conn, `SELECT count(*) AS n FROM ${table} WHERE ${where}`, [workspaceId, quoted])
          if (n === 0) continue
          await run(conn, `UPDATE ${table} SET ${column} = CAST(replace(CAST(${column} AS VARCHAR), $2, $3) AS JSON) WHERE ${where}`, [
            workspaceId,
            quoted,
            JSON.stringify(request.erasureId),
          ])
          if (table === 'model_runs') modelRunsRedacted += n
        }
      }

      const identities = await remove('identities', inKeys('customer_id'))
      const customers = await remove('customers', inKeys('customer_id'))
      const counts: ErasureCounts = {
        customers,
        identities,
        events,
        consents,
        feedback,
        surveyResponses,
        scores,
        ordersDetached,
        orderLinesDetached,
        mergesRedacted,
        auditRedacted,
        modelRunsRedacted,
      }
      await run(conn, 'INSERT INTO audit_log VALUES ($1, $2::TIMESTAMP, $3, $4, $5, $6::JSON)', [
        workspaceId,
        utcTimestamp(new Date()),
        request.actor,
        'privacy.erase',
        request.erasureId,
        JSON.stringify(counts),
      ])
      return counts
    })
  }

  async consentHistory(workspaceId: string, customerId: string): Promise<ConsentHistoryEntry[]> {
    const rows = await this.sql.all(
      'SELECT purpose, granted, recorded_at, source FROM consents WHERE workspace_id = $1 AND customer_id = $2 ORDER BY recorded_at DESC, purpose',
      [workspaceId, customerId],
    )
    return rows.map((r) => ({
      purpose: String(r.purpose),
      granted: Boolean(r.granted),
      recorded_at: isoOrNull(r.recorded_at) ?? '',
      source: strOrNull(r.source),
    }))
  }

  async grantedConsents(workspaceId: string, customerIds: readonly string[], purpose: string): Promise<Set<string>> {
    if (customerIds.length === 0) return new Set()
    // The latest record per person decides; when two share an instant, a withdrawal wins.
    const rows = await this.sql.all(
      `SELECT customer_id FROM consents
       WHERE workspace_id = $1 AND purpose = $2 AND customer_id IN (SELECT unnest($3::VARCHAR[]))
       QUALIFY row_number() OVER (PARTITION BY customer_id ORDER BY recorded_at DESC, granted ASC) = 1 AND granted`,
      [workspaceId, purpose, [...customerIds]],
    )
    return new Set(rows.map((r) => String(r.customer_id)))
  }

  async countEventsBefore(workspaceId: string, cutoff: Date): Promise<number> {
    const [r] = await this.sql.all('SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND "timestamp" < $2::TIMESTAMP', [
      workspaceId,
      utcTimestamp(cutoff),
    ])
    return num(r?.n)
  }

  async deleteEventsBefore(workspaceId: string, cutoff: Date): Promise<number> {
    return this.sql.transaction(async (conn) => {
      const p = [workspaceId, utcTimestamp(cutoff)]
      const n = await count(conn, 'SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND "timestamp" < $2::TIMESTAMP', p)
      if (n > 0) await run(conn, 'DELETE FROM events WHERE workspace_id = $1 AND "timestamp" < $2::TIMESTAMP', p)
      return n
    })
  }
}
