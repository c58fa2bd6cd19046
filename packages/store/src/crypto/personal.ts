/**
 * Which stored values are personal data, and how a record is sealed for storage and opened again.
 * The DuckDB engine calls these on its write and read paths, so everything above the store sees
 * plaintext records.
 */
import { PERSONAL_FIELDS, isPersonalTraitKey, type PersonalField } from '@portrait/core'
import type { CustomerRecord } from '../records.js'
import { isBlindIndex, isCiphertext, type Vault } from './vault.js'

/** Identity kinds whose values are personal: stored as a blind index, with the original sealed. */
export const PERSONAL_IDENTITY_KINDS = ['email', 'phone'] as const
export const isPersonalIdentityKind = (kind: string): boolean => (PERSONAL_IDENTITY_KINDS as readonly string[]).includes(kind)

/** The blind-index column of each personal customer column. */
export const BLIND_INDEX_COLUMNS: Readonly<Record<PersonalField, string>> = {
  name: 'name_bidx',
  email: 'email_bidx',
  phone: 'phone_bidx',
}

/** A customer row as stored: personal columns sealed, plus their blind indexes. */
export type SealedCustomer = CustomerRecord & { name_bidx: string | null; email_bidx: string | null; phone_bidx: string | null }

/** Trait values are sealed as JSON text, so a number stays a number when opened. */
function sealTraits(v: Vault, traits: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null
  for (const [k, value] of Object.entries(traits)) {
    if (value === null || value === undefined || isCiphertext(value) || !isPersonalTraitKey(k)) continue
    out ??= { ...traits }
    out[k] = v.encrypt(`traits.${k}`, JSON.stringify(value))
  }
  return out ?? traits
}

function openTraits(v: Vault, traits: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | null = null
  for (const [k, value] of Object.entries(traits)) {
    if (!isCiphertext(value)) continue
    out ??= { ...traits }
    out[k] = JSON.parse(v.decrypt(`traits.${k}`, value)) as unknown
  }
  return out ?? traits
}

/** A profile ready to store: name, email, phone and personal traits encrypted; blind indexes added. */
export function sealCustomer(v: Vault, r: CustomerRecord): SealedCustomer {
  const out = { ...r, traits: sealTraits(v, r.traits) } as SealedCustomer
  for (const f of PERSONAL_FIELDS) {
    const value = r[f]
    if (value === null || value === '') {
      out[BLIND_INDEX_COLUMNS[f] as 'name_bidx'] = null
      continue
    }
    const plain = v.decrypt(f, value)
    out[f] = v.encrypt(f, plain)
    out[BLIND_INDEX_COLUMNS[f] as 'name_bidx'] = v.blind(f, plain)
  }
  return out
}

/** A stored profile in the clear. */
export function openCustomer<T extends CustomerRecord>(v: Vault, r: T): T {
  const out = { ...r, traits: openTraits(v, r.traits) }
  for (const f of PERSONAL_FIELDS) {
    const value = r[f]
    if (typeof value === 'string') out[f] = v.decrypt(f, value)
  }
  return out
}

/** Decrypts the personal columns of a row read with plain SQL (a list page, a segment member). */
export function openColumns(v: Vault, row: Record<string, unknown>, columns: readonly string[] = PERSONAL_FIELDS): void {
  for (const c of columns) {
    const value = row[c]
    if (typeof value === 'string') row[c] = v.decrypt(c, value)
  }
}

/** Keys of event payloads sealed at rest: personal trait keys anywhere, names inside `traits`. */
const isPersonalPayloadKey = (key: string, inTraits: boolean): boolean =>
  isPersonalTraitKey(key) ||
  ((PERSONAL_FIELDS as readonly string[]).includes(key.toLowerCase()) && (inTraits || key.toLowerCase() !== 'name'))

const MAX_DEPTH = 8

/**
 * Seals (or, with `open`, opens) the personal values of an event payload (properties, context):
 * `traits.email`, `context.traits.phone`, `properties.address`, … Other values stay readable for
 * the event rules. Returns the same object when nothing is personal.
 */
export function transformPayload(
  v: Vault,
  payload: Record<string, unknown> | null,
  mode: 'seal' | 'open',
  path = 'event',
  inTraits = false,
  depth = 0,
): Record<string, unknown> | null {
  if (payload === null || depth > MAX_DEPTH) return payload
  let out: Record<string, unknown> | null = null
  for (const [k, value] of Object.entries(payload)) {
    let next: unknown = value
    const field = `${path}.${k}`
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      next = transformPayload(v, value as Record<string, unknown>, mode, field, inTraits || k === 'traits', depth + 1)
    } else if (mode === 'open' && isCiphertext(value)) {
      next = JSON.parse(v.decrypt(field, value)) as unknown
    } else if (mode === 'seal' && value !== null && !isCiphertext(value) && !isBlindIndex(value) && isPersonalPayloadKey(k, inTraits)) {
      next = v.encrypt(field, JSON.stringify(value))
    }
    if (next !== value) {
      out ??= { ...payload }
      out[k] = next
    }
  }
  return out ?? payload
}

/** Whether an event's user id is an email (as the tracking libraries allow): it is stored blinded. */
export const isEmailLike = (s: string): boolean => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim())
