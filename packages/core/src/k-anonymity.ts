/**
 * The k-anonymity floor for aggregates: a figure about fewer than k people is not shown on its
 * own, because a small enough group is a person. Used by every aggregate shown to someone who
 * may not read personal data, and by personas. Pure: no I/O.
 */

/** The floor when a workspace has not set its own (`k_anonymity` in the workspace settings). */
export const DEFAULT_K_ANONYMITY = 5

/** The label of the group that pools the groups under the floor. */
export const POOLED_GROUP = 'other'

/**
 * Groups at or above the floor as they are; the groups under it pooled into one (made by
 * `pool`) when the pool itself reaches the floor, else dropped. Order is kept, the pool last.
 */
export function applyKFloor<T>(
  groups: readonly T[],
  k: number,
  size: (g: T) => number,
  pool: (small: readonly T[], total: number) => T,
): T[] {
  if (k <= 1) return [...groups]
  const kept = groups.filter((g) => size(g) >= k)
  const small = groups.filter((g) => size(g) < k)
  const total = small.reduce((s, g) => s + size(g), 0)
  return small.length > 0 && total >= k ? [...kept, pool(small, total)] : kept
}

/** Whether a value is a usable floor: a whole number from 1 (no floor) to 1,000. */
export const isKAnonymity = (k: number): boolean => Number.isInteger(k) && k >= 1 && k <= 1000
