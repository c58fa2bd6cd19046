import { randomBytes } from 'node:crypto'
import { err, KeyKind, ok, portraitError, type ApiKeyCreated, type ApiKeyInfo, type PortraitError, type Result } from '@portrait/core'
import type { ApiKeyRow, Store } from '@portrait/store'
import { keyPrincipal, type Principal } from './principal.js'
import { sha256 } from './sessions.js'

/** Keys look like `pt_read_…`: the kind is readable at a glance, the rest is 256 random bits. */
const KEY_PATTERN = /^pt_(write|read|admin)_[A-Za-z0-9_-]{43}$/

export const toKeyInfo = (k: ApiKeyRow): ApiKeyInfo => ({
  id: k.key_id,
  kind: KeyKind.catch('read').parse(k.kind),
  name: k.name,
  prefix: k.prefix,
  workspace: k.workspace_id,
  created_at: k.created_at.toISOString(),
  created_by: k.created_by,
  last_used_at: k.last_used_at?.toISOString() ?? null,
  revoked_at: k.revoked_at?.toISOString() ?? null,
})

export async function createApiKey(
  store: Store,
  workspaceId: string,
  input: { kind: string; name?: string | null },
  actor = 'cli',
): Promise<Result<ApiKeyCreated, PortraitError>> {
  const kind = KeyKind.safeParse(input.kind)
  if (!kind.success) return err(portraitError('InvalidInput', `kind: '${input.kind}' is not a key kind (write, read or admin)`))
  const name = input.name?.trim() || null
  if (name && name.length > 100) return err(portraitError('InvalidInput', 'name: at most 100 characters'))
  const key = `pt_${kind.data}_${randomBytes(32).toString('base64url')}`
  const row: ApiKeyRow = {
    workspace_id: workspaceId,
    key_id: randomBytes(8).toString('hex'),
    kind: kind.data,
    key_hash: sha256(key),
    name,
    // `pt_<kind>_` and 8 of the random characters
    prefix: key.slice(0, `pt_${kind.data}_`.length + 8),
    created_by: actor,
    created_at: new Date(),
    last_used_at: null,
    revoked_at: null,
  }
  await store.auth.createKey(row)
  await store.audit.record(workspaceId, { actor, action: 'key.create', target: row.key_id, details: { kind: row.kind, name } })
  return ok({ ...toKeyInfo(row), key })
}

export async function listApiKeys(store: Store, workspaceId: string): Promise<ApiKeyInfo[]> {
  return (await store.auth.listKeys(workspaceId)).map(toKeyInfo)
}

export async function revokeApiKey(
  store: Store,
  workspaceId: string,
  keyId: string,
  actor = 'cli',
): Promise<Result<ApiKeyInfo, PortraitError>> {
  const found = (await store.auth.listKeys(workspaceId)).find((k) => k.key_id === keyId || k.prefix === keyId)
  const at = new Date()
  if (!found || !(await store.auth.revokeKey(workspaceId, found.key_id, at)))
    return err(portraitError('NotFound', `no API key '${keyId}' in this workspace`))
  await store.audit.record(workspaceId, { actor, action: 'key.revoke', target: found.key_id, details: { kind: found.kind } })
  // a key revoked before keeps its first revocation time
  return ok(toKeyInfo({ ...found, revoked_at: found.revoked_at ?? at }))
}

/** The principal of a bearer key, or null when the key is malformed, unknown or revoked. */
export async function authenticateKey(store: Store, key: string, now = new Date()): Promise<Principal | null> {
  if (!KEY_PATTERN.test(key)) return null
  const row = await store.auth.findKeyByHash(sha256(key))
  if (!row || row.revoked_at) return null
  // last use is kept to the minute: no write on every request
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000) await store.auth.touchKey(row.key_id, now)
  return keyPrincipal(row)
}
