import { createHash, randomUUID } from 'node:crypto'
import type { CustomerRecord, IdentityRecord, MergeRow, StoreTransaction } from '@portrait/store'

/**
 * Identity resolution for imported customer rows.
 *
 * A row is keyed by its source id (`customer_id`), its normalised email and its normalised phone.
 * - No key known: a new profile.
 * - Its `customer_id` is known: an update of that profile (a duplicate when nothing changes).
 * - Only its email or phone is known: the row is another source's record of the same person; it is
 *   merged into that profile, its id kept as an identity, and the merge recorded (undoable).
 * - Its keys point at two or more profiles: they are one person; the later profiles are merged into
 *   the earliest, with their identities and activity.
 */
export interface CustomerRow {
  readonly line: number
  readonly record: CustomerRecord
}

export interface ResolveStats {
  imported: number
  duplicates: number
  merged: number
}

/**
 * An identity key: `value` in the form the store indexes it (emails and phones as their keyed blind
 * index, never in the clear), `clear` as the row gave it (what the store seals for display).
 */
type Key = { kind: 'customer_id' | 'email' | 'phone'; value: string; clear: string }
const keyString = (k: { kind: string; value: string }): string => `${k.kind}:${k.value}`
type IdentityKeyFn = (kind: string, value: string) => string

function keysOf(r: CustomerRecord, key: IdentityKeyFn): Key[] {
  const keys: Key[] = []
  if (r.customer_id) keys.push({ kind: 'customer_id', value: r.customer_id, clear: r.customer_id })
  if (r.email) keys.push({ kind: 'email', value: key('email', r.email), clear: r.email })
  if (r.phone) keys.push({ kind: 'phone', value: key('phone', r.phone), clear: r.phone })
  return keys
}

/**
 * A stable id for a profile first seen without a source id, so re-imports find it again. It hashes
 * the indexed keys, so an id never derives from an email or phone without the workspace's key.
 */
export const generatedCustomerId = (keys: readonly Key[]): string =>
  `p-${createHash('sha1').update(keys.map(keyString).join('|')).digest('hex').slice(0, 12)}`

const DATA_FIELDS = [
  'name',
  'email',
  'phone',
  'gender',
  'birth_date',
  'age',
  'age_band',
  'income',
  'education',
  'occupation',
  'city',
  'city_tier',
  'province',
  'country',
  'family_status',
] as const

/** Overlays a row on a profile: a value the row has replaces the stored one; empty cells change nothing. */
function overlay(target: CustomerRecord, row: CustomerRecord, now: Date): boolean {
  let changed = false
  const t = target as unknown as Record<string, unknown>
  for (const f of DATA_FIELDS) {
    const value = row[f]
    if (value !== null && value !== t[f]) {
      t[f] = value
      changed = true
    }
  }
  for (const [k, value] of Object.entries(row.traits)) {
    if (JSON.stringify(target.traits[k]) !== JSON.stringify(value)) {
      target.traits[k] = value
      changed = true
    }
  }
  for (const s of row.sources) {
    if (!target.sources.includes(s)) {
      target.sources.push(s)
      changed = true
    }
  }
  if (changed) target.updated_at = now
  return changed
}

const clone = (r: CustomerRecord): CustomerRecord => ({ ...r, traits: { ...r.traits }, sources: [...r.sources] })

export async function resolveCustomers(
  tx: StoreTransaction,
  workspaceId: string,
  rows: readonly CustomerRow[],
  options: { source: string | null; now: Date },
): Promise<ResolveStats> {
  const { now, source } = options
  const index = await tx.identityIndex(workspaceId)
  const identityKey = await tx.identityKeys(workspaceId)
  // Prefetch every stored profile a row may touch, in one query.
  const touched = new Set<string>()
  for (const { record } of rows)
    for (const k of keysOf(record, identityKey)) {
      const id = index.get(keyString(k))
      if (id) touched.add(id)
    }
  const profiles = new Map<string, CustomerRecord>()
  for (const p of await tx.getCustomers(workspaceId, [...touched])) profiles.set(p.customer_id, p)

  const dirty = new Set<string>()
  const removed = new Set<string>()
  const newIdentities = new Map<string, IdentityRecord>()
  const merges: MergeRow[] = []
  const moves: { keys: { kind: string; value: string }[]; to: string; mergeId: string }[] = []
  const activityMoves: { from: string; to: string }[] = []
  const stats: ResolveStats = { imported: 0, duplicates: 0, merged: 0 }
  // Reverse index, built on first need (profile-to-profile merges are rare).
  let byCustomer = null as Map<string, Key[]> | null
  const identitiesOf = (customerId: string): Key[] => {
    if (!byCustomer) {
      byCustomer = new Map()
      for (const [k, id] of index) {
        const i = k.indexOf(':')
        const list = byCustomer.get(id) ?? []
        list.push({ kind: k.slice(0, i) as Key['kind'], value: k.slice(i + 1), clear: k.slice(i + 1) })
        byCustomer.set(id, list)
      }
    }
    return byCustomer.get(customerId) ?? []
  }
  const addIdentity = (k: Key, customerId: string, mergeId: string | null): void => {
    index.set(keyString(k), customerId)
    byCustomer?.set(customerId, [...(byCustomer.get(customerId) ?? []), k])
    newIdentities.set(keyString(k), {
      kind: k.kind,
      value: k.clear,
      customer_id: customerId,
      source,
      merge_id: mergeId,
      first_seen_at: now,
    })
  }

  for (const { record } of rows) {
    const keys = keysOf(record, identityKey)
    const matches: { id: string; on: Key['kind'] }[] = []
    for (const k of keys) {
      const id = index.get(keyString(k))
      if (id && !matches.some((m) => m.id === id)) matches.push({ id, on: k.kind })
    }

    if (matches.length === 0) {
      const id = record.customer_id || generatedCustomerId(keys)
      const profile = clone({ ...record, customer_id: id })
      profiles.set(id, profile)
      dirty.add(id)
      removed.delete(id)
      if (!record.customer_id) keys.unshift({ kind: 'customer_id', value: id, clear: id })
      for (const k of keys) addIdentity(k, id, null)
      stats.imported++
      continue
    }

    // Keep the earliest profile; any other matched profile is the same person and merges into it.
    const existing = matches
      .map((m) => ({ ...m, profile: profiles.get(m.id) }))
      .filter((m): m is typeof m & { profile: CustomerRecord } => !!m.profile)
    if (existing.length === 0) throw new Error(`identity index points at missing profiles ${matches.map((m) => m.id).join(', ')}`)
    existing.sort((a, b) => a.profile.created_at.getTime() - b.profile.created_at.getTime() || matches.indexOf(a) - matches.indexOf(b))
    const kept = existing[0]
    if (!kept) continue
    const keptId = kept.id
    let rowMerged = false

    for (const other of existing.slice(1)) {
      const mergeId = randomUUID()
      const keysMoved = identitiesOf(other.id)
      merges.push({
        merge_id: mergeId,
        kept_customer_id: keptId,
        merged_customer_id: other.id,
        matched_on: other.on,
        reason: `same ${other.on} as ${keptId}`,
        source,
        kept_before: clone(kept.profile),
        merged_profile: clone(other.profile),
        moved_identities: keysMoved.map((k) => ({ kind: k.kind, value: k.value })),
        merged_at: now,
        undone_at: null,
      })
      for (const k of keysMoved) {
        index.set(keyString(k), keptId)
        const pending = newIdentities.get(keyString(k))
        if (pending) pending.customer_id = keptId
      }
      byCustomer?.set(keptId, [...(byCustomer.get(keptId) ?? []), ...keysMoved])
      byCustomer?.delete(other.id)
      moves.push({ keys: keysMoved, to: keptId, mergeId })
      activityMoves.push({ from: other.id, to: keptId })
      overlayMissing(kept.profile, other.profile)
      profiles.delete(other.id)
      dirty.delete(other.id)
      removed.add(other.id)
      rowMerged = true
    }

    const matchedById = matches.some((m) => m.on === 'customer_id')
    const newKeys = keys.filter((k) => !index.has(keyString(k)))
    if (!matchedById && record.customer_id) {
      // Another source's record of a known person: keep it as a merge that can be undone.
      const mergeId = randomUUID()
      merges.push({
        merge_id: mergeId,
        kept_customer_id: keptId,
        merged_customer_id: record.customer_id,
        matched_on: kept.on,
        reason: `same ${kept.on} as ${keptId}`,
        source,
        kept_before: clone(kept.profile),
        merged_profile: clone(record),
        moved_identities: newKeys.map((k) => ({ kind: k.kind, value: k.value })),
        merged_at: now,
        undone_at: null,
      })
      for (const k of newKeys) addIdentity(k, keptId, mergeId)
      overlay(kept.profile, record, now)
      dirty.add(keptId)
      stats.merged++
      continue
    }
    for (const k of newKeys) addIdentity(k, keptId, null)
    const changed = overlay(kept.profile, { ...record, customer_id: keptId }, now)
    if (changed || newKeys.length > 0) dirty.add(keptId)
    if (rowMerged) stats.merged++
    else if (changed || newKeys.length > 0) stats.imported++
    else stats.duplicates++
  }

  await tx.deleteCustomers(workspaceId, [...removed])
  await tx.upsertCustomers(
    workspaceId,
    [...dirty].map((id) => profiles.get(id)).filter((p): p is CustomerRecord => !!p),
  )
  for (const m of moves) await tx.moveIdentities(workspaceId, m.keys, m.to, m.mergeId)
  await tx.insertIdentities(workspaceId, [...newIdentities.values()])
  for (const a of activityMoves) await tx.reassignActivity(workspaceId, a.from, a.to)
  await tx.insertMerges(workspaceId, merges)
  return stats
}

/** Fills the kept profile's empty fields from the merged one; the kept profile's values win. */
function overlayMissing(target: CustomerRecord, other: CustomerRecord): void {
  const t = target as unknown as Record<string, unknown>
  for (const f of DATA_FIELDS) if (t[f] === null && other[f] !== null) t[f] = other[f]
  for (const [k, value] of Object.entries(other.traits)) if (!(k in target.traits)) target.traits[k] = value
  for (const s of other.sources) if (!target.sources.includes(s)) target.sources.push(s)
}
