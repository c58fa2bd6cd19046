/**
 * Seeded pseudo-random numbers for reproducible splits. Mulberry32 (Tommy Ettinger): 32-bit state,
 * integer arithmetic only (`Math.imul`), so a seed gives the same sequence on every platform and
 * engine. Not for cryptography; ample for shuffling rows.
 */

/** A generator of uniform numbers in [0, 1). */
export type RandomSource = () => number

/** A Mulberry32 generator; any number is accepted as a seed (it is reduced to 32 bits). */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace(values: Int32Array | number[], random: RandomSource): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = values[i] ?? 0
    values[i] = values[j] ?? 0
    values[j] = swap
  }
}
