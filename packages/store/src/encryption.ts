import type { ColumnDef, TableDef } from './schema.js'
import type { MasterKey } from './crypto/vault.js'

/**
 * Personal data at rest: the keys of each workspace (wrapped under the master key), the upgrade of
 * values written before encryption, key rotation, and what is encrypted. Encryption and decryption
 * themselves happen inside the engine's read and write paths.
 */
export interface EncryptionKeyInfo {
  readonly key_id: string
  /** ISO instant. */
  readonly created_at: string
}

/** Stored values per kind: how many are encrypted (or blind-indexed), and how many are not yet. */
export interface EncryptedCounts {
  readonly customer_names: number
  readonly customer_emails: number
  readonly customer_phones: number
  readonly personal_traits: number
  /** Email and phone identities stored as a blind index with the original sealed. */
  readonly identities: number
  /** Merge records whose profile snapshots are sealed. */
  readonly merge_snapshots: number
  /** Events whose payload holds sealed values or whose user id is blinded. */
  readonly events: number
}

export interface EncryptionStatus {
  readonly workspace_id: string
  readonly algorithm: 'AES-256-GCM'
  readonly blind_index: 'HMAC-SHA256'
  /** Where the master key came from: `PORTRAIT_MASTER_KEY`, a key file, or an ephemeral key. */
  readonly master_key: string
  readonly keys: EncryptionKeyInfo[]
  readonly encrypted: EncryptedCounts
  /** Personal values still in the clear (0 unless the database was changed behind Portrait's back). */
  readonly plaintext: EncryptedCounts
}

export interface RotationOptions {
  /** Also re-wrap every workspace's keys under this new master key. */
  readonly newMaster?: MasterKey
  /** Runs inside the transaction just before it commits (e.g. to write the new key file). */
  readonly beforeCommit?: () => Promise<void>
}

export interface RotationResult {
  readonly workspace_id: string
  readonly old_key_ids: string[]
  readonly new_key_id: string
  readonly master_rotated: boolean
  /** Rows re-encrypted per table. */
  readonly rows: { readonly customers: number; readonly identities: number; readonly merges: number; readonly events: number }
}

export interface EncryptionStore {
  /** Where the master key in use came from. */
  readonly masterKeyOrigin: string
  /** Whether the database holds any wrapped keys (then it needs its master key to be opened). */
  hasKeys(): Promise<boolean>
  /** Checks that the master key opens every workspace's keys; throws `EncryptionKeyError` if not. */
  verify(): Promise<void>
  /**
   * Encrypts and blind-indexes personal values that are still in the clear (a database written
   * before encryption existed), in every workspace; returns the rows changed.
   */
  upgradePlaintext(): Promise<number>
  status(workspaceId: string): Promise<EncryptionStatus>
  /**
   * New data and index keys for the workspace: every value re-encrypted and re-indexed in one
   * transaction, the old keys deleted. With `newMaster`, every workspace's keys are re-wrapped too.
   */
  rotate(workspaceId: string, options?: RotationOptions): Promise<RotationResult>
  /** The blind index of a value (`email`, `phone`, `name`), for exact-match lookups. */
  blindIndex(workspaceId: string, kind: string, value: string): Promise<string>
}

/** The wrapped keys, one row per workspace (two only inside a rotation). Added by migration 3. */
export const ENCRYPTION_KEYS_TABLE: TableDef = {
  name: 'encryption_keys',
  columns: [
    { name: 'workspace_id', type: 'text', notNull: true },
    { name: 'key_id', type: 'text', notNull: true },
    { name: 'data_key', type: 'text', notNull: true },
    { name: 'index_key', type: 'text', notNull: true },
    { name: 'master_check', type: 'text', notNull: true },
    { name: 'created_at', type: 'timestamp', notNull: true },
  ],
  primaryKey: ['workspace_id', 'key_id'],
}

/** Blind-index columns migration 3 adds to `customers`, after the logical columns. */
export const CUSTOMER_BLIND_INDEX_COLUMNS: readonly ColumnDef[] = [
  { name: 'name_bidx', type: 'text' },
  { name: 'email_bidx', type: 'text' },
  { name: 'phone_bidx', type: 'text' },
]

/** The sealed original of an email or phone identity, whose `value` holds its blind index. */
export const IDENTITY_SEALED_COLUMN: ColumnDef = { name: 'value_enc', type: 'text' }
