/**
 * Where the master key of a database comes from. In order: the `PORTRAIT_MASTER_KEY` value (32
 * bytes as base64 or hex), an ephemeral key for an in-memory database, or the key file beside the
 * database file (`portrait.key`), created with mode 0600 when the database holds no keys yet.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { dirname, join, resolve } from 'node:path'
import { EncryptionKeyError, newMasterKeyText, parseMasterKey, type MasterKey, type Store } from '@portrait/store'

/** The environment variable that holds the master key (read by `Portrait.open` when no key is given). */
export const MASTER_KEY_ENV = 'PORTRAIT_MASTER_KEY'
/** The environment variable `encryption rotate --master` reads the next master key from, when the key comes from the environment. */
export const NEW_MASTER_KEY_ENV = 'PORTRAIT_NEW_MASTER_KEY'
export const KEY_FILE_NAME = 'portrait.key'

/** The key file of a database file: beside it. */
export const keyFilePath = (dbPath: string): string => join(dirname(resolve(dbPath)), KEY_FILE_NAME)

/** How a database is to be unlocked. */
export interface MasterKeyPlan {
  readonly master: MasterKey
  /** The key file in use, when the key comes from one. */
  readonly keyFile: string | null
  /** The key file does not exist yet: write `keyText` to it once the database is known to hold no keys. */
  readonly createKeyFile: boolean
  readonly keyText: string | null
}

/**
 * Decides where the master key comes from; throws `EncryptionKeyError` for a malformed key.
 * `envValue` is the value of `PORTRAIT_MASTER_KEY` (or an explicit key), if any.
 */
export function planMasterKey(dbPath: string, envValue: string | undefined): MasterKeyPlan {
  if (envValue !== undefined && envValue.trim() !== '') {
    return {
      master: { key: parseMasterKey(envValue, MASTER_KEY_ENV), origin: MASTER_KEY_ENV },
      keyFile: null,
      createKeyFile: false,
      keyText: null,
    }
  }
  if (dbPath === ':memory:') {
    return {
      master: { key: randomBytes(32), origin: 'an ephemeral key (in-memory database)' },
      keyFile: null,
      createKeyFile: false,
      keyText: null,
    }
  }
  const file = keyFilePath(dbPath)
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8')
    return {
      master: { key: parseMasterKey(text, `the key file ${file}`), origin: `the key file ${file}` },
      keyFile: file,
      createKeyFile: false,
      keyText: null,
    }
  }
  const text = newMasterKeyText()
  return {
    master: { key: parseMasterKey(text, 'a new key'), origin: `the key file ${file}` },
    keyFile: file,
    createKeyFile: true,
    keyText: text,
  }
}

/**
 * Writes a key file readable by its owner only. The key goes to a temporary file first (created
 * 0600, synced) and is renamed into place, so a crash leaves either the old file or the new one.
 */
export function writeKeyFile(path: string, text: string, options: { replace: boolean }): void {
  if (!options.replace && existsSync(path)) throw new EncryptionKeyError(`the key file ${path} already exists`)
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(tmp, 'wx', 0o600)
  try {
    writeSync(fd, `${text}\n`)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  try {
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw e
  }
}

/**
 * Makes an opened, migrated store usable: creates the key file of a database that has no keys yet,
 * refuses a database whose keys the master key does not open, and encrypts personal values written
 * before encryption existed.
 */
export async function unlockStore(store: Store, plan: MasterKeyPlan): Promise<void> {
  if (plan.createKeyFile && plan.keyFile && plan.keyText) {
    if (await store.encryption.hasKeys()) {
      throw new EncryptionKeyError(
        `the database ${store.location} holds encrypted personal data but its master key is missing: set ${MASTER_KEY_ENV}, or put its key file back at ${plan.keyFile}`,
      )
    }
    writeKeyFile(plan.keyFile, plan.keyText, { replace: false })
  }
  try {
    await store.encryption.verify()
  } catch (e) {
    const pending = plan.keyFile ? `${plan.keyFile}.new` : null
    if (e instanceof EncryptionKeyError && pending && existsSync(pending))
      throw new EncryptionKeyError(
        `${e.message}; a master key rotation was interrupted after the database took its new key: move ${pending} to ${plan.keyFile}`,
        { cause: e },
      )
    throw e
  }
  await store.encryption.upgradePlaintext()
}
