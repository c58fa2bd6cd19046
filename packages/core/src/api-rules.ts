/**
 * Association rules (market-basket analysis) and cross-sell lists over the HTTP API. Semantics
 * follow R's arules: minimum support is applied as the count ceil(minSupport × transactions),
 * rule lengths count the items on both sides, one item on the right-hand side unless `rhsMax`
 * says otherwise. See docs/models.md.
 */
import { z } from 'zod'

export const RuleLevel = z.enum(['sku', 'category', 'product_name']).describe('what an item is: the SKU, the category or the product name')
export type RuleLevel = z.infer<typeof RuleLevel>

export const RuleSort = z.enum(['lift', 'confidence', 'support'])
export type RuleSort = z.infer<typeof RuleSort>

export const AssociationRuleBody = z.object({
  lhs: z.array(z.string()).describe('left-hand side (antecedent) items, sorted'),
  rhs: z.array(z.string()).describe('right-hand side (consequent) items, sorted'),
  support: z.number().describe('share of transactions that contain lhs ∪ rhs'),
  confidence: z.number().describe('P(rhs | lhs)'),
  lift: z.number().describe('confidence / P(rhs)'),
  leverage: z.number().describe('P(lhs ∪ rhs) − P(lhs)·P(rhs)'),
  conviction: z.number().nullable().describe('(1 − P(rhs)) / (1 − confidence); null when infinite (confidence 1)'),
  count: z.number().int().describe('transactions that contain lhs ∪ rhs'),
})
export type AssociationRuleBody = z.infer<typeof AssociationRuleBody>

export const RulesRequest = z.object({
  minSupport: z.number().gt(0).lte(1).describe('minimum support in (0, 1], applied as the count ceil(minSupport × transactions)'),
  minConfidence: z.number().min(0).max(1),
  maxLen: z.number().int().min(2).max(10).optional().describe('largest rule length, items on both sides (default 10)'),
  minLen: z.number().int().min(1).max(10).optional().describe('smallest rule length (default 2: no empty left-hand side)'),
  rhsMax: z.number().int().min(1).max(9).optional().describe('largest number of items on the right-hand side (default 1)'),
  level: RuleLevel.default('sku'),
  segment: z.string().min(1).max(200).optional().describe('only the baskets of this segment’s members'),
  sort: RuleSort.default('lift'),
  limit: z.number().int().min(1).max(100_000).optional().describe('keep only the first rules in sort order'),
})
export type RulesRequest = z.input<typeof RulesRequest>

export const CatalogueEntry = z.object({
  name: z.string().describe('display name: the product name of a SKU, else the item itself'),
  category: z.string().nullable(),
  orders: z.number().int().describe('orders that contain the item'),
})
export type CatalogueEntry = z.infer<typeof CatalogueEntry>

export const RulesParams = z.object({
  minSupport: z.number(),
  minConfidence: z.number(),
  minLen: z.number().int(),
  maxLen: z.number().int(),
  rhsMax: z.number().int(),
  level: RuleLevel,
  segment: z.string().nullable(),
  sort: RuleSort,
  limit: z.number().int().nullable(),
})
export type RulesParams = z.infer<typeof RulesParams>

export const RulesRun = z.object({
  count: z.number().int().describe('rules found (rules may hold fewer when a limit was set)'),
  transactions: z.number().int().describe('baskets (orders) mined'),
  rules: z.array(AssociationRuleBody),
  minCount: z.number().int().describe('minimum support as a count of transactions'),
  itemsetCount: z.number().int().describe('frequent item sets the rules came from'),
  items: z.record(z.string(), CatalogueEntry).describe('display names of the items that appear in the rules'),
  params: RulesParams,
  computedAt: z.string(),
})
export type RulesRun = z.infer<typeof RulesRun>

export const CrossSellQuery = z.object({
  item: z.string().min(1).max(500).optional().describe('one item (e.g. a SKU); all items when omitted'),
  minConfidence: z.coerce.number().min(0).max(1).optional().describe('default: the run’s minimum confidence'),
  limit: z.coerce.number().int().min(1).max(50).default(5).describe('offers per item'),
})
export type CrossSellQuery = z.input<typeof CrossSellQuery>

export const CrossSellOffer = z.object({
  item: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  confidence: z.number(),
  lift: z.number(),
  support: z.number(),
  count: z.number().int(),
})
export type CrossSellOffer = z.infer<typeof CrossSellOffer>

export const CrossSellEntry = z.object({
  item: z.string(),
  name: z.string(),
  category: z.string().nullable(),
  offers: z.array(CrossSellOffer).describe('best offers first: single-item rules {item} => {offer} by lift, lift > 1'),
})
export type CrossSellEntry = z.infer<typeof CrossSellEntry>

export const CrossSellResponse = z.object({
  level: RuleLevel,
  minConfidence: z.number(),
  computedAt: z.string(),
  items: z.array(CrossSellEntry),
})
export type CrossSellResponse = z.infer<typeof CrossSellResponse>
