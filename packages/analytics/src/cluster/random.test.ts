import { describe, expect, it } from 'vitest'
import { createRandom, xoshiro128ss } from './random.js'

describe('xoshiro128**', () => {
  it('matches the reference C implementation (state 1, 2, 3, 4)', () => {
    // First outputs of xoshiro128starstar.c (Blackman & Vigna) compiled with gcc from that state.
    const random = xoshiro128ss([1, 2, 3, 4])
    const outputs = Array.from({ length: 8 }, () => random.nextUint32())
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849])
  })

  it('rejects the all-zero state', () => {
    expect(() => xoshiro128ss([0, 0, 0, 0])).toThrow(RangeError)
  })
})

describe('createRandom', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const draw = (seed: number): number[] => {
      const random = createRandom(seed)
      return Array.from({ length: 5 }, () => random.nextUint32())
    }
    expect(draw(42)).toEqual(draw(42))
    const seeds = [0, 1, 2, -1, 2 ** 32, 2 ** 32 + 1, 2 ** 53 - 1]
    const streams = new Set(seeds.map((seed) => draw(seed).join(',')))
    expect(streams.size).toBe(seeds.length)
  })

  it('draws floats in [0, 1) with a plausible mean and integers without bias', () => {
    const random = createRandom(7)
    let sum = 0
    const counts = new Uint32Array(6)
    const draws = 60_000
    let outOfRange = 0
    for (let i = 0; i < draws; i++) {
      const u = random.next()
      if (!(u >= 0 && u < 1)) outOfRange++
      sum += u
      const face = random.nextInt(6)
      counts[face] = (counts[face] as number) + 1
    }
    expect(outOfRange).toBe(0)
    // Mean of 60,000 uniforms has standard error 0.0012; 5 standard errors.
    expect(Math.abs(sum / draws - 0.5)).toBeLessThan(0.006)
    // Chi-square with 5 degrees of freedom; 20.5 is its 0.999 quantile.
    const expected = draws / 6
    const chiSquare = [...counts].reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0)
    expect(chiSquare).toBeLessThan(20.5)
  })

  it('rejects invalid bounds and seeds', () => {
    const random = createRandom(1)
    expect(() => random.nextInt(0)).toThrow(RangeError)
    expect(() => random.nextInt(1.5)).toThrow(RangeError)
    expect(random.nextInt(1)).toBe(0)
    expect(() => createRandom(Number.NaN)).toThrow(RangeError)
  })
})
