import { describe, expect, it } from 'vitest'
import { createRandom } from '../cluster/random.js'
import { quantileScores, RFM_CLASSES, rfmClassByKey, rfmClassIndex, scoreRfm, type RfmScores } from './index.js'

/**
 * Reference quantile scoring written differently from the implementation: take the ideal cut
 * positions j·n/bins in the sorted order, move each to the nearest boundary between groups of equal
 * values (halfway → the upper boundary), and score a value by how many cuts lie at or before the start
 * of its group. The implementation's mid-rank formula must agree with it exactly.
 */
function referenceScores(values: readonly number[], bins: number, descending = false): number[] {
  const keys = values.map((v) => (descending ? -v : v))
  const sorted = [...keys].sort((a, b) => a - b)
  const n = sorted.length
  const boundaries = [0]
  for (let p = 1; p < n; p++) if (sorted[p - 1] !== sorted[p]) boundaries.push(p)
  boundaries.push(n)
  const cuts: number[] = []
  for (let j = 1; j < bins; j++) {
    const ideal = (j * n) / bins
    let best = 0
    let bestDistance = Infinity
    for (const b of boundaries) {
      const distance = Math.abs(b - ideal)
      if (distance < bestDistance || (distance === bestDistance && b > best)) {
        best = b
        bestDistance = distance
      }
    }
    cuts.push(best)
  }
  return keys.map((key) => {
    const start = sorted.indexOf(key)
    return 1 + cuts.filter((cut) => cut <= start).length
  })
}

const scoresOf = (values: number[], bins: number, order: 'ascending' | 'descending' = 'ascending'): number[] => [
  ...quantileScores(Float64Array.from(values), bins, order).scores,
]

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('quantileScores', () => {
  const scenarios: { name: string; values: number[]; bins: number; order?: 'descending'; expected: number[] }[] = [
    { name: 'no ties, n divisible by bins', values: range(1, 10), bins: 5, expected: [1, 1, 2, 2, 3, 3, 4, 4, 5, 5] },
    // Mid-ranks (i − ½) · 5 / 7 = 0.36, 1.07, 1.79, 2.5, 3.21, 3.93, 4.64.
    { name: 'no ties, n = 7, bins = 5', values: range(1, 7).map((v) => v * 10), bins: 5, expected: [1, 2, 2, 3, 4, 4, 5] },
    { name: 'unsorted input', values: [5, 3, 9, 1], bins: 2, expected: [2, 1, 2, 1] },
    { name: 'bins = 3', values: range(1, 9), bins: 3, expected: [1, 1, 1, 2, 2, 2, 3, 3, 3] },
    { name: 'bins = 10, n = 20', values: range(1, 20), bins: 10, expected: range(1, 20).map((i) => Math.ceil(i / 2)) },
    { name: 'bins = 10, n = 10', values: range(1, 10), bins: 10, expected: range(1, 10) },
    // Group of three 1s: mid-rank 1.5 → 0.75 → 1; then 3.5, 4.5, … → 1.75, 2.25, 2.75, 3.25, 3.75, 4.25, 4.75.
    { name: 'ties at the bottom', values: [1, 1, 1, 2, 3, 4, 5, 6, 7, 8], bins: 5, expected: [1, 1, 1, 2, 3, 3, 4, 4, 5, 5] },
    // Six zeros: mid-rank 3 → 1.5 → score 2; scores 1 and 3 stay empty.
    { name: 'a tie group spanning bins', values: [0, 0, 0, 0, 0, 0, 1, 2, 3, 4], bins: 5, expected: [2, 2, 2, 2, 2, 2, 4, 4, 5, 5] },
    // Mirror image: five 9s have mid-rank 7.5 → 3.75 → score 4, and score 5 stays empty.
    { name: 'ties at the top', values: [1, 2, 3, 4, 5, 9, 9, 9, 9, 9], bins: 5, expected: [1, 1, 2, 2, 3, 4, 4, 4, 4, 4] },
    // The 2s have mid-rank 2 = exactly the boundary between bins 1 and 2 → the lower bin.
    { name: 'a mid-rank on a boundary goes to the lower bin', values: [1, 2, 2, 3], bins: 2, expected: [1, 1, 1, 2] },
    { name: '… also when descending', values: [1, 2, 2, 3], bins: 2, order: 'descending', expected: [2, 1, 1, 1] },
    { name: 'all equal, bins = 5', values: Array(10).fill(7), bins: 5, expected: Array(10).fill(3) },
    { name: 'all equal, bins = 4', values: Array(10).fill(7), bins: 4, expected: Array(10).fill(2) },
    { name: 'all equal, bins = 3', values: Array(4).fill(0), bins: 3, expected: Array(4).fill(2) },
    { name: 'all equal, bins = 10', values: Array(3).fill(1), bins: 10, expected: Array(3).fill(5) },
    { name: 'n < bins: 3 values, 5 bins', values: [10, 20, 30], bins: 5, expected: [1, 3, 5] },
    { name: 'n < bins: 2 values, 10 bins', values: [1, 2], bins: 10, expected: [3, 8] },
    { name: 'n = 1', values: [42], bins: 5, expected: [3] },
    { name: 'descending', values: [1, 2, 3, 4, 5], bins: 5, order: 'descending', expected: [5, 4, 3, 2, 1] },
    { name: 'negative values and signed zero', values: [-5, -0, 0, 5], bins: 2, expected: [1, 1, 1, 2] },
  ]

  it.each(scenarios)('$name', ({ values, bins, order, expected }) => {
    expect(scoresOf(values, bins, order)).toEqual(expected)
    expect(referenceScores(values, bins, order === 'descending')).toEqual(expected)
  })

  it('reports the raw-value range and count of each score', () => {
    const { bins } = quantileScores(Float64Array.from([0, 0, 0, 0, 0, 0, 1, 2, 3, 4]), 5)
    expect([...bins.counts]).toEqual([0, 6, 0, 2, 2])
    expect([...bins.lower]).toEqual([Number.NaN, 0, Number.NaN, 1, 3])
    expect([...bins.upper]).toEqual([Number.NaN, 0, Number.NaN, 2, 4])
    const descending = quantileScores(Float64Array.from([1, 2, 3, 4, 5, 6]), 3, 'descending')
    // Score 3 holds the smallest values when descending.
    expect([...descending.bins.lower]).toEqual([5, 3, 1])
    expect([...descending.bins.upper]).toEqual([6, 4, 2])
  })

  it('agrees with the snapped-cut reference and keeps its promises on random tied data', () => {
    const random = createRandom(2024)
    let outOfRange = 0
    let splitTies = 0
    let notMonotone = 0
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + random.nextInt(60)
      const bins = 2 + random.nextInt(10)
      const distinct = 1 + random.nextInt(12)
      const values = Array.from({ length: n }, () => random.nextInt(distinct) * 1.5 - 3)
      const descending = trial % 2 === 1
      const scores = scoresOf(values, bins, descending ? 'descending' : 'ascending')
      expect(scores).toEqual(referenceScores(values, bins, descending))
      for (let i = 0; i < n; i++) {
        const si = scores[i] as number
        if (!(si >= 1 && si <= bins)) outOfRange++
        for (let j = 0; j < n; j++) {
          const vi = values[i] as number
          const vj = values[j] as number
          const sj = scores[j] as number
          if (vi === vj && si !== sj) splitTies++
          if ((descending ? vi < vj : vi > vj) && si < sj) notMonotone++
        }
      }
    }
    expect({ outOfRange, splitTies, notMonotone }).toEqual({ outOfRange: 0, splitTies: 0, notMonotone: 0 })
  })

  it('without ties, bin sizes differ by at most one', () => {
    for (const n of [7, 10, 13, 99, 100, 101]) {
      for (const bins of [3, 5, 10]) {
        const { counts } = quantileScores(Float64Array.from(range(1, n)), bins).bins
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1)
        expect(counts.reduce((a, b) => a + b, 0)).toBe(n)
      }
    }
  })
})

describe('RFM_CLASSES', () => {
  it('has eight classes in the documented order, with unique keys and both languages', () => {
    expect(RFM_CLASSES.map((c) => c.zh)).toEqual([
      '重要价值客户',
      '重要发展客户',
      '重要保持客户',
      '重要挽留客户',
      '一般价值客户',
      '一般发展客户',
      '一般保持客户',
      '一般挽留客户',
    ])
    expect(RFM_CLASSES.map((c) => c.key)).toEqual([
      'champions',
      'potential',
      'atRiskLoyal',
      'winBack',
      'loyalLowSpend',
      'promising',
      'needsAttention',
      'hibernating',
    ])
    RFM_CLASSES.forEach((c, i) => {
      expect(c.index).toBe(i)
      expect(rfmClassIndex(c.r === 'high', c.f === 'high', c.m === 'high')).toBe(i)
      expect(rfmClassByKey(c.key)).toBe(c)
      expect(c.en.length).toBeGreaterThan(0)
      expect(c.action.zh.length).toBeGreaterThan(0)
      expect(c.action.en.length).toBeGreaterThan(0)
    })
    // Spot checks of the scheme: R↑F↓M↑ is 重要发展, R↓F↑M↑ is 重要保持.
    expect(RFM_CLASSES[rfmClassIndex(true, false, true)]?.zh).toBe('重要发展客户')
    expect(RFM_CLASSES[rfmClassIndex(false, true, true)]?.zh).toBe('重要保持客户')
    expect(RFM_CLASSES[rfmClassIndex(false, true, false)]?.zh).toBe('一般保持客户')
  })
})

function expectOk(result: ReturnType<typeof scoreRfm>): RfmScores {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`)
  return result.value
}

describe('scoreRfm', () => {
  // Eight customers built so that customer i falls into class i (bins = 2: the top four of each
  // dimension score 2, the mean score is 1.5, so "high" = score 2).
  //   monetary high for 0–3, recency high (few days) for 0, 1, 4, 5, frequency high for 0, 2, 4, 6.
  const eight = {
    recencyDays: Float64Array.from([1, 2, 100, 200, 3, 4, 300, 400]),
    frequency: Float64Array.from([10, 1, 11, 2, 12, 3, 13, 4]),
    monetary: Float64Array.from([800, 700, 600, 500, 40, 30, 20, 10]),
  }

  it('puts each hand-made customer in the intended class', () => {
    const result = expectOk(scoreRfm(eight, { bins: 2 }))
    expect([...result.classIndex]).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect([...result.classCounts]).toEqual([1, 1, 1, 1, 1, 1, 1, 1])
    expect([...result.r]).toEqual([2, 2, 1, 1, 2, 2, 1, 1])
    expect([...result.f]).toEqual([2, 1, 2, 1, 2, 1, 2, 1])
    expect([...result.m]).toEqual([2, 2, 2, 2, 1, 1, 1, 1])
    expect(result.thresholds).toEqual({ r: 1.5, f: 1.5, m: 1.5 })
    // R × F matrix, row = R score − 1: every (R, F) pair holds two customers.
    expect([...result.rfCounts]).toEqual([2, 2, 2, 2])
    // Recency edges: score 2 = the 4 most recent (1..4 days), score 1 = 100..400 days.
    expect([...result.edges.recency.lower]).toEqual([100, 1])
    expect([...result.edges.recency.upper]).toEqual([400, 4])
    expect([...result.edges.monetary.lower]).toEqual([10, 500])
  })

  it('supports mean, median and numeric thresholds, per dimension too', () => {
    // Frequencies with the usual pile of one-time buyers: scores [2 ×6, 4, 4, 5, 5].
    const input = {
      recencyDays: Float64Array.from(range(1, 10)),
      frequency: Float64Array.from([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]),
      monetary: Float64Array.from(range(1, 10)),
    }
    const byMean = expectOk(scoreRfm(input))
    expect([...byMean.f]).toEqual([2, 2, 2, 2, 2, 2, 4, 4, 5, 5])
    expect(byMean.thresholds.f).toBe(3) // (6·2 + 2·4 + 2·5) / 10
    const byMedian = expectOk(scoreRfm(input, { threshold: 'median' }))
    expect(byMedian.thresholds).toEqual({ r: 3, f: 2, m: 3 }) // R and M scores 1,1,2,2,3,3,4,4,5,5 → median 3
    const byNumber = expectOk(scoreRfm(input, { threshold: 4 }))
    expect(byNumber.thresholds).toEqual({ r: 4, f: 4, m: 4 })
    const mixed = expectOk(scoreRfm(input, { threshold: { r: 'mean', f: 'median', m: 2.5 } }))
    expect(mixed.thresholds).toEqual({ r: 3, f: 2, m: 2.5 })
    // Customer 9 (index 9): 10 days (R = 1), F = 5, M = 5 → R low, F high, M high → 重要保持客户.
    expect(RFM_CLASSES[mixed.classIndex[9] as number]?.key).toBe('atRiskLoyal')
  })

  it('with all values equal, everybody gets the middle score and is low on every dimension', () => {
    const same = Float64Array.from(Array(6).fill(5))
    const result = expectOk(scoreRfm({ recencyDays: same, frequency: same, monetary: same }))
    expect([...result.r]).toEqual(Array(6).fill(3))
    expect([...result.classCounts]).toEqual([0, 0, 0, 0, 0, 0, 0, 6])
    expect(result.rfCounts[2 * 5 + 2]).toBe(6)
  })

  it('handles n < bins and bins = 10', () => {
    const small = expectOk(
      scoreRfm({ recencyDays: Float64Array.from([5, 1]), frequency: Float64Array.from([1, 2]), monetary: Float64Array.from([10, 20]) }),
    )
    // Two values in 5 bins: mid-ranks 0.5 and 1.5 → scores 2 and 4 (R reversed).
    expect([...small.r]).toEqual([2, 4])
    expect([...small.f]).toEqual([2, 4])
    expect([...small.classIndex]).toEqual([7, 0])
    const ten = expectOk(
      scoreRfm(
        {
          recencyDays: Float64Array.from(range(1, 20)),
          frequency: Float64Array.from(range(1, 20)),
          monetary: Float64Array.from(range(1, 20)),
        },
        { bins: 10 },
      ),
    )
    expect([...ten.f]).toEqual(range(1, 20).map((i) => Math.ceil(i / 2)))
    expect([...ten.r]).toEqual(range(1, 20).map((i) => 11 - Math.ceil(i / 2)))
    expect(ten.rfCounts).toHaveLength(100)
  })

  describe('errors', () => {
    const a = Float64Array.from([1, 2, 3])
    const cases: { name: string; run: () => ReturnType<typeof scoreRfm>; message: RegExp }[] = [
      {
        name: 'lengths differ',
        run: () => scoreRfm({ recencyDays: a, frequency: a, monetary: Float64Array.from([1]) }),
        message: /equal lengths/,
      },
      {
        name: 'no customers',
        run: () => scoreRfm({ recencyDays: new Float64Array(0), frequency: new Float64Array(0), monetary: new Float64Array(0) }),
        message: /no customers/,
      },
      {
        name: 'NaN monetary',
        run: () => scoreRfm({ recencyDays: a, frequency: a, monetary: Float64Array.from([1, Number.NaN, 3]) }),
        message: /monetary\[1\] is NaN/,
      },
      {
        name: 'negative recency',
        run: () => scoreRfm({ recencyDays: Float64Array.from([1, -1, 3]), frequency: a, monetary: a }),
        message: /recencyDays\[1\] is -1/,
      },
      {
        name: 'negative frequency',
        run: () => scoreRfm({ recencyDays: a, frequency: Float64Array.from([1, 2, -3]), monetary: a }),
        message: /frequency\[2\] is -3/,
      },
      {
        name: 'bins = 1',
        run: () => scoreRfm({ recencyDays: a, frequency: a, monetary: a }, { bins: 1 }),
        message: /bins must be an integer in 2..255/,
      },
      { name: 'bins = 256', run: () => scoreRfm({ recencyDays: a, frequency: a, monetary: a }, { bins: 256 }), message: /bins/ },
      { name: 'bins = 2.5', run: () => scoreRfm({ recencyDays: a, frequency: a, monetary: a }, { bins: 2.5 }), message: /bins/ },
      {
        name: 'NaN threshold',
        run: () => scoreRfm({ recencyDays: a, frequency: a, monetary: a }, { threshold: Number.NaN }),
        message: /threshold for r must be finite/,
      },
    ]
    it.each(cases)('$name', ({ run, message }) => {
      const result = run()
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(message)
    })

    it('negative monetary is allowed (returns can exceed purchases)', () => {
      expect(scoreRfm({ recencyDays: a, frequency: a, monetary: Float64Array.from([-10, 0, 10]) }).ok).toBe(true)
    })
  })
})
