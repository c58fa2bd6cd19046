/**
 * Data-subject requests: everything about a person as one document (access, portability), and
 * erasure. Consent history and the consent check the activation features use.
 */
import { randomBytes } from 'node:crypto'
import {
  err,
  ok,
  portraitError,
  type ConsentHistoryResponse,
  type ErasureResult,
  type PortraitError,
  type PrivacyExport,
  type Result,
} from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { segmentMemberIds } from '../segments/segments.js'
import { auditActor, recordAudit } from './audit.js'

/** The profile id of a person given by id or by any identity. */
export async function resolveSubject(p: Portrait, key: string): Promise<Result<string, PortraitError>> {
  const trimmed = key.trim()
  if (!trimmed) return err(portraitError('InvalidInput', 'give a customer id or an identity (email, phone, source id)'))
  const id = await p.store.resolveCustomer(p.workspaceId, trimmed, { personalMatch: p.personalMatch })
  return id ? ok(id) : err(portraitError('NotFound', `no customer with id or identity '${trimmed}'`))
}

export interface PrivacyRequestOptions {
  /** Who asked; defaults to the face's actor. */
  readonly actor?: string
}

/**
 * Everything stored about a person, by id or any identity, as one JSON document: the profile, its
 * identities, merges, orders and lines, events, every consent record, feedback, survey responses,
 * scores, saved segments they belong to, and the audit entries about them. The export is audited.
 */
export async function exportPersonalData(
  p: Portrait,
  key: string,
  options: PrivacyRequestOptions = {},
): Promise<Result<PrivacyExport, PortraitError>> {
  const id = await resolveSubject(p, key)
  if (!id.ok) return id
  const records = await p.store.privacy.subjectRecords(p.workspaceId, id.value)
  if (!records) return err(portraitError('NotFound', `no customer ${id.value}`))
  const segments: { segment_id: string; name: string }[] = []
  for (const s of await p.store.segments.list(p.workspaceId)) {
    const members = await segmentMemberIds(p, s.segment_id)
    if (!members.ok) return members
    if (members.value.includes(id.value)) segments.push({ segment_id: s.segment_id, name: s.name })
  }
  const document: PrivacyExport = {
    format: 'portrait.privacy-export/1',
    exported_at: new Date().toISOString(),
    workspace: p.workspaceId,
    customer_id: id.value,
    profile: records.customer,
    identities: records.identities,
    merges: records.merges,
    orders: records.orders,
    order_lines: records.orderLines,
    events: records.events,
    consents: records.consents,
    feedback: records.feedback,
    survey_responses: records.surveyResponses,
    scores: records.scores,
    segments,
    audit: records.audit,
  }
  await recordAudit(p, {
    action: 'privacy.export',
    target: id.value,
    details: {
      identities: records.identities.length,
      orders: records.orders.length,
      events: records.events.length,
      consents: records.consents.length,
      segments: segments.length,
    },
    ...(options.actor !== undefined ? { actor: options.actor } : {}),
  })
  return ok(document)
}

/**
 * Erases a person, by id or any identity, in one transaction.
 *
 * Policy: the profile, its identities, events, consent records, feedback, survey responses and
 * scores are deleted; orders and order lines are kept but detached (no customer, no source
 * customer id) so revenue and order counts stay as they were, now as guest purchases; merge records
 * naming the person lose their profile snapshots and name the erasure id instead; audit entries
 * about the person keep their action but name the erasure id; stored model results that quote the
 * person's id quote the erasure id. The erasure is audited under the erasure id, never the identity.
 */
export async function erasePersonalData(
  p: Portrait,
  key: string,
  options: PrivacyRequestOptions = {},
): Promise<Result<ErasureResult, PortraitError>> {
  const id = await resolveSubject(p, key)
  if (!id.ok) return id
  const erasureId = `erasure-${randomBytes(8).toString('hex')}`
  const counts = await p.store.privacy.erase(p.workspaceId, id.value, { erasureId, actor: options.actor ?? auditActor(p) })
  if (!counts) return err(portraitError('NotFound', `no customer ${id.value}`))
  return ok({ erasure_id: erasureId, erased_at: new Date().toISOString(), counts })
}

/** Every consent record of a person (by id or any identity), newest first. */
export async function consentHistory(p: Portrait, key: string): Promise<Result<ConsentHistoryResponse, PortraitError>> {
  const id = await resolveSubject(p, key)
  if (!id.ok) return id
  return ok({ customer_id: id.value, items: await p.store.privacy.consentHistory(p.workspaceId, id.value) })
}

/**
 * The ids among `customerIds` that may be used for `purpose` (analytics, email, sms, ads,
 * profiling, …): the person's latest consent record for that purpose grants it. No record means
 * not allowed — consent is opt-in.
 */
export function consentAllows(p: Portrait, customerIds: readonly string[], purpose: string): Promise<Set<string>> {
  return p.store.privacy.grantedConsents(p.workspaceId, customerIds, purpose.trim().toLowerCase())
}
