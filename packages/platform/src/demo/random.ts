/**
 * A small seeded pseudo-random generator for the demo data: sfc32 (Chris Doty-Humphrey's
 * "small fast counting" generator, public domain), seeded through splitmix32. The same seed gives
 * the same sequence on every platform; nothing here reads the clock or `Math.random`.
 */

/** splitmix32: spreads a 32-bit seed over the state words. */
function splitmix32(state: number): () => number {
  let s = state >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** FNV-1a of a string, used to derive independent streams from one seed and a label. */
export function hashString(value: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Eight lower-case hexadecimal digits of a 32-bit unsigned integer. */
export function hex8(value: number): string {
  return (
    (HEX_BYTE[(value >>> 24) & 0xff] as string) +
    (HEX_BYTE[(value >>> 16) & 0xff] as string) +
    (HEX_BYTE[(value >>> 8) & 0xff] as string) +
    (HEX_BYTE[value & 0xff] as string)
  )
}

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  private spareNormal: number | null = null

  constructor(seed: number, stream = '') {
    const mix = splitmix32((Math.trunc(seed) ^ hashString(stream)) >>> 0)
    this.a = mix()
    this.b = mix()
    this.c = mix()
    this.d = mix()
    for (let i = 0; i < 12; i++) this.nextUint32()
  }

  /** An independent generator for one part of the data (orders, events, …). */
  static stream(seed: number, label: string): Random {
    return new Random(seed, label)
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0
    this.d = (this.d + 1) >>> 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) >>> 0
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0
    this.c = (this.c + t) >>> 0
    return t
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296
  }

  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** Uniform real in [min, max). */
  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(probability: number): boolean {
    return this.next() < probability
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[Math.floor(this.next() * items.length)] as T
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly T[], weights: ArrayLike<number>): T {
    if (items.length === 0) throw new Error('weighted pick from an empty list')
    return items[this.weightedIndex(weights, items.length)] as T
  }

  /** An index drawn in proportion to `weights` (the first `length` of them). */
  weightedIndex(weights: ArrayLike<number>, length = weights.length): number {
    let total = 0
    for (let i = 0; i < length; i++) total += weights[i] ?? 0
    let u = this.next() * total
    for (let i = 0; i < length; i++) {
      u -= weights[i] ?? 0
      if (u < 0) return i
    }
    // Rounding, or all weights zero: the last index with a positive weight, else the last.
    for (let i = length - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i
    return length - 1
  }

  /** Picks from `[value, weight]` pairs. */
  weightedPair<T>(pairs: ReadonlyArray<readonly [T, number]>): T {
    let total = 0
    for (const [, w] of pairs) total += w
    let u = this.next() * total
    for (const [value, w] of pairs) {
      u -= w
      if (u < 0) return value
    }
    const last = pairs[pairs.length - 1]
    if (last === undefined) throw new Error('weighted pick from an empty list')
    return last[0]
  }

  /** Standard normal (Marsaglia polar method). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const value = this.spareNormal
      this.spareNormal = null
      return mean + sd * value
    }
    let u = 0
    let v = 0
    let s = 0
    do {
      u = this.next() * 2 - 1
      v = this.next() * 2 - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const factor = Math.sqrt((-2 * Math.log(s)) / s)
    this.spareNormal = v * factor
    return mean + sd * u * factor
  }

  /** Log-normal with the given median and log-scale standard deviation. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(this.normal(0, sigma))
  }

  /** Poisson-distributed count (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))))
    const limit = Math.exp(-mean)
    let k = 0
    let p = 1
    do {
      k++
      p *= this.next()
    } while (p > limit)
    return k - 1
  }

  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = items.slice()
    const n = Math.min(count, copy.length)
    for (let i = 0; i < n; i++) {
      const j = i + Math.floor(this.next() * (copy.length - i))
      const tmp = copy[i] as T
      copy[i] = copy[j] as T
      copy[j] = tmp
    }
    return copy.slice(0, n)
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const tmp = items[i] as T
      items[i] = items[j] as T
      items[j] = tmp
    }
    return items
  }

  /** `length` lower-case hexadecimal digits. */
  hex(length: number): string {
    let out = ''
    while (out.length < length) out += hex8(this.nextUint32())
    return out.length === length ? out : out.slice(0, length)
  }

  /** `length` decimal digits (the first may be 0). */
  digits(length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += String(Math.floor(this.next() * 10))
    return out
  }
}
