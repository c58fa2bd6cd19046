/**
 * Association rules (cross-sell) on files and on the database. See docs/models.md.
 */
export { readTransactionsFile, LONG_FORMAT_COLUMNS, type TransactionsFileOptions } from './transactions-file.js'
export {
  mineRuleSet,
  resolveRuleOptions,
  sortRuleList,
  ruleBody,
  type RuleMiningOptions,
  type ResolvedRuleOptions,
  type MinedRuleSet,
} from './mine-rules.js'
export {
  mineDatabaseRules,
  latestRulesRun,
  crossSell,
  crossSellFromRun,
  RULES_RUN_MODEL,
  type DatabaseRuleOptions,
  type CrossSellOptions,
} from './database-rules.js'
