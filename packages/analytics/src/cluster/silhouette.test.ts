import { describe, expect, it } from 'vitest'
import { createRandom, matrixFromRows, silhouetteScore, type DataMatrix, type SilhouetteResult } from './index.js'

function expectOk(result: ReturnType<typeof silhouetteScore>): SilhouetteResult {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`)
  return result.value
}

/** Textbook silhouette over plain arrays, written independently of the implementation. */
function plainSilhouette(points: number[][], labels: number[]): number {
  const distance = (p: number[], q: number[]): number => Math.sqrt(p.reduce((acc, v, t) => acc + (v - (q[t] ?? 0)) ** 2, 0))
  const clusters = [...new Set(labels)]
  let total = 0
  points.forEach((p, i) => {
    const own = labels[i]
    const meanTo = (c: number, excludeSelf: boolean): number => {
      const members = points.filter((_, j) => labels[j] === c && !(excludeSelf && j === i))
      return members.reduce((acc, q) => acc + distance(p, q), 0) / members.length
    }
    if (labels.filter((l) => l === own).length === 1) return
    const a = meanTo(own as number, true)
    const b = Math.min(...clusters.filter((c) => c !== own).map((c) => meanTo(c, false)))
    total += Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b)
  })
  return total / points.length
}

describe('silhouetteScore', () => {
  it('matches a hand computation', () => {
    // Points 0, 1 | 4, 5. For 0: a = 1, b = (4 + 5) / 2 = 4.5, s = 3.5 / 4.5 = 7/9.
    // For 1: a = 1, b = (3 + 4) / 2 = 3.5, s = 2.5 / 3.5 = 5/7. By symmetry 4 and 5 give 5/7 and 7/9.
    const result = expectOk(silhouetteScore(matrixFromRows([[0], [1], [4], [5]]), [0, 0, 1, 1]))
    expect(result.values[0]).toBeCloseTo(7 / 9, 14)
    expect(result.values[1]).toBeCloseTo(5 / 7, 14)
    expect(result.values[2]).toBeCloseTo(5 / 7, 14)
    expect(result.values[3]).toBeCloseTo(7 / 9, 14)
    expect(result.score).toBeCloseTo((7 / 9 + 5 / 7) / 2, 14)
    expect([...result.perCluster].map((v) => v.toFixed(12))).toEqual(Array(2).fill(((7 / 9 + 5 / 7) / 2).toFixed(12)))
    expect([...result.clusterSizes]).toEqual([2, 2])
  })

  it('scores a singleton 0 and leaves unused labels NaN', () => {
    // 0 and 1 in cluster 0, 10 alone in cluster 2: s(0) = (10 − 1) / 10, s(1) = (9 − 1) / 9, s(10) = 0.
    const result = expectOk(silhouetteScore(matrixFromRows([[0], [1], [10]]), Int32Array.from([0, 0, 2])))
    expect(result.values[2]).toBe(0)
    expect(result.score).toBeCloseTo((0.9 + 8 / 9) / 3, 14)
    expect(result.perCluster[1]).toBeNaN()
    expect(result.perCluster[2]).toBe(0)
  })

  it('scores 0 for coincident points split across clusters', () => {
    const result = expectOk(silhouetteScore(matrixFromRows([[1], [1], [1], [1]]), [0, 0, 1, 1]))
    expect(result.score).toBe(0)
  })

  it('agrees with a plain nested-loop computation on random data', () => {
    const random = createRandom(21)
    const points = Array.from({ length: 120 }, () => [random.next() * 10, random.next() * 10, random.next()])
    const labels = points.map((p) => ((p[0] as number) < 3 ? 0 : (p[1] as number) < 5 ? 1 : (p[0] as number) < 7 ? 2 : 3))
    const result = expectOk(silhouetteScore(matrixFromRows(points), labels))
    expect(result.score).toBeCloseTo(plainSilhouette(points, labels), 12)
  })

  it('samples rows deterministically and computes the silhouette within the sample', () => {
    const random = createRandom(8)
    const points = Array.from({ length: 300 }, (_, i) => [(i % 3) * 5 + random.next(), random.next()])
    const labels = points.map((_, i) => i % 3)
    const x: DataMatrix = matrixFromRows(points)
    const a = expectOk(silhouetteScore(x, labels, { sampleSize: 50, seed: 4 }))
    const b = expectOk(silhouetteScore(x, labels, { sampleSize: 50, seed: 4 }))
    expect([...a.rows]).toEqual([...b.rows])
    expect(a.score).toBe(b.score)
    expect(a.rows).toHaveLength(50)
    expect(new Set(a.rows).size).toBe(50)
    expect([...a.rows]).toEqual([...a.rows].sort((p, q) => p - q))
    const subset = [...a.rows].map((row) => points[row] as number[])
    const subsetLabels = [...a.rows].map((row) => labels[row] as number)
    expect(a.score).toBeCloseTo(plainSilhouette(subset, subsetLabels), 12)
    const c = expectOk(silhouetteScore(x, labels, { sampleSize: 50, seed: 5 }))
    expect([...c.rows]).not.toEqual([...a.rows])
    // A sample at least as large as the data is the exact computation.
    const all = expectOk(silhouetteScore(x, labels, { sampleSize: 1000 }))
    expect(all.rows).toHaveLength(300)
  })

  describe('errors', () => {
    const x = matrixFromRows([[0], [1], [2]])
    const cases: { name: string; labels: number[]; options?: { sampleSize: number }; message: RegExp }[] = [
      { name: 'one cluster', labels: [0, 0, 0], message: /2 ≤ clusters ≤ rows − 1, got 1/ },
      { name: 'every row its own cluster', labels: [0, 1, 2], message: /got 3 non-empty clusters over 3 rows/ },
      { name: 'negative label', labels: [0, -1, 1], message: /label of row 1 is -1/ },
      { name: 'fractional label', labels: [0, 0.5, 1], message: /label of row 1 is 0.5/ },
      { name: 'length mismatch', labels: [0, 1], message: /2 entries but the data has 3 rows/ },
      { name: 'sample too small', labels: [0, 0, 1], options: { sampleSize: 1 }, message: /sampleSize/ },
    ]
    it.each(cases)('$name', ({ labels, options, message }) => {
      const result = silhouetteScore(x, labels, options)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(message)
    })

    it('NaN data', () => {
      const result = silhouetteScore(matrixFromRows([[0], [Number.NaN], [2]]), [0, 1, 1])
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.error.message).toMatch(/is NaN/)
    })
  })
})
