/**
 * Customer-lifetime-value models for non-contractual settings.
 *
 * - Purchase counts: the BG/NBD model of Fader, Hardie & Lee (2005), "Counting Your Customers the
 *   Easy Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), 275-284.
 * - Spend per purchase: the Gamma-Gamma model of Fader & Hardie (2013), "The Gamma-Gamma Model of
 *   Monetary Value" (note), from Fader, Hardie & Lee (2005), "RFM and CLV", JMR 42(4), 415-430.
 * - Their combination into a discounted lifetime value, the summary of a transaction log into
 *   (x, t_x, T, z̄), and the calibration/holdout checks of the 2005 paper.
 *
 * Every function that takes data validates it and returns a `Result`: malformed input is
 * `InvalidInput`, data that cannot identify a model is `DegenerateData`, and an optimiser or series
 * that did not converge is `NotConverged`. Times are in one unit throughout (the unit of T); money
 * in one currency unit (that of z̄).
 */
export {
  validateFrequencyRecency,
  validateMonetary,
  type CustomerHistory,
  type FrequencyRecencyData,
  type FrequencyRecencyStats,
  type MonetaryData,
  type MonetaryStats,
} from './data.js'
export type { FitRun, MaximumLikelihoodOptions } from './mle.js'
export { hyp2f1, type Hyp2f1Options } from './hyp2f1.js'
export {
  bgNbdLogLikelihood,
  conditionalExpectedPurchases,
  conditionalExpectedPurchasesByCustomer,
  expectedPurchases,
  fitBgNbd,
  probabilityAlive,
  probabilityAliveByCustomer,
  probabilityOfPurchases,
  type BgNbdFit,
  type BgNbdFitOptions,
  type BgNbdParameters,
} from './bgNbd.js'
export {
  conditionalExpectedAverageSpend,
  conditionalExpectedAverageSpendByCustomer,
  fitGammaGamma,
  gammaGammaLogLikelihood,
  type GammaGammaFit,
  type GammaGammaFitOptions,
  type GammaGammaParameters,
} from './gammaGamma.js'
export { discountedLifetimeValue, type CustomerValueData, type LifetimeValueOptions } from './lifetimeValue.js'
export { summaryFromTransactions, type SummaryOptions, type Transaction, type TransactionSummary } from './summary.js'
export {
  compareCalibrationHoldout,
  conditionalExpectationsByFrequency,
  trackRepeatPurchases,
  type CalibrationHoldoutComparison,
  type CohortPurchases,
  type FrequencyBucket,
  type RepeatPurchaseTracking,
} from './holdout.js'
