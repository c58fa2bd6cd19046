import { describe, expect, it } from 'vitest'
import { applyKFloor, isKAnonymity } from './k-anonymity.js'

type G = { label: string; n: number }
const pool = (small: readonly G[], total: number): G => ({ label: `other(${small.map((s) => s.label).join('+')})`, n: total })
const floor = (groups: G[], k: number) => applyKFloor(groups, k, (g) => g.n, pool)

describe('the k-anonymity floor', () => {
  it('keeps groups at or above k and pools the smaller ones when the pool reaches k', () => {
    expect(
      floor(
        [
          { label: 'a', n: 10 },
          { label: 'b', n: 3 },
          { label: 'c', n: 5 },
          { label: 'd', n: 2 },
        ],
        5,
      ),
    ).toEqual([
      { label: 'a', n: 10 },
      { label: 'c', n: 5 },
      { label: 'other(b+d)', n: 5 },
    ])
  })
  it('drops the pool when it is itself under k', () => {
    expect(
      floor(
        [
          { label: 'a', n: 10 },
          { label: 'b', n: 1 },
          { label: 'c', n: 2 },
        ],
        5,
      ),
    ).toEqual([{ label: 'a', n: 10 }])
    expect(floor([{ label: 'b', n: 4 }], 5)).toEqual([])
  })
  it('is no floor at k = 1', () => {
    const groups = [
      { label: 'a', n: 1 },
      { label: 'b', n: 0 },
    ]
    expect(floor(groups, 1)).toEqual(groups)
  })
  it('accepts whole numbers from 1 to 1000 as floors', () => {
    expect([1, 5, 1000].every(isKAnonymity)).toBe(true)
    expect([0, -1, 2.5, 1001, Number.NaN].some(isKAnonymity)).toBe(false)
  })
})
