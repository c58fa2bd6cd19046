import type { AuditEntry, AuditEntryInput, AuditQuery, AuditStore } from '../audit.js'
import type { DuckDbSql } from './duckdb-sql.js'
import { isoOrNull, parseJson, strOrNull } from './duckdb-values.js'

/** A JS instant as a DuckDB TIMESTAMP literal value (stored in UTC, without a zone). */
export const utcTimestamp = (d: Date): string => d.toISOString().replace('Z', '')

export function auditEntryFromRow(r: Record<string, unknown>): AuditEntry {
  return {
    at: isoOrNull(r.at) ?? '',
    actor: String(r.actor),
    action: String(r.action),
    target: strOrNull(r.target),
    details: parseJson<Record<string, unknown> | null>(r.details, null),
  }
}

export class DuckDbAuditStore implements AuditStore {
  constructor(private readonly sql: DuckDbSql) {}

  async record(workspaceId: string, entry: AuditEntryInput): Promise<AuditEntry> {
    const at = new Date()
    const details = entry.details ? JSON.stringify(entry.details) : null
    await this.sql.run('INSERT INTO audit_log VALUES ($1, $2::TIMESTAMP, $3, $4, $5, $6::JSON)', [
      workspaceId,
      utcTimestamp(at),
      entry.actor,
      entry.action,
      entry.target ?? null,
      details,
    ])
    return { at: at.toISOString(), actor: entry.actor, action: entry.action, target: entry.target ?? null, details: entry.details ?? null }
  }

  async list(workspaceId: string, query: AuditQuery): Promise<AuditEntry[]> {
    const params: unknown[] = [workspaceId]
    let where = 'workspace_id = $1'
    if (query.action !== undefined) {
      params.push(query.action)
      where += ` AND action = $${params.length}`
    }
    if (query.since !== undefined) {
      params.push(utcTimestamp(query.since))
      where += ` AND "at" >= $${params.length}::TIMESTAMP`
    }
    if (query.target !== undefined) {
      params.push(query.target)
      where += ` AND target = $${params.length}`
    }
    const limit = Math.max(1, Math.min(100_000, Math.floor(query.limit)))
    // rowid breaks ties between entries written in the same microsecond, in insertion order.
    const rows = await this.sql.all(
      `SELECT "at", actor, action, target, details FROM audit_log WHERE ${where} ORDER BY "at" DESC, rowid DESC LIMIT ${limit}`,
      params,
    )
    return rows.map(auditEntryFromRow)
  }
}
