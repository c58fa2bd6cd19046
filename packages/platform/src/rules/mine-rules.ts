/**
 * Association rules as a service: validation of the parameters, mining (FP-Growth from
 * `@portrait/analytics/rules`), ordering and the JSON form of the rules, for baskets read from a
 * file or taken from the orders in the database.
 *
 * Semantics are those of R's arules: the minimum support is applied as the count
 * `ceil(minSupport × transactions)`; rule lengths count the items of both sides; rules have one item
 * on the right-hand side unless `rhsMax` allows more; the default `minLen` of 2 leaves out rules with
 * an empty left-hand side. An infinite conviction (a rule with confidence 1) is written as `null`,
 * because JSON has no Infinity.
 */
import { compareLabels, mineRules, ruleToJson, type AssociationRule } from '@portrait/analytics/rules'
import { err, ok, portraitError, type AssociationRuleBody, type PortraitError, type Result, type RuleSort } from '@portrait/core'

export interface RuleMiningOptions {
  /** Minimum support in (0, 1]. */
  readonly minSupport: number
  /** Minimum confidence in [0, 1]. */
  readonly minConfidence: number
  /** Largest rule length, both sides counted (2..10, default 10). */
  readonly maxLen?: number
  /** Smallest rule length, both sides counted (default 2). */
  readonly minLen?: number
  /** Largest number of items on the right-hand side (default 1). */
  readonly rhsMax?: number
  /** Order of the rules (default lift). */
  readonly sort?: RuleSort
  /** Keep only the first rules in that order. */
  readonly limit?: number
}

export interface ResolvedRuleOptions {
  readonly minSupport: number
  readonly minConfidence: number
  readonly minLen: number
  readonly maxLen: number
  readonly rhsMax: number
  readonly sort: RuleSort
  readonly limit: number | null
}

/** The result of one mining run, in the documented JSON shape plus the run's figures. */
export interface MinedRuleSet {
  /** Rules found (before any limit). */
  readonly count: number
  /** Transactions (baskets) mined. */
  readonly transactions: number
  readonly rules: AssociationRuleBody[]
  /** Minimum support as a count of transactions. */
  readonly minCount: number
  /** Frequent item sets the rules were generated from. */
  readonly itemsetCount: number
}

const MAX_RULE_LENGTH = 10

/** Checks the parameters and fills in the defaults; messages name the parameter and the value. */
export function resolveRuleOptions(options: RuleMiningOptions): Result<ResolvedRuleOptions, PortraitError> {
  const { minSupport, minConfidence } = options
  const minLen = options.minLen ?? 2
  const maxLen = options.maxLen ?? MAX_RULE_LENGTH
  const rhsMax = options.rhsMax ?? 1
  const sort = options.sort ?? 'lift'
  const bad = (message: string): Result<never, PortraitError> => err(portraitError('InvalidInput', message))
  if (typeof minSupport !== 'number' || !(minSupport > 0 && minSupport <= 1)) {
    return bad(`minimum support must be a number in (0, 1], got ${String(minSupport)}`)
  }
  if (typeof minConfidence !== 'number' || !(minConfidence >= 0 && minConfidence <= 1)) {
    return bad(`minimum confidence must be a number in [0, 1], got ${String(minConfidence)}`)
  }
  if (!Number.isInteger(minLen) || minLen < 1 || minLen > MAX_RULE_LENGTH) {
    return bad(`minimum rule length must be a whole number from 1 to ${MAX_RULE_LENGTH}, got ${String(minLen)}`)
  }
  if (!Number.isInteger(maxLen) || maxLen < Math.max(2, minLen) || maxLen > MAX_RULE_LENGTH) {
    return bad(`maximum rule length must be a whole number from ${Math.max(2, minLen)} to ${MAX_RULE_LENGTH}, got ${String(maxLen)}`)
  }
  if (!Number.isInteger(rhsMax) || rhsMax < 1 || rhsMax >= maxLen) {
    return bad(`the right-hand side may have 1 to ${maxLen - 1} items (one less than the maximum length), got ${String(rhsMax)}`)
  }
  if (sort !== 'lift' && sort !== 'confidence' && sort !== 'support') {
    return bad(`sort must be lift, confidence or support, got '${String(sort)}'`)
  }
  const limit = options.limit ?? null
  if (limit !== null && !(Number.isInteger(limit) && limit >= 1)) return bad(`limit must be a whole number ≥ 1, got ${String(limit)}`)
  return ok({ minSupport, minConfidence, minLen, maxLen, rhsMax, sort, limit })
}

function compareLabelLists(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareLabels(a[i] ?? '', b[i] ?? '')
    if (c !== 0) return c
  }
  return a.length - b.length
}

/** Rule orders: the chosen measure descending, then the others, then the labels, so ties are stable. */
const RULE_ORDER: Record<RuleSort, (a: AssociationRule, b: AssociationRule) => number> = {
  lift: (a, b) => b.lift - a.lift || b.confidence - a.confidence || b.support - a.support,
  confidence: (a, b) => b.confidence - a.confidence || b.lift - a.lift || b.support - a.support,
  support: (a, b) => b.support - a.support || b.confidence - a.confidence || b.lift - a.lift,
}

/** Sorts rules by `sort`, ties broken by the other measures and then the item labels. */
export function sortRuleList(rules: readonly AssociationRule[], sort: RuleSort): AssociationRule[] {
  const byMeasure = RULE_ORDER[sort]
  return [...rules].sort((a, b) => byMeasure(a, b) || compareLabelLists(a.lhs, b.lhs) || compareLabelLists(a.rhs, b.rhs))
}

/** The documented JSON form of a rule: exactly these eight fields, conviction `null` when infinite. */
export function ruleBody(rule: AssociationRule): AssociationRuleBody {
  const json = ruleToJson(rule)
  return {
    lhs: [...json.lhs],
    rhs: [...json.rhs],
    support: json.support,
    confidence: json.confidence,
    lift: json.lift,
    leverage: json.leverage,
    conviction: json.conviction,
    count: json.count,
  }
}

/**
 * Mines rules from baskets. `what` describes the baskets in messages (e.g. the file name).
 * Errors: parameters out of range (`InvalidInput`); no baskets or fewer than two distinct items
 * (`DegenerateData`).
 */
export function mineRuleSet(
  baskets: readonly (readonly string[])[],
  options: ResolvedRuleOptions,
  what: string,
): Result<MinedRuleSet, PortraitError> {
  if (baskets.length === 0) return err(portraitError('DegenerateData', `${what}: no transactions to mine`))
  const mined = mineRules(baskets, {
    minSupport: options.minSupport,
    minConfidence: options.minConfidence,
    minLen: options.minLen,
    maxLen: options.maxLen,
    rhsMax: options.rhsMax,
  })
  if (!mined.ok) return err(portraitError(mined.error.tag, `${what}: ${mined.error.message}`, mined.error.details))
  const sorted = options.sort === 'lift' ? mined.value.rules : sortRuleList(mined.value.rules, options.sort)
  const kept = options.limit === null ? sorted : sorted.slice(0, options.limit)
  return ok({
    count: mined.value.rules.length,
    transactions: mined.value.transactionCount,
    rules: kept.map(ruleBody),
    minCount: mined.value.minCount,
    itemsetCount: mined.value.itemsetCount,
  })
}
