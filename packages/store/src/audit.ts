/**
 * The audit log: who did what to which data, and when. Actors are strings (`cli`, `api`, later a
 * signed-in user's id) so the log can name people once sign-in exists without a schema change.
 */
export interface AuditEntryInput {
  /** Who acted: `cli`, `api`, `system`, or a user id. */
  readonly actor: string
  /** What was done, dotted: `import`, `merge.undo`, `privacy.export`, `privacy.erase`, `profile.read`, … */
  readonly action: string
  /** What it was done to (a customer id, a segment id, a file name), if anything. */
  readonly target?: string | null
  /** Counts and parameters of the action; never the personal data itself. */
  readonly details?: Readonly<Record<string, unknown>> | null
}

export interface AuditEntry {
  /** ISO instant. */
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly target: string | null
  readonly details: Record<string, unknown> | null
}

export interface AuditQuery {
  /** At most this many entries, newest first. */
  readonly limit: number
  /** Only this action. */
  readonly action?: string
  /** Only entries at or after this instant. */
  readonly since?: Date
  /** Only entries about this target. */
  readonly target?: string
}

export interface AuditStore {
  /** Appends one entry stamped with the current time; returns it as stored. */
  record(workspaceId: string, entry: AuditEntryInput): Promise<AuditEntry>
  /** Entries newest first. */
  list(workspaceId: string, query: AuditQuery): Promise<AuditEntry[]>
}
