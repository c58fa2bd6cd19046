import {
  conditionalExpectedAverageSpend,
  conditionalExpectedPurchasesByCustomer,
  probabilityAliveByCustomer,
  summaryFromTransactions,
  type Transaction,
  type TransactionSummary,
} from '@portrait/analytics/clv'
import {
  ClvFitReport,
  err,
  ok,
  portraitError,
  type ClvCustomer,
  type ClvCustomersQuery,
  type ClvCustomersResponse,
  type ClvHoldoutResponse,
  type ClvOverview,
  type ClvPredictResponse,
  type ClvScoreRun,
  type ClvUnit,
  type PortraitError,
  type Result,
} from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { dayOf, dayString, parseDay, startOfDay, utcOffsetMinutes } from './clv-dates.js'
import { clvDistribution, quantile, type ClvScoreValue } from './clv-distribution.js'
import { fitClvModels, holdoutCheck } from './clv-fit.js'

/** The name of the per-customer score and of the stored latest fit. */
export const CLV_SCORE = 'clv'
export const CLV_FIT_RUN = 'clv.fit'

/** The purchases of the workspace, with the calendar the summary uses (the workspace time zone). */
interface PurchaseHistory {
  readonly transactions: Transaction[]
  readonly offsetMinutes: number
  readonly firstDay: number
  readonly lastDay: number
  readonly buyers: number
}

async function purchaseHistory(portrait: Portrait): Promise<PurchaseHistory | null> {
  const columns = await portrait.store.features.transactions(portrait.workspaceId)
  const n = columns.customerIds.length
  if (n === 0) return null
  let first = Infinity
  let last = -Infinity
  const transactions = new Array<Transaction>(n)
  let buyers = 0
  for (let i = 0; i < n; i++) {
    const at = columns.at[i] ?? 0
    const customerId = columns.customerIds[i] ?? ''
    transactions[i] = { customerId, at, amount: columns.amount[i] ?? 0 }
    if (i === 0 || customerId !== columns.customerIds[i - 1]) buyers++
    if (at < first) first = at
    if (at > last) last = at
  }
  const offsetMinutes = utcOffsetMinutes(portrait.timezone, last)
  return { transactions, offsetMinutes, firstDay: dayOf(first, offsetMinutes), lastDay: dayOf(last, offsetMinutes), buyers }
}

const noPurchases = (): Result<never, PortraitError> =>
  err(portraitError('DegenerateData', 'the workspace has no purchases: import orders (or order lines) first'))

const fromModel = <T>(
  result: { ok: true; value: T } | { ok: false; error: { tag: PortraitError['tag']; message: string } },
): Result<T, PortraitError> => (result.ok ? result : err(portraitError(result.error.tag, result.error.message)))

function summarise(
  history: PurchaseHistory,
  calibrationDay: number,
  observationDay: number | null,
  unit: ClvUnit,
): Result<TransactionSummary, PortraitError> {
  return fromModel(
    summaryFromTransactions(history.transactions, {
      calibrationEnd: startOfDay(calibrationDay, history.offsetMinutes),
      ...(observationDay === null ? {} : { observationEnd: startOfDay(observationDay, history.offsetMinutes) }),
      unit,
      utcOffsetMinutes: history.offsetMinutes,
    }),
  )
}

function parseOptionalDay(text: string | undefined, what: string): Result<number | null, PortraitError> {
  if (text === undefined) return ok(null)
  const day = parseDay(text)
  return day === null ? err(portraitError('InvalidInput', `${what} '${text}' is not a date (YYYY-MM-DD)`)) : ok(day)
}

export interface ClvDatabaseFitOptions {
  /** Last day of the calibration period (workspace time zone); default: the day of the last purchase. */
  readonly calibrationEnd?: string
  /** Last day of the holdout period; default: the day of the last purchase. */
  readonly observationEnd?: string
  readonly unit?: ClvUnit
}

async function fitOnDatabase(
  portrait: Portrait,
  options: ClvDatabaseFitOptions,
): Promise<Result<{ report: ClvFitReport; summary: TransactionSummary; predicted: Float64Array | null }, PortraitError>> {
  const unit = options.unit ?? 'week'
  const calibration = parseOptionalDay(options.calibrationEnd, 'calibration end')
  if (!calibration.ok) return calibration
  const observation = parseOptionalDay(options.observationEnd, 'observation end')
  if (!observation.ok) return observation
  const history = await purchaseHistory(portrait)
  if (history === null) return noPurchases()
  const calibrationDay = calibration.value ?? history.lastDay
  if (calibrationDay < history.firstDay) {
    return err(
      portraitError(
        'InvalidInput',
        `calibration end ${dayString(calibrationDay)} is before the first purchase (${dayString(history.firstDay)}): no customer to fit`,
      ),
    )
  }
  let observationDay = observation.value ?? (history.lastDay > calibrationDay ? history.lastDay : null)
  if (observationDay !== null && observationDay <= calibrationDay) {
    if (observation.value !== null) {
      return err(
        portraitError(
          'InvalidInput',
          `observation end ${dayString(observationDay)} must be after the calibration end ${dayString(calibrationDay)}`,
        ),
      )
    }
    observationDay = null
  }
  const summary = summarise(history, calibrationDay, observationDay, unit)
  if (!summary.ok) return summary
  const fitted = fitClvModels(summary.value, { unit, calibrationEnd: dayString(calibrationDay) })
  if (!fitted.ok) return fitted
  let report: ClvFitReport = { ...fitted.value, fittedAt: new Date().toISOString() }
  let predicted: Float64Array | null = null
  if (observationDay !== null) {
    const holdout = holdoutCheck(report, summary.value, {
      calibrationEnd: dayString(calibrationDay),
      observationEnd: dayString(observationDay),
      originDay: dayOf(summary.value.origin, history.offsetMinutes),
    })
    if (!holdout.ok) return holdout
    report = { ...report, holdout: holdout.value.check }
    predicted = holdout.value.predicted
  }
  return ok({ report, summary: summary.value, predicted })
}

async function saveFit(portrait: Portrait, report: ClvFitReport, options: ClvDatabaseFitOptions): Promise<void> {
  await portrait.store.modelRuns.save(portrait.workspaceId, {
    model: CLV_FIT_RUN,
    computedAt: report.fittedAt ?? new Date().toISOString(),
    params: {
      unit: report.unit,
      calibrationEnd: report.calibrationEnd,
      ...(options.observationEnd ? { observationEnd: options.observationEnd } : {}),
    },
    result: report,
  })
}

/**
 * Fits BG/NBD and Gamma-Gamma on the purchases of the workspace up to the calibration end (by
 * default all of them) and records the fit as the workspace's latest. Days are those of the
 * workspace time zone. When purchases after the calibration end exist, the report includes the
 * calibration/holdout check.
 */
export async function fitClvOnDatabase(
  portrait: Portrait,
  options: ClvDatabaseFitOptions = {},
): Promise<Result<ClvFitReport, PortraitError>> {
  const fitted = await fitOnDatabase(portrait, options)
  if (!fitted.ok) return fitted
  await saveFit(portrait, fitted.value.report, options)
  return ok(fitted.value.report)
}

/** One customer in the calibration/holdout check. */
export interface ClvHoldoutCustomer {
  readonly customer_id: string
  /** Calibration summary: repeat purchases, time of the last one, time observed (in the unit). */
  readonly frequency: number
  readonly recency: number
  readonly T: number
  /** E[Y(t) | x, t_x, T] over the holdout period, and the purchase days that actually came. */
  readonly predicted: number
  readonly actual: number
}

/**
 * The calibration/holdout check on the database: fit on the purchases up to `calibrationEnd`, then
 * compare the purchases each customer made up to `observationEnd` (default: the last purchase) with
 * what the model predicted. Nothing is stored. With `withCustomers`, the per-customer rows too.
 */
export async function clvHoldoutOnDatabase(
  portrait: Portrait,
  options: ClvDatabaseFitOptions & { readonly calibrationEnd: string; readonly withCustomers?: boolean },
): Promise<Result<ClvHoldoutResponse & { readonly customers?: readonly ClvHoldoutCustomer[] }, PortraitError>> {
  const fitted = await fitOnDatabase(portrait, options)
  if (!fitted.ok) return fitted
  const { report, summary, predicted } = fitted.value
  if (report.holdout === undefined || predicted === null) {
    return err(
      portraitError(
        'InvalidInput',
        `there are no purchases after the calibration end ${report.calibrationEnd ?? ''}: choose an earlier calibration end to leave a holdout period`,
      ),
    )
  }
  const response = { ...report, holdout: report.holdout }
  if (!options.withCustomers) return ok(response)
  const customers = summary.customerIds.map((customer_id, i) => ({
    customer_id,
    frequency: summary.x[i] ?? 0,
    recency: summary.tx[i] ?? 0,
    T: summary.T[i] ?? 0,
    predicted: predicted[i] ?? 0,
    actual: summary.holdoutPurchases?.[i] ?? 0,
  }))
  return ok({ ...response, customers })
}

export interface ClvPredictOptions {
  /** Periods (of `unit`) to forecast; default 52. */
  readonly horizon?: number
  /** Discount rate per period; default 0.01. */
  readonly discount?: number
  readonly unit?: ClvUnit
}

/**
 * Fits the models on the whole purchase history and scores every customer with a purchase:
 * `scores.clv` = {clv, p_alive, expected_purchases, expected_spend, horizon, unit} plus the
 * customer's summary (frequency, recency, T). CLV is the discounted sum over the horizon of the
 * expected purchases per period times the Gamma-Gamma expected value of a purchase (Fader, Hardie &
 * Lee 2005, "RFM and CLV"). Repeat purchases of zero value carry no spend information, so such a
 * customer's expected spend is the population mean.
 */
export async function predictClv(portrait: Portrait, options: ClvPredictOptions = {}): Promise<Result<ClvPredictResponse, PortraitError>> {
  const horizon = options.horizon ?? 52
  const discount = options.discount ?? 0.01
  const unit = options.unit ?? 'week'
  if (!(Number.isInteger(horizon) && horizon >= 1 && horizon <= 520)) {
    return err(portraitError('InvalidInput', `horizon must be a whole number of periods from 1 to 520, got ${horizon}`))
  }
  if (!(Number.isFinite(discount) && discount >= 0 && discount <= 1)) {
    return err(portraitError('InvalidInput', `discount must be a rate per period from 0 to 1, got ${discount}`))
  }
  const history = await purchaseHistory(portrait)
  if (history === null) return noPurchases()
  const summary = summarise(history, history.lastDay, null, unit)
  if (!summary.ok) return summary
  const data = summary.value
  // Zero-value repeat purchases fall outside the spend model (its support is z̄ > 0): the fit
  // takes the customers with positive spend, and the rest count as having no spend history.
  const monetary = data.monetaryValue ?? new Float64Array(data.x.length)
  const spendX = data.x.map((x, i) => ((monetary[i] ?? 0) > 0 ? x : 0))
  const fitted = fitClvModels(
    { x: data.x, tx: data.tx, T: data.T, monetaryValue: monetary, spendFrequency: spendX },
    { unit, calibrationEnd: dayString(history.lastDay) },
  )
  if (!fitted.ok) return fitted
  const spend = fitted.value.spend
  if (spend === undefined) return err(portraitError('DegenerateData', 'the purchases carry no amounts: the spend model cannot be fitted'))
  const report: ClvFitReport = { ...fitted.value, fittedAt: new Date().toISOString() }
  const params = report.params

  const pAlive = fromModel(probabilityAliveByCustomer(params, data))
  if (!pAlive.ok) return pAlive
  const n = data.x.length
  const value = new Float64Array(n)
  const perPurchase = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const expected = fromModel(conditionalExpectedAverageSpend(spend.params, spendX[i] ?? 0, (spendX[i] ?? 0) > 0 ? (monetary[i] ?? 0) : 0))
    if (!expected.ok) return expected
    perPurchase[i] = expected.value
  }
  let previous: Float64Array = new Float64Array(n)
  let factor = 1
  for (let k = 1; k <= horizon; k++) {
    const cumulative = fromModel(conditionalExpectedPurchasesByCustomer(params, k, data))
    if (!cumulative.ok) return cumulative
    factor /= 1 + discount
    for (let i = 0; i < n; i++)
      value[i] = (value[i] ?? 0) + ((cumulative.value[i] ?? 0) - (previous[i] ?? 0)) * (perPurchase[i] ?? 0) * factor
    previous = cumulative.value
  }
  const scoreValues: (ClvScoreValue & { expected_spend: number; horizon: number; unit: ClvUnit })[] = []
  for (let i = 0; i < n; i++) {
    const entry = {
      clv: value[i] ?? Number.NaN,
      p_alive: pAlive.value[i] ?? Number.NaN,
      expected_purchases: previous[i] ?? Number.NaN,
      expected_spend: perPurchase[i] ?? Number.NaN,
      horizon,
      unit,
      frequency: data.x[i] ?? 0,
      recency: data.tx[i] ?? 0,
      T: data.T[i] ?? 0,
    }
    if (![entry.clv, entry.p_alive, entry.expected_purchases, entry.expected_spend].every(Number.isFinite)) {
      return err(portraitError('NotConverged', `the CLV of customer ${data.customerIds[i] ?? i} could not be evaluated to a finite value`))
    }
    scoreValues.push(entry)
  }
  const computedAt = new Date().toISOString()
  const asOf = dayString(history.lastDay)
  await portrait.store.scores.replace(
    portrait.workspaceId,
    CLV_SCORE,
    scoreValues.map((v, i) => ({ customer_id: data.customerIds[i] ?? '', value: v })),
    {
      model: 'bgnbd+gamma-gamma',
      computedAt,
      n,
      asOf,
      params: {
        bgnbd: report.params,
        logLikelihood: report.logLikelihood,
        n: report.n,
        spend: { params: spend.params, logLikelihood: spend.logLikelihood, n: spend.n },
        horizon,
        discount,
        unit,
      },
      notes: `discounted expected revenue over ${horizon} ${unit}s at ${discount} per ${unit}`,
    },
  )
  await saveFit(portrait, report, {})
  const scores: ClvScoreRun = { computedAt, asOf, n, horizon, discount, unit, distribution: clvDistribution(scoreValues, unit) }
  return ok({ fit: report, scores })
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(v))

function scoreValueOf(raw: Readonly<Record<string, unknown>>): ClvScoreValue & { expected_spend: number } {
  return {
    clv: asNumber(raw.clv),
    p_alive: asNumber(raw.p_alive),
    expected_purchases: asNumber(raw.expected_purchases),
    expected_spend: asNumber(raw.expected_spend),
    frequency: asNumber(raw.frequency),
    recency: asNumber(raw.recency),
    T: asNumber(raw.T),
  }
}

async function latestScoreRun(
  portrait: Portrait,
): Promise<{ run: Omit<ClvScoreRun, 'distribution'>; rows: { customer_id: string; value: ReturnType<typeof scoreValueOf> }[] } | null> {
  const provenance = await portrait.store.scores.provenance(portrait.workspaceId, CLV_SCORE)
  if (provenance === null) return null
  const params = provenance.params ?? {}
  const unit: ClvUnit = params.unit === 'day' ? 'day' : 'week'
  const rows = (await portrait.store.scores.list(portrait.workspaceId, CLV_SCORE)).map((r) => ({
    customer_id: r.customer_id,
    value: scoreValueOf(r.value),
  }))
  return {
    run: {
      computedAt: provenance.computedAt,
      asOf: provenance.asOf ?? '',
      n: provenance.n,
      horizon: asNumber(params.horizon),
      discount: asNumber(params.discount),
      unit,
    },
    rows,
  }
}

/** The latest fit, the latest scores with their distribution, and the purchase history behind them. */
export async function clvOverview(portrait: Portrait): Promise<ClvOverview> {
  const run = await portrait.store.modelRuns.latest(portrait.workspaceId, CLV_FIT_RUN)
  const parsed = run === null ? null : ClvFitReport.safeParse(run.result)
  const scores = await latestScoreRun(portrait)
  const history = await purchaseHistory(portrait)
  return {
    fit: parsed?.success ? parsed.data : null,
    scores:
      scores === null
        ? null
        : {
            ...scores.run,
            distribution: clvDistribution(
              scores.rows.map((r) => r.value),
              scores.run.unit,
            ),
          },
    history: {
      buyers: history?.buyers ?? 0,
      purchases: history?.transactions.length ?? 0,
      firstPurchase: history === null ? null : dayString(history.firstDay),
      lastPurchase: history === null ? null : dayString(history.lastDay),
    },
  }
}

/**
 * Customers by CLV or P(alive), with their order history. With `atRisk`, only the valuable
 * customers who have probably stopped buying: past revenue in the top quarter of the scored
 * customers and P(alive) below `maxPAlive`.
 */
export async function clvCustomers(portrait: Portrait, query: ClvCustomersQuery): Promise<Result<ClvCustomersResponse, PortraitError>> {
  const scores = await latestScoreRun(portrait)
  if (scores === null)
    return err(portraitError('NotFound', 'no CLV scores yet: run `portrait clv predict` (or POST /api/v1/clv/predict) first'))
  const features = await portrait.store.features.customerFeatures(portrait.workspaceId, { buyersOnly: true })
  const history = new Map<string, { orders: number; revenue: number }>()
  features.customerIds.forEach((id, i) => {
    history.set(id, { orders: features.numeric.frequency[i] ?? 0, revenue: features.numeric.monetary[i] ?? 0 })
  })
  const asOfDay = parseDay(scores.run.asOf) ?? 0
  const unitDays = scores.run.unit === 'week' ? 7 : 1
  let rows = scores.rows.map((r) => ({
    ...r,
    orders: history.get(r.customer_id)?.orders ?? 0,
    revenue: history.get(r.customer_id)?.revenue ?? 0,
  }))
  let atRiskRule: ClvCustomersResponse['atRiskRule'] = null
  if (query.atRisk) {
    const revenues = Float64Array.from(rows, (r) => r.revenue).sort()
    const minRevenue = quantile(revenues, 0.75)
    atRiskRule = { minRevenue, maxPAlive: query.maxPAlive }
    rows = rows.filter((r) => r.revenue >= minRevenue && r.revenue > 0 && r.value.p_alive < query.maxPAlive)
  }
  const key = query.sort === 'p_alive' ? (r: (typeof rows)[number]) => r.value.p_alive : (r: (typeof rows)[number]) => r.value.clv
  const sign = query.order === 'asc' ? 1 : -1
  rows.sort((a, b) => sign * (key(a) - key(b)) || b.revenue - a.revenue || a.customer_id.localeCompare(b.customer_id))
  const top = rows.slice(0, query.limit)
  const names = new Map<string, string | null>()
  if (top.length > 0) {
    const records = await portrait.store.transaction((tx) =>
      tx.getCustomers(
        portrait.workspaceId,
        top.map((r) => r.customer_id),
      ),
    )
    for (const record of records) names.set(record.customer_id, record.name)
  }
  const items: ClvCustomer[] = top.map((r) => ({
    customer_id: r.customer_id,
    name: names.get(r.customer_id) ?? null,
    clv: r.value.clv,
    p_alive: r.value.p_alive,
    expected_purchases: r.value.expected_purchases,
    expected_spend: r.value.expected_spend,
    orders: r.orders,
    revenue: r.revenue,
    last_purchase: dayString(asOfDay - Math.round((r.value.T - r.value.recency) * unitDays)),
  }))
  return ok({ total: rows.length, items, atRiskRule })
}
