import type { DuckDBConnection } from '@duckdb/node-api'
import { PERSONAL_FIELDS, isPersonalTraitKey } from '@portrait/core'
import type { EncryptedCounts, EncryptionStatus, EncryptionStore, RotationOptions, RotationResult } from '../encryption.js'
import type { CustomerRecord } from '../records.js'
import {
  BLIND_INDEX_COLUMNS,
  PERSONAL_IDENTITY_KINDS,
  isEmailLike,
  isPersonalIdentityKind,
  openCustomer,
  sealCustomer,
  transformPayload,
} from '../crypto/personal.js'
import {
  BLIND_INDEX_PREFIX,
  CIPHERTEXT_PREFIX,
  EncryptionKeyError,
  Vault,
  ciphertextKeyId,
  isBlindIndex,
  isCiphertext,
  newWorkspaceKeys,
  unwrapKeys,
  wrapKeys,
  type MasterKey,
  type WorkspaceKeys,
  type WrappedKeys,
} from '../crypto/vault.js'
import { all, run, type DuckDbSql } from './duckdb-sql.js'
import { utcTimestamp } from './duckdb-audit.js'
import { isoOrNull, num, parseJson } from './duckdb-values.js'

function wrappedFromRow(r: Record<string, unknown>): WrappedKeys {
  return {
    workspaceId: String(r.workspace_id),
    keyId: String(r.key_id),
    dataKey: String(r.data_key),
    indexKey: String(r.index_key),
    masterCheck: String(r.master_check),
    createdAt: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
  }
}

async function insertWrapped(conn: DuckDBConnection, w: WrappedKeys): Promise<void> {
  await run(conn, 'INSERT INTO encryption_keys VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP)', [
    w.workspaceId,
    w.keyId,
    w.dataKey,
    w.indexKey,
    w.masterCheck,
    utcTimestamp(w.createdAt),
  ])
}

/**
 * The per-workspace vaults of one database, unwrapped once and kept in memory. A workspace gets
 * its keys the first time anything of it is encrypted.
 */
export class DuckDbVaults {
  private readonly cache = new Map<string, Promise<Vault>>()

  constructor(
    private readonly sql: DuckDbSql,
    private master: MasterKey,
  ) {}

  get masterKey(): MasterKey {
    return this.master
  }

  /** The workspace's vault, its keys created (and committed on their own) if it has none yet. */
  vault(workspaceId: string): Promise<Vault> {
    let v = this.cache.get(workspaceId)
    if (!v) {
      v = this.loadOrCreate(workspaceId)
      this.cache.set(workspaceId, v)
      v.catch(() => this.cache.delete(workspaceId))
    }
    return v
  }

  private async loadOrCreate(workspaceId: string): Promise<Vault> {
    return this.sql.withConnection(async (conn) => {
      const rows = await all(conn, 'SELECT * FROM encryption_keys WHERE workspace_id = $1 ORDER BY created_at DESC, key_id', [workspaceId])
      if (rows.length > 0) {
        const keys = rows.map((r) => unwrapKeys(this.master, wrappedFromRow(r)))
        return new Vault(workspaceId, keys[0] as WorkspaceKeys, keys.slice(1))
      }
      const keys = newWorkspaceKeys()
      await insertWrapped(conn, wrapKeys(this.master.key, workspaceId, keys))
      return new Vault(workspaceId, keys)
    })
  }

  /** After a rotation: the workspace's vault is the new one; with a new master key, it is in force. */
  replace(workspaceId: string, vault: Vault, master?: MasterKey): void {
    if (master) {
      this.master = master
      this.cache.clear()
    }
    this.cache.set(workspaceId, Promise.resolve(vault))
  }
}

const TEMP = (name: string): string => `temp."${name}"`

/**
 * Writes changed values back in bulk: the rows go to a temporary table through the appender and
 * one UPDATE … FROM applies them (row-by-row updates are slow on a column store).
 */
async function bulkUpdate(
  conn: DuckDBConnection,
  workspaceId: string,
  table: string,
  keys: readonly string[],
  sets: readonly { name: string; json?: boolean }[],
  rows: readonly (string | null)[][],
): Promise<void> {
  if (rows.length === 0) return
  const name = `reseal_${table}`
  const cols = [...keys.map((k) => `k_${k}`), ...sets.map((s) => `v_${s.name}`)]
  await run(conn, `CREATE OR REPLACE TEMP TABLE "${name}" (${cols.map((c) => `"${c}" VARCHAR`).join(', ')})`)
  const appender = await conn.createAppender(name, 'main', 'temp')
  try {
    for (const row of rows) {
      for (const v of row) {
        if (v === null) appender.appendNull()
        else appender.appendVarchar(v)
      }
      appender.endRow()
    }
    appender.flushSync()
  } finally {
    appender.closeSync()
  }
  const set = sets.map((s) => `"${s.name}" = ${s.json ? `CAST(s."v_${s.name}" AS JSON)` : `s."v_${s.name}"`}`).join(', ')
  const match = keys.map((k) => `t."${k}" = s."k_${k}"`).join(' AND ')
  await run(conn, `UPDATE "${table}" AS t SET ${set} FROM ${TEMP(name)} AS s WHERE t.workspace_id = $1 AND ${match}`, [workspaceId])
  await run(conn, `DROP TABLE IF EXISTS ${TEMP(name)}`)
}

/** Whether a stored value of a personal field needs (re-)encryption under the vault's current key. */
const stale = (v: Vault, value: unknown): boolean =>
  value !== null && value !== undefined && value !== '' && (!isCiphertext(value) || ciphertextKeyId(value) !== v.keyId)

/** A profile snapshot (merge history) needs sealing when any personal value is not under the current key. */
function snapshotIsStale(v: Vault, snap: Record<string, unknown>): boolean {
  if (PERSONAL_FIELDS.some((f) => stale(v, snap[f]))) return true
  const traits = snap.traits
  if (traits && typeof traits === 'object')
    return Object.entries(traits as Record<string, unknown>).some(([k, value]) => isPersonalTraitKey(k) && stale(v, value))
  return false
}

/** A snapshot as stored: the profile sealed, without the blind-index columns. */
export function sealSnapshot(v: Vault, r: CustomerRecord): Record<string, unknown> {
  const sealed: Record<string, unknown> = { ...sealCustomer(v, r) }
  for (const c of Object.values(BLIND_INDEX_COLUMNS)) delete sealed[c]
  return sealed
}

/** Snapshot JSON keeps instants as ISO text; this revives them for `openCustomer`. */
function snapshotRecord(o: Record<string, unknown>): CustomerRecord {
  return { ...(o as unknown as CustomerRecord), traits: (o.traits as Record<string, unknown>) ?? {} }
}

export interface ResealCounts {
  customers: number
  identities: number
  merges: number
  events: number
}

/**
 * Brings every personal value of a workspace under the vault's current keys: values in the clear
 * are encrypted, values under older keys re-encrypted, blind indexes recomputed. Rows already
 * current are left alone, so the same pass serves the upgrade of an old database and a rotation.
 */
export async function resealWorkspace(conn: DuckDBConnection, workspaceId: string, v: Vault, rotating: boolean): Promise<ResealCounts> {
  const w = [workspaceId]
  // -- customers ----------------------------------------------------------------------------
  const customers = await all(
    conn,
    `SELECT customer_id, name, email, phone, traits, name_bidx, email_bidx, phone_bidx FROM customers
     WHERE workspace_id = $1 AND (name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL OR traits IS NOT NULL)`,
    w,
  )
  const customerRows: (string | null)[][] = []
  for (const r of customers) {
    const traits = parseJson<Record<string, unknown>>(r.traits, {})
    let changed = false
    const out: (string | null)[] = [String(r.customer_id)]
    for (const f of PERSONAL_FIELDS) {
      const value = r[f]
      if (value === null || value === undefined || value === '') {
        out.push(value === '' ? '' : null)
        continue
      }
      const plain = v.decrypt(f, String(value))
      const sealed = stale(v, value) ? v.encrypt(f, plain) : String(value)
      if (sealed !== value) changed = true
      out.push(sealed)
    }
    const sealedTraits: Record<string, unknown> = { ...traits }
    for (const [k, value] of Object.entries(traits)) {
      if (!isPersonalTraitKey(k) || value === null || !stale(v, value)) continue
      const plain = isCiphertext(value) ? v.decrypt(`traits.${k}`, value) : JSON.stringify(value)
      sealedTraits[k] = v.encrypt(`traits.${k}`, plain)
      changed = true
    }
    out.push(JSON.stringify(sealedTraits))
    for (const f of PERSONAL_FIELDS) {
      const value = r[f]
      const bidx = value === null || value === undefined || value === '' ? null : v.blind(f, v.decrypt(f, String(value)))
      if (bidx !== (r[BLIND_INDEX_COLUMNS[f]] ?? null)) changed = true
      out.push(bidx)
    }
    if (changed) customerRows.push(out)
  }
  await bulkUpdate(
    conn,
    workspaceId,
    'customers',
    ['customer_id'],
    [
      ...PERSONAL_FIELDS.map((name) => ({ name })),
      { name: 'traits', json: true },
      ...PERSONAL_FIELDS.map((f) => ({ name: BLIND_INDEX_COLUMNS[f] })),
    ],
    customerRows,
  )

  // -- identities (and the map from old index values to new ones, for merges and events) --------
  const identities = await all(
    conn,
    'SELECT kind, value, value_enc FROM identities WHERE workspace_id = $1 AND kind IN (SELECT unnest($2::VARCHAR[]))',
    [workspaceId, [...PERSONAL_IDENTITY_KINDS]],
  )
  const renamed = new Map<string, string>()
  const identityRows: (string | null)[][] = []
  for (const r of identities) {
    const kind = String(r.kind)
    const value = String(r.value)
    const sealedBefore = r.value_enc === null || r.value_enc === undefined ? null : String(r.value_enc)
    const plain = sealedBefore !== null ? v.decrypt(`identity.${kind}`, sealedBefore) : isBlindIndex(value) ? null : value
    if (plain === null) continue
    const index = v.blind(kind, plain)
    const sealed = sealedBefore !== null && !stale(v, sealedBefore) ? sealedBefore : v.encrypt(`identity.${kind}`, plain)
    renamed.set(`${kind}:${value}`, index)
    if (index !== value || sealed !== sealedBefore) identityRows.push([kind, value, index, sealed])
  }
  await bulkUpdate(conn, workspaceId, 'identities', ['kind', 'value'], [{ name: 'value' }, { name: 'value_enc' }], identityRows)
  const reindex = (kind: string, value: string): string => {
    if (!isPersonalIdentityKind(kind)) return value
    return renamed.get(`${kind}:${value}`) ?? (isBlindIndex(value) ? value : v.blind(kind, value))
  }

  // -- merge snapshots ----------------------------------------------------------------------
  const merges = await all(
    conn,
    `SELECT merge_id, kept_before, merged_profile, moved_identities FROM merges
     WHERE workspace_id = $1 AND (kept_before IS NOT NULL OR merged_profile IS NOT NULL OR moved_identities IS NOT NULL)`,
    w,
  )
  const mergeRows: (string | null)[][] = []
  for (const r of merges) {
    let changed = false
    const snap = (raw: unknown): string | null => {
      const o = parseJson<Record<string, unknown> | null>(raw, null)
      if (!o) return raw === null || raw === undefined ? null : String(raw)
      if (!snapshotIsStale(v, o)) return JSON.stringify(o)
      changed = true
      return JSON.stringify(sealSnapshot(v, openCustomer(v, snapshotRecord(o))))
    }
    const kept = snap(r.kept_before)
    const merged = snap(r.merged_profile)
    const moved = parseJson<{ kind: string; value: string }[] | null>(r.moved_identities, null)
    const movedNext = moved?.map((k) => ({ kind: k.kind, value: reindex(k.kind, k.value) })) ?? null
    if (moved && movedNext?.some((k, i) => k.value !== moved[i]?.value)) changed = true
    if (changed) mergeRows.push([String(r.merge_id), kept, merged, movedNext ? JSON.stringify(movedNext) : null])
  }
  await bulkUpdate(
    conn,
    workspaceId,
    'merges',
    ['merge_id'],
    [
      { name: 'kept_before', json: true },
      { name: 'merged_profile', json: true },
      { name: 'moved_identities', json: true },
    ],
    mergeRows,
  )

  // -- events: sealed payload values and user ids that are emails ---------------------------------
  const events = await all(
    conn,
    `SELECT message_id, user_id, properties, context FROM events
     WHERE workspace_id = $1 AND (contains(user_id, '@') OR starts_with(user_id, '${BLIND_INDEX_PREFIX}')
       OR contains(CAST(properties AS VARCHAR), '${CIPHERTEXT_PREFIX}') OR contains(CAST(context AS VARCHAR), '${CIPHERTEXT_PREFIX}')
       OR regexp_matches(lower(coalesce(CAST(properties AS VARCHAR), '') || coalesce(CAST(context AS VARCHAR), '')), $2))`,
    [workspaceId, PAYLOAD_KEY_PATTERN],
  )
  const eventRows: (string | null)[][] = []
  for (const r of events) {
    const userId = r.user_id === null || r.user_id === undefined ? null : String(r.user_id)
    const nextUser =
      userId === null ? null : isBlindIndex(userId) ? reindex('email', userId) : isEmailLike(userId) ? v.blind('email', userId) : userId
    const payload = (raw: unknown): string | null => {
      const o = parseJson<Record<string, unknown> | null>(raw, null)
      if (!o) return raw === null || raw === undefined ? null : String(raw)
      const opened = rotating ? transformPayload(v, o, 'open') : o
      return JSON.stringify(transformPayload(v, opened, 'seal'))
    }
    const props = payload(r.properties)
    const ctx = payload(r.context)
    const before = [
      userId,
      r.properties === null ? null : JSON.stringify(parseJson(r.properties, null)),
      r.context === null ? null : JSON.stringify(parseJson(r.context, null)),
    ]
    if (nextUser !== before[0] || props !== before[1] || ctx !== before[2]) eventRows.push([String(r.message_id), nextUser, props, ctx])
  }
  await bulkUpdate(
    conn,
    workspaceId,
    'events',
    ['message_id'],
    [{ name: 'user_id' }, { name: 'properties', json: true }, { name: 'context', json: true }],
    eventRows,
  )
  return { customers: customerRows.length, identities: identityRows.length, merges: mergeRows.length, events: eventRows.length }
}

/** Event payload keys worth a look: a personal-looking key with a text or number value. */
const PAYLOAD_KEY_PATTERN =
  '"[^"]*(email|phone|mobile|address|wechat|passport|邮箱|手机|电话|地址|微信|身份证|护照|qq|tel)[^"]*"\\s*:\\s*["0-9]'

const notSealed = (col: string): string => `(${col} IS NOT NULL AND ${col} <> '' AND NOT starts_with(${col}, '${CIPHERTEXT_PREFIX}'))`
const sealed = (col: string): string => `starts_with(${col}, '${CIPHERTEXT_PREFIX}')`

export class DuckDbEncryptionStore implements EncryptionStore {
  constructor(
    private readonly sql: DuckDbSql,
    private readonly vaults: DuckDbVaults,
  ) {}

  get masterKeyOrigin(): string {
    return this.vaults.masterKey.origin
  }

  async hasKeys(): Promise<boolean> {
    const [r] = await this.sql.all('SELECT count(*) AS n FROM encryption_keys')
    return num(r?.n) > 0
  }

  async verify(): Promise<void> {
    const rows = await this.sql.all('SELECT * FROM encryption_keys ORDER BY workspace_id, created_at')
    for (const r of rows) unwrapKeys(this.vaults.masterKey, wrappedFromRow(r))
  }

  async upgradePlaintext(): Promise<number> {
    // Workspaces with data but no keys were written before encryption; any clear value elsewhere
    // (a column written behind Portrait's back) is caught by the cheap column checks.
    const rows = await this.sql.all(
      `SELECT DISTINCT workspace_id FROM (
         SELECT workspace_id FROM customers WHERE ${notSealed('name')} OR ${notSealed('email')} OR ${notSealed('phone')}
         UNION ALL SELECT workspace_id FROM events WHERE contains(user_id, '@')
         UNION ALL SELECT workspace_id FROM identities WHERE kind IN ('email', 'phone') AND (value_enc IS NULL OR NOT starts_with(value, '${BLIND_INDEX_PREFIX}'))
         UNION ALL SELECT workspace_id FROM (SELECT DISTINCT workspace_id FROM customers UNION SELECT DISTINCT workspace_id FROM events) d
           WHERE workspace_id NOT IN (SELECT workspace_id FROM encryption_keys)
       ) ORDER BY 1`,
    )
    let changed = 0
    for (const r of rows) {
      const workspaceId = String(r.workspace_id)
      const v = await this.vaults.vault(workspaceId)
      const counts = await this.sql.transaction((conn) => resealWorkspace(conn, workspaceId, v, false))
      changed += counts.customers + counts.identities + counts.merges + counts.events
    }
    return changed
  }

  async blindIndex(workspaceId: string, kind: string, value: string): Promise<string> {
    return (await this.vaults.vault(workspaceId)).blind(kind, value)
  }

  async status(workspaceId: string): Promise<EncryptionStatus> {
    await this.vaults.vault(workspaceId)
    return this.sql.withConnection(async (conn) => {
      const w = [workspaceId]
      const keys = await all(conn, 'SELECT key_id, created_at FROM encryption_keys WHERE workspace_id = $1 ORDER BY created_at', w)
      const [c] = await all(
        conn,
        `SELECT count(*) FILTER (WHERE ${sealed('name')}) AS names, count(*) FILTER (WHERE ${sealed('email')}) AS emails,
           count(*) FILTER (WHERE ${sealed('phone')}) AS phones,
           count(*) FILTER (WHERE ${notSealed('name')}) AS clear_names, count(*) FILTER (WHERE ${notSealed('email')}) AS clear_emails,
           count(*) FILTER (WHERE ${notSealed('phone')}) AS clear_phones
         FROM customers WHERE workspace_id = $1`,
        w,
      )
      const traitRows = await all(
        conn,
        `SELECT j.key AS k, json_extract_string(j.value, '$') AS v FROM customers c, json_each(c.traits) j
         WHERE c.workspace_id = $1 AND json_type(j.value) <> 'NULL'`,
        w,
      )
      let traits = 0
      let clearTraits = 0
      for (const t of traitRows) {
        if (!isPersonalTraitKey(String(t.k))) continue
        if (isCiphertext(t.v)) traits++
        else clearTraits++
      }
      const [i] = await all(
        conn,
        `SELECT count(*) FILTER (WHERE starts_with(value, '${BLIND_INDEX_PREFIX}') AND ${sealed('value_enc')}) AS sealed,
           count(*) FILTER (WHERE NOT starts_with(value, '${BLIND_INDEX_PREFIX}') OR value_enc IS NULL) AS clear
         FROM identities WHERE workspace_id = $1 AND kind IN ('email', 'phone')`,
        w,
      )
      const [m] = await all(
        conn,
        `SELECT count(*) FILTER (WHERE contains(CAST(kept_before AS VARCHAR), '${CIPHERTEXT_PREFIX}') OR contains(CAST(merged_profile AS VARCHAR), '${CIPHERTEXT_PREFIX}')) AS sealed
         FROM merges WHERE workspace_id = $1`,
        w,
      )
      const [e] = await all(
        conn,
        `SELECT count(*) FILTER (WHERE starts_with(user_id, '${BLIND_INDEX_PREFIX}') OR contains(CAST(properties AS VARCHAR), '${CIPHERTEXT_PREFIX}')
             OR contains(CAST(context AS VARCHAR), '${CIPHERTEXT_PREFIX}')) AS sealed,
           count(*) FILTER (WHERE contains(user_id, '@')) AS clear
         FROM events WHERE workspace_id = $1`,
        w,
      )
      const snapshotsInClear = await this.clearSnapshots(conn, workspaceId)
      const encrypted: EncryptedCounts = {
        customer_names: num(c?.names),
        customer_emails: num(c?.emails),
        customer_phones: num(c?.phones),
        personal_traits: traits,
        identities: num(i?.sealed),
        merge_snapshots: num(m?.sealed),
        events: num(e?.sealed),
      }
      const plaintext: EncryptedCounts = {
        customer_names: num(c?.clear_names),
        customer_emails: num(c?.clear_emails),
        customer_phones: num(c?.clear_phones),
        personal_traits: clearTraits,
        identities: num(i?.clear),
        merge_snapshots: snapshotsInClear,
        events: num(e?.clear),
      }
      return {
        workspace_id: workspaceId,
        algorithm: 'AES-256-GCM',
        blind_index: 'HMAC-SHA256',
        master_key: this.vaults.masterKey.origin,
        keys: keys.map((k) => ({ key_id: String(k.key_id), created_at: isoOrNull(k.created_at) ?? '' })),
        encrypted,
        plaintext,
      }
    })
  }

  private async clearSnapshots(conn: DuckDBConnection, workspaceId: string): Promise<number> {
    const rows = await all(
      conn,
      'SELECT kept_before, merged_profile FROM merges WHERE workspace_id = $1 AND (kept_before IS NOT NULL OR merged_profile IS NOT NULL)',
      [workspaceId],
    )
    let n = 0
    for (const r of rows) {
      const clear = [r.kept_before, r.merged_profile].some((raw) => {
        const o = parseJson<Record<string, unknown> | null>(raw, null)
        return o !== null && PERSONAL_FIELDS.some((f) => typeof o[f] === 'string' && o[f] !== '' && !isCiphertext(o[f]))
      })
      if (clear) n++
    }
    return n
  }

  async rotate(workspaceId: string, options: RotationOptions = {}): Promise<RotationResult> {
    const current = await this.vaults.vault(workspaceId)
    const master = options.newMaster ?? this.vaults.masterKey
    const result = await this.sql.transaction(async (conn) => {
      const oldRows = await all(conn, 'SELECT * FROM encryption_keys WHERE workspace_id = $1', [workspaceId])
      const old = oldRows.map((r) => unwrapKeys(this.vaults.masterKey, wrappedFromRow(r)))
      const fresh = newWorkspaceKeys()
      const next = new Vault(workspaceId, fresh, old.length ? old : [current.current])
      const rows = await resealWorkspace(conn, workspaceId, next, true)
      await run(conn, 'DELETE FROM encryption_keys WHERE workspace_id = $1', [workspaceId])
      await insertWrapped(conn, wrapKeys(master.key, workspaceId, fresh))
      if (options.newMaster) {
        // every other workspace keeps its keys, re-wrapped under the new master key
        const others = await all(conn, 'SELECT * FROM encryption_keys WHERE workspace_id <> $1', [workspaceId])
        for (const r of others) {
          const w = wrappedFromRow(r)
          const keys = unwrapKeys(this.vaults.masterKey, w)
          await run(conn, 'DELETE FROM encryption_keys WHERE workspace_id = $1 AND key_id = $2', [w.workspaceId, w.keyId])
          await insertWrapped(conn, wrapKeys(master.key, w.workspaceId, keys))
        }
      }
      await options.beforeCommit?.()
      return {
        vault: new Vault(workspaceId, fresh),
        result: {
          workspace_id: workspaceId,
          old_key_ids: old.map((k) => k.keyId),
          new_key_id: fresh.keyId,
          master_rotated: options.newMaster !== undefined,
          rows,
        },
      }
    })
    this.vaults.replace(workspaceId, result.vault, options.newMaster)
    return result.result
  }
}

export { EncryptionKeyError }
