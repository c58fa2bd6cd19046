/**
 * Association rules (market-basket analysis): frequent item sets by FP-Growth and rules with
 * support, confidence, lift, leverage and conviction.
 *
 * Typical use:
 * ```ts
 * const baskets = transactionsFromBasketLines(text)
 * const mined = mineRules(baskets, { minSupport: 0.006, minConfidence: 0.25 })
 * if (mined.ok) for (const rule of mined.value.rules.slice(0, 10)) console.log(rule.lhs, '=>', rule.rhs, rule.lift)
 * ```
 *
 * Parameters follow R's arules `apriori` (minimum support as the count `ceil(minSupport × n)`,
 * lengths counting both sides, one item on the right-hand side by default). The one deliberate
 * difference is the default `minLen` of 2, which leaves out rules with an empty left-hand side;
 * pass `minLen: 1` for arules' default. Results are deterministic and independent of input order.
 *
 * @packageDocumentation
 */
export {
  transactionsFromBasketLines,
  transactionsFromLongFormat,
  encodeTransactions,
  compareLabels,
  type Transaction,
  type BasketLineOptions,
  type EncodedTransactions,
} from './transactions.js'
export {
  mineFrequentItemsets,
  minimumSupportCount,
  DEFAULT_MAX_LEN,
  type FrequentItemsetOptions,
  type FrequentItemset,
  type FrequentItemsets,
} from './fpgrowth.js'
export {
  generateRules,
  mineRules,
  compareRules,
  sortRules,
  ruleToJson,
  ruleFromJson,
  type RuleOptions,
  type MineRulesOptions,
  type MinedRules,
  type AssociationRule,
  type AssociationRuleJson,
} from './associationRules.js'
