import { summaryFromTransactions } from '@portrait/analytics/clv'
import { err, ok, portraitError, type ClvFitReport, type ClvUnit, type PortraitError, type Result } from '@portrait/core'
import { DAY_MS, dayOf, dayString, parseDay } from './clv-dates.js'
import { fitClvModels, holdoutCheck } from './clv-fit.js'
import { readClvSummaryFile, readClvTransactionsFile } from './clv-files.js'

/** Fits BG/NBD (and Gamma-Gamma when the file has monetary values) on a summary file. */
export async function fitClvSummaryFile(
  path: string,
  options: { readonly unit?: ClvUnit } = {},
): Promise<Result<ClvFitReport, PortraitError>> {
  const file = await readClvSummaryFile(path)
  if (!file.ok) return file
  return fitClvModels(file.value, { unit: options.unit ?? 'week', calibrationEnd: null })
}

export interface TransactionsFitOptions {
  /** Last day of the calibration period, YYYY-MM-DD. */
  readonly calibrationEnd: string
  /** Last day of the holdout period; default: the last purchase day, when it is after the calibration end. */
  readonly observationEnd?: string
  readonly unit?: ClvUnit
}

/**
 * Builds the calibration summary from a transaction file (same-day purchases merged, first purchase
 * excluded from the frequency, times in days or weeks of 7 days) and fits the models on it. When
 * the file goes on after the calibration end, or an observation end is given, the report includes
 * the calibration/holdout check.
 */
export async function fitClvTransactionsFile(path: string, options: TransactionsFitOptions): Promise<Result<ClvFitReport, PortraitError>> {
  const unit = options.unit ?? 'week'
  const calibrationDay = parseDay(options.calibrationEnd)
  if (calibrationDay === null) {
    return err(portraitError('InvalidInput', `calibration end '${options.calibrationEnd}' is not a date (YYYY-MM-DD)`))
  }
  let observationDay: number | null = null
  if (options.observationEnd !== undefined) {
    observationDay = parseDay(options.observationEnd)
    if (observationDay === null) {
      return err(portraitError('InvalidInput', `observation end '${options.observationEnd}' is not a date (YYYY-MM-DD)`))
    }
    if (observationDay <= calibrationDay) {
      return err(
        portraitError(
          'InvalidInput',
          `observation end ${options.observationEnd} must be after the calibration end ${options.calibrationEnd}`,
        ),
      )
    }
  }
  const file = await readClvTransactionsFile(path)
  if (!file.ok) return file
  const lastDay = dayOf(file.value.lastPurchaseAt, 0)
  if (observationDay === null && lastDay > calibrationDay) observationDay = lastDay
  const summary = summaryFromTransactions(file.value.transactions, {
    calibrationEnd: calibrationDay * DAY_MS,
    ...(observationDay === null ? {} : { observationEnd: observationDay * DAY_MS }),
    unit,
  })
  if (!summary.ok) return err(portraitError(summary.error.tag, summary.error.message, summary.error.details))
  const report = fitClvModels(summary.value, { unit, calibrationEnd: dayString(calibrationDay) })
  if (!report.ok || observationDay === null) return report
  const holdout = holdoutCheck(report.value, summary.value, {
    calibrationEnd: dayString(calibrationDay),
    observationEnd: dayString(observationDay),
    originDay: dayOf(summary.value.origin, 0),
  })
  if (!holdout.ok) return holdout
  return ok({ ...report.value, holdout: holdout.value.check })
}
