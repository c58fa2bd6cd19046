/**
 * The segments API: saved segments with their size and revenue, members, snapshots over time,
 * counts of unsaved rules (the rule builder), explanations of one customer's membership, the
 * ready-made templates and the field catalogue the builder offers.
 */
import { z } from 'zod'
import { RULE_KINDS, RULE_OPERATORS, SegmentRule } from './segment-rule.js'

/** The five bases of market segmentation. */
export const SEGMENT_BASES = ['demographic', 'geographic', 'behavioral', 'psychographic', 'value'] as const
export const SegmentBasis = z.enum(SEGMENT_BASES).describe('demographic | geographic | behavioral | psychographic | value')
export type SegmentBasis = z.infer<typeof SegmentBasis>

export const SegmentId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a segment id is 1–63 lower-case letters, digits, - or _, starting with a letter or digit')
  .describe('the segment id')

/**
 * A rule as a request carries it. It is validated by the service (not by the schema) so that a
 * bad rule is answered with the JSON path of the problem, e.g. "and[1].op: unknown operator 'equals'".
 */
export const SegmentRuleInput = z
  .unknown()
  .describe('a segment rule (the SegmentRule schema; see docs/segments.md), or a versioned document {"version": 1, "rule": …}')

export const SegmentCreateRequest = z.object({
  id: SegmentId.optional().describe('an id of your choice; generated when left out'),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).nullish(),
  basis: SegmentBasis.nullish(),
  rule: SegmentRuleInput,
})
export type SegmentCreateRequest = z.infer<typeof SegmentCreateRequest>

export const SegmentUpdateRequest = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).nullish(),
  basis: SegmentBasis.nullish(),
  rule: SegmentRuleInput.optional(),
})
export type SegmentUpdateRequest = z.infer<typeof SegmentUpdateRequest>

export const SegmentSnapshot = z.object({
  computed_at: z.string().describe('when the segment was computed (ISO time), or the as-of time of a historical computation'),
  size: z.number(),
  revenue: z.number().describe('net revenue of the members (all their orders up to computed_at)'),
})
export type SegmentSnapshot = z.infer<typeof SegmentSnapshot>

export const Segment = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  basis: SegmentBasis.nullable(),
  rule: SegmentRule,
  rule_version: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
  size: z.number().describe('members now'),
  revenue: z.number().describe('net revenue of the members'),
  share: z.number().describe('size / all customers'),
  customers: z.number().describe('all customers of the workspace'),
  computed_at: z.string(),
  references: z.array(z.object({ id: z.string(), name: z.string() })).describe('the segments the rule refers to, with their names'),
})
export type Segment = z.infer<typeof Segment>

export const SegmentListItem = Segment.extend({
  trend: z.array(SegmentSnapshot).describe('the latest snapshots, oldest first (at most one per day)'),
})
export type SegmentListItem = z.infer<typeof SegmentListItem>

export const SegmentListResponse = z.object({ customers: z.number(), items: z.array(SegmentListItem) })
export type SegmentListResponse = z.infer<typeof SegmentListResponse>

export const SegmentSnapshotsResponse = z.object({ items: z.array(SegmentSnapshot) })
export type SegmentSnapshotsResponse = z.infer<typeof SegmentSnapshotsResponse>

export const SegmentCountRequest = z.object({
  rule: SegmentRuleInput,
  segment_id: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('the saved segment being edited, so a rule that refers back to it is reported'),
})
export const SegmentCount = z.object({
  size: z.number(),
  revenue: z.number(),
  share: z.number(),
  customers: z.number().describe('all customers of the workspace'),
})
export type SegmentCount = z.infer<typeof SegmentCount>

/** One node of an explanation: a condition (or group) and whether the customer meets it. */
export interface RuleExplanation {
  path: string
  kind: (typeof RULE_KINDS)[number]
  met: boolean
  description: string
  /** The customer's actual value of a condition's field or measure (null when missing). */
  actual?: unknown
  condition?: SegmentRule
  segment?: { id: string; name: string }
  children?: RuleExplanation[]
}

export const RuleExplanation: z.ZodType<RuleExplanation> = z
  .lazy(() =>
    z.object({
      path: z.string().describe('the JSON path of the condition in the rule, e.g. and[1]'),
      kind: z.enum(RULE_KINDS),
      met: z.boolean(),
      description: z.string(),
      actual: z.unknown().optional(),
      condition: SegmentRule.optional(),
      segment: z.object({ id: z.string(), name: z.string() }).optional(),
      children: z.array(RuleExplanation).optional(),
    }),
  )
  .meta({ id: 'RuleExplanation' })

export const SegmentExplainResponse = z.object({
  segment_id: z.string(),
  customer_id: z.string(),
  member: z.boolean(),
  explanation: RuleExplanation,
})
export type SegmentExplainResponse = z.infer<typeof SegmentExplainResponse>

export const SegmentTemplate = z.object({
  key: z.string(),
  basis: SegmentBasis,
  name_zh: z.string(),
  name_en: z.string(),
  description_zh: z.string(),
  description_en: z.string(),
  rule: SegmentRule,
})
export type SegmentTemplate = z.infer<typeof SegmentTemplate>
export const SegmentTemplatesResponse = z.object({ items: z.array(SegmentTemplate) })
export type SegmentTemplatesResponse = z.infer<typeof SegmentTemplatesResponse>

const FieldType = z.enum(['text', 'number', 'date', 'timestamp', 'list', 'boolean', 'json'])
const FieldInfo = z.object({
  field: z.string(),
  type: FieldType,
  values: z.array(z.string()).describe('the most common values in the data (text fields), for pickers'),
  operators: z
    .array(z.enum(RULE_OPERATORS))
    .optional()
    .describe('the only operators this field supports, when fewer than its type allows (encrypted personal data)'),
})
export type SegmentFieldInfo = z.infer<typeof FieldInfo>

export const SegmentFieldsResponse = z.object({
  operators: z.array(z.enum(RULE_OPERATORS)),
  operators_by_type: z.record(z.string(), z.array(z.enum(RULE_OPERATORS))),
  measure_operators: z.array(z.enum(RULE_OPERATORS)),
  traits: z.array(FieldInfo).describe('profile fields, then traits.<key> found in the data'),
  behaviors: z.array(
    z.object({
      behavior: z.enum(['orders', 'order_lines', 'events']),
      fields: z.array(FieldInfo).describe('columns usable in where (and distinct)'),
      numeric: z.array(z.string()).describe('fields sum/avg/min/max accept'),
    }),
  ),
  measures: z.array(z.string()),
  events: z.array(z.string()).describe('event names found in the data'),
  scores: z.array(FieldInfo.extend({ available: z.boolean().describe('whether the model has written this score') })),
})
export type SegmentFieldsResponse = z.infer<typeof SegmentFieldsResponse>
