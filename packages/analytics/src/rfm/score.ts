import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { RFM_CLASSES, rfmClassIndex } from './classes.js'

/** Per-customer RFM inputs, one entry per customer at the same index in every array. */
export interface RfmInput {
  /** Days from the customer's last purchase to the as-of date (≥ 0). */
  readonly recencyDays: Float64Array
  /** Number of distinct orders (≥ 0). */
  readonly frequency: Float64Array
  /** Net revenue; may be negative when returns exceed purchases. */
  readonly monetary: Float64Array
}

/**
 * Where a dimension's scores split into high and low: a customer is high when their score is
 * strictly above the cut. `mean` and `median` are taken over that dimension's scores of all customers;
 * a number is a fixed cut on the score scale (e.g. 3 with 5 bins makes scores 4 and 5 high).
 */
export type RfmThreshold = 'mean' | 'median' | number

/** Options of {@link scoreRfm}. */
export interface RfmOptions {
  /** Number of quantile scores per dimension, 2..255. Default 5. */
  readonly bins?: number
  /**
   * The high/low cut, one rule for all three dimensions or one per dimension. Default `mean`, the
   * usual rule of the scheme: high = score above the mean score of that dimension.
   */
  readonly threshold?: RfmThreshold | { readonly r: RfmThreshold; readonly f: RfmThreshold; readonly m: RfmThreshold }
}

/** The raw-value ranges that received each score of one dimension (index = score − 1). */
export interface ScoreBins {
  /** Smallest raw value given the score; NaN when no customer got it. */
  readonly lower: Float64Array
  /** Largest raw value given the score; NaN when no customer got it. */
  readonly upper: Float64Array
  /** Customers with the score. */
  readonly counts: Uint32Array
}

/** Result of {@link scoreRfm}. */
export interface RfmScores {
  readonly n: number
  readonly bins: number
  /** Recency score 1..bins per customer; the most recent customers score highest. */
  readonly r: Uint8Array
  /** Frequency score 1..bins per customer; the most frequent customers score highest. */
  readonly f: Uint8Array
  /** Monetary score 1..bins per customer; the biggest spenders score highest. */
  readonly m: Uint8Array
  /** Index into {@link RFM_CLASSES} per customer. */
  readonly classIndex: Uint8Array
  /** Customers per class, index as in {@link RFM_CLASSES}. */
  readonly classCounts: Uint32Array
  /**
   * Customers per (R score, F score) pair, row-major bins × bins: `rfCounts[(r − 1) * bins + (f − 1)]`.
   * Ready for an R × F heat map.
   */
  readonly rfCounts: Uint32Array
  /** Raw-value ranges actually used for each score, per dimension. For recency, score `bins` holds the smallest day counts. */
  readonly edges: { readonly recency: ScoreBins; readonly frequency: ScoreBins; readonly monetary: ScoreBins }
  /** The cuts on the score scale that were applied: high means score > cut. */
  readonly thresholds: { readonly r: number; readonly f: number; readonly m: number }
}

const DEFAULT_BINS = 5
const MAX_BINS = 255

/**
 * Quantile scores 1..bins by rank, with ties sharing one score.
 *
 * Rule: sort the values; a group of `c` equal values occupying sorted positions s+1..s+c (1-based)
 * has mid-rank `s + c/2` on the scale (0, n], i.e. its average rank minus ½. The group's score is
 * the equal-width bin of (0, n] that contains the mid-rank: `score = ⌈(s + c/2) · bins / n⌉`
 * (computed in exact integer arithmetic, so a mid-rank exactly on a bin boundary goes to the lower bin).
 *
 * Properties:
 * - equal values always get the same score, and a larger value never gets a smaller score;
 * - without ties, bin sizes differ by at most one (⌊n/bins⌋ or ⌈n/bins⌉);
 * - a tie group lands in the bin where its middle falls, so bins stay as even as the ties allow
 *   (some scores can be empty when a group spans several bins, or when n < bins);
 * - the rule is symmetric: reversing the order maps scores s → bins + 1 − s except for groups whose
 *   mid-rank is exactly on a boundary;
 * - when all values are equal everyone gets the middle score ⌈bins/2⌉.
 *
 * With `order = 'descending'` the largest value gets rank 1 (used for recency, where fewer days is
 * better). Values must be finite (not checked here; {@link scoreRfm} checks).
 */
export function quantileScores(
  values: Float64Array,
  bins: number,
  order: 'ascending' | 'descending' = 'ascending',
): { readonly scores: Uint8Array; readonly bins: ScoreBins } {
  const n = values.length
  const descending = order === 'descending'
  // Scoring −x ascending is scoring x descending; keeps one code path.
  const keys = descending ? values.map((v) => -v) : values.slice()
  const sorted = keys.slice().sort()

  // One entry per distinct value: the value (as a key) and its score.
  const groupKeys = new Float64Array(n)
  const groupScores = new Uint8Array(n)
  const lower = new Float64Array(bins).fill(Number.NaN)
  const upper = new Float64Array(bins).fill(Number.NaN)
  const counts = new Uint32Array(bins)
  let groups = 0
  for (let start = 0; start < n;) {
    const key = sorted[start] as number
    let end = start + 1
    while (end < n && sorted[end] === key) end++
    const size = end - start
    // ⌈(start + size/2) · bins / n⌉ = ⌈(2·start + size) · bins / (2n)⌉, all integers.
    const numerator = (2 * start + size) * bins
    const denominator = 2 * n
    const score = Math.floor((numerator + denominator - 1) / denominator)
    groupKeys[groups] = key
    groupScores[groups] = score
    groups++

    const raw = descending ? -key : key
    const b = score - 1
    const lo = lower[b] as number
    const hi = upper[b] as number
    if (!(raw >= lo)) lower[b] = raw
    if (!(raw <= hi)) upper[b] = raw
    counts[b] = (counts[b] as number) + size
    start = end
  }

  const scores = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const key = keys[i] as number
    // Binary search among the distinct sorted keys; the key is always present.
    let lo = 0
    let hi = groups - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((groupKeys[mid] as number) < key) lo = mid + 1
      else hi = mid
    }
    scores[i] = groupScores[lo] as number
  }
  return { scores, bins: { lower, upper, counts } }
}

/**
 * RFM scoring and the eight-class segmentation.
 *
 * 1. Each dimension gets quantile scores 1..bins by {@link quantileScores} (ties share a score; see
 *    there for the exact rule). Recency is reversed: the fewest days since the last purchase get the
 *    highest R score. Frequency and monetary are ascending.
 * 2. Each dimension is split into high (score > cut) and low by `threshold` (default: the mean score
 *    of that dimension over all customers).
 * 3. The high/low pattern selects one of the eight {@link RFM_CLASSES}.
 *
 * Monetary ties are by exact equality: pass amounts in a form where equal totals are equal numbers
 * (e.g. rounded to cents), not sums whose float rounding depends on the order of additions.
 *
 * Errors (`InvalidInput`): arrays of different lengths, non-finite values, negative recency or
 * frequency, `bins` outside 2..255, a non-finite numeric threshold. `DegenerateData` when there are no
 * customers.
 */
export function scoreRfm(input: RfmInput, options: RfmOptions = {}): Result<RfmScores, ModelError> {
  const { recencyDays, frequency, monetary } = input
  const bins = options.bins ?? DEFAULT_BINS
  if (!Number.isInteger(bins) || bins < 2 || bins > MAX_BINS) {
    return err(modelError('InvalidInput', `bins must be an integer in 2..${MAX_BINS}, got ${bins}`, { bins }))
  }
  const n = recencyDays.length
  if (frequency.length !== n || monetary.length !== n) {
    return err(
      modelError(
        'InvalidInput',
        `recencyDays, frequency and monetary must have equal lengths, got ${n}, ${frequency.length}, ${monetary.length}`,
      ),
    )
  }
  if (n === 0) return err(modelError('DegenerateData', 'there are no customers to score'))
  const checks: [string, Float64Array, boolean][] = [
    ['recencyDays', recencyDays, true],
    ['frequency', frequency, true],
    ['monetary', monetary, false],
  ]
  for (const [name, values, nonNegative] of checks) {
    for (let i = 0; i < n; i++) {
      const v = values[i] as number
      if (!Number.isFinite(v) || (nonNegative && v < 0)) {
        const rule = nonNegative ? 'finite and ≥ 0' : 'finite'
        return err(modelError('InvalidInput', `${name}[${i}] is ${v}; values must be ${rule}`, { field: name, index: i }))
      }
    }
  }

  const thresholdOption = options.threshold ?? 'mean'
  const perDimension =
    typeof thresholdOption === 'object' ? thresholdOption : { r: thresholdOption, f: thresholdOption, m: thresholdOption }
  for (const [dimension, threshold] of Object.entries(perDimension)) {
    if (typeof threshold === 'number' && !Number.isFinite(threshold)) {
      return err(modelError('InvalidInput', `threshold for ${dimension} must be finite, got ${threshold}`))
    }
    if (typeof threshold !== 'number' && threshold !== 'mean' && threshold !== 'median') {
      return err(modelError('InvalidInput', `threshold for ${dimension} must be 'mean', 'median' or a number`))
    }
  }

  const recency = quantileScores(recencyDays, bins, 'descending')
  const freq = quantileScores(frequency, bins, 'ascending')
  const money = quantileScores(monetary, bins, 'ascending')
  const r = recency.scores
  const f = freq.scores
  const m = money.scores

  const thresholds = {
    r: scoreCut(perDimension.r, recency.bins.counts, n),
    f: scoreCut(perDimension.f, freq.bins.counts, n),
    m: scoreCut(perDimension.m, money.bins.counts, n),
  }

  const classIndex = new Uint8Array(n)
  const classCounts = new Uint32Array(RFM_CLASSES.length)
  const rfCounts = new Uint32Array(bins * bins)
  for (let i = 0; i < n; i++) {
    const ri = r[i] as number
    const fi = f[i] as number
    const index = rfmClassIndex(ri > thresholds.r, fi > thresholds.f, (m[i] as number) > thresholds.m)
    classIndex[i] = index
    classCounts[index] = (classCounts[index] as number) + 1
    const cell = (ri - 1) * bins + (fi - 1)
    rfCounts[cell] = (rfCounts[cell] as number) + 1
  }

  return ok({
    n,
    bins,
    r,
    f,
    m,
    classIndex,
    classCounts,
    rfCounts,
    edges: { recency: recency.bins, frequency: freq.bins, monetary: money.bins },
    thresholds,
  })
}

/**
 * The cut on the score scale for one dimension, from the score histogram (`counts[s − 1]` customers
 * have score s). The median of an even number of scores is the mean of the two middle ones.
 */
function scoreCut(threshold: RfmThreshold, counts: Uint32Array, n: number): number {
  if (typeof threshold === 'number') return threshold
  if (threshold === 'mean') {
    let total = 0
    counts.forEach((count, b) => {
      total += count * (b + 1)
    })
    return total / n
  }
  // Scores at sorted positions ⌊(n−1)/2⌋ and ⌊n/2⌋ (0-based), found by walking the histogram.
  const scoreAt = (position: number): number => {
    let seen = 0
    for (let b = 0; b < counts.length; b++) {
      seen += counts[b] as number
      if (position < seen) return b + 1
    }
    return counts.length
  }
  return (scoreAt(Math.floor((n - 1) / 2)) + scoreAt(Math.floor(n / 2))) / 2
}
