import { renameSync, rmSync } from 'node:fs'
import { err, ok, portraitError, type PortraitError, type Result } from '@portrait/core'
import {
  parseMasterKey,
  newMasterKeyText,
  EncryptionKeyError,
  type EncryptionStatus,
  type MasterKey,
  type RotationResult,
} from '@portrait/store'
import type { Portrait } from '../portrait.js'
import { recordAudit } from '../privacy/audit.js'
import { MASTER_KEY_ENV, NEW_MASTER_KEY_ENV, keyFilePath, writeKeyFile } from './master-key.js'

/** What is encrypted in the workspace, under which keys, and where the master key comes from. */
export function encryptionStatus(p: Portrait): Promise<EncryptionStatus> {
  return p.store.encryption.status(p.workspaceId)
}

export interface RotateOptions {
  /** Also replace the master key (the key file, or the key given by `PORTRAIT_MASTER_KEY`). */
  readonly master?: boolean
  /** With a master key from the environment: the new key (the faces pass `PORTRAIT_NEW_MASTER_KEY`). */
  readonly newMasterKey?: string
  /** Who rotated, for the audit log; default the face's actor. */
  readonly actor?: string
}

export interface RotationReport extends RotationResult {
  /** Where the new master key is: the key file, or the variable the user must switch to. */
  readonly master_key: string | null
  /** What the user must do now, if anything (switch the environment variable). */
  readonly next_step: string | null
}

/**
 * Rotates the workspace's data and index keys: every personal value is re-encrypted and
 * re-indexed in one transaction and the old keys are deleted. With `master`, the master key is
 * replaced too: a key file is replaced atomically (the new key is written beside it before the
 * commit and renamed over it after), a key from the environment is taken from
 * `PORTRAIT_NEW_MASTER_KEY`. Every rotation is audited.
 */
export async function rotateEncryptionKeys(p: Portrait, options: RotateOptions = {}): Promise<Result<RotationReport, PortraitError>> {
  const origin = p.store.encryption.masterKeyOrigin
  let newMaster: MasterKey | undefined
  let keyFile: string | null = null
  let pendingFile: string | null = null
  let newKeyText: string | null = null
  let nextStep: string | null = null
  if (options.master) {
    if (origin === MASTER_KEY_ENV) {
      const text = options.newMasterKey?.trim()
      if (!text)
        return err(
          portraitError(
            'InvalidInput',
            `the master key comes from ${MASTER_KEY_ENV}: put the new key (32 bytes, base64 or hex) in ${NEW_MASTER_KEY_ENV} and run the rotation again`,
          ),
        )
      let key: Buffer
      try {
        key = parseMasterKey(text, NEW_MASTER_KEY_ENV)
      } catch (e) {
        if (e instanceof EncryptionKeyError) return err(portraitError('InvalidInput', e.message))
        throw e
      }
      newMaster = { key, origin: MASTER_KEY_ENV }
      nextStep = `set ${MASTER_KEY_ENV} to the value of ${NEW_MASTER_KEY_ENV} now: the old master key no longer opens this database`
    } else if (p.store.location === ':memory:') {
      newMaster = { key: parseMasterKey(newMasterKeyText(), 'a new key'), origin }
    } else {
      keyFile = keyFilePath(p.store.location)
      pendingFile = `${keyFile}.new`
      newKeyText = newMasterKeyText()
      newMaster = { key: parseMasterKey(newKeyText, 'a new key'), origin }
    }
  }
  let result: RotationResult
  try {
    result = await p.store.encryption.rotate(p.workspaceId, {
      ...(newMaster ? { newMaster } : {}),
      // The new key file exists before the database depends on it; a crash in between leaves
      // `portrait.key.new` beside the old file, and opening says which one to keep.
      ...(pendingFile && newKeyText ? { beforeCommit: async () => writeKeyFile(pendingFile, newKeyText, { replace: true }) } : {}),
    })
  } catch (e) {
    if (pendingFile) rmSync(pendingFile, { force: true })
    throw e
  }
  if (pendingFile && keyFile) renameSync(pendingFile, keyFile)
  await recordAudit(p, {
    action: 'encryption.rotate',
    target: p.workspaceId,
    details: { ...result, master_key: options.master ? 'rotated' : 'kept' },
    ...(options.actor ? { actor: options.actor } : {}),
  })
  return ok({ ...result, master_key: newMaster ? (keyFile ?? newMaster.origin) : null, next_step: nextStep })
}
