import { describe, expect, it } from 'vitest'
import { clvDistribution, niceStep, quantile, type ClvScoreValue } from './clv-distribution.js'

const score = (clv: number, p_alive: number, frequency: number, sinceLast: number): ClvScoreValue => ({
  clv,
  p_alive,
  expected_purchases: clv / 10,
  frequency,
  recency: 40 - sinceLast,
  T: 40,
})

describe('CLV distribution summary', () => {
  it('picks round bin widths', () => {
    expect([0.7, 1, 1.3, 2.2, 3, 7, 51.6, 1032.3].map(niceStep)).toEqual([1, 1, 2, 2.5, 5, 10, 100, 2000])
    expect(quantile(Float64Array.of(1, 2, 3, 4), 0.5)).toBe(2.5)
    expect(quantile(new Float64Array(0), 0.5)).toBe(0)
  })

  it('bins every customer once, up to the 99th percentile and one open bin beyond it', () => {
    const values = Array.from({ length: 200 }, (_, i) => score(i * 10, 0.9, i % 5, i % 60))
    values.push(score(1e6, 0.2, 30, 50), score(2e6, 0.1, 25, 45))
    const d = clvDistribution(values, 'week')
    expect(d.customers).toBe(202)
    expect(d.histogram.reduce((s, b) => s + b.customers, 0)).toBe(202)
    const width = (d.histogram[0]?.to ?? 0) - (d.histogram[0]?.from ?? 0)
    expect(width).toBe(niceStep(d.quantiles.p99 / 20))
    expect(d.histogram.at(-1)?.to).toBeNull()
    expect(d.histogram.at(-1)?.customers).toBeGreaterThanOrEqual(2)
    expect(d.totalClv).toBe(values.reduce((s, v) => s + v.clv, 0))
    expect(d.likelyInactive).toBe(2)
  })

  it('averages P(alive) by repeat purchases × weeks since the last purchase', () => {
    const d = clvDistribution([score(5, 1, 0, 2), score(5, 0.5, 3, 30), score(5, 0.3, 3, 35), score(5, 0.1, 25, 60)], 'week')
    const heat = d.pAliveHeatmap
    const cell = (f: number, r: number) => heat.cells.find((c) => c.frequency === f && c.recency === r)
    // 3 repeat purchases is bucket 3; 30 and 35 weeks since the last purchase are both in 26–39.
    expect(heat.frequencyBuckets[3]).toEqual({ from: 3, to: 3 })
    expect(heat.recencyBuckets[4]).toEqual({ from: 26, to: 39 })
    expect(cell(3, 4)).toEqual({ frequency: 3, recency: 4, customers: 2, meanPAlive: 0.4 })
    expect(cell(0, 0)?.meanPAlive).toBe(1)
    expect(cell(7, 6)?.customers).toBe(1)
    // In days the same boundaries are 7 times larger.
    expect(clvDistribution([score(5, 1, 0, 2)], 'day').pAliveHeatmap.recencyBuckets[1]).toEqual({ from: 28, to: 56 })
  })
})
