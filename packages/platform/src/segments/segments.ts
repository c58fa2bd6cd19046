/**
 * Segment management: saved rules with their current size and revenue, members, CSV export,
 * snapshots over time, live counts of unsaved rules and explanations of one customer's
 * membership. Membership is always computed in SQL by the store from the compiled rule.
 */
import { randomBytes } from 'node:crypto'
import {
  CustomerListItem,
  CustomerListQuery,
  SEGMENT_BASES,
  err,
  ok,
  parseSegmentRuleDocument,
  portraitError,
  personalFieldsInRule,
  segmentReferences,
  type CustomerListResponse,
  type PortraitError,
  type Result,
  type Segment,
  type SegmentBasis,
  type SegmentCount,
  type SegmentExplainResponse,
  type SegmentListResponse,
  type SegmentRule,
  type SegmentSnapshot,
} from '@portrait/core'
import type { MembershipOptions, SegmentRecord, SegmentSnapshotRecord } from '@portrait/store'
import type { Portrait } from '../portrait.js'
import { csvLine } from '../util/csv.js'
import { slugOf } from '../util/slug.js'
import { recordAudit } from '../privacy/audit.js'
import { consentAllows } from '../privacy/privacy.js'

export interface SegmentInput {
  readonly id?: string
  readonly name: string
  readonly description?: string | null
  readonly basis?: SegmentBasis | null
  /** A rule or a versioned rule document, as the user gave it: validated here. */
  readonly rule: unknown
}

export interface SegmentPatch {
  readonly name?: string
  readonly description?: string | null
  readonly basis?: SegmentBasis | null
  readonly rule?: unknown
}

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/
/** How many snapshots the list shows per segment (one per day). */
const TREND_POINTS = 60

const membership = (p: Portrait, extra: Partial<MembershipOptions> = {}): MembershipOptions => ({
  now: new Date(),
  timezone: p.timezone,
  ...extra,
})

const notFound = (id: string): PortraitError => portraitError('NotFound', `no segment '${id}'`)

const share = (size: number, customers: number): number => (customers > 0 ? size / customers : 0)

function snapshotView(s: SegmentSnapshotRecord): SegmentSnapshot {
  return { computed_at: s.computed_at.toISOString(), size: s.size, revenue: s.revenue }
}

function view(
  s: SegmentRecord,
  m: { size: number; revenue: number },
  customers: number,
  computedAt: Date,
  names: ReadonlyMap<string, string>,
): Segment {
  return {
    id: s.segment_id,
    name: s.name,
    description: s.description,
    basis: (SEGMENT_BASES as readonly string[]).includes(s.basis ?? '') ? (s.basis as SegmentBasis) : null,
    rule: s.rule,
    rule_version: s.rule_version,
    created_at: s.created_at.toISOString(),
    updated_at: s.updated_at.toISOString(),
    size: m.size,
    revenue: m.revenue,
    share: share(m.size, customers),
    customers,
    computed_at: computedAt.toISOString(),
    references: segmentReferences(s.rule).map((id) => ({ id, name: names.get(id) ?? id })),
  }
}

/** Validates a rule as the user wrote it, then against the saved segments (references, cycles). */
async function checkedRule(p: Portrait, input: unknown, selfId?: string): Promise<Result<SegmentRule, PortraitError>> {
  const doc = parseSegmentRuleDocument(input)
  if (!doc.ok) return doc
  const checked = await p.store.segments.check(p.workspaceId, doc.value.rule, membership(p, selfId ? { selfId } : {}))
  return checked.ok ? ok(doc.value.rule) : checked
}

/** A readable id from an ASCII name ("Tier 1 buyers" → `tier-1-buyers`), else a random one. */
async function newId(p: Portrait, name: string): Promise<string> {
  const base = slugOf(name) ?? `seg-${randomBytes(4).toString('hex')}`
  for (let i = 1; ; i++) {
    const id = i === 1 ? base : `${base}-${i}`
    if (!(await p.store.segments.get(p.workspaceId, id))) return id
  }
}

/**
 * Computes the segments' size and revenue now (or as of a past time) and stores a snapshot of
 * each: growth over time is read from these.
 */
async function computeAndRecord(
  p: Portrait,
  segments: readonly SegmentRecord[],
  options: { asOf?: Date } = {},
): Promise<Result<{ customers: number; segments: Segment[] }, PortraitError>> {
  const computedAt = options.asOf ?? new Date()
  const m = await p.store.segments.measure(
    p.workspaceId,
    segments.map((s) => ({ rule: s.rule, selfId: s.segment_id })),
    membership(p, { now: computedAt, ...(options.asOf ? { asOf: options.asOf } : {}) }),
  )
  if (!m.ok) return m
  const names = new Map((await p.store.segments.list(p.workspaceId)).map((x) => [x.segment_id, x.name]))
  await p.store.segments.recordSnapshots(
    p.workspaceId,
    segments.map((s, i) => ({ segment_id: s.segment_id, computed_at: computedAt, ...(m.value.measures[i] ?? { size: 0, revenue: 0 }) })),
  )
  return ok({
    customers: m.value.customers,
    segments: segments.map((s, i) => view(s, m.value.measures[i] ?? { size: 0, revenue: 0 }, m.value.customers, computedAt, names)),
  })
}

async function computeOne(p: Portrait, s: SegmentRecord): Promise<Result<Segment, PortraitError>> {
  const r = await computeAndRecord(p, [s])
  return r.ok ? ok(r.value.segments[0] as Segment) : r
}

async function load(p: Portrait, id: string): Promise<Result<SegmentRecord, PortraitError>> {
  const s = await p.store.segments.get(p.workspaceId, id)
  return s ? ok(s) : err(notFound(id))
}

async function nameTaken(p: Portrait, name: string, exceptId?: string): Promise<boolean> {
  const all = await p.store.segments.list(p.workspaceId)
  return all.some((s) => s.name === name && s.segment_id !== exceptId)
}

export async function createSegment(p: Portrait, input: SegmentInput): Promise<Result<Segment, PortraitError>> {
  const name = input.name.trim()
  if (!name) return err(portraitError('InvalidInput', 'name: a segment needs a name'))
  if (name.length > 200) return err(portraitError('InvalidInput', 'name: at most 200 characters'))
  if (input.basis && !(SEGMENT_BASES as readonly string[]).includes(input.basis))
    return err(portraitError('InvalidInput', `basis: unknown basis '${input.basis}' (known: ${SEGMENT_BASES.join(', ')})`))
  if (input.id !== undefined && !ID_PATTERN.test(input.id))
    return err(portraitError('InvalidInput', `id: '${input.id}' is not a segment id (1–63 lower-case letters, digits, - or _)`))
  if (input.id !== undefined && (await p.store.segments.get(p.workspaceId, input.id)))
    return err(portraitError('Conflict', `a segment with id '${input.id}' exists already`))
  if (await nameTaken(p, name)) return err(portraitError('Conflict', `a segment named '${name}' exists already`))
  const rule = await checkedRule(p, input.rule, input.id)
  if (!rule.ok) return rule
  const now = new Date()
  const record: SegmentRecord = {
    segment_id: input.id ?? (await newId(p, name)),
    name,
    description: input.description?.trim() || null,
    basis: input.basis ?? null,
    rule: rule.value,
    rule_version: 1,
    created_at: now,
    updated_at: now,
  }
  await p.store.segments.insert(p.workspaceId, record)
  return computeOne(p, record)
}

export async function updateSegment(p: Portrait, id: string, patch: SegmentPatch): Promise<Result<Segment, PortraitError>> {
  const current = await load(p, id)
  if (!current.ok) return current
  const name = patch.name?.trim()
  if (patch.name !== undefined && !name) return err(portraitError('InvalidInput', 'name: a segment needs a name'))
  if (name && name.length > 200) return err(portraitError('InvalidInput', 'name: at most 200 characters'))
  if (name && (await nameTaken(p, name, id))) return err(portraitError('Conflict', `a segment named '${name}' exists already`))
  if (patch.basis && !(SEGMENT_BASES as readonly string[]).includes(patch.basis))
    return err(portraitError('InvalidInput', `basis: unknown basis '${patch.basis}' (known: ${SEGMENT_BASES.join(', ')})`))
  let rule = current.value.rule
  if (patch.rule !== undefined) {
    const r = await checkedRule(p, patch.rule, id)
    if (!r.ok) return r
    rule = r.value
  }
  const record: SegmentRecord = {
    ...current.value,
    name: name ?? current.value.name,
    description: patch.description === undefined ? current.value.description : patch.description?.trim() || null,
    basis: patch.basis === undefined ? current.value.basis : patch.basis,
    rule,
    updated_at: new Date(),
  }
  await p.store.segments.update(p.workspaceId, record)
  return computeOne(p, record)
}

/** Deletes a segment and its snapshots; refused while another segment's rule uses it. */
export async function deleteSegment(p: Portrait, id: string): Promise<Result<{ deleted: string }, PortraitError>> {
  const current = await load(p, id)
  if (!current.ok) return current
  const users = (await p.store.segments.list(p.workspaceId)).filter((s) => s.segment_id !== id && segmentReferences(s.rule).includes(id))
  if (users.length > 0)
    return err(
      portraitError(
        'Conflict',
        `segment '${id}' is used by ${users.map((u) => `'${u.segment_id}' (${u.name})`).join(', ')}: change or delete ${users.length > 1 ? 'those' : 'that'} first`,
        { usedBy: users.map((u) => u.segment_id) },
      ),
    )
  await p.store.segments.delete(p.workspaceId, id)
  return ok({ deleted: id })
}

/** Every segment with its size, share and revenue now, and its trend (the last snapshot of each day). */
export async function listSegments(p: Portrait): Promise<Result<SegmentListResponse, PortraitError>> {
  const saved = await p.store.segments.list(p.workspaceId)
  const r = await computeAndRecord(p, saved)
  if (!r.ok) return r
  const items = await Promise.all(
    r.value.segments.map(async (s) => {
      const trend = await p.store.segments.snapshots(p.workspaceId, s.id, { perDay: true, timezone: p.timezone })
      return { ...s, trend: trend.slice(-TREND_POINTS).map(snapshotView) }
    }),
  )
  return ok({ customers: r.value.customers, items })
}

export async function getSegment(p: Portrait, id: string): Promise<Result<Segment, PortraitError>> {
  const s = await load(p, id)
  return s.ok ? computeOne(p, s.value) : s
}

/** One page of members, with the columns, search and sorting of the customer list. */
export async function segmentMembers(
  p: Portrait,
  id: string,
  query: Partial<CustomerListQuery> = {},
): Promise<Result<CustomerListResponse, PortraitError>> {
  const s = await load(p, id)
  if (!s.ok) return s
  const q = CustomerListQuery.safeParse(query)
  if (!q.success) return err(portraitError('InvalidInput', q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')))
  return p.store.segments.members(p.workspaceId, s.value.rule, q.data, { ...membership(p, { selfId: id }), personalMatch: p.personalMatch })
}

/** The ids of a saved segment's members, sorted: the audience other features work on. */
export async function segmentMemberIds(p: Portrait, segmentId: string): Promise<Result<string[], PortraitError>> {
  const s = await load(p, segmentId)
  if (!s.ok) return s
  return p.store.segments.memberIds(p.workspaceId, s.value.rule, membership(p, { selfId: segmentId }))
}

/**
 * Size, revenue and share of a rule that is not saved (the rule builder's live count); with the id
 * of the segment being edited, a rule that refers back to it is refused as a cycle.
 */
export async function countRule(
  p: Portrait,
  input: unknown,
  options: { segmentId?: string } = {},
): Promise<Result<SegmentCount, PortraitError>> {
  if (!p.personalMatch) {
    const personal = personalFieldsInRule(input)
    if (personal.length > 0)
      return err(portraitError('Forbidden', `testing ${personal.join(', ')} needs access to personal data (the permission pii.read)`))
  }
  const rule = await checkedRule(p, input, options.segmentId)
  if (!rule.ok) return rule
  const m = await p.store.segments.measure(p.workspaceId, [{ rule: rule.value }], membership(p))
  if (!m.ok) return m
  const first = m.value.measures[0] ?? { size: 0, revenue: 0 }
  return ok({ ...first, share: share(first.size, m.value.customers), customers: m.value.customers })
}

const CSV_COLUMNS = Object.keys(CustomerListItem.shape) as (keyof CustomerListItem)[]
const EXPORT_PAGE = 5000

/** What an audience export did with consent: who was left out, whose contact fields were withheld. */
export interface SegmentExport {
  readonly csv: string
  /** Members written. */
  readonly rows: number
  /** The purpose the audience is for, if one was named: only members who granted it are written. */
  readonly purpose: string | null
  /** Members left out for want of consent to `purpose`. */
  readonly excluded: number
  /** Written members whose e-mail (no `email` consent) or phone (no `sms` consent) was left empty. */
  readonly withheld: { readonly email: number; readonly phone: number }
}

/** The consent purposes an audience can be exported for. */
export const EXPORT_PURPOSES = ['email', 'sms', 'ads', 'analytics', 'profiling'] as const

/**
 * The member list as CSV, with the customer list's columns; every cell is CSV-injection safe (a
 * cell a spreadsheet would run as a formula is prefixed with an apostrophe).
 *
 * Consent is enforced: an e-mail address is written only for members whose latest `email`
 * consent is granted, a phone number only with `sms` consent; with a `purpose`, only members who
 * granted that purpose are written at all. Consent is opt-in: no record means no.
 */
export async function exportSegmentMembers(
  p: Portrait,
  id: string,
  options: { purpose?: string } = {},
): Promise<Result<SegmentExport, PortraitError>> {
  const purpose = options.purpose?.trim().toLowerCase() || null
  if (purpose !== null && !(EXPORT_PURPOSES as readonly string[]).includes(purpose))
    return err(portraitError('InvalidInput', `purpose: '${options.purpose}' is not a consent purpose (${EXPORT_PURPOSES.join(', ')})`))
  const s = await load(p, id)
  if (!s.ok) return s
  const lines = [csvLine(CSV_COLUMNS)]
  let rows = 0
  let excluded = 0
  const withheld = { email: 0, phone: 0 }
  for (let offset = 0; ; offset += EXPORT_PAGE) {
    const page = await p.store.segments.members(
      p.workspaceId,
      s.value.rule,
      { limit: EXPORT_PAGE, offset, sort: 'customer_id', order: 'asc' },
      membership(p, { selfId: id }),
    )
    if (!page.ok) return page
    const ids = page.value.items.map((m) => m.customer_id)
    const [emailOk, smsOk, purposeOk] = await Promise.all([
      consentAllows(p, ids, 'email'),
      consentAllows(p, ids, 'sms'),
      purpose ? consentAllows(p, ids, purpose) : Promise.resolve(null),
    ])
    for (const item of page.value.items) {
      if (purposeOk && !purposeOk.has(item.customer_id)) {
        excluded++
        continue
      }
      const row: CustomerListItem = { ...item }
      if (row.email !== null && !emailOk.has(item.customer_id)) {
        row.email = null
        withheld.email++
      }
      if (row.phone !== null && !smsOk.has(item.customer_id)) {
        row.phone = null
        withheld.phone++
      }
      lines.push(csvLine(CSV_COLUMNS.map((c) => row[c])))
      rows++
    }
    if (page.value.items.length < EXPORT_PAGE) break
  }
  await recordAudit(p, { action: 'segment.export', target: id, details: { rows, purpose, excluded, withheld } })
  return ok({ csv: lines.join(''), rows, purpose, excluded, withheld })
}

/** Every stored snapshot of a segment, oldest first. */
export async function segmentSnapshots(p: Portrait, id: string): Promise<Result<SegmentSnapshot[], PortraitError>> {
  const s = await load(p, id)
  if (!s.ok) return s
  return ok((await p.store.segments.snapshots(p.workspaceId, id)).map(snapshotView))
}

/**
 * Computes saved segments as of past times and stores those snapshots: behaviour after each time is
 * ignored (profile fields are today's), so growth can be seen without waiting for it.
 */
export async function recordSegmentHistory(
  p: Portrait,
  ids: readonly string[],
  asOf: readonly Date[],
): Promise<Result<number, PortraitError>> {
  const saved = (await p.store.segments.list(p.workspaceId)).filter((s) => ids.includes(s.segment_id))
  for (const t of asOf) {
    const r = await computeAndRecord(p, saved, { asOf: t })
    if (!r.ok) return r
  }
  return ok(saved.length * asOf.length)
}

/** For each condition of the segment's rule: whether the customer meets it, and the actual value. */
export async function explainSegment(p: Portrait, id: string, customer: string): Promise<Result<SegmentExplainResponse, PortraitError>> {
  const s = await load(p, id)
  if (!s.ok) return s
  const customerId = await p.store.resolveCustomer(p.workspaceId, customer, { personalMatch: p.personalMatch })
  if (!customerId) return err(portraitError('NotFound', `no customer with id or identity '${customer}'`))
  const e = await p.store.segments.explain(p.workspaceId, s.value.rule, customerId, membership(p, { selfId: id }))
  if (!e.ok) return e
  if (!e.value) return err(portraitError('NotFound', `no customer ${customerId}`))
  return ok({ segment_id: id, customer_id: customerId, member: e.value.met, explanation: e.value })
}
