/**
 * Metrics of binary scores against 0/1 outcomes: ranking quality (AUC, precision and recall in the
 * top k, lift and gains by deciles) and probability quality (log loss, calibration).
 *
 * Tied scores never depend on row order: the AUC gives a tied positive–negative pair half credit,
 * and where a cut-off (top k, a decile boundary) falls inside a group of tied scores, that group's
 * positives are shared out in proportion, i.e. the expectation over random tie-breaking. Counts of
 * positives in the top-k and gains outputs can therefore be fractional.
 */
import { err, modelError, ok, type ModelError, type Result } from '../result.js'

interface Checked {
  readonly n: number
  readonly positives: number
}

function checkInputs(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  what: string,
  probabilities: boolean,
): Result<Checked, ModelError> {
  if (scores.length !== labels.length) {
    return err(modelError('InvalidInput', `${what}: ${scores.length} scores but ${labels.length} labels`))
  }
  if (scores.length === 0) return err(modelError('DegenerateData', `${what}: no rows`))
  let positives = 0
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? Number.NaN
    if (!Number.isFinite(s) || (probabilities && (s < 0 || s > 1))) {
      return err(modelError('InvalidInput', `${what}: row ${i} has ${probabilities ? 'probability' : 'score'} ${String(s)}`, { row: i }))
    }
    const y = labels[i]
    if (y === 1) positives++
    else if (y !== 0) return err(modelError('InvalidInput', `${what}: label of row ${i} is ${String(y)}, expected 0 or 1`, { row: i }))
  }
  return ok({ n: scores.length, positives })
}

function needBothClasses(checked: Checked, what: string): ModelError | undefined {
  if (checked.positives === 0 || checked.positives === checked.n) {
    return modelError('DegenerateData', `${what} needs both classes, all ${checked.n} labels are ${checked.positives === 0 ? 0 : 1}`, {
      positives: checked.positives,
      n: checked.n,
    })
  }
  return undefined
}

/** Row indices by score, descending (ascending when `ascending`), ties by index. */
function orderByScore(scores: ArrayLike<number>, ascending: boolean): Int32Array {
  const order = Int32Array.from({ length: scores.length }, (_, i) => i)
  const sign = ascending ? 1 : -1
  return order.sort((a, b) => sign * ((scores[a] ?? 0) - (scores[b] ?? 0)) || a - b)
}

/**
 * Area under the ROC curve by the Mann–Whitney statistic with mid-ranks: the probability that a
 * random positive scores above a random negative, ties counting ½.
 *
 * Errors: mismatched lengths, non-finite scores, labels other than 0/1 (`InvalidInput`); no rows or
 * one class only (`DegenerateData`: the AUC is undefined).
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): Result<number, ModelError> {
  const checked = checkInputs(scores, labels, 'AUC', false)
  if (!checked.ok) return checked
  const degenerate = needBothClasses(checked.value, 'AUC')
  if (degenerate !== undefined) return err(degenerate)
  const { n, positives } = checked.value
  const order = orderByScore(scores, true)
  let positiveRankSum = 0
  for (let start = 0; start < n;) {
    const score = scores[order[start] ?? 0]
    let end = start + 1
    while (end < n && scores[order[end] ?? 0] === score) end++
    // Ranks start..end-1 (0-based) share the mid-rank; 1-based that is (start + 1 + end) / 2.
    const midRank = (start + 1 + end) / 2
    for (let i = start; i < end; i++) if (labels[order[i] ?? 0] === 1) positiveRankSum += midRank
    start = end
  }
  const negatives = n - positives
  return ok((positiveRankSum - (positives * (positives + 1)) / 2) / (positives * negatives))
}

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /** Probabilities are clipped to [ε, 1 − ε] so that one confident mistake gives a large, finite loss. Default 1e-15. */
  readonly epsilon?: number
}

/**
 * Mean negative log-likelihood (natural log) of 0/1 labels under predicted probabilities.
 * Errors: mismatched lengths, probabilities outside [0, 1], labels other than 0/1, no rows.
 */
export function logLoss(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  options: LogLossOptions = {},
): Result<number, ModelError> {
  const checked = checkInputs(probabilities, labels, 'log loss', true)
  if (!checked.ok) return checked
  const epsilon = options.epsilon ?? 1e-15
  let total = 0
  for (let i = 0; i < probabilities.length; i++) {
    const p = Math.min(1 - epsilon, Math.max(epsilon, probabilities[i] ?? 0))
    total -= labels[i] === 1 ? Math.log(p) : Math.log1p(-p)
  }
  return ok(total / probabilities.length)
}

/**
 * Expected number of positives among the top `m` rows by score, for any `m` (ties shared out).
 */
class RankedPositives {
  private readonly blockEnd: Int32Array
  private readonly blockStart: Int32Array
  private readonly positivesBefore: Float64Array
  private readonly blockPositives: Int32Array
  readonly n: number
  readonly positives: number
  /** Rows in descending score order. */
  readonly order: Int32Array

  constructor(scores: ArrayLike<number>, labels: ArrayLike<number>) {
    this.n = scores.length
    this.order = orderByScore(scores, false)
    const starts: number[] = []
    const ends: number[] = []
    const before: number[] = []
    const inBlock: number[] = []
    let cumulative = 0
    for (let start = 0; start < this.n;) {
      const score = scores[this.order[start] ?? 0]
      let end = start + 1
      while (end < this.n && scores[this.order[end] ?? 0] === score) end++
      let count = 0
      for (let i = start; i < end; i++) if (labels[this.order[i] ?? 0] === 1) count++
      starts.push(start)
      ends.push(end)
      before.push(cumulative)
      inBlock.push(count)
      cumulative += count
      start = end
    }
    this.positives = cumulative
    this.blockStart = Int32Array.from(starts)
    this.blockEnd = Int32Array.from(ends)
    this.positivesBefore = Float64Array.from(before)
    this.blockPositives = Int32Array.from(inBlock)
  }

  /** Expected positives in the top `m` rows, 0 <= m <= n. */
  top(m: number): number {
    if (m <= 0) return 0
    if (m >= this.n) return this.positives
    // First block whose end is beyond m: the block that the cut-off falls in (or starts).
    let lo = 0
    let hi = this.blockEnd.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.blockEnd[mid] ?? 0) > m) hi = mid
      else lo = mid + 1
    }
    const start = this.blockStart[lo] ?? 0
    const size = (this.blockEnd[lo] ?? 0) - start
    return (this.positivesBefore[lo] ?? 0) + ((m - start) * (this.blockPositives[lo] ?? 0)) / size
  }
}

/** Precision and recall among the highest-scored rows. */
export interface TopKMetrics {
  /** Requested share of rows. */
  readonly fraction: number
  /** Rows taken: `ceil(fraction × n)`, at least 1. */
  readonly k: number
  /** Positives among them (fractional when the cut-off splits tied scores). */
  readonly truePositives: number
  /** `truePositives / k`. */
  readonly precision: number
  /** `truePositives / all positives`. */
  readonly recall: number
}

function topCount(fraction: number, n: number): number {
  // The small tolerance keeps e.g. 0.1 × 4520 (= 452.00000000000006) from rounding up to 453.
  return Math.min(n, Math.max(1, Math.ceil(fraction * n - 1e-9)))
}

/**
 * Precision and recall in the top `fraction` of rows by score (default 10 %): how good a campaign
 * that contacts only the best-scored k customers would be. Errors as {@link rocAuc}, and
 * `fraction` outside (0, 1]; needs at least one positive.
 */
export function precisionRecallAtTop(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  fraction = 0.1,
): Result<TopKMetrics, ModelError> {
  if (!(fraction > 0 && fraction <= 1)) {
    return err(modelError('InvalidInput', `fraction must be in (0, 1], got ${String(fraction)}`))
  }
  const checked = checkInputs(scores, labels, 'precision at top', false)
  if (!checked.ok) return checked
  if (checked.value.positives === 0) return err(modelError('DegenerateData', 'recall at top needs at least one positive label'))
  const ranked = new RankedPositives(scores, labels)
  const k = topCount(fraction, ranked.n)
  const truePositives = ranked.top(k)
  return ok({ fraction, k, truePositives, precision: truePositives / k, recall: truePositives / ranked.positives })
}

/** One row of a lift/gains table. Groups run from the highest scores (group 1) down. */
export interface GainsRow {
  readonly group: number
  readonly rows: number
  readonly positives: number
  /** Positives / rows in the group. */
  readonly responseRate: number
  /** Response rate over the overall rate. */
  readonly lift: number
  readonly cumulativeRows: number
  readonly cumulativePositives: number
  readonly cumulativeResponseRate: number
  readonly cumulativeLift: number
  /** Cumulative share of all positives captured: the gains curve. */
  readonly gain: number
  readonly minScore: number
  readonly maxScore: number
}

/**
 * Lift/gains table: rows sorted by descending score and cut into `groups` groups of as equal size as
 * possible (default 10: deciles). Errors as {@link precisionRecallAtTop}; `groups` must be an integer
 * in [1, rows].
 */
export function gainsTable(scores: ArrayLike<number>, labels: ArrayLike<number>, groups = 10): Result<GainsRow[], ModelError> {
  const checked = checkInputs(scores, labels, 'gains table', false)
  if (!checked.ok) return checked
  const { n, positives } = checked.value
  if (!Number.isInteger(groups) || groups < 1 || groups > n) {
    return err(modelError('InvalidInput', `groups must be an integer in [1, ${n}], got ${String(groups)}`))
  }
  if (positives === 0) return err(modelError('DegenerateData', 'a gains table needs at least one positive label'))
  const ranked = new RankedPositives(scores, labels)
  const overallRate = positives / n
  const table: GainsRow[] = []
  for (let g = 0; g < groups; g++) {
    const start = Math.floor((g * n) / groups)
    const end = Math.floor(((g + 1) * n) / groups)
    const rows = end - start
    const inGroup = ranked.top(end) - ranked.top(start)
    const cumulative = ranked.top(end)
    table.push({
      group: g + 1,
      rows,
      positives: inGroup,
      responseRate: inGroup / rows,
      lift: inGroup / rows / overallRate,
      cumulativeRows: end,
      cumulativePositives: cumulative,
      cumulativeResponseRate: cumulative / end,
      cumulativeLift: cumulative / end / overallRate,
      gain: cumulative / positives,
      minScore: scores[ranked.order[end - 1] ?? 0] ?? Number.NaN,
      maxScore: scores[ranked.order[start] ?? 0] ?? Number.NaN,
    })
  }
  return ok(table)
}

/** One bin of a calibration table. */
export interface CalibrationRow {
  /** Bin interval [lower, upper) (the last bin includes 1). */
  readonly lower: number
  readonly upper: number
  readonly count: number
  readonly meanPredicted: number
  readonly observedRate: number
}

/**
 * Calibration (reliability) table: predicted probabilities in `bins` equal-width bins on [0, 1]
 * (default 10), with the mean prediction and the observed positive rate of each. Empty bins are
 * left out. A calibrated model has `meanPredicted ≈ observedRate` in every bin.
 */
export function calibrationTable(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): Result<CalibrationRow[], ModelError> {
  if (!Number.isInteger(bins) || bins < 1) return err(modelError('InvalidInput', `bins must be a positive integer, got ${String(bins)}`))
  const checked = checkInputs(probabilities, labels, 'calibration table', true)
  if (!checked.ok) return checked
  const count = new Float64Array(bins)
  const predicted = new Float64Array(bins)
  const observed = new Float64Array(bins)
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] ?? 0
    const bin = Math.min(bins - 1, Math.floor(p * bins))
    count[bin] = (count[bin] ?? 0) + 1
    predicted[bin] = (predicted[bin] ?? 0) + p
    if (labels[i] === 1) observed[bin] = (observed[bin] ?? 0) + 1
  }
  const table: CalibrationRow[] = []
  for (let b = 0; b < bins; b++) {
    const c = count[b] ?? 0
    if (c === 0) continue
    table.push({
      lower: b / bins,
      upper: (b + 1) / bins,
      count: c,
      meanPredicted: (predicted[b] ?? 0) / c,
      observedRate: (observed[b] ?? 0) / c,
    })
  }
  return ok(table)
}
