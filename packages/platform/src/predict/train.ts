/**
 * Cross-validated training of the logistic propensity model and its report: pooled and per-fold
 * AUC and log loss, precision/recall in the top 10 %, gains and calibration tables, and the
 * coefficients of the model fitted on all rows (feature importance). Shared by the file mode and the
 * database mode.
 */
import {
  coefficientReport,
  crossValidateLogistic,
  DEFAULT_LAMBDA,
  fitLogisticModel,
  type LogisticModel,
  type PreparedFeatures,
} from '@portrait/analytics/models'
import { err, ok, portraitError, type PortraitError, type PredictReport, type Result } from '@portrait/core'

export interface TrainOptions {
  /** Cross-validation folds (default 10). */
  readonly folds?: number
  /** Seed of the fold assignment (default 1). */
  readonly seed?: number
  /** Ridge penalty on the standardised coefficients (default 1e-4). */
  readonly lambda?: number
  /** Weigh both classes equally (ranking improves for rare positives; probabilities are then not calibrated). */
  readonly classWeight?: 'balanced'
}

export interface TrainedModel {
  readonly report: PredictReport
  /** The model fitted on all rows, for scoring. */
  readonly model: LogisticModel
}

/** Checks the training options; messages name the option and the value. */
export function checkTrainOptions(options: TrainOptions): Result<{ folds: number; seed: number; lambda: number }, PortraitError> {
  const folds = options.folds ?? 10
  const seed = options.seed ?? 1
  const lambda = options.lambda ?? DEFAULT_LAMBDA
  if (!Number.isInteger(folds) || folds < 2 || folds > 50) {
    return err(portraitError('InvalidInput', `folds must be a whole number from 2 to 50, got ${String(folds)}`))
  }
  if (!Number.isSafeInteger(seed)) return err(portraitError('InvalidInput', `seed must be a whole number, got ${String(seed)}`))
  if (!(Number.isFinite(lambda) && lambda >= 0)) {
    return err(portraitError('InvalidInput', `lambda must be a number ≥ 0, got ${String(lambda)}`))
  }
  if (options.classWeight !== undefined && options.classWeight !== 'balanced') {
    return err(portraitError('InvalidInput', `class weight must be 'balanced', got '${String(options.classWeight)}'`))
  }
  return ok({ folds, seed, lambda })
}

/**
 * Stratified k-fold cross-validation, then a fit on all rows. Errors of the models keep their tags
 * (a constant target or a class smaller than the folds is `DegenerateData`, a fit that does not
 * converge is `NotConverged`).
 */
export function trainLogistic(
  prepared: PreparedFeatures,
  target: Uint8Array,
  features: readonly string[],
  options: TrainOptions,
): Result<TrainedModel, PortraitError> {
  const checked = checkTrainOptions(options)
  if (!checked.ok) return checked
  const { folds, seed, lambda } = checked.value
  const fitOptions = { lambda, ...(options.classWeight ? { classWeights: options.classWeight } : {}) }
  const cv = crossValidateLogistic(prepared, target, { ...fitOptions, folds, seed })
  if (!cv.ok) return err(portraitError(cv.error.tag, cv.error.message, cv.error.details))
  const model = fitLogisticModel(prepared, target, fitOptions)
  if (!model.ok) return err(portraitError(model.error.tag, model.error.message, model.error.details))
  const coefficients = coefficientReport(model.value)
  const { pooled } = cv.value
  let positives = 0
  for (const y of target) positives += y
  const warnings = [...new Set([...cv.value.folds.flatMap((fold) => fold.warnings), ...model.value.fit.warnings])]
  const report: PredictReport = {
    auc: pooled.auc,
    meanAuc: cv.value.meanAuc,
    sdAuc: cv.value.sdAuc,
    logLoss: pooled.logLoss,
    folds: cv.value.folds.map((fold) => ({
      fold: fold.fold,
      auc: fold.auc,
      logLoss: fold.logLoss,
      rows: fold.testRows,
      positives: fold.testPositives,
      precision: fold.top.precision,
      recall: fold.top.recall,
    })),
    features: [...features],
    n: target.length,
    positives,
    top: { ...pooled.top },
    gains: pooled.gains.map((row) => ({
      group: row.group,
      rows: row.rows,
      positives: row.positives,
      responseRate: row.responseRate,
      lift: row.lift,
      cumulativeRows: row.cumulativeRows,
      cumulativePositives: row.cumulativePositives,
      cumulativeLift: row.cumulativeLift,
      gain: row.gain,
      minScore: row.minScore,
      maxScore: row.maxScore,
    })),
    calibration: pooled.calibration.map((row) => ({ ...row })),
    intercept: coefficients.intercept,
    coefficients: coefficients.terms.map((term) => ({
      term: term.term,
      feature: term.feature,
      level: term.level ?? null,
      reference: term.reference ?? null,
      coefficient: term.coefficient,
      oddsRatio: term.oddsRatio,
      standardizedCoefficient: term.standardizedCoefficient,
    })),
    constantColumns: [...model.value.encoder.constantColumns],
    warnings,
    lambda,
    seed,
  }
  return ok({ report, model: model.value })
}
