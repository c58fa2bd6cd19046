/**
 * RFM analysis over the customer database: the request that runs it and the summary it answers
 * with (the same shape for a fresh run and for the latest stored run).
 */
import { z } from 'zod'

/** A calendar date, YYYY-MM-DD. */
const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .describe('a calendar date, YYYY-MM-DD')

/** Where scores split into high and low: the mean or median score, or a fixed cut on the score scale. */
export const RfmThresholdRule = z
  .union([z.enum(['mean', 'median']), z.number()])
  .describe("high = score strictly above the cut: 'mean' (default), 'median', or a number on the score scale (e.g. 3 with 5 bins)")
export type RfmThresholdRule = z.infer<typeof RfmThresholdRule>

export const RfmRunRequest = z.object({
  bins: z.number().int().min(2).max(20).optional().describe('quantile scores per dimension; default 5'),
  asOf: CalendarDate.optional().describe(
    'measure as of this date (orders from this date on are ignored); default: the day after the last order',
  ),
  threshold: RfmThresholdRule.optional(),
})
export type RfmRunRequest = z.infer<typeof RfmRunRequest>

export const RfmClassKey = z.enum([
  'champions',
  'potential',
  'atRiskLoyal',
  'winBack',
  'loyalLowSpend',
  'promising',
  'needsAttention',
  'hibernating',
])
export type RfmClassKey = z.infer<typeof RfmClassKey>

const Level = z.enum(['high', 'low'])

export const RfmClassSummary = z.object({
  key: RfmClassKey,
  zh: z.string(),
  en: z.string(),
  r: Level,
  f: Level,
  m: Level,
  count: z.number(),
  share: z.number().describe('count / scored customers'),
  revenue: z.number().describe('net revenue of the class up to the as-of date'),
  action_zh: z.string(),
  action_en: z.string(),
})
export type RfmClassSummary = z.infer<typeof RfmClassSummary>

export const RfmScoreRange = z.object({
  score: z.number(),
  min: z.number().nullable().describe('smallest raw value with this score; null when no customer has it'),
  max: z.number().nullable(),
  count: z.number(),
})
export type RfmScoreRange = z.infer<typeof RfmScoreRange>

export const RfmResult = z.object({
  asOf: z.string(),
  bins: z.number(),
  customers: z.number().describe('customers scored: those with at least one purchase before the as-of date'),
  unscored: z.number().describe('customers without a purchase before the as-of date; they get no RFM score'),
  thresholds: z.object({ r: z.number(), f: z.number(), m: z.number() }).describe('the cuts applied on the score scale'),
  classes: z.array(RfmClassSummary),
  heatmap: z.object({
    r: z.array(z.number()),
    f: z.array(z.number()),
    counts: z.array(z.array(z.number())).describe('counts[i][j]: customers with R score r[i] and F score f[j]'),
  }),
  edges: z.object({ recency: z.array(RfmScoreRange), frequency: z.array(RfmScoreRange), monetary: z.array(RfmScoreRange) }),
  threshold: RfmThresholdRule,
  scoreSums: z.array(z.object({ sum: z.number(), count: z.number() })).describe('customers per R + F + M total'),
  revenue: z.number(),
  computedAt: z.string(),
  notes: z.string(),
})
export type RfmResult = z.infer<typeof RfmResult>
