import { ok, type ModelError, type Result } from '../result.js'
import { degenerate, invalid, type FrequencyRecencyData } from './data.js'

/** One purchase. `at` is a Date or epoch milliseconds; `amount` is its value in any currency unit. */
export interface Transaction {
  readonly customerId: string
  readonly at: Date | number
  readonly amount?: number
}

export interface SummaryOptions {
  /** Last day of the calibration period (inclusive): the day containing this instant. */
  readonly calibrationEnd: Date | number
  /** Last day of the holdout period (inclusive), when holdout counts are wanted. */
  readonly observationEnd?: Date | number
  /** Time unit of t_x, T and the holdout duration: days, or weeks of 7 days. */
  readonly unit: 'day' | 'week'
  /**
   * Start of period 0 for `firstPurchaseOffset` and `repeatPurchasesPerPeriod`; by default the day
   * of the earliest first purchase. Must not be after any customer's first purchase.
   */
  readonly origin?: Date | number
  /**
   * Offset from UTC, in minutes, of the calendar whose days define "the same day" and the period
   * boundaries (e.g. 480 for UTC+8). Default 0: UTC days.
   */
  readonly utcOffsetMinutes?: number
}

/**
 * Per-customer calibration summary in the BG/NBD notation, plus what a calibration/holdout
 * comparison needs. All arrays are indexed like `customerIds`, in order of each customer's first
 * appearance in the input.
 */
export interface TransactionSummary extends FrequencyRecencyData {
  readonly customerIds: readonly string[]
  /**
   * z̄: mean value of the repeat purchases in the calibration period (same-day purchases summed
   * into one), 0 for x = 0; null when the transactions carry no amounts.
   */
  readonly monetaryValue: Float64Array | null
  /** Time of each customer's first purchase after `origin`, in `unit`. */
  readonly firstPurchaseOffset: Float64Array
  /** Purchase days in the holdout period (after calibration end, up to observation end); null without `observationEnd`. */
  readonly holdoutPurchases: Float64Array | null
  /** Length of the holdout period in `unit`; null without `observationEnd`. */
  readonly holdoutDuration: number | null
  /**
   * Repeat purchases (same-day purchases counted once, first purchases excluded) of the summarised
   * customers in each period of one `unit` after `origin`, through observation end (or
   * calibration end). Entry k covers days [k·d, (k+1)·d) after origin, d = 1 or 7.
   */
  readonly repeatPurchasesPerPeriod: Float64Array
  /** Number of whole or partial periods up to and including the calibration end day. */
  readonly calibrationPeriods: number
  /** Start of period 0, epoch milliseconds (midnight in the chosen calendar, expressed in UTC). */
  readonly origin: number
  readonly unit: 'day' | 'week'
  /** Days per unit: 1 or 7. */
  readonly unitDays: number
  /** Customers left out because their first purchase came after the calibration end. */
  readonly excludedCustomers: number
}

const MS_PER_DAY = 86_400_000

const toMillis = (value: Date | number): number => (value instanceof Date ? value.getTime() : value)

/**
 * Builds the BG/NBD / Gamma-Gamma calibration summary from a transaction log, following Fader,
 * Hardie & Lee (2005) and the CDNOW summaries distributed with their papers:
 * - purchases on the same calendar day are one purchase (their amounts summed);
 * - x = number of purchase days in the calibration period after the first one (repeat purchases);
 * - t_x = time from the first to the last purchase day in the calibration period (0 if x = 0);
 * - T = time from the first purchase day to the calibration end day;
 * - z̄ = mean value of the repeat purchase days (the first purchase is excluded, as in Fader &
 *   Hardie 2013, because it is not representative of later spend);
 * - holdout purchases = purchase days after the calibration end day up to the observation end day.
 * Times are whole days divided by 1 (unit 'day') or 7 (unit 'week'). Customers whose first purchase
 * is after the calibration end are left out (counted in `excludedCustomers`).
 *
 * @returns the summary, or `InvalidInput` (invalid date, NaN or negative amount, amounts on some
 *   transactions only, observation end before calibration end, origin after a first purchase) or
 *   `DegenerateData` (no transactions, no customer active by the calibration end).
 */
export function summaryFromTransactions(
  transactions: readonly Transaction[],
  options: SummaryOptions,
): Result<TransactionSummary, ModelError> {
  const { unit } = options
  if (unit !== 'day' && unit !== 'week') return invalid(`unit must be 'day' or 'week', got ${String(unit)}`)
  const unitDays = unit === 'week' ? 7 : 1
  const offsetMs = (options.utcOffsetMinutes ?? 0) * 60_000
  if (!Number.isFinite(offsetMs)) return invalid('utcOffsetMinutes must be finite')
  const dayOf = (ms: number): number => Math.floor((ms + offsetMs) / MS_PER_DAY)

  const calibrationEndMs = toMillis(options.calibrationEnd)
  if (!Number.isFinite(calibrationEndMs)) return invalid('calibrationEnd is not a valid date')
  const calibrationEndDay = dayOf(calibrationEndMs)
  let observationEndDay: number | null = null
  if (options.observationEnd !== undefined) {
    const ms = toMillis(options.observationEnd)
    if (!Number.isFinite(ms)) return invalid('observationEnd is not a valid date')
    observationEndDay = dayOf(ms)
    if (observationEndDay < calibrationEndDay) return invalid('observationEnd is before calibrationEnd')
  }
  const lastDay = observationEndDay ?? calibrationEndDay
  if (transactions.length === 0) return degenerate('no transactions: the input is empty')

  // Pass 1: validate, and collect each customer's purchase days with the day's total amount.
  const indexOf = new Map<string, number>()
  const ids: string[] = []
  const days: Map<number, number>[] = []
  let withAmount = 0
  for (let i = 0; i < transactions.length; i++) {
    const transaction = transactions[i]
    if (transaction === undefined) continue
    const ms = toMillis(transaction.at)
    if (!Number.isFinite(ms)) return invalid(`transaction ${i} has an invalid date`, { index: i })
    const amount = transaction.amount
    if (amount !== undefined) {
      if (!(Number.isFinite(amount) && amount >= 0)) {
        return invalid(`transaction ${i} has an amount that is not a finite non-negative number (${amount})`, { index: i })
      }
      withAmount++
    }
    const day = dayOf(ms)
    if (day > lastDay) continue
    let index = indexOf.get(transaction.customerId)
    if (index === undefined) {
      index = ids.length
      indexOf.set(transaction.customerId, index)
      ids.push(transaction.customerId)
      days.push(new Map())
    }
    const customerDays = days[index]
    if (customerDays !== undefined) customerDays.set(day, (customerDays.get(day) ?? 0) + (amount ?? 0))
  }
  if (withAmount !== 0 && withAmount !== transactions.length) {
    return invalid(`amounts are given on ${withAmount} of ${transactions.length} transactions: give them on all or none`)
  }

  // Pass 2: per-customer summary, for customers whose first purchase is in the calibration period.
  const kept: { id: string; sortedDays: number[]; amounts: Map<number, number> }[] = []
  let excludedCustomers = 0
  for (let c = 0; c < ids.length; c++) {
    const customerDays = days[c]
    const id = ids[c]
    if (customerDays === undefined || id === undefined) continue
    const sortedDays = [...customerDays.keys()].sort((u, v) => u - v)
    if ((sortedDays[0] ?? Infinity) > calibrationEndDay) {
      excludedCustomers++
      continue
    }
    kept.push({ id, sortedDays, amounts: customerDays })
  }
  if (kept.length === 0) return degenerate('no customer made a first purchase by the calibration end')

  // A loop, not Math.min(...days): spreading a large cohort would overflow the call stack.
  let earliestFirstDay = Infinity
  for (const customer of kept) earliestFirstDay = Math.min(earliestFirstDay, customer.sortedDays[0] ?? Infinity)
  let originDay = earliestFirstDay
  if (options.origin !== undefined) {
    const ms = toMillis(options.origin)
    if (!Number.isFinite(ms)) return invalid('origin is not a valid date')
    originDay = dayOf(ms)
    if (originDay > earliestFirstDay) return invalid('origin is after the first purchase of some customer')
  }

  const n = kept.length
  const x = new Float64Array(n)
  const tx = new Float64Array(n)
  const T = new Float64Array(n)
  const monetaryValue = withAmount > 0 ? new Float64Array(n) : null
  const firstPurchaseOffset = new Float64Array(n)
  const holdoutPurchases = observationEndDay === null ? null : new Float64Array(n)
  const periods = Math.ceil((lastDay - originDay + 1) / unitDays)
  const repeatPurchasesPerPeriod = new Float64Array(periods)
  for (let c = 0; c < n; c++) {
    const customer = kept[c]
    if (customer === undefined) continue
    const firstDay = customer.sortedDays[0] ?? 0
    let repeats = 0
    let lastCalibrationDay = firstDay
    let repeatValue = 0
    let holdout = 0
    for (let k = 1; k < customer.sortedDays.length; k++) {
      const day = customer.sortedDays[k] ?? 0
      const period = Math.floor((day - originDay) / unitDays)
      repeatPurchasesPerPeriod[period] = (repeatPurchasesPerPeriod[period] ?? 0) + 1
      if (day <= calibrationEndDay) {
        repeats++
        lastCalibrationDay = day
        repeatValue += customer.amounts.get(day) ?? 0
      } else {
        holdout++
      }
    }
    x[c] = repeats
    tx[c] = (lastCalibrationDay - firstDay) / unitDays
    T[c] = (calibrationEndDay - firstDay) / unitDays
    if (monetaryValue !== null) monetaryValue[c] = repeats > 0 ? repeatValue / repeats : 0
    firstPurchaseOffset[c] = (firstDay - originDay) / unitDays
    if (holdoutPurchases !== null) holdoutPurchases[c] = holdout
  }
  return ok({
    customerIds: kept.map((k) => k.id),
    x,
    tx,
    T,
    monetaryValue,
    firstPurchaseOffset,
    holdoutPurchases,
    holdoutDuration: observationEndDay === null ? null : (observationEndDay - calibrationEndDay) / unitDays,
    repeatPurchasesPerPeriod,
    calibrationPeriods: Math.ceil((calibrationEndDay - originDay + 1) / unitDays),
    origin: originDay * MS_PER_DAY - offsetMs,
    unit,
    unitDays,
    excludedCustomers,
  })
}
