import {
  applyKFloor,
  DEFAULT_K_ANONYMITY,
  err,
  isKAnonymity,
  ok,
  POOLED_GROUP,
  portraitError,
  type OverviewStats,
  type PortraitError,
  type Result,
} from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { recordAudit } from './audit.js'

/** The workspace's k-anonymity floor for aggregates (default 5). */
export async function kAnonymity(p: Portrait): Promise<number> {
  return (await p.store.workspaceSettings(p.workspaceId)).k_anonymity ?? DEFAULT_K_ANONYMITY
}

export async function setKAnonymity(p: Portrait, k: number): Promise<Result<number, PortraitError>> {
  if (!isKAnonymity(k)) return err(portraitError('InvalidInput', `k must be a whole number from 1 (no floor) to 1000, not ${k}`))
  await p.store.updateWorkspaceSettings(p.workspaceId, { k_anonymity: k })
  await recordAudit(p, { action: 'privacy.k_anonymity', details: { k } })
  return ok(k)
}

/**
 * The dashboard's figures with the floor applied to its breakdowns of people (city tiers, genders,
 * age bands): a group of fewer than k customers is pooled into `other`. Totals stay as they are.
 */
export function kAnonymousOverview(stats: OverviewStats, k: number): OverviewStats {
  return {
    ...stats,
    customersByCityTier: applyKFloor(
      stats.customersByCityTier,
      k,
      (g) => g.customers,
      (_s, n) => ({ tier: POOLED_GROUP, customers: n }),
    ),
    customersByGender: applyKFloor(
      stats.customersByGender,
      k,
      (g) => g.customers,
      (_s, n) => ({ gender: POOLED_GROUP, customers: n }),
    ),
    customersByAgeBand: applyKFloor(
      stats.customersByAgeBand,
      k,
      (g) => g.customers,
      (_s, n) => ({ ageBand: POOLED_GROUP, customers: n }),
    ),
  }
}
