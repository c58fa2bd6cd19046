/**
 * Association rules `X => Y` from frequent item sets, with the usual interest measures, and the
 * one-call miner {@link mineRules}.
 *
 * Semantics follow R's arules `apriori` (Hahsler et al.), so that results can be compared:
 * - a rule's support is the support of `X ∪ Y`, and `minSupport` applies to it;
 * - `minLen`/`maxLen` count the items of `X ∪ Y` (arules' `minlen`/`maxlen`);
 * - a rule passes when `confidence >= minConfidence` up to 1e-12, the tolerance arules uses, so a
 *   threshold that equals a ratio of counts is not lost to rounding;
 * - by default `Y` has one item (arules only produces such rules); `rhsMax` allows more.
 */
import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import {
  checkSupportOptions,
  compareLabelLists,
  DEFAULT_MAX_LEN,
  mineEncoded,
  type FrequentItemsetOptions,
  type FrequentItemsets,
} from './fpgrowth.js'
import { encodeTransactions, type Transaction } from './transactions.js'

/** Options of {@link generateRules}. */
export interface RuleOptions {
  /** Minimum confidence in [0, 1]. */
  readonly minConfidence: number
  /**
   * Smallest rule length, counting the items on both sides. Default 2: every rule has a non-empty
   * left-hand side. With 1, rules with an empty left-hand side (`{} => {y}`, confidence = support of
   * `y`) are produced as well, which is what arules' `apriori` does by default (`minlen = 1`); pass
   * `minLen: 1` to reproduce arules' default output exactly.
   */
  readonly minLen?: number
  /** Largest rule length, counting the items on both sides. Default 10, as arules' `maxlen`. */
  readonly maxLen?: number
  /** Largest number of items on the right-hand side. Default 1, as arules. */
  readonly rhsMax?: number
}

/**
 * One association rule `lhs => rhs`. Supports are shares of all transactions.
 *
 * `conviction` is `Infinity` when the confidence is 1 (the rule never fails). JSON has no Infinity
 * (`JSON.stringify` would silently write `null`); use {@link ruleToJson} / {@link ruleFromJson},
 * which write `null` for an infinite conviction and read it back as `Infinity`.
 */
export interface AssociationRule {
  /** Left-hand side (antecedent) labels, sorted in UTF-16 code unit order; may be empty only when `minLen` is 1. */
  readonly lhs: readonly string[]
  /** Right-hand side (consequent) labels, sorted likewise. */
  readonly rhs: readonly string[]
  /** Number of transactions containing `lhs ∪ rhs`. */
  readonly count: number
  /** `P(lhs ∪ rhs)`. */
  readonly support: number
  /** `P(lhs)`: share of transactions the rule applies to. */
  readonly coverage: number
  /** `P(rhs | lhs)`. */
  readonly confidence: number
  /** `confidence / P(rhs)`: how much more likely `rhs` is given `lhs` than overall. */
  readonly lift: number
  /** `P(lhs ∪ rhs) − P(lhs)·P(rhs)`: the excess co-occurrence, as a share of transactions. */
  readonly leverage: number
  /**
   * `(1 − P(rhs)) / (1 − confidence)`: how much more often the rule would fail if `lhs` and `rhs`
   * were independent. `Infinity` when the confidence is 1; 1 when `rhs` is in every transaction
   * (then `rhs` is independent of everything and the formula is 0/0).
   */
  readonly conviction: number
}

/** {@link AssociationRule} in JSON-safe form: an infinite conviction is written as `null`. */
export interface AssociationRuleJson extends Omit<AssociationRule, 'conviction'> {
  readonly conviction: number | null
}

/** JSON-safe copy of a rule (`conviction: null` means infinite). */
export function ruleToJson(rule: AssociationRule): AssociationRuleJson {
  return { ...rule, conviction: Number.isFinite(rule.conviction) ? rule.conviction : null }
}

/** Inverse of {@link ruleToJson}. */
export function ruleFromJson(json: AssociationRuleJson): AssociationRule {
  return { ...json, conviction: json.conviction ?? Infinity }
}

/** Tolerance of the confidence test, as in arules (Borgelt's `istree.c`). */
const CONFIDENCE_EPSILON = 1e-12

interface ResolvedRuleOptions {
  readonly minConfidence: number
  readonly minLen: number
  readonly maxLen: number
  readonly rhsMax: number
}

function resolveRuleOptions(options: RuleOptions): Result<ResolvedRuleOptions, ModelError> {
  const { minConfidence } = options
  const minLen = options.minLen ?? 2
  const maxLen = options.maxLen ?? DEFAULT_MAX_LEN
  const rhsMax = options.rhsMax ?? 1
  if (!Number.isFinite(minConfidence) || minConfidence < 0 || minConfidence > 1) {
    return err(modelError('InvalidInput', `minConfidence must be in [0, 1], got ${String(minConfidence)}`, { minConfidence }))
  }
  if (!Number.isInteger(minLen) || minLen < 1) {
    return err(modelError('InvalidInput', `minLen must be an integer >= 1, got ${String(minLen)}`, { minLen }))
  }
  if (!Number.isInteger(maxLen) || maxLen < minLen) {
    return err(modelError('InvalidInput', `maxLen must be an integer >= minLen (${minLen}), got ${String(maxLen)}`, { maxLen, minLen }))
  }
  if (!Number.isInteger(rhsMax) || rhsMax < 1) {
    return err(modelError('InvalidInput', `rhsMax must be an integer >= 1, got ${String(rhsMax)}`, { rhsMax }))
  }
  return ok({ minConfidence, minLen, maxLen, rhsMax })
}

/**
 * Rules from frequent item sets: for each frequent set `Z` with `minLen <= |Z| <= maxLen` and each
 * non-empty `Y ⊂ Z` with `|Y| <= rhsMax`, the rule `Z∖Y => Y` if its confidence is high enough.
 * The left-hand side is empty only when `minLen` is 1.
 *
 * Output order is deterministic: lift descending, then confidence descending, support descending,
 * then left-hand and right-hand labels in code unit order.
 *
 * Errors (`InvalidInput`): an option out of range, or item sets that are not closed under subsets
 * (every subset of a frequent set must be listed, as FP-Growth and Apriori guarantee).
 */
export function generateRules(frequent: FrequentItemsets, options: RuleOptions): Result<AssociationRule[], ModelError> {
  const resolved = resolveRuleOptions(options)
  if (!resolved.ok) return resolved
  const { minConfidence, minLen, maxLen, rhsMax } = resolved.value
  const n = frequent.transactionCount
  if (!Number.isInteger(n) || n < 1) {
    return err(modelError('DegenerateData', `transactionCount must be a positive integer, got ${String(n)}`))
  }

  // Integer ids for labels (from the single-item sets) and a count lookup keyed by sorted ids.
  const idOf = new Map<string, number>()
  for (const itemset of frequent.itemsets) {
    const [label] = itemset.items
    if (itemset.items.length === 1 && label !== undefined) idOf.set(label, idOf.size)
  }
  const countOf = new Map<string, number>()
  const idLists: Int32Array[] = []
  for (const itemset of frequent.itemsets) {
    const ids = new Int32Array(itemset.items.length)
    for (let i = 0; i < ids.length; i++) {
      const id = idOf.get(itemset.items[i] ?? '')
      if (id === undefined) return err(notClosed(itemset.items, [itemset.items[i] ?? '']))
      ids[i] = id
    }
    idLists.push(ids)
    countOf.set(idKey(ids.slice().sort()), itemset.count)
  }

  const allowEmptyLhs = minLen <= 1
  const rules: AssociationRule[] = []
  for (let s = 0; s < frequent.itemsets.length; s++) {
    const itemset = frequent.itemsets[s]
    const ids = idLists[s]
    if (itemset === undefined || ids === undefined) continue
    const size = ids.length
    if (size < minLen || size > maxLen) continue
    const countAll = itemset.count
    for (let rhsSize = 1; rhsSize <= Math.min(rhsMax, size); rhsSize++) {
      if (rhsSize === size && !allowEmptyLhs) continue
      for (const rhsPositions of combinations(size, rhsSize)) {
        const inRhs = new Uint8Array(size)
        for (const position of rhsPositions) inRhs[position] = 1
        const lhsLabels: string[] = []
        const rhsLabels: string[] = []
        const lhsIds: number[] = []
        const rhsIds: number[] = []
        for (let i = 0; i < size; i++) {
          const label = itemset.items[i] ?? ''
          const id = ids[i] ?? 0
          if (inRhs[i] === 1) {
            rhsLabels.push(label)
            rhsIds.push(id)
          } else {
            lhsLabels.push(label)
            lhsIds.push(id)
          }
        }
        const lhsCount = lhsIds.length === 0 ? n : countOf.get(idKey(lhsIds.sort((a, b) => a - b)))
        if (lhsCount === undefined) return err(notClosed(itemset.items, lhsLabels))
        const confidence = countAll / lhsCount
        if (confidence < minConfidence - CONFIDENCE_EPSILON) continue
        const rhsCount = countOf.get(idKey(rhsIds.sort((a, b) => a - b)))
        if (rhsCount === undefined) return err(notClosed(itemset.items, rhsLabels))
        rules.push(makeRule(lhsLabels, rhsLabels, countAll, lhsCount, rhsCount, n))
      }
    }
  }
  rules.sort(compareRules)
  return ok(rules)
}

function makeRule(lhs: string[], rhs: string[], count: number, lhsCount: number, rhsCount: number, n: number): AssociationRule {
  const support = count / n
  const coverage = lhsCount / n
  const rhsSupport = rhsCount / n
  const confidence = count / lhsCount
  const conviction = rhsCount === n ? 1 : count === lhsCount ? Infinity : (1 - rhsSupport) / (1 - confidence)
  return {
    lhs,
    rhs,
    count,
    support,
    coverage,
    confidence,
    lift: (confidence * n) / rhsCount,
    leverage: support - coverage * rhsSupport,
    conviction,
  }
}

/** The rule order of {@link generateRules}. */
export function compareRules(a: AssociationRule, b: AssociationRule): number {
  return (
    b.lift - a.lift ||
    b.confidence - a.confidence ||
    b.support - a.support ||
    compareLabelLists(a.lhs, b.lhs) ||
    compareLabelLists(a.rhs, b.rhs)
  )
}

function idKey(ids: ArrayLike<number>): string {
  return Array.prototype.join.call(ids, ',')
}

function notClosed(itemset: readonly string[], missing: readonly string[]): ModelError {
  return modelError(
    'InvalidInput',
    `the item sets are not closed under subsets: {${missing.join(', ')}} ⊂ {${itemset.join(', ')}} is not listed`,
    { itemset: [...itemset], missing: [...missing] },
  )
}

/** All `k`-subsets of `0 .. n-1` as ascending position lists, in lexicographic order. */
function* combinations(n: number, k: number): Generator<readonly number[]> {
  const positions = Array.from({ length: k }, (_, i) => i)
  while (true) {
    yield positions
    let i = k - 1
    while (i >= 0 && positions[i] === n - k + i) i--
    if (i < 0) return
    positions[i] = (positions[i] ?? 0) + 1
    for (let j = i + 1; j < k; j++) positions[j] = (positions[j - 1] ?? 0) + 1
  }
}

/** Options of {@link mineRules}: item set and rule options together. */
export interface MineRulesOptions extends FrequentItemsetOptions, RuleOptions {}

/** Result of {@link mineRules}. */
export interface MinedRules {
  readonly transactionCount: number
  /** The minimum support as a count of transactions. */
  readonly minCount: number
  /** Number of frequent item sets the rules were generated from. */
  readonly itemsetCount: number
  /** Sorted as documented at {@link generateRules}. */
  readonly rules: readonly AssociationRule[]
}

/**
 * Frequent item sets by FP-Growth, then rules — the usual one-call entry point.
 *
 * With `{ minSupport: 0.001, minConfidence: 0.5, minLen: 1 }` (arules' defaults for the other
 * parameters) this reproduces `apriori(Groceries, parameter = list(support = 0.001, confidence = 0.5))`.
 *
 * Errors: no transactions, or fewer than two distinct items (`DegenerateData`: no rule can relate
 * an item to another); any option out of range (`InvalidInput`).
 */
export function mineRules(transactions: readonly Transaction[], options: MineRulesOptions): Result<MinedRules, ModelError> {
  const resolved = resolveRuleOptions(options)
  if (!resolved.ok) return resolved
  const invalid = checkSupportOptions(options.minSupport, resolved.value.maxLen)
  if (invalid !== undefined) return err(invalid)
  if (transactions.length === 0) return err(modelError('DegenerateData', 'no transactions to mine'))
  const encoded = encodeTransactions(transactions)
  if (encoded.labels.length < 2) {
    return err(
      modelError(
        'DegenerateData',
        `association rules need at least two distinct items, the transactions contain ${encoded.labels.length}`,
        { items: [...encoded.labels] },
      ),
    )
  }
  const frequent = mineEncoded(encoded, options.minSupport, resolved.value.maxLen)
  const rules = generateRules(frequent, resolved.value)
  if (!rules.ok) return rules
  return ok({
    transactionCount: frequent.transactionCount,
    minCount: frequent.minCount,
    itemsetCount: frequent.itemsets.length,
    rules: rules.value,
  })
}

/** Sorting helper for callers that filter rules and want the canonical order back. */
export function sortRules(rules: readonly AssociationRule[]): AssociationRule[] {
  return [...rules].sort(compareRules)
}
