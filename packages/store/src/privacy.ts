import type { AuditEntry } from './audit.js'

/** One stored row as plain JSON values: instants as ISO strings, JSON columns parsed. */
export type JsonRow = Record<string, unknown>

/** Everything stored about one person, table by table, as stored. */
export interface SubjectRecords {
  readonly customer: JsonRow
  readonly identities: JsonRow[]
  /** Merges in which the person was the kept or the merged profile, with their snapshots. */
  readonly merges: JsonRow[]
  readonly orders: JsonRow[]
  readonly orderLines: JsonRow[]
  readonly events: JsonRow[]
  /** Every consent record, newest first. */
  readonly consents: JsonRow[]
  readonly feedback: JsonRow[]
  readonly surveyResponses: JsonRow[]
  readonly scores: JsonRow[]
  /** Audit entries whose target is the person, newest first. */
  readonly audit: AuditEntry[]
}

/** One consent record: a purpose granted or withdrawn at a time, from a source. */
export interface ConsentHistoryEntry {
  readonly purpose: string
  readonly granted: boolean
  /** ISO instant. */
  readonly recorded_at: string
  readonly source: string | null
}

/** What an erasure removed, detached or redacted, row counts per table. */
export interface ErasureCounts {
  readonly customers: number
  readonly identities: number
  readonly events: number
  readonly consents: number
  readonly feedback: number
  readonly surveyResponses: number
  readonly scores: number
  /** Orders kept for the revenue figures but no longer linked to anyone (guest purchases). */
  readonly ordersDetached: number
  readonly orderLinesDetached: number
  /** Merge records whose profile snapshots were removed and ids replaced by the erasure id. */
  readonly mergesRedacted: number
  /** Audit entries whose target became the erasure id. */
  readonly auditRedacted: number
  /** Model runs whose stored results named the person (the name replaced by the erasure id). */
  readonly modelRunsRedacted: number
}

export interface ErasureRequest {
  /** Replaces the person's ids wherever a record must stay (merges, audit, model runs). */
  readonly erasureId: string
  /** Who asked; the erasure is audited in the same transaction. */
  readonly actor: string
}

/**
 * Data-subject requests and data minimisation: a person's data as one document, erasure, consent
 * history, and deletion of raw events past the retention age.
 */
export interface PrivacyStore {
  /** Every stored record about the profile `customerId`; null when there is no such profile. */
  subjectRecords(workspaceId: string, customerId: string): Promise<SubjectRecords | null>
  /**
   * Erases a person in one transaction: profile, identities, events, consents, feedback, survey
   * responses and scores deleted; orders and order lines detached; merges, audit entries and model
   * runs that name them redacted; the erasure itself audited. Null when there is no such profile.
   */
  erase(workspaceId: string, customerId: string, request: ErasureRequest): Promise<ErasureCounts | null>
  /** Every consent record of a profile, newest first. */
  consentHistory(workspaceId: string, customerId: string): Promise<ConsentHistoryEntry[]>
  /** The ids among `customerIds` whose latest record for `purpose` grants it. */
  grantedConsents(workspaceId: string, customerIds: readonly string[], purpose: string): Promise<Set<string>>
  /** How many raw events are older than `cutoff`. */
  countEventsBefore(workspaceId: string, cutoff: Date): Promise<number>
  /** Deletes raw events older than `cutoff`; returns how many. */
  deleteEventsBefore(workspaceId: string, cutoff: Date): Promise<number>
}
