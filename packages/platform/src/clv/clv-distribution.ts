import type { ClvDistribution, ClvUnit } from '@portrait/core'

/** The fields of one stored `clv` score that the distribution summary reads. */
export type ClvScoreValue = {
  readonly clv: number
  readonly p_alive: number
  readonly expected_purchases: number
  readonly frequency: number
  readonly recency: number
  readonly T: number
}

/** Repeat-purchase buckets of the P(alive) heat map, inclusive bounds. */
const FREQUENCY_BUCKETS = [
  { from: 0, to: 0 },
  { from: 1, to: 1 },
  { from: 2, to: 2 },
  { from: 3, to: 3 },
  { from: 4, to: 5 },
  { from: 6, to: 9 },
  { from: 10, to: 19 },
  { from: 20, to: null },
] as const

/** Weeks since the last purchase, [from, to). */
const RECENCY_WEEKS = [0, 4, 8, 13, 26, 39, 52] as const

const HISTOGRAM_BINS = 20

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `raw` (> 0). */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw))
  const f = raw / power
  const m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10
  return m * power
}

/** The q-quantile of sorted values (linear interpolation between order statistics). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length
  if (n === 0) return 0
  const position = (n - 1) * q
  const lo = Math.floor(position)
  const hi = Math.min(n - 1, lo + 1)
  const low = sorted[lo] ?? 0
  return low + ((sorted[hi] ?? low) - low) * (position - lo)
}

/**
 * How CLV and P(alive) are spread over the scored customers: quantiles, a histogram (at most 20
 * equal bins of a round width up to the 99th percentile, then one open bin, so a few very large
 * values do not flatten the rest), and the mean P(alive) by repeat purchases × time since the last
 * purchase.
 */
export function clvDistribution(values: readonly ClvScoreValue[], unit: ClvUnit): ClvDistribution {
  const n = values.length
  const clv = Float64Array.from(values, (v) => v.clv).sort()
  let total = 0
  let purchases = 0
  let pAlive = 0
  let likelyInactive = 0
  for (const v of values) {
    total += v.clv
    purchases += v.expected_purchases
    pAlive += v.p_alive
    if (v.p_alive < 0.5) likelyInactive++
  }
  const q = (p: number): number => quantile(clv, p)
  const p99 = q(0.99)
  // Round bin widths (1, 2, 2.5 or 5 times a power of ten) so the bins read as 0–500, 500–1,000, …
  const width = p99 > 0 ? niceStep(p99 / HISTOGRAM_BINS) : 1
  const bins = p99 > 0 ? Math.ceil(p99 / width) : 1
  const counts = new Array<number>(bins + 1).fill(0)
  for (const v of clv) {
    const bin = Math.max(0, Math.min(bins, Math.floor(v / width)))
    counts[bin] = (counts[bin] ?? 0) + 1
  }
  const histogram = counts.map((customers, i) => ({ from: i * width, to: i === bins ? null : (i + 1) * width, customers }))
  if ((counts[bins] ?? 0) === 0) histogram.pop()

  const unitsPerWeek = unit === 'week' ? 1 : 7
  const recencyBuckets = RECENCY_WEEKS.map((from, i) => {
    const next = RECENCY_WEEKS[i + 1]
    return { from: from * unitsPerWeek, to: next === undefined ? null : next * unitsPerWeek }
  })
  const sums = new Map<string, { customers: number; pAlive: number }>()
  for (const v of values) {
    const f = FREQUENCY_BUCKETS.findIndex((b) => v.frequency >= b.from && (b.to === null || v.frequency <= b.to))
    const sinceLast = v.T - v.recency
    const r = recencyBuckets.findIndex((b) => sinceLast >= b.from && (b.to === null || sinceLast < b.to))
    if (f < 0 || r < 0) continue
    const key = `${f}:${r}`
    const cell = sums.get(key) ?? { customers: 0, pAlive: 0 }
    cell.customers++
    cell.pAlive += v.p_alive
    sums.set(key, cell)
  }
  const cells = [...sums].map(([key, cell]) => {
    const [f = 0, r = 0] = key.split(':').map(Number)
    return { frequency: f, recency: r, customers: cell.customers, meanPAlive: cell.pAlive / cell.customers }
  })
  cells.sort((a, b) => a.frequency - b.frequency || a.recency - b.recency)
  return {
    customers: n,
    totalClv: total,
    meanClv: n > 0 ? total / n : 0,
    quantiles: { p10: q(0.1), p25: q(0.25), p50: q(0.5), p75: q(0.75), p90: q(0.9), p99 },
    histogram,
    expectedPurchases: purchases,
    meanPAlive: n > 0 ? pAlive / n : 0,
    likelyInactive,
    pAliveHeatmap: { frequencyBuckets: FREQUENCY_BUCKETS.map((b) => ({ ...b })), recencyBuckets, cells },
  }
}
