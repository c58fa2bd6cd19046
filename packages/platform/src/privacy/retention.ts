import { err, ok, portraitError, type PortraitError, type Result, type RetentionResult } from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { recordAudit } from './audit.js'

const MS_PER_DAY = 86_400_000
/** Longer than any retention a business would set; keeps the cutoff a valid date. */
export const MAX_RETENTION_DAYS = 36_500

export interface RetentionOptions {
  /** Delete raw events older than this many days; default: the workspace's `retention_days`. */
  readonly days?: number
  /** Age is measured back from this instant (default: now). */
  readonly asOf?: Date
  /** Count what would be deleted, delete nothing. */
  readonly dryRun?: boolean
  readonly actor?: string
}

function checkDays(days: number): Result<number, PortraitError> {
  return Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS
    ? ok(days)
    : err(portraitError('InvalidInput', `the retention age must be a whole number of days from 1 to ${MAX_RETENTION_DAYS}, not ${days}`))
}

/** Stores the workspace's retention age, used when a run names none. */
export async function setRetentionDays(p: Portrait, days: number): Promise<Result<number, PortraitError>> {
  const d = checkDays(days)
  if (!d.ok) return d
  await p.store.updateWorkspaceSettings(p.workspaceId, { retention_days: d.value })
  return d
}

/** The workspace's stored retention age, if one is set. */
export async function retentionDays(p: Portrait): Promise<number | null> {
  return (await p.store.workspaceSettings(p.workspaceId)).retention_days ?? null
}

/**
 * Data minimisation: deletes raw events older than the retention age. Orders, profiles and scores
 * stay; only the raw event stream is trimmed. A real run is audited; a dry run only counts.
 */
export async function runRetention(p: Portrait, options: RetentionOptions = {}): Promise<Result<RetentionResult, PortraitError>> {
  const days = options.days ?? (await retentionDays(p))
  if (days === null)
    return err(
      portraitError('InvalidInput', 'no retention age: pass --events-older-than DAYS, or store one with --events-older-than DAYS --save'),
    )
  const d = checkDays(days)
  if (!d.ok) return d
  const asOf = options.asOf ?? new Date()
  if (Number.isNaN(asOf.getTime())) return err(portraitError('InvalidInput', 'the as-of date is not a valid date'))
  const cutoff = new Date(asOf.getTime() - d.value * MS_PER_DAY)
  const dryRun = options.dryRun ?? false
  const deleted = dryRun
    ? await p.store.privacy.countEventsBefore(p.workspaceId, cutoff)
    : await p.store.privacy.deleteEventsBefore(p.workspaceId, cutoff)
  const result: RetentionResult = { cutoff: cutoff.toISOString(), days: d.value, deleted, dry_run: dryRun }
  if (!dryRun) {
    await recordAudit(p, {
      action: 'retention',
      target: 'events',
      details: { days: d.value, cutoff: result.cutoff, deleted },
      ...(options.actor !== undefined ? { actor: options.actor } : {}),
    })
  }
  return ok(result)
}
