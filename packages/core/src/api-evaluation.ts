/**
 * Segment evaluation (评估潜力) and target ranking (选择目标): the figures of each segment, the
 * overlap between the evaluated segments, and a weighted attractiveness score. The ranking is a
 * pure function (`rankSegments`) so the web app re-ranks live with the same arithmetic as the
 * server when the user moves a weight.
 */
import { z } from 'zod'
import { SegmentId } from './api-segments.js'

/** The criteria of the attractiveness score; each is "more is better" (churn enters as 1 − risk). */
export const EVALUATION_CRITERIA = ['size', 'growth', 'value_per_member', 'clv', 'conversion', 'reachable', 'low_churn'] as const
export type EvaluationCriterion = (typeof EVALUATION_CRITERIA)[number]

/** Equal weights: no criterion is favoured until the user says so. */
export const DEFAULT_EVALUATION_WEIGHTS: Readonly<Record<EvaluationCriterion, number>> = {
  size: 1,
  growth: 1,
  value_per_member: 1,
  clv: 1,
  conversion: 1,
  reachable: 1,
  low_churn: 1,
}

/** The largest weight accepted: weights are relative, so a bound only keeps inputs sane. */
export const MAX_EVALUATION_WEIGHT = 100

const Weight = z.number().min(0).max(MAX_EVALUATION_WEIGHT)
export const EvaluationWeights = z
  .object(
    Object.fromEntries(EVALUATION_CRITERIA.map((c) => [c, Weight.optional()])) as Record<EvaluationCriterion, z.ZodOptional<typeof Weight>>,
  )
  .strict()
  .describe(`relative weights from 0 to ${MAX_EVALUATION_WEIGHT} of ${EVALUATION_CRITERIA.join(', ')}; left-out criteria weigh 1`)
export type EvaluationWeights = z.infer<typeof EvaluationWeights>

export const SegmentEvaluationRequest = z
  .object({
    ids: z.array(SegmentId).min(1).max(50).optional().describe('the segments to evaluate; every segment when left out'),
    weights: EvaluationWeights.optional(),
    window_days: z
      .number()
      .int()
      .min(1)
      .max(730)
      .optional()
      .describe(
        'length of the activity window for conversion and marketing cost, in days, ending at the latest order or event; default 90',
      ),
  })
  .strict()
export type SegmentEvaluationRequest = z.infer<typeof SegmentEvaluationRequest>

const nullableNumber = z.number().nullable()

export const SegmentGrowth = z.object({
  snapshots: z.number().int().describe('snapshots recorded for the segment'),
  first: z.object({ at: z.string(), size: z.number().int() }).nullable(),
  last: z.object({ at: z.string(), size: z.number().int() }).nullable(),
  change_30d: nullableNumber.describe('relative size change from the last snapshot at least 30 days before the last one; null without one'),
  change_90d: nullableNumber.describe('the same over 90 days'),
  rate: nullableNumber.describe(
    'the growth criterion: relative size change from the last snapshot at least 90 days before the last one, or else from the first; null with fewer than two snapshots',
  ),
})
export type SegmentGrowth = z.infer<typeof SegmentGrowth>

export const SegmentFigures = z.object({
  id: z.string(),
  name: z.string(),
  basis: z.string().nullable(),
  size: z.number().int(),
  share: z.number().describe('size / all customers'),
  revenue: z.number().describe('net revenue of the members, all their identified orders, returns netted'),
  revenue_share: z.number().describe('revenue / revenue of all customers (0 when there is none)'),
  orders: z.number().int().describe('orders of the members, returns not counted'),
  buyers: z.number().int().describe('members with at least one order'),
  average_order_value: nullableNumber.describe('revenue / orders; null without orders'),
  purchase_frequency: nullableNumber.describe('orders per member; null for an empty segment'),
  revenue_per_member: nullableNumber.describe('revenue / size; null for an empty segment'),
  scores: z.object({
    clv_customers: z.number().int().describe('members with a CLV score'),
    average_clv: nullableNumber,
    average_p_alive: nullableNumber,
    churn_customers: z.number().int().describe('members with a churn score'),
    average_churn_risk: nullableNumber,
  }),
  conversion: z.object({
    engaged: z.number().int().describe('members with any event in the window'),
    viewed: z.number().int().describe("members with a 'Product Viewed' event in the window"),
    converted: z.number().int().describe('engaged members who also placed an order in the window'),
    rate: nullableNumber.describe('converted / engaged; null when no member was engaged'),
  }),
  reach: z.object({
    email: z.number().int().describe("members whose latest consent for 'email' is granted"),
    sms: z.number().int(),
    ads: z.number().int(),
    any: z.number().int().describe('members reachable for at least one of email, sms, ads'),
    share: nullableNumber.describe('any / size; null for an empty segment'),
  }),
  growth: SegmentGrowth,
  margin: z.object({
    window_revenue: z.number().describe('net revenue of the members in the window'),
    active_members: z.number().int().describe('members with an order in the window'),
    allocated_cost: nullableNumber.describe('active_members × the workspace cost per active customer; null without costs in the window'),
    contribution: nullableNumber.describe('window_revenue − allocated_cost: revenue after marketing, not a gross margin'),
  }),
})
export type SegmentFigures = z.infer<typeof SegmentFigures>

const CriterionNumbers = z.object(
  Object.fromEntries(EVALUATION_CRITERIA.map((c) => [c, z.number()])) as Record<EvaluationCriterion, z.ZodNumber>,
)
const CriterionValues = z.object(
  Object.fromEntries(EVALUATION_CRITERIA.map((c) => [c, z.number().nullable()])) as Record<EvaluationCriterion, z.ZodNullable<z.ZodNumber>>,
)

export const SegmentRanking = z.object({
  id: z.string(),
  rank: z.number().int().describe('1 = most attractive'),
  score: z.number().describe('Σ weight × normalised value / Σ weight of the available criteria, from 0 to 1'),
  values: CriterionValues.describe('the raw criterion values (null: no data)'),
  normalized: CriterionNumbers.describe('min–max normalised across the evaluated segments, 0 to 1'),
  contributions: CriterionNumbers.describe('each criterion’s share of the score; they add up to the score'),
})
export type SegmentRanking = z.infer<typeof SegmentRanking>

export const SegmentEvaluationResponse = z.object({
  customers: z.number().int(),
  revenue: z.number().describe('net revenue of all customers'),
  window: z.object({ from: z.string().nullable(), to: z.string().nullable(), days: z.number().int() }),
  marketing: z.object({
    spend: z.number().describe('marketing spend (costs) in the window'),
    active_customers: z.number().int().describe('customers with an order in the window'),
    cost_per_active_customer: nullableNumber,
    note: z.string(),
  }),
  segments: z.array(SegmentFigures),
  overlap: z.object({
    ids: z.array(z.string()),
    counts: z.array(z.array(z.number().int())).describe('counts[i][j]: members of both segment i and segment j (the diagonal is the size)'),
  }),
  weights: CriterionNumbers,
  unavailable: z.array(z.enum(EVALUATION_CRITERIA)).describe('criteria without data for any evaluated segment: left out of the score'),
  ranking: z.array(SegmentRanking),
})
export type SegmentEvaluationResponse = z.infer<typeof SegmentEvaluationResponse>

/** The raw criterion values of a segment's figures. */
export function criterionValues(f: SegmentFigures): Record<EvaluationCriterion, number | null> {
  return {
    size: f.size,
    growth: f.growth.rate,
    value_per_member: f.revenue_per_member,
    clv: f.scores.average_clv,
    conversion: f.conversion.rate,
    reachable: f.reach.share,
    low_churn: f.scores.average_churn_risk === null ? null : 1 - f.scores.average_churn_risk,
  }
}

/** Fills left-out weights with the defaults. */
export function completeWeights(weights: EvaluationWeights = {}): Record<EvaluationCriterion, number> {
  return Object.fromEntries(EVALUATION_CRITERIA.map((c) => [c, weights[c] ?? DEFAULT_EVALUATION_WEIGHTS[c]])) as Record<
    EvaluationCriterion,
    number
  >
}

/**
 * The target ranking. Each criterion is min–max normalised across the segments (a criterion on
 * which all segments are equal gives each full credit, so it does not move the order; a segment
 * without data for it gets none). A criterion without data for any segment is left out of the
 * weight sum. Score = Σ w·n / Σ w over the remaining criteria; ties keep the input order.
 * Returns null when every remaining weight is 0 (there is nothing to rank on).
 */
export function rankSegments(
  segments: readonly { id: string; values: Record<EvaluationCriterion, number | null> }[],
  weights: Record<EvaluationCriterion, number>,
): { ranking: SegmentRanking[]; unavailable: EvaluationCriterion[] } | null {
  const unavailable = EVALUATION_CRITERIA.filter((c) => segments.every((s) => s.values[c] === null))
  const used = EVALUATION_CRITERIA.filter((c) => !unavailable.includes(c))
  const total = used.reduce((sum, c) => sum + weights[c], 0)
  if (segments.length > 0 && !(total > 0)) return null
  const range = Object.fromEntries(
    used.map((c) => {
      const vs = segments.map((s) => s.values[c]).filter((v): v is number => v !== null)
      return [c, { min: Math.min(...vs), max: Math.max(...vs) }]
    }),
  ) as Partial<Record<EvaluationCriterion, { min: number; max: number }>>
  const scored = segments.map((s, index) => {
    const normalized = {} as Record<EvaluationCriterion, number>
    const contributions = {} as Record<EvaluationCriterion, number>
    let score = 0
    for (const c of EVALUATION_CRITERIA) {
      const v = s.values[c]
      const r = range[c]
      const n = v === null || !r ? 0 : r.max > r.min ? (v - r.min) / (r.max - r.min) : 1
      normalized[c] = n
      contributions[c] = r ? (weights[c] * n) / total : 0
      score += contributions[c]
    }
    return { id: s.id, index, score, values: s.values, normalized, contributions }
  })
  scored.sort((a, b) => b.score - a.score || a.index - b.index)
  return {
    ranking: scored.map(({ index: _index, ...r }, i) => ({ ...r, rank: i + 1 })),
    unavailable,
  }
}
