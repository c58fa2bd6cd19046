import { describe, expect, it } from 'vitest'
import { profileClusters, type ClusterProfile } from './index.js'

function expectOk(result: ReturnType<typeof profileClusters>): ClusterProfile {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.message}`)
  return result.value
}

describe('profileClusters', () => {
  // Six customers in two clusters; income in k$, one missing channel.
  const labels = [0, 0, 0, 1, 1, 1]
  const income = Float64Array.from([10, 20, 30, 70, 80, 90])
  const channel = ['web', 'web', 'store', 'store', 'store', null]

  it('reports sizes, means in original units and the standardised difference', () => {
    const profile = expectOk(profileClusters({ labels, numeric: [{ name: 'income', values: income }] }))
    expect(profile.k).toBe(2)
    expect([...profile.sizes]).toEqual([3, 3])
    expect([...profile.shares]).toEqual([0.5, 0.5])
    const feature = profile.numeric[0]
    expect(feature?.overallMean).toBe(50)
    expect([...(feature?.clusterMeans ?? [])]).toEqual([20, 80])
    // Population sd of the six incomes: √((40² + 30² + 20²) · 2 / 6) = √(5800 / 6).
    expect(feature?.overallStd).toBeCloseTo(Math.sqrt(5800 / 6), 12)
    expect(feature?.standardizedDifference[0]).toBeCloseTo(-30 / Math.sqrt(5800 / 6), 12)
  })

  it('lists top categories per cluster with share and lift', () => {
    const profile = expectOk(profileClusters({ labels, categorical: [{ name: 'channel', values: channel }], topCategories: 2 }))
    const feature = profile.categorical[0]
    // Overall: store 3/6, web 2/6 (the missing value counts in the denominator only).
    expect(feature?.overall).toEqual([
      { category: 'store', count: 3, share: 0.5, lift: 1 },
      { category: 'web', count: 2, share: 2 / 6, lift: 1 },
    ])
    expect(feature?.perCluster[0]).toEqual([
      { category: 'web', count: 2, share: 2 / 3, lift: 2 / 3 / (2 / 6) },
      { category: 'store', count: 1, share: 1 / 3, lift: 1 / 3 / 0.5 },
    ])
    expect(feature?.perCluster[1]).toEqual([{ category: 'store', count: 2, share: 2 / 3, lift: 2 / 3 / 0.5 }])
  })

  it('keeps empty clusters when k is given', () => {
    const profile = expectOk(profileClusters({ labels: [0, 2], k: 4, numeric: [{ name: 'v', values: Float64Array.from([1, 3]) }] }))
    expect([...profile.sizes]).toEqual([1, 0, 1, 0])
    expect(profile.numeric[0]?.clusterMeans[1]).toBeNaN()
    expect(profile.categorical).toEqual([])
  })

  it('rejects inconsistent input', () => {
    expect(profileClusters({ labels: [] }).ok).toBe(false)
    expect(profileClusters({ labels: [0, -1] }).ok).toBe(false)
    expect(profileClusters({ labels: [0, 3], k: 2 }).ok).toBe(false)
    expect(profileClusters({ labels: [0, 1], numeric: [{ name: 'v', values: Float64Array.from([1]) }] }).ok).toBe(false)
    const nan = profileClusters({ labels: [0, 1], numeric: [{ name: 'v', values: Float64Array.from([1, Number.NaN]) }] })
    expect(nan.ok).toBe(false)
    if (!nan.ok) expect(nan.error.message).toMatch(/column v, row 1 is NaN/)
  })
})
