/**
 * Seeded pseudo-random numbers for the clustering code. The package must be deterministic, so nothing
 * here touches `Math.random`: every random choice (k-means++ seeding, silhouette sampling) draws from
 * a generator created from an explicit seed.
 *
 * The generator is xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, period 2^128 − 1, good
 * statistical quality and only 32-bit integer operations, which JavaScript does exactly with
 * `Math.imul` and `>>>`. Its state is filled from the seed with splitmix32, so nearby seeds (0, 1, 2, …)
 * give unrelated streams.
 */

/** A stream of pseudo-random numbers. */
export interface Random {
  /** A 32-bit unsigned integer, uniform on [0, 2^32). */
  nextUint32(): number
  /** A float uniform on [0, 1), with 32 random bits. */
  next(): number
  /**
   * An integer uniform on [0, bound) for 1 ≤ bound ≤ 2^32. Uses rejection sampling, so there is no
   * modulo bias even for large bounds.
   */
  nextInt(bound: number): number
}

const TWO_POW_32 = 4294967296

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))

/**
 * xoshiro128** from an explicit 128-bit state (four 32-bit words, not all zero). Exposed so that the
 * implementation can be checked against the reference vectors of the original C code.
 */
export function xoshiro128ss(state: readonly [number, number, number, number]): Random {
  let s0 = state[0] >>> 0
  let s1 = state[1] >>> 0
  let s2 = state[2] >>> 0
  let s3 = state[3] >>> 0
  if ((s0 | s1 | s2 | s3) === 0) {
    // The all-zero state is the one fixed point of the generator: it would return 0 forever.
    throw new RangeError('xoshiro128** state must not be all zero')
  }

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 11)
    return result
  }

  const next = (): number => nextUint32() / TWO_POW_32

  const nextInt = (bound: number): number => {
    if (!Number.isInteger(bound) || bound < 1 || bound > TWO_POW_32) {
      throw new RangeError(`nextInt bound must be an integer in [1, 2^32], got ${bound}`)
    }
    // Accept only draws below the largest multiple of `bound`, so every residue is equally likely.
    const limit = TWO_POW_32 - (TWO_POW_32 % bound)
    for (;;) {
      const u = nextUint32()
      if (u < limit) return u % bound
    }
  }

  return { nextUint32, next, nextInt }
}

/** splitmix32: a simple, well-mixing generator used only to expand a seed into a full state. */
function splitmix32(seed: number): () => number {
  let z = seed >>> 0
  return () => {
    z = (z + 0x9e3779b9) >>> 0
    let x = z
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b)
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35)
    return (x ^ (x >>> 16)) >>> 0
  }
}

/**
 * A generator seeded from any finite number. Integers up to 2^53 are used in full (the high and the
 * low 32 bits both feed the state); fractional seeds are truncated. The same seed always gives the same
 * stream, on every platform.
 */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`)
  const whole = Math.trunc(Math.abs(seed))
  const low = whole >>> 0
  const high = Math.floor(whole / TWO_POW_32) >>> 0
  // Fold the sign and the high word into the splitmix seed so that −1, 1 and 2^32 + 1 differ.
  const mix = splitmix32(low ^ Math.imul(high, 0x27d4eb2d) ^ (seed < 0 ? 0x5bd1e995 : 0))
  let state: [number, number, number, number] = [mix(), mix(), mix(), mix()]
  while ((state[0] | state[1] | state[2] | state[3]) === 0) state = [mix(), mix(), mix(), mix()]
  return xoshiro128ss(state)
}
