import { describe, expect, it } from 'vitest'
import { calibrationTable, gainsTable, logLoss, precisionRecallAtTop, rocAuc } from './index.js'
import { createRandom } from './random.js'

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

/** AUC by its definition: over all positive–negative pairs, 1 if the positive scores higher, ½ on a tie. */
function pairwiseAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let wins = 0
  let pairs = 0
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue
      pairs++
      const si = scores[i] ?? 0
      const sj = scores[j] ?? 0
      wins += si > sj ? 1 : si === sj ? 0.5 : 0
    }
  }
  return wins / pairs
}

describe('rocAuc', () => {
  it('matches the textbook example', () => {
    expect(unwrap(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]))).toBeCloseTo(0.75, 15)
  })

  it('gives tied positive–negative pairs half credit', () => {
    // Pairs: (2 vs 1) 1, (2 vs 2) ½, (3 vs 1) 1, (3 vs 2) 1 → 3.5 / 4.
    expect(unwrap(rocAuc([1, 2, 2, 3], [0, 0, 1, 1]))).toBe(0.875)
    expect(unwrap(rocAuc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]))).toBe(0.5)
    expect(unwrap(rocAuc([3, 2, 1], [0, 1, 1]))).toBe(0)
  })

  it('agrees with pair counting on random data with many ties', () => {
    const random = createRandom(7)
    for (let trial = 0; trial < 20; trial++) {
      const n = 50 + trial * 10
      const scores = Float64Array.from({ length: n }, () => Math.floor(random() * 8) / 8)
      const labels = Uint8Array.from({ length: n }, (_, i) => (i < 3 ? i % 2 : random() < 0.3 ? 1 : 0))
      expect(unwrap(rocAuc(scores, labels))).toBeCloseTo(pairwiseAuc(scores, labels), 12)
    }
  })

  it('does not depend on row order', () => {
    const scores = [0.2, 0.2, 0.9, 0.1, 0.5, 0.5, 0.5]
    const labels = [1, 0, 1, 0, 0, 1, 1]
    const reversed = unwrap(rocAuc([...scores].reverse(), [...labels].reverse()))
    expect(unwrap(rocAuc(scores, labels))).toBe(reversed)
  })

  it('rejects one class, no rows, bad labels and non-finite scores', () => {
    const single = rocAuc([0.1, 0.2], [1, 1])
    expect(single.ok).toBe(false)
    if (!single.ok) {
      expect(single.error.tag).toBe('DegenerateData')
      expect(single.error.message).toMatch(/both classes/)
    }
    expect(rocAuc([], []).ok).toBe(false)
    expect(rocAuc([0.1, 0.2], [0, 2]).ok).toBe(false)
    expect(rocAuc([0.1, Number.NaN], [0, 1]).ok).toBe(false)
    expect(rocAuc([0.1], [0, 1]).ok).toBe(false)
  })
})

describe('logLoss', () => {
  it('matches a hand computation', () => {
    const expected = -(Math.log(0.9) + Math.log(0.9) + Math.log(0.8) + Math.log(0.65)) / 4
    expect(unwrap(logLoss([0.9, 0.1, 0.8, 0.35], [1, 0, 1, 0]))).toBeCloseTo(expected, 14)
    expect(expected).toBeCloseTo(0.21616, 5)
  })

  it('clips certain mistakes to a finite loss', () => {
    expect(unwrap(logLoss([0], [1]))).toBeCloseTo(-Math.log(1e-15), 10)
    expect(unwrap(logLoss([1], [0], { epsilon: 1e-6 }))).toBeCloseTo(-Math.log(1e-6), 6)
    expect(unwrap(logLoss([1, 0], [1, 0]))).toBeLessThan(1e-14)
  })

  it('is the entropy of the base rate for a constant prediction of it', () => {
    const rate = 0.25
    const loss = unwrap(logLoss([rate, rate, rate, rate], [1, 0, 0, 0]))
    expect(loss).toBeCloseTo(-(rate * Math.log(rate) + (1 - rate) * Math.log(1 - rate)), 14)
  })

  it('rejects probabilities outside [0, 1] and empty input', () => {
    expect(logLoss([1.2], [1]).ok).toBe(false)
    expect(logLoss([-0.1], [0]).ok).toBe(false)
    expect(logLoss([], []).ok).toBe(false)
  })
})

describe('precisionRecallAtTop', () => {
  it('takes ceil(fraction × n) rows', () => {
    const scores = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.01]
    const labels = [1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]
    const top = unwrap(precisionRecallAtTop(scores, labels, 0.2))
    expect(top.k).toBe(3)
    expect(top.truePositives).toBe(2)
    expect(top.precision).toBeCloseTo(2 / 3, 15)
    expect(top.recall).toBeCloseTo(2 / 3, 15)
    expect(unwrap(precisionRecallAtTop(scores, labels, 1)).recall).toBe(1)
  })

  it('shares tied scores at the cut-off in proportion', () => {
    const top = unwrap(precisionRecallAtTop(Array(10).fill(0.5), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0], 0.1))
    expect(top.k).toBe(1)
    expect(top.truePositives).toBeCloseTo(0.3, 15)
    const partial = unwrap(precisionRecallAtTop([0.9, 0.5, 0.5, 0.5, 0.1], [0, 1, 0, 0, 1], 0.4))
    expect(partial.k).toBe(2)
    expect(partial.truePositives).toBeCloseTo(1 / 3, 15)
  })

  it('rejects a bad fraction and no positives', () => {
    expect(precisionRecallAtTop([0.1, 0.2], [0, 1], 0).ok).toBe(false)
    expect(precisionRecallAtTop([0.1, 0.2], [0, 1], 1.5).ok).toBe(false)
    expect(precisionRecallAtTop([0.1, 0.2], [0, 0], 0.5).ok).toBe(false)
  })
})

describe('gainsTable', () => {
  it('cuts sorted scores into groups with lift and cumulative gain', () => {
    const scores = Array.from({ length: 20 }, (_, i) => 1 - i / 20)
    const labels = [1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    const table = unwrap(gainsTable(scores, labels, 4))
    expect(table.map((row) => row.rows)).toEqual([5, 5, 5, 5])
    expect(table.map((row) => row.positives)).toEqual([4, 1, 0, 0])
    expect(table[0]?.lift).toBeCloseTo(0.8 / 0.25, 14)
    expect(table[0]?.gain).toBeCloseTo(0.8, 15)
    expect(table[1]?.cumulativeLift).toBeCloseTo(0.5 / 0.25, 14)
    expect(table[3]?.gain).toBe(1)
    expect(table[3]?.cumulativeLift).toBeCloseTo(1, 15)
    expect(table[0]?.maxScore).toBe(1)
    expect(table[0]?.minScore).toBeCloseTo(0.8, 15)
  })

  it('uses groups of near-equal size and shares ties across a boundary', () => {
    const table = unwrap(gainsTable([0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], [1, 0, 0, 1, 0, 0, 0], 3))
    expect(table.map((row) => row.rows)).toEqual([2, 2, 3])
    expect(table.map((row) => row.positives.toFixed(6))).toEqual([(4 / 7).toFixed(6), (4 / 7).toFixed(6), (6 / 7).toFixed(6)])
    expect(table.every((row) => Math.abs(row.lift - 1) < 1e-12)).toBe(true)
  })

  it('rejects a bad group count', () => {
    expect(gainsTable([0.1, 0.2], [0, 1], 3).ok).toBe(false)
    expect(gainsTable([0.1, 0.2], [0, 1], 0).ok).toBe(false)
  })
})

describe('calibrationTable', () => {
  it('bins predictions and compares them with observed rates', () => {
    const table = unwrap(calibrationTable([0.05, 0.15, 0.12, 0.95, 1, 0.91], [0, 0, 1, 1, 1, 0], 10))
    expect(table.map((row) => [row.lower, row.count])).toEqual([
      [0, 1],
      [0.1, 2],
      [0.9, 3],
    ])
    expect(table[1]?.meanPredicted).toBeCloseTo(0.135, 15)
    expect(table[1]?.observedRate).toBe(0.5)
    expect(table[2]?.observedRate).toBeCloseTo(2 / 3, 15)
  })

  it('rejects probabilities outside [0, 1]', () => {
    expect(calibrationTable([1.5], [1]).ok).toBe(false)
    expect(calibrationTable([0.5], [1], 0).ok).toBe(false)
  })
})
