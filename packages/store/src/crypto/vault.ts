/**
 * Field encryption for personal data at rest.
 *
 * - Values are encrypted with AES-256-GCM under a per-workspace data key, with a random 12-byte IV
 *   each, as text: `enc:v1:<keyId>:<base64url(iv | ciphertext | tag)>`. The additional
 *   authenticated data binds the workspace and the field, so a ciphertext copied to another field
 *   or workspace does not decrypt.
 * - Lookups use a blind index: HMAC-SHA256 under a separate per-workspace index key of the
 *   normalised value, as `bi:v1:<hex>`. Equal values give equal indexes within one workspace and
 *   key; nothing else can be learnt from them without the key.
 * - The data and index keys are random 32-byte keys stored wrapped (AES-256-GCM) under the master
 *   key, which never enters the database; a check value of the master key sits beside them so a
 *   wrong master key is reported as such, never as garbage.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import { normaliseForIndex } from '@portrait/core'

export const CIPHERTEXT_PREFIX = 'enc:v1:'
export const BLIND_INDEX_PREFIX = 'bi:v1:'
const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16

/**
 * The master key is missing, malformed, or not the one this database's keys were wrapped with.
 * An expected failure: the faces show its message and exit with "bad input".
 */
export class EncryptionKeyError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'EncryptionKeyError'
  }
}

/** A stored ciphertext failed authentication (tampered, moved, or under an unknown key). */
export class DecryptionError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'DecryptionError'
  }
}

/** The key that wraps a database's data keys, and where it came from (for messages and status). */
export interface MasterKey {
  readonly key: Buffer
  /** `PORTRAIT_MASTER_KEY`, `key file /path/portrait.key`, `ephemeral` … */
  readonly origin: string
}

/** Reads a master key written as 64 hex digits or as base64 / base64url of 32 bytes. */
export function parseMasterKey(text: string, where: string): Buffer {
  const t = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex')
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    if (b.length === KEY_BYTES) return b
  }
  throw new EncryptionKeyError(
    `${where} is not a master key: it must be 32 bytes written as 64 hex digits or as base64 (generate one with \`openssl rand -base64 32\`)`,
  )
}

/** A new random master key, as the base64 text a key file or `PORTRAIT_MASTER_KEY` holds. */
export const newMasterKeyText = (): string => randomBytes(KEY_BYTES).toString('base64')

/** A check value of the master key, stored beside the wrapped keys; reveals nothing about the key. */
export const masterKeyCheck = (master: Buffer): string =>
  createHmac('sha256', master).update('portrait master key check v1').digest('hex').slice(0, 32)

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')
}

/** Opens a sealed value; null when it does not authenticate. */
function open(key: Buffer, sealed: string, aad: string): Buffer | null {
  const raw = Buffer.from(sealed, 'base64url')
  if (raw.length < IV_BYTES + TAG_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(aad, 'utf8'))
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES))
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()])
  } catch {
    return null
  }
}

/** One workspace's keys in the clear, as held in memory. */
export interface WorkspaceKeys {
  readonly keyId: string
  readonly dataKey: Buffer
  readonly indexKey: Buffer
  readonly createdAt: Date
}

/** The same keys as stored: wrapped under the master key. */
export interface WrappedKeys {
  readonly workspaceId: string
  readonly keyId: string
  readonly dataKey: string
  readonly indexKey: string
  readonly masterCheck: string
  readonly createdAt: Date
}

const wrapAad = (workspaceId: string, keyId: string, which: 'data' | 'index'): string => `portrait/key/v1/${workspaceId}/${keyId}/${which}`

/** Fresh random data and index keys for a workspace. */
export function newWorkspaceKeys(now = new Date()): WorkspaceKeys {
  return { keyId: `k${randomBytes(6).toString('hex')}`, dataKey: randomBytes(KEY_BYTES), indexKey: randomBytes(KEY_BYTES), createdAt: now }
}

export function wrapKeys(master: Buffer, workspaceId: string, keys: WorkspaceKeys): WrappedKeys {
  return {
    workspaceId,
    keyId: keys.keyId,
    dataKey: seal(master, keys.dataKey, wrapAad(workspaceId, keys.keyId, 'data')),
    indexKey: seal(master, keys.indexKey, wrapAad(workspaceId, keys.keyId, 'index')),
    masterCheck: masterKeyCheck(master),
    createdAt: keys.createdAt,
  }
}

/** The message every face shows for a master key that does not open this database's keys. */
export const wrongMasterKeyMessage = (origin: string): string =>
  `the master key does not match the keys of this database (master key from ${origin}): use the key the database was created or last rotated with`

export function unwrapKeys(master: MasterKey, wrapped: WrappedKeys): WorkspaceKeys {
  if (wrapped.masterCheck !== masterKeyCheck(master.key)) throw new EncryptionKeyError(wrongMasterKeyMessage(master.origin))
  const dataKey = open(master.key, wrapped.dataKey, wrapAad(wrapped.workspaceId, wrapped.keyId, 'data'))
  const indexKey = open(master.key, wrapped.indexKey, wrapAad(wrapped.workspaceId, wrapped.keyId, 'index'))
  if (!dataKey || !indexKey) throw new EncryptionKeyError(wrongMasterKeyMessage(master.origin))
  return { keyId: wrapped.keyId, dataKey, indexKey, createdAt: wrapped.createdAt }
}

export const isCiphertext = (v: unknown): v is string => typeof v === 'string' && v.startsWith(CIPHERTEXT_PREFIX)
export const isBlindIndex = (v: unknown): v is string => typeof v === 'string' && v.startsWith(BLIND_INDEX_PREFIX)

/** The key id a ciphertext was made with; null for anything else. */
export function ciphertextKeyId(v: string): string | null {
  if (!isCiphertext(v)) return null
  const end = v.indexOf(':', CIPHERTEXT_PREFIX.length)
  return end < 0 ? null : v.slice(CIPHERTEXT_PREFIX.length, end)
}

/**
 * A workspace's encryption: the current keys (for new values and blind indexes), plus older keys
 * that may still be read while a rotation re-encrypts.
 */
export class Vault {
  private readonly older = new Map<string, Buffer>()

  constructor(
    readonly workspaceId: string,
    readonly current: WorkspaceKeys,
    older: readonly WorkspaceKeys[] = [],
  ) {
    for (const k of older) this.older.set(k.keyId, k.dataKey)
  }

  get keyId(): string {
    return this.current.keyId
  }

  private aad(field: string): string {
    return `portrait/v1/${this.workspaceId}/${field}`
  }

  /** Encrypts `plaintext` as the value of `field` (e.g. `email`, `traits.地址`, `identity.phone`). */
  encrypt(field: string, plaintext: string): string {
    return `${CIPHERTEXT_PREFIX}${this.keyId}:${seal(this.current.dataKey, Buffer.from(plaintext, 'utf8'), this.aad(field))}`
  }

  /**
   * Decrypts a value of `field`. Text that is not a ciphertext is returned as it is: values written
   * before encryption was introduced, until the upgrade on open has encrypted them.
   */
  decrypt(field: string, value: string): string {
    if (!isCiphertext(value)) return value
    const keyId = ciphertextKeyId(value)
    const key = keyId === this.keyId ? this.current.dataKey : keyId ? this.older.get(keyId) : undefined
    if (!key)
      throw new DecryptionError(`cannot decrypt ${field}: it was encrypted under key ${keyId ?? '?'}, which this database no longer holds`)
    const body = value.slice(CIPHERTEXT_PREFIX.length + (keyId?.length ?? 0) + 1)
    const out = open(key, body, this.aad(field))
    if (!out)
      throw new DecryptionError(`cannot decrypt ${field}: the stored value fails authentication (altered, or moved from another field)`)
    return out.toString('utf8')
  }

  /** Encrypts unless already encrypted under the current key (re-encrypts values under older keys). */
  reencrypt(field: string, value: string): string {
    if (isCiphertext(value) && ciphertextKeyId(value) === this.keyId) return value
    return this.encrypt(field, this.decrypt(field, value))
  }

  /** The blind index of a value of `kind` (`email`, `phone`, `name`), after normalisation. */
  blind(kind: string, value: string): string {
    const mac = createHmac('sha256', this.current.indexKey)
      .update(`${this.workspaceId}\u0000${kind}\u0000${normaliseForIndex(kind, value)}`)
      .digest('hex')
    return `${BLIND_INDEX_PREFIX}${mac}`
  }
}
