/**
 * Propensity and churn models: L2-regularised logistic regression on a design built from typed
 * columns, stratified k-fold cross-validation, and the metrics used to judge such models (AUC, log
 * loss, precision/recall at the top, lift/gains and calibration tables, coefficients as odds ratios).
 *
 * Typical use:
 * ```ts
 * const spec: FeatureSpec = [
 *   { name: 'age', kind: 'numeric' },
 *   { name: 'plan', kind: 'categorical' },
 * ]
 * const prepared = prepareFeatures(spec, { age: ages, plan: plans })   // Result
 * if (prepared.ok) {
 *   const cv = crossValidateLogistic(prepared.value, churned, { folds: 10, seed: 1 })
 *   const model = fitLogisticModel(prepared.value, churned)
 *   if (model.ok) console.table(coefficientReport(model.value).terms)
 * }
 * ```
 *
 * Everything is deterministic (fold assignment is seeded) and free of I/O. Expected failures —
 * no rows, a constant target, a non-numeric cell in a numeric column, a fold with one class, a fit
 * that does not converge — come back as `err` values with a `ModelError`.
 *
 * A warning for propensity work: only use inputs known before the moment of prediction. In the UCI
 * bank-marketing data (`bank.csv`), `duration` (length of the sales call) lifts the 10-fold
 * cross-validated AUC to about 0.89, but it is only known after the call has ended, and a call's
 * length is largely decided by the outcome (a customer who declines hangs up at once; a call of 0
 * seconds is always a "no"; a subscription takes a long call to arrange). It leaks the target into
 * the inputs: a model that uses it cannot rank customers before calling them. Without it the AUC is
 * about 0.72, which is the honest figure. The data's documentation says the same.
 *
 * @packageDocumentation
 */
export {
  prepareFeatures,
  fitDesignEncoder,
  buildDesignMatrix,
  type FeatureDefinition,
  type FeatureSpec,
  type ColumnValues,
  type DataColumns,
  type PreparedColumn,
  type PreparedFeatures,
  type NumericEncoding,
  type CategoricalEncoding,
  type LevelEncoding,
  type DesignEncoder,
  type DesignMatrix,
} from './design.js'
export {
  fitLogisticRegression,
  fitLogisticModel,
  predictDesign,
  predictProbabilities,
  coefficientReport,
  binaryTarget,
  checkBinaryTarget,
  DEFAULT_LAMBDA,
  type LogisticOptions,
  type ClassWeights,
  type LogisticFit,
  type LogisticModel,
  type CoefficientSummary,
  type CoefficientReport,
} from './logistic.js'
export {
  rocAuc,
  logLoss,
  precisionRecallAtTop,
  gainsTable,
  calibrationTable,
  type LogLossOptions,
  type TopKMetrics,
  type GainsRow,
  type CalibrationRow,
} from './metrics.js'
export {
  stratifiedKFold,
  crossValidateLogistic,
  type CrossValidationOptions,
  type CrossValidationReport,
  type FoldReport,
  type PooledReport,
} from './crossValidation.js'
