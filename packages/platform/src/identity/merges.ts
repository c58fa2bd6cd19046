import { err, ok, portraitError, type PortraitError, type Result } from '@portrait/core'
import type { Store } from '@portrait/store'

export interface UndoResult {
  readonly merge_id: string
  readonly restored_customer_id: string
  readonly kept_customer_id: string
}

/**
 * Undoes one merge: the merged profile comes back as it was, its identities point at it again,
 * its activity (orders, lines and events recorded under its own ids) moves back, and the kept
 * profile returns to its state before the merge. The merge stays in the history, marked undone.
 */
export async function undoMerge(store: Store, workspaceId: string, mergeId: string): Promise<Result<UndoResult, PortraitError>> {
  return store.transaction(async (tx) => {
    const merge = await tx.getMerge(workspaceId, mergeId)
    if (!merge) return err(portraitError('NotFound', `no merge ${mergeId}`))
    if (merge.undone_at) return err(portraitError('Conflict', `merge ${mergeId} was already undone at ${merge.undone_at.toISOString()}`))
    if (!merge.merged_profile) {
      return err(portraitError('Conflict', `merge ${mergeId} cannot be undone: the person's data was erased`))
    }
    const now = new Date()
    const restoredId = merge.merged_customer_id
    const [kept] = await tx.getCustomers(workspaceId, [merge.kept_customer_id])
    const [clash] = await tx.getCustomers(workspaceId, [restoredId])
    if (clash) return err(portraitError('Conflict', `a profile ${restoredId} exists again; undo would overwrite it`))
    const restored = { ...merge.merged_profile, customer_id: restoredId, updated_at: now }
    await tx.upsertCustomers(workspaceId, [restored])
    if (kept && merge.kept_before) {
      // Keep what later imports added to the kept profile's sources; restore its fields.
      await tx.upsertCustomers(workspaceId, [{ ...merge.kept_before, updated_at: now }])
    }
    await tx.moveIdentities(workspaceId, merge.moved_identities, restoredId, null)
    const sourceIds = merge.moved_identities.filter((k) => k.kind === 'customer_id' || k.kind === 'external').map((k) => k.value)
    if (sourceIds.length) await tx.reassignActivity(workspaceId, merge.kept_customer_id, restoredId, sourceIds)
    await tx.markMergeUndone(workspaceId, mergeId, now)
    return ok({ merge_id: mergeId, restored_customer_id: restoredId, kept_customer_id: merge.kept_customer_id })
  })
}
