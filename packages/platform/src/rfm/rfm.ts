/**
 * RFM analysis over the customer database: per-customer recency, frequency and monetary value come
 * from the store's feature query, `@portrait/analytics/rfm` scores them, and the scores are stored as
 * `scores.rfm` with their provenance. See docs/rfm.md for the scoring rule and the eight classes.
 *
 * Who is scored: customers with at least one purchase (an order that is not a return) before the
 * as-of date. A customer with no purchase has no recency, and a frequency of 0 would only add a tie
 * group at the bottom of every quantile, so such customers get no RFM score; the result counts them
 * as `unscored`. Recency is counted from the last purchase, frequency counts purchases (returns are
 * not orders), and monetary value is net revenue (returns subtract).
 */
import { RFM_CLASSES, scoreRfm, type RfmThreshold } from '@portrait/analytics/rfm'
import {
  err,
  ok,
  portraitError,
  type PortraitError,
  type Result,
  type RfmResult,
  type RfmScoreRange,
  type RfmThresholdRule,
} from '@portrait/core'
import type { ScoreProvenance, ScoreRow } from '@portrait/store'
import type { Portrait } from '../portrait.js'

export interface RfmRunOptions {
  /** Quantile scores per dimension, 2..20. Default 5. */
  readonly bins?: number
  /** YYYY-MM-DD; orders on or after this date are ignored. Default: the day after the last order. */
  readonly asOf?: string
  /** High/low cut: 'mean' (default), 'median', or a number on the score scale, 1 ≤ N < bins. */
  readonly threshold?: RfmThresholdRule
}

export const RFM_MAX_BINS = 20
const DEFAULT_BINS = 5
const UNSCORED_NOTE = 'Customers without a purchase before the as-of date are not scored (no recency); they are counted as unscored.'

/** Stored per customer in `scores.rfm`. */
export interface RfmScoreValue {
  readonly recency_days: number
  readonly frequency: number
  readonly monetary: number
  readonly r: number
  readonly f: number
  readonly m: number
  /** The class key, e.g. `champions`. */
  readonly segment: string
}

/** Parameters recorded in the provenance of `scores.rfm`. */
interface RfmParams {
  readonly bins: number
  readonly threshold: RfmThresholdRule
  readonly thresholds: { readonly r: number; readonly f: number; readonly m: number }
  readonly unscored: number
}

/** Checks a YYYY-MM-DD string names a real calendar day; returns midnight UTC of it. */
export function parseCalendarDate(text: string, what: string): Result<Date, PortraitError> {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null
  if (!date || date.toISOString().slice(0, 10) !== text) {
    return err(portraitError('InvalidInput', `${what} '${text}' is not a date; use YYYY-MM-DD, e.g. 2011-12-10`))
  }
  return ok(date)
}

/** Validates the options; returns them complete. */
function checkOptions(options: RfmRunOptions): Result<{ bins: number; asOf?: Date; threshold: RfmThresholdRule }, PortraitError> {
  const bins = options.bins ?? DEFAULT_BINS
  if (!Number.isInteger(bins) || bins < 2 || bins > RFM_MAX_BINS) {
    return err(portraitError('InvalidInput', `bins must be a whole number from 2 to ${RFM_MAX_BINS}, got ${bins}`))
  }
  const threshold = options.threshold ?? 'mean'
  if (typeof threshold === 'number' && !(Number.isFinite(threshold) && threshold >= 1 && threshold < bins)) {
    return err(
      portraitError(
        'InvalidInput',
        `threshold must be mean, median or a number from 1 to below ${bins} (the number of bins), got ${threshold}`,
      ),
    )
  }
  if (typeof threshold === 'string' && threshold !== 'mean' && threshold !== 'median') {
    return err(portraitError('InvalidInput', `threshold must be mean, median or a number, got '${String(threshold)}'`))
  }
  if (options.asOf === undefined) return ok({ bins, threshold })
  const asOf = parseCalendarDate(options.asOf, 'as-of date')
  if (!asOf.ok) return asOf
  return ok({ bins, asOf: asOf.value, threshold })
}

/**
 * Money is stored with six decimals; sums of such amounts carry float noise in the last bits.
 * Rounding back to six decimals makes equal totals equal numbers, which the tie rule relies on.
 */
const roundMoney = (x: number): number => Math.round(x * 1e6) / 1e6

/** Scores every customer with a purchase before the as-of date and stores the scores as `scores.rfm`. */
export async function runRfm(p: Portrait, options: RfmRunOptions = {}): Promise<Result<RfmResult, PortraitError>> {
  const checked = checkOptions(options)
  if (!checked.ok) return checked
  const { bins, threshold } = checked.value
  const table = await p.store.features.customerFeatures(p.workspaceId, checked.value.asOf ? { asOf: checked.value.asOf } : {})
  const { recency_days: recencyAll, frequency: frequencyAll, monetary: monetaryAll } = table.numeric

  const buyers: number[] = []
  for (let i = 0; i < table.customerIds.length; i++) {
    if ((frequencyAll[i] as number) > 0 && Number.isFinite(recencyAll[i])) buyers.push(i)
  }
  const unscored = table.customerIds.length - buyers.length
  if (buyers.length === 0) {
    return err(
      portraitError('EmptyInput', `no customer has a purchase before ${table.asOf}: there is nothing to score`, {
        asOf: table.asOf,
        customers: table.customerIds.length,
      }),
    )
  }
  const recencyDays = Float64Array.from(buyers, (i) => recencyAll[i] as number)
  const frequency = Float64Array.from(buyers, (i) => frequencyAll[i] as number)
  const monetary = Float64Array.from(buyers, (i) => roundMoney(monetaryAll[i] as number))
  const scored = scoreRfm({ recencyDays, frequency, monetary }, { bins, threshold: threshold as RfmThreshold })
  if (!scored.ok) return err(portraitError(scored.error.tag, scored.error.message, scored.error.details))
  const s = scored.value

  const rows: ScoreRow[] = buyers.map((customer, i) => {
    const value: RfmScoreValue = {
      recency_days: recencyDays[i] as number,
      frequency: frequency[i] as number,
      monetary: monetary[i] as number,
      r: s.r[i] as number,
      f: s.f[i] as number,
      m: s.m[i] as number,
      segment: (RFM_CLASSES[s.classIndex[i] as number] as (typeof RFM_CLASSES)[number]).key,
    }
    return { customer_id: table.customerIds[customer] as string, value: { ...value } }
  })
  const params: RfmParams = { bins, threshold, thresholds: { ...s.thresholds }, unscored }
  const provenance: ScoreProvenance = {
    model: 'rfm',
    computedAt: new Date().toISOString(),
    n: buyers.length,
    asOf: table.asOf,
    params: { ...params },
    notes: UNSCORED_NOTE,
  }
  await p.store.scores.replace(p.workspaceId, 'rfm', rows, provenance)
  return ok(
    summarizeRfm(
      { recencyDays, frequency, monetary, r: s.r, f: s.f, m: s.m, classIndex: s.classIndex },
      { bins, threshold, thresholds: s.thresholds, unscored, asOf: table.asOf, computedAt: provenance.computedAt },
    ),
  )
}

/** The latest stored RFM run, summarised from the stored scores and their provenance. */
export async function latestRfm(p: Portrait): Promise<Result<RfmResult, PortraitError>> {
  const provenance = await p.store.scores.provenance(p.workspaceId, 'rfm')
  const stored = await p.store.scores.list(p.workspaceId, 'rfm')
  if (!provenance || stored.length === 0) {
    return err(portraitError('NotFound', 'RFM has not been computed in this workspace yet; run it first (portrait rfm)'))
  }
  const params = provenance.params as unknown as RfmParams
  const n = stored.length
  const columns = {
    recencyDays: new Float64Array(n),
    frequency: new Float64Array(n),
    monetary: new Float64Array(n),
    r: new Uint8Array(n),
    f: new Uint8Array(n),
    m: new Uint8Array(n),
    classIndex: new Uint8Array(n),
  }
  const classIndexByKey = new Map(RFM_CLASSES.map((c) => [c.key as string, c.index]))
  stored.forEach((row, i) => {
    const v = row.value as unknown as RfmScoreValue
    columns.recencyDays[i] = v.recency_days
    columns.frequency[i] = v.frequency
    columns.monetary[i] = v.monetary
    columns.r[i] = v.r
    columns.f[i] = v.f
    columns.m[i] = v.m
    const index = classIndexByKey.get(v.segment)
    if (index === undefined) throw new Error(`stored RFM score of ${row.customer_id} has an unknown class '${v.segment}'`)
    columns.classIndex[i] = index
  })
  return ok(
    summarizeRfm(columns, {
      bins: params.bins,
      threshold: params.threshold,
      thresholds: params.thresholds,
      unscored: params.unscored,
      asOf: provenance.asOf ?? '',
      computedAt: provenance.computedAt,
    }),
  )
}

interface RfmColumns {
  readonly recencyDays: Float64Array
  readonly frequency: Float64Array
  readonly monetary: Float64Array
  readonly r: Uint8Array
  readonly f: Uint8Array
  readonly m: Uint8Array
  readonly classIndex: Uint8Array
}

interface RfmRunFacts {
  readonly bins: number
  readonly threshold: RfmThresholdRule
  readonly thresholds: { readonly r: number; readonly f: number; readonly m: number }
  readonly unscored: number
  readonly asOf: string
  readonly computedAt: string
}

/** Class sizes and revenue, the R × F matrix, the raw-value range of every score, and the score totals. */
function summarizeRfm(c: RfmColumns, facts: RfmRunFacts): RfmResult {
  const n = c.r.length
  const { bins } = facts
  const classCounts = new Array<number>(RFM_CLASSES.length).fill(0)
  const classRevenue = new Array<number>(RFM_CLASSES.length).fill(0)
  const heat = Array.from({ length: bins }, () => new Array<number>(bins).fill(0))
  const sums = new Array<number>(3 * bins - 2).fill(0)
  let revenue = 0
  for (let i = 0; i < n; i++) {
    const cls = c.classIndex[i] as number
    const money = c.monetary[i] as number
    classCounts[cls] = (classCounts[cls] as number) + 1
    classRevenue[cls] = (classRevenue[cls] as number) + money
    revenue += money
    const r = c.r[i] as number
    const f = c.f[i] as number
    const row = heat[r - 1] as number[]
    row[f - 1] = (row[f - 1] as number) + 1
    const sum = r + f + (c.m[i] as number) - 3
    sums[sum] = (sums[sum] as number) + 1
  }
  const ranges = (scores: Uint8Array, values: Float64Array): RfmScoreRange[] =>
    Array.from({ length: bins }, (_, b) => {
      let min = Infinity
      let max = -Infinity
      let count = 0
      for (let i = 0; i < n; i++) {
        if (scores[i] !== b + 1) continue
        const v = values[i] as number
        if (v < min) min = v
        if (v > max) max = v
        count++
      }
      return { score: b + 1, min: count > 0 ? min : null, max: count > 0 ? max : null, count }
    })
  const scores = Array.from({ length: bins }, (_, b) => b + 1)
  return {
    asOf: facts.asOf,
    bins,
    customers: n,
    unscored: facts.unscored,
    thresholds: { r: facts.thresholds.r, f: facts.thresholds.f, m: facts.thresholds.m },
    classes: RFM_CLASSES.map((cls) => ({
      key: cls.key,
      zh: cls.zh,
      en: cls.en,
      count: classCounts[cls.index] as number,
      share: n > 0 ? (classCounts[cls.index] as number) / n : 0,
      revenue: roundMoney(classRevenue[cls.index] as number),
      action_zh: cls.action.zh,
      action_en: cls.action.en,
      r: cls.r,
      f: cls.f,
      m: cls.m,
    })),
    heatmap: { r: scores, f: [...scores], counts: heat },
    edges: { recency: ranges(c.r, c.recencyDays), frequency: ranges(c.f, c.frequency), monetary: ranges(c.m, c.monetary) },
    threshold: facts.threshold,
    scoreSums: sums.map((count, i) => ({ sum: i + 3, count })),
    revenue: roundMoney(revenue),
    computedAt: facts.computedAt,
    notes: UNSCORED_NOTE,
  }
}
