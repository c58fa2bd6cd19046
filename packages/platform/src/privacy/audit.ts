import type { AuditEntry } from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { csvLine } from '../util/csv.js'

/**
 * The actor a face (CLI, server) acts as when a service records an audit entry without naming one.
 * Until sign-in exists the faces set `cli` or `api` once for their Portrait; a signed-in request
 * passes its user explicitly instead.
 */
const faceActors = new WeakMap<Portrait, string>()

/** Sets the actor recorded for this Portrait's audit entries when none is given. */
export function setAuditActor(p: Portrait, actor: string): void {
  faceActors.set(p, actor)
}

/** The actor recorded for this Portrait when none is given: the face's, else `system`. */
export function auditActor(p: Portrait): string {
  return faceActors.get(p) ?? 'system'
}

export interface AuditInput {
  readonly action: string
  readonly target?: string | null
  /** Counts and parameters; never personal data (erasure only rewrites targets and quoted ids). */
  readonly details?: Readonly<Record<string, unknown>>
  /** Defaults to the face's actor. */
  readonly actor?: string
}

/** Appends one entry to the workspace's audit log. */
export function recordAudit(p: Portrait, entry: AuditInput): Promise<AuditEntry> {
  return p.store.audit.record(p.workspaceId, {
    actor: entry.actor ?? auditActor(p),
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
  })
}

export interface AuditListOptions {
  readonly limit?: number
  readonly action?: string
  readonly since?: Date
}

/** Audit entries, newest first (100 unless told). */
export function listAudit(p: Portrait, options: AuditListOptions = {}): Promise<AuditEntry[]> {
  return p.store.audit.list(p.workspaceId, {
    limit: options.limit ?? 100,
    ...(options.action !== undefined ? { action: options.action } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
  })
}

export const AUDIT_CSV_COLUMNS = ['at', 'actor', 'action', 'target', 'details'] as const

/** The entries as CSV; every cell goes through `csvCell`, so a formula in a target or detail stays text. */
export function auditCsv(entries: readonly AuditEntry[]): string {
  return [
    csvLine(AUDIT_CSV_COLUMNS),
    ...entries.map((e) => csvLine([e.at, e.actor, e.action, e.target, e.details ? JSON.stringify(e.details) : ''])),
  ].join('')
}
