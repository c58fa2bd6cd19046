import { z } from 'zod'

/**
 * Customer lifetime value: the BG/NBD purchase model (Fader, Hardie & Lee 2005) and the
 * Gamma-Gamma spend model (Fader & Hardie 2013), fitted on files or on the database; their
 * calibration/holdout check; the per-customer CLV scores they write.
 */

/** The time unit of recency, T, α and the forecast horizon. */
export const ClvUnit = z.enum(['week', 'day'])
export type ClvUnit = z.infer<typeof ClvUnit>

/** A calendar date, YYYY-MM-DD (in the workspace time zone when it refers to the database). */
export const ClvDate = z.iso.date().describe('a calendar date, YYYY-MM-DD')

export const BgNbdParams = z.object({
  r: z.number().describe('shape of the Gamma distribution of purchase rates'),
  alpha: z.number().describe('scale of the Gamma distribution of purchase rates, in the time unit'),
  a: z.number().describe('Beta dropout parameter a'),
  b: z.number().describe('Beta dropout parameter b'),
})
export type BgNbdParams = z.infer<typeof BgNbdParams>

export const GammaGammaParams = z.object({
  p: z.number().describe('shape of each transaction value'),
  q: z.number().describe('shape of the Gamma distribution of spend rates'),
  gamma: z.number().describe('scale of the Gamma distribution of spend rates, in the currency unit'),
})
export type GammaGammaParams = z.infer<typeof GammaGammaParams>

export const ClvSpendFit = z.object({
  model: z.literal('gamma-gamma'),
  params: GammaGammaParams,
  logLikelihood: z.number(),
  n: z.number().describe('customers with repeat purchases of positive value, the ones that inform the spend model'),
  stdErrors: GammaGammaParams.nullable().describe('null when the Hessian is not positive definite'),
  converged: z.boolean(),
  gradientNorm: z.number(),
  meanSpend: z.number().nullable().describe('population mean value of a purchase, pγ/(q-1); null when q ≤ 1'),
  frequencyCorrelation: z
    .number()
    .nullable()
    .describe('Pearson correlation of repeat purchases and mean spend; the model assumes they are independent (near 0)'),
})
export type ClvSpendFit = z.infer<typeof ClvSpendFit>

export const ClvFrequencyBucket = z.object({
  frequency: z.number().describe('smallest number of calibration repeat purchases in the bucket'),
  label: z.string().describe("'x', or 'x+' for the last, open bucket"),
  customers: z.number(),
  actualMean: z.number().describe('mean purchases actually made in the holdout period'),
  predictedMean: z.number().describe('mean of E[Y(t) | x, t_x, T] over the holdout duration'),
})
export type ClvFrequencyBucket = z.infer<typeof ClvFrequencyBucket>

export const ClvTrackingPoint = z.object({
  period: z.number().describe('0-based period (one time unit) after the first purchase of the cohort'),
  start: z.string().describe('first day of the period, YYYY-MM-DD'),
  actual: z.number().describe('cumulative repeat purchases through the end of the period'),
  expected: z.number().describe('cumulative repeat purchases the model expects'),
  actualInPeriod: z.number(),
  expectedInPeriod: z.number(),
})
export type ClvTrackingPoint = z.infer<typeof ClvTrackingPoint>

export const ClvHoldoutCheck = z.object({
  calibrationEnd: z.string(),
  observationEnd: z.string(),
  unit: ClvUnit,
  duration: z.number().describe('length of the holdout period in the time unit'),
  customers: z.number(),
  actualTotal: z.number().describe('repeat purchases made in the holdout period (same-day purchases count once)'),
  predictedTotal: z.number().describe('sum over customers of E[Y(t) | x, t_x, T]'),
  perCustomer: z.object({
    meanAbsoluteError: z.number(),
    rootMeanSquaredError: z.number(),
    correlation: z.number().nullable().describe('Pearson correlation of predicted and actual purchases per customer'),
  }),
  byFrequency: z.array(ClvFrequencyBucket),
  calibrationPeriods: z.number().describe('periods of the tracking series that lie in the calibration period'),
  tracking: z.array(ClvTrackingPoint),
})
export type ClvHoldoutCheck = z.infer<typeof ClvHoldoutCheck>

/** `portrait clv fit --json` and `POST /api/v1/clv/fit`. */
export const ClvFitReport = z.object({
  model: z.literal('bgnbd'),
  params: BgNbdParams,
  logLikelihood: z.number(),
  stdErrors: BgNbdParams.nullable().describe('delta-method standard errors; null when the Hessian is not positive definite'),
  n: z.number().describe('customers fitted'),
  spend: ClvSpendFit.optional().describe('present when monetary values are known'),
  converged: z.boolean(),
  gradientNorm: z.number().describe('largest gradient component of the negative log-likelihood (log-parameters) at the estimate'),
  repeatCustomers: z.number().describe('customers with at least one repeat purchase'),
  unit: ClvUnit,
  calibrationEnd: z.string().nullable().describe('last day of the calibration period; null for a summary file'),
  fittedAt: z.string().optional(),
  holdout: ClvHoldoutCheck.optional().describe('present when purchases after the calibration end are known'),
})
export type ClvFitReport = z.infer<typeof ClvFitReport>

export const ClvFitRequest = z.object({
  calibrationEnd: ClvDate.optional().describe('default: the day of the last purchase (no holdout period)'),
  unit: ClvUnit.default('week'),
})
export type ClvFitRequest = z.infer<typeof ClvFitRequest>

export const ClvPredictRequest = z.object({
  horizon: z.number().int().min(1).max(520).default(52).describe('number of periods (of `unit`) to forecast'),
  discount: z.number().min(0).max(1).default(0.01).describe('discount rate per period'),
  unit: ClvUnit.default('week'),
})
export type ClvPredictRequest = z.infer<typeof ClvPredictRequest>

export const ClvHistogramBin = z.object({ from: z.number(), to: z.number().nullable(), customers: z.number() })

export const ClvHeatmapCell = z.object({
  frequency: z.number().describe('index into frequencyBuckets'),
  recency: z.number().describe('index into recencyBuckets'),
  customers: z.number(),
  meanPAlive: z.number(),
})

/** How the stored CLV scores are distributed. */
export const ClvDistribution = z.object({
  customers: z.number(),
  totalClv: z.number(),
  meanClv: z.number(),
  quantiles: z.object({ p10: z.number(), p25: z.number(), p50: z.number(), p75: z.number(), p90: z.number(), p99: z.number() }),
  histogram: z
    .array(ClvHistogramBin)
    .describe('equal bins of a round width from 0 to the 99th percentile, then an open bin for the rest (left out when empty)'),
  expectedPurchases: z.number().describe('sum of expected purchases over the horizon'),
  meanPAlive: z.number(),
  likelyInactive: z.number().describe('customers with P(alive) < 0.5'),
  pAliveHeatmap: z.object({
    frequencyBuckets: z.array(z.object({ from: z.number(), to: z.number().nullable() })).describe('repeat purchases, inclusive'),
    recencyBuckets: z
      .array(z.object({ from: z.number(), to: z.number().nullable() }))
      .describe('time since the last purchase, in the unit of the scores, [from, to)'),
    cells: z.array(ClvHeatmapCell),
  }),
})
export type ClvDistribution = z.infer<typeof ClvDistribution>

export const ClvScoreRun = z.object({
  computedAt: z.string(),
  asOf: z.string().describe('last day of the purchase history the forecast starts from'),
  n: z.number(),
  horizon: z.number(),
  discount: z.number(),
  unit: ClvUnit,
  distribution: ClvDistribution,
})
export type ClvScoreRun = z.infer<typeof ClvScoreRun>

export const ClvPredictResponse = z.object({ fit: ClvFitReport, scores: ClvScoreRun })
export type ClvPredictResponse = z.infer<typeof ClvPredictResponse>

/** `GET /api/v1/clv`: the latest fit, the latest scores and the purchase history they came from. */
export const ClvOverview = z.object({
  fit: ClvFitReport.nullable(),
  scores: ClvScoreRun.nullable(),
  history: z.object({
    buyers: z.number(),
    purchases: z.number(),
    firstPurchase: z.string().nullable().describe('YYYY-MM-DD in the workspace time zone'),
    lastPurchase: z.string().nullable(),
  }),
})
export type ClvOverview = z.infer<typeof ClvOverview>

export const ClvHoldoutQuery = z.object({
  calibrationEnd: ClvDate,
  observationEnd: ClvDate.optional().describe('default: the day of the last purchase'),
  unit: ClvUnit.default('week'),
})
export type ClvHoldoutQuery = z.infer<typeof ClvHoldoutQuery>

export const ClvHoldoutResponse = ClvFitReport.extend({ holdout: ClvHoldoutCheck })
export type ClvHoldoutResponse = z.infer<typeof ClvHoldoutResponse>

export const ClvCustomersQuery = z.object({
  sort: z.enum(['clv', 'p_alive']).default('clv'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(500).default(20),
  atRisk: z
    .stringbool()
    .default(false)
    .describe('only valuable customers who are probably lost: past revenue in the top quarter and P(alive) < maxPAlive'),
  maxPAlive: z.coerce.number().min(0).max(1).default(0.5),
})
export type ClvCustomersQuery = z.infer<typeof ClvCustomersQuery>

export const ClvCustomer = z.object({
  customer_id: z.string(),
  name: z.string().nullable(),
  clv: z.number(),
  p_alive: z.number(),
  expected_purchases: z.number(),
  expected_spend: z.number(),
  orders: z.number().describe('orders to date (returns excluded)'),
  revenue: z.number().describe('net revenue to date'),
  last_purchase: z.string().describe('day of the last purchase, YYYY-MM-DD'),
})
export type ClvCustomer = z.infer<typeof ClvCustomer>

export const ClvCustomersResponse = z.object({
  total: z.number().describe('customers matching (before the limit)'),
  items: z.array(ClvCustomer),
  atRiskRule: z.object({ minRevenue: z.number(), maxPAlive: z.number() }).nullable(),
})
export type ClvCustomersResponse = z.infer<typeof ClvCustomersResponse>
