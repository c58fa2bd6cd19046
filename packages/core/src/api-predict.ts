/**
 * Propensity models (churn, purchase) over the HTTP API: train with cross-validated metrics, then
 * score every customer. See docs/models.md for the label definitions.
 */
import { z } from 'zod'

export const PredictLabel = z.enum(['churn', 'purchase'])
export type PredictLabel = z.infer<typeof PredictLabel>

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')

export const PredictTrainRequest = z.object({
  label: PredictLabel.default('churn'),
  horizon: z.number().int().min(1).max(3650).default(90).describe('days after the cut-off the label looks at'),
  cutoff: IsoDate.optional().describe('default: horizon days before the day after the last order'),
  folds: z.number().int().min(2).max(50).default(10),
  seed: z.number().int().default(1),
  lambda: z.number().min(0).max(100).optional().describe('ridge penalty on standardised coefficients (default 1e-4)'),
  classWeight: z.enum(['balanced']).optional(),
  drop: z.array(z.string()).max(100).optional().describe('features to leave out'),
})
export type PredictTrainRequest = z.input<typeof PredictTrainRequest>

export const PredictScoreRequest = PredictTrainRequest.omit({ folds: true }).extend({
  folds: z.number().int().min(2).max(50).default(10).describe('folds of the cross-validation recorded as provenance'),
})
export type PredictScoreRequest = z.input<typeof PredictScoreRequest>

export const PredictFold = z.object({
  fold: z.number().int(),
  auc: z.number(),
  logLoss: z.number(),
  rows: z.number().int(),
  positives: z.number().int(),
  precision: z.number().describe('precision in the top 10 % of the fold'),
  recall: z.number().describe('recall in the top 10 % of the fold'),
})
export const PredictTop = z.object({
  fraction: z.number(),
  k: z.number().int(),
  truePositives: z.number(),
  precision: z.number(),
  recall: z.number(),
})
export const PredictGainsRow = z.object({
  group: z.number().int(),
  rows: z.number().int(),
  positives: z.number(),
  responseRate: z.number(),
  lift: z.number(),
  cumulativeRows: z.number().int(),
  cumulativePositives: z.number(),
  cumulativeLift: z.number(),
  gain: z.number().describe('share of all positives captured up to this group'),
  minScore: z.number(),
  maxScore: z.number(),
})
export const PredictCalibrationRow = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int(),
  meanPredicted: z.number(),
  observedRate: z.number(),
})
export const PredictCoefficient = z.object({
  term: z.string().describe('the feature, or feature=level for a category'),
  feature: z.string(),
  level: z.string().nullable(),
  reference: z.string().nullable(),
  coefficient: z.number().describe('log odds per standard deviation (numeric) or against the reference level'),
  oddsRatio: z.number(),
  standardizedCoefficient: z.number().describe('log odds per standard deviation of the design column: ranks importance'),
})
export type PredictCoefficient = z.infer<typeof PredictCoefficient>

/** Cross-validated metrics and the coefficients of the model fitted on all rows. */
export const PredictReport = z.object({
  auc: z.number().describe('AUC of all out-of-fold predictions together'),
  meanAuc: z.number(),
  sdAuc: z.number(),
  logLoss: z.number(),
  folds: z.array(PredictFold),
  features: z.array(z.string()).describe('input features used'),
  n: z.number().int(),
  positives: z.number().int(),
  top: PredictTop,
  gains: z.array(PredictGainsRow),
  calibration: z.array(PredictCalibrationRow),
  intercept: z.number(),
  coefficients: z.array(PredictCoefficient),
  constantColumns: z.array(z.string()).describe('numeric features left out because they never vary'),
  warnings: z.array(z.string()),
  lambda: z.number(),
  seed: z.number().int(),
})
export type PredictReport = z.infer<typeof PredictReport>

export const PredictModel = PredictReport.extend({
  label: PredictLabel,
  horizon: z.number().int(),
  cutoff: z.string().describe('YYYY-MM-DD: features are measured before it, the label in [cutoff, cutoff + horizon)'),
  labelEnd: z.string().describe('YYYY-MM-DD, exclusive'),
  classWeight: z.enum(['balanced']).nullable(),
  computedAt: z.string(),
})
export type PredictModel = z.infer<typeof PredictModel>

export const PredictScored = z.object({
  customer_id: z.string(),
  probability: z.number(),
  recency_days: z.number().nullable(),
  frequency: z.number(),
  monetary: z.number(),
})
export type PredictScored = z.infer<typeof PredictScored>

export const PredictScoreResult = z.object({
  label: PredictLabel,
  horizon: z.number().int(),
  asOf: z.string().describe('YYYY-MM-DD the features were measured at'),
  written: z.number().int().describe('customers given a score'),
  scoreName: z.string().describe('the score written to profiles: churn or purchase'),
  model: z.object({ auc: z.number(), n: z.number().int(), positives: z.number().int(), cutoff: z.string(), features: z.array(z.string()) }),
  meanProbability: z.number(),
  distribution: z.array(z.object({ lower: z.number(), upper: z.number(), count: z.number().int() })),
  top: z.array(PredictScored).describe('highest probabilities first'),
  computedAt: z.string(),
})
export type PredictScoreResult = z.infer<typeof PredictScoreResult>

export const PredictLatestQuery = z.object({ label: PredictLabel.optional() })
export const PredictLatest = z.object({
  model: PredictModel.nullable(),
  scoring: PredictScoreResult.nullable(),
})
export type PredictLatest = z.infer<typeof PredictLatest>
