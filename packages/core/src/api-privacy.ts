import { z } from 'zod'

/** One audit log entry: who did what to which data, and when. */
export const AuditEntry = z.object({
  at: z.string().describe('ISO instant'),
  actor: z.string().describe('cli, api, system, or a user id'),
  action: z.string().describe('e.g. import, merge.undo, profile.read, segment.export, privacy.export, privacy.erase, retention'),
  target: z.string().nullable().describe('a customer id, segment id, file name or erasure id'),
  details: z.record(z.string(), z.unknown()).nullable(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  action: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,59}$/, 'an action name such as import or privacy.erase')
    .optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('only entries at or after this ISO instant'),
})
export type AuditListQuery = z.infer<typeof AuditListQuery>

export const AuditListResponse = z.object({ items: z.array(AuditEntry) })
export type AuditListResponse = z.infer<typeof AuditListResponse>

/** One consent record: a purpose granted or withdrawn at a time. */
export const ConsentRecord = z.object({
  purpose: z.string(),
  granted: z.boolean(),
  recorded_at: z.string(),
  source: z.string().nullable(),
})
export type ConsentRecord = z.infer<typeof ConsentRecord>

export const ConsentHistoryResponse = z.object({ customer_id: z.string(), items: z.array(ConsentRecord).describe('newest first') })
export type ConsentHistoryResponse = z.infer<typeof ConsentHistoryResponse>

const Rows = z.array(z.record(z.string(), z.unknown()))

/** Everything stored about one person (a data-subject access request), as one document. */
export const PrivacyExport = z.object({
  format: z.literal('portrait.privacy-export/1'),
  exported_at: z.string(),
  workspace: z.string(),
  customer_id: z.string(),
  profile: z.record(z.string(), z.unknown()).describe('the stored profile: typed fields, traits, sources'),
  identities: Rows,
  merges: Rows,
  orders: Rows,
  order_lines: Rows,
  events: Rows,
  consents: Rows.describe('every consent record, newest first'),
  feedback: Rows,
  survey_responses: Rows,
  scores: Rows,
  segments: z.array(z.object({ segment_id: z.string(), name: z.string() })).describe('saved segments the person is a member of'),
  audit: z.array(AuditEntry).describe('audit entries about the person'),
})
export type PrivacyExport = z.infer<typeof PrivacyExport>

/** What an erasure removed, detached and redacted. */
export const ErasureResult = z.object({
  erasure_id: z.string().describe('stands in for the person in the records that remain'),
  erased_at: z.string(),
  counts: z.object({
    customers: z.number(),
    identities: z.number(),
    events: z.number(),
    consents: z.number(),
    feedback: z.number(),
    surveyResponses: z.number(),
    scores: z.number(),
    ordersDetached: z.number(),
    orderLinesDetached: z.number(),
    mergesRedacted: z.number(),
    auditRedacted: z.number(),
    modelRunsRedacted: z.number(),
  }),
})
export type ErasureResult = z.infer<typeof ErasureResult>

export const RetentionResult = z.object({
  cutoff: z.string().describe('events before this instant are (or would be) deleted'),
  days: z.number(),
  deleted: z.number(),
  dry_run: z.boolean(),
})
export type RetentionResult = z.infer<typeof RetentionResult>
