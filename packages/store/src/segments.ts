/**
 * Saved segments, their membership computed in SQL from the compiled rule, and snapshots of their
 * size and revenue over time. Rules arrive validated (`parseSegmentRule` in `@portrait/core`);
 * what only the data can tell — a referenced segment that does not exist, segments that refer to
 * each other in a cycle — comes back as an `InvalidInput` error with the rule path.
 */
import type { CustomerListQuery, CustomerListResponse, PortraitError, Result, RuleExplanation, SegmentRule } from '@portrait/core'
import type { SqlParams } from './segments/dialect.js'

export interface SegmentRecord {
  readonly segment_id: string
  readonly name: string
  readonly description: string | null
  readonly basis: string | null
  readonly rule: SegmentRule
  readonly rule_version: number
  readonly created_at: Date
  readonly updated_at: Date
}

export interface SegmentSnapshotRecord {
  readonly segment_id: string
  readonly computed_at: Date
  readonly size: number
  readonly revenue: number
}

/** When and where a rule is evaluated. */
export interface MembershipOptions {
  /** The anchor of `within: {days: N}`; default now. */
  readonly now?: Date
  /** Evaluate as of this time: behaviour after it is ignored, revenue counts orders up to it. */
  readonly asOf?: Date
  /** IANA zone of calendar days in the rule; default UTC. */
  readonly timezone?: string
  /** The saved segment the rule belongs to, so a reference back to it is caught as a cycle. */
  readonly selfId?: string
  /** Whether a member search may match names, emails and phones (see `LookupOptions`); default true. */
  readonly personalMatch?: boolean
}

/** A rule to measure, with the saved segment it belongs to (if any). */
export interface RuleToMeasure {
  readonly rule: SegmentRule
  readonly selfId?: string
}

export interface SegmentMeasure {
  readonly size: number
  /** Net revenue of the members (all their identified orders, returns netted). */
  readonly revenue: number
}

/** Values found in the data, for the rule builder's pickers. */
export interface SegmentFieldCatalogue {
  /** Most common values of text profile fields (gender, city_tier, …), by field. */
  readonly traitValues: Readonly<Record<string, readonly string[]>>
  /** Keys of the `traits` JSON with their most common values, most used keys first. */
  readonly traitKeys: readonly { key: string; numeric: boolean; values: readonly string[] }[]
  /** Most common values of text columns of orders, order lines and events, keyed `table.column`. */
  readonly behaviorValues: Readonly<Record<string, readonly string[]>>
  /** Event names (event, or type when unnamed), most frequent first. */
  readonly events: readonly string[]
  /** Score names with at least one stored value, and the values of text scores (`rfm.segment`, `stage`). */
  readonly scores: readonly string[]
  readonly scoreValues: Readonly<Record<string, readonly string[]>>
}

export interface SegmentStore {
  list(workspaceId: string): Promise<SegmentRecord[]>
  get(workspaceId: string, segmentId: string): Promise<SegmentRecord | null>
  insert(workspaceId: string, segment: SegmentRecord): Promise<void>
  update(workspaceId: string, segment: SegmentRecord): Promise<void>
  /** Deletes the segment and its snapshots. */
  delete(workspaceId: string, segmentId: string): Promise<void>

  /** Compiles the rule against the saved segments: missing references and cycles are errors. */
  check(workspaceId: string, rule: SegmentRule, options?: MembershipOptions): Promise<Result<void, PortraitError>>
  /** Size and revenue of each rule, and the number of customers, in one pass over the customers. */
  measure(
    workspaceId: string,
    rules: readonly RuleToMeasure[],
    options?: MembershipOptions,
  ): Promise<Result<{ customers: number; measures: SegmentMeasure[] }, PortraitError>>
  /** One page of members, with the same columns, search and sorting as the customer list. */
  members(
    workspaceId: string,
    rule: SegmentRule,
    query: CustomerListQuery,
    options?: MembershipOptions,
  ): Promise<Result<CustomerListResponse, PortraitError>>
  /** Every member's id, sorted. */
  memberIds(workspaceId: string, rule: SegmentRule, options?: MembershipOptions): Promise<Result<string[], PortraitError>>
  /** For each condition of the rule, whether the customer meets it and the actual value; null for an unknown customer. */
  explain(
    workspaceId: string,
    rule: SegmentRule,
    customerId: string,
    options?: MembershipOptions,
  ): Promise<Result<RuleExplanation | null, PortraitError>>

  recordSnapshots(workspaceId: string, snapshots: readonly SegmentSnapshotRecord[]): Promise<void>
  /** Snapshots of one segment, oldest first; `perDay` keeps the last of each day of `timezone`. */
  snapshots(workspaceId: string, segmentId: string, options?: { perDay?: boolean; timezone?: string }): Promise<SegmentSnapshotRecord[]>

  /**
   * The membership of a rule as SQL — `SELECT c.customer_id FROM customers c WHERE …` — with its
   * values added to `params`, so another repository can compute per-segment aggregates in SQL
   * (`WITH members AS (…) SELECT …`). The workspace id is added to `params` too.
   */
  membershipSql(
    workspaceId: string,
    rule: SegmentRule,
    params: SqlParams,
    options?: MembershipOptions,
  ): Promise<Result<string, PortraitError>>

  fieldCatalogue(workspaceId: string): Promise<SegmentFieldCatalogue>
}
