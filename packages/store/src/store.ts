import type { ScoreStore } from './scores.js'
import type { FeatureStore } from './features.js'
import type { SegmentStore } from './segments.js'
import type { EvaluationStore } from './evaluation.js'
import type { ModelRunStore } from './model-runs.js'
import type { CatalogueStore } from './catalogue.js'
import type { AuditStore } from './audit.js'
import type { PrivacyStore } from './privacy.js'
import type { EncryptionStore } from './encryption.js'
import type { AuthStore } from './auth.js'
import type { CustomerListQuery, CustomerListResponse, CustomerProfile, MergeRecord, OverviewStats } from '@portrait/core'
import type { CustomerRecord, IdentityRecord, ImportRunRecord, MergeRow, StagedRecords, StagedResult, StagedTable } from './records.js'

/** Per-workspace settings, stored with the workspace. */
export interface WorkspaceSettings {
  /** IANA time zone for reports that bucket time (months, days); default UTC. */
  timezone?: string
  /** Raw events older than this many days are deleted by the retention command. */
  retention_days?: number
  /** The k-anonymity floor for aggregates shown without personal-data access (default 5). */
  k_anonymity?: number
}

/**
 * Whether a lookup may match personal data (a name, email or phone through its blind index). Off
 * for someone who may not read personal data: otherwise typing a known e-mail would tell them
 * whether that person is a customer, and which one.
 */
export interface LookupOptions {
  /** Default true. */
  readonly personalMatch?: boolean
}

export interface ReportOptions {
  /** Bucket timestamps by this zone's wall-clock time (IANA name); default UTC. */
  readonly timezone?: string
}

/**
 * A Portrait store: one logical schema on one engine. The platform talks only to this interface;
 * DuckDB (embedded, the default) implements it today, and the PostgreSQL and ClickHouse engines
 * implement the same interface and pass the same conformance suite.
 */
export interface Store {
  readonly engine: 'duckdb' | 'postgres' | 'clickhouse'
  /** Where the data lives (a file path or a redacted connection URL). */
  readonly location: string
  /** Per-customer scores of the models. */
  readonly scores: ScoreStore
  /** Per-customer feature arrays, transactions and baskets for the models. */
  readonly features: FeatureStore
  /** Saved segments, their membership in SQL and their snapshots. */
  readonly segments: SegmentStore
  /** Per-segment figures and overlap for segment evaluation. */
  readonly evaluation: EvaluationStore
  /** The latest workspace-wide model runs (association rules, propensity models). */
  readonly modelRuns: ModelRunStore
  /** Item names and categories of the products sold, for association rules. */
  readonly catalogue: CatalogueStore
  /** Who did what to which data, and when. */
  readonly audit: AuditStore
  /** Data-subject requests (export, erasure), consent history, event retention. */
  readonly privacy: PrivacyStore
  /** Keys, upgrade and rotation of the encryption of personal data at rest. */
  readonly encryption: EncryptionStore
  /** Workspaces, users, sign-in sessions and API keys. */
  readonly auth: AuthStore
  /** Applies pending migrations; returns the schema version now in force. */
  migrate(): Promise<number>
  close(): Promise<void>

  ensureWorkspace(workspaceId: string, name: string): Promise<void>
  workspaceSettings(workspaceId: string): Promise<WorkspaceSettings>
  updateWorkspaceSettings(workspaceId: string, patch: WorkspaceSettings): Promise<WorkspaceSettings>
  /** Runs `fn` in one transaction: everything it wrote commits together, or nothing does. */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>

  countCustomers(workspaceId: string): Promise<number>
  /** `personalMatch: false`: a search term matches ids and cities only, never a name, email or phone. */
  listCustomers(workspaceId: string, query: CustomerListQuery, options?: LookupOptions): Promise<CustomerListResponse>
  /** Finds a profile by its id or by any identity value (email, phone, external id, device id). */
  resolveCustomer(workspaceId: string, key: string, options?: LookupOptions): Promise<string | null>
  getProfile(workspaceId: string, customerId: string, options?: ReportOptions): Promise<CustomerProfile | null>
  overview(workspaceId: string, options?: ReportOptions): Promise<OverviewStats>
  listMerges(workspaceId: string, limit?: number): Promise<MergeRecord[]>
}

export interface StoreTransaction {
  /**
   * Every identity of the workspace as `kind:value` → customer id (for identity resolution). Email
   * and phone values are in their stored, blind-indexed form: look them up with `identityKeys`.
   */
  identityIndex(workspaceId: string): Promise<Map<string, string>>
  /** Maps a (normalised) identity value to the form `identityIndex`, `moveIdentities` and merges use. */
  identityKeys(workspaceId: string): Promise<(kind: string, value: string) => string>
  getCustomers(workspaceId: string, customerIds: readonly string[]): Promise<CustomerRecord[]>
  /** Inserts the records, replacing any stored profile with the same id. */
  upsertCustomers(workspaceId: string, records: readonly CustomerRecord[]): Promise<void>
  deleteCustomers(workspaceId: string, customerIds: readonly string[]): Promise<void>
  /** Values are given in the clear; email and phone are stored as a blind index with the original sealed. */
  insertIdentities(workspaceId: string, rows: readonly IdentityRecord[]): Promise<void>
  /** Points identities at another profile (merge, or its undo). */
  moveIdentities(
    workspaceId: string,
    keys: readonly { kind: string; value: string }[],
    customerId: string,
    mergeId: string | null,
  ): Promise<void>
  /** Re-points orders, lines, events, consents and feedback from one profile to another. */
  reassignActivity(workspaceId: string, fromCustomerId: string, toCustomerId: string, onlySourceIds?: readonly string[]): Promise<void>
  insertMerges(workspaceId: string, rows: readonly MergeRow[]): Promise<void>
  getMerge(workspaceId: string, mergeId: string): Promise<MergeRow | null>
  markMergeUndone(workspaceId: string, mergeId: string, at: Date): Promise<void>

  /**
   * Bulk-loads records through a staging area; `finishStaged` de-duplicates them on their natural
   * key (within the batch and against what is stored), inserts the new ones, and reports counts.
   */
  stage<K extends StagedTable>(workspaceId: string, table: K, rows: readonly StagedRecords[K][]): Promise<void>
  finishStaged(workspaceId: string, table: StagedTable): Promise<StagedResult>
  recordImportRun(workspaceId: string, run: ImportRunRecord): Promise<void>
}
