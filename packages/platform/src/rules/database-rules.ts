/**
 * Association rules on the orders in the database: each order (returns excluded) is a basket, its
 * items are SKUs (default), categories or product names. The latest run is stored so that pages can
 * show it, and a cross-sell list per product ("bought X → offer Y") is derived from it.
 */
import {
  err,
  ok,
  portraitError,
  type CatalogueEntry,
  type CrossSellEntry,
  type CrossSellResponse,
  type PortraitError,
  type Result,
  type RuleLevel,
  type RulesRun,
} from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { segmentMemberIds } from '../segments/index.js'
import { mineRuleSet, resolveRuleOptions, type RuleMiningOptions } from './mine-rules.js'

export interface DatabaseRuleOptions extends RuleMiningOptions {
  /** What an item is (default `sku`). */
  readonly level?: RuleLevel
  /** Segment id: only the baskets of its members. */
  readonly segment?: string
}

/** The model name under which the latest database run is stored. */
export const RULES_RUN_MODEL = 'rules'
const LEVELS: readonly RuleLevel[] = ['sku', 'category', 'product_name']

/**
 * Mines rules on the database's orders and stores the run as the latest one.
 * Errors: invalid parameters or level (`InvalidInput`); an unknown segment (`NotFound`); no
 * baskets, or fewer than two distinct items (`DegenerateData`).
 */
export async function mineDatabaseRules(portrait: Portrait, options: DatabaseRuleOptions): Promise<Result<RulesRun, PortraitError>> {
  const resolved = resolveRuleOptions(options)
  if (!resolved.ok) return resolved
  const level = options.level ?? 'sku'
  if (!LEVELS.includes(level)) {
    return err(portraitError('InvalidInput', `level must be one of ${LEVELS.join(', ')}, got '${String(level)}'`))
  }
  let members: string[] | undefined
  if (options.segment !== undefined) {
    const ids = await segmentMemberIds(portrait, options.segment)
    if (!ids.ok) return ids
    members = ids.value
  }
  const { store, workspaceId } = portrait
  const baskets = await store.features.baskets(workspaceId, { level, ...(members ? { customerIds: members } : {}) })
  const what = options.segment === undefined ? 'the orders' : `the orders of segment ${options.segment}`
  if (baskets.length === 0) {
    return err(
      portraitError(
        'DegenerateData',
        options.segment === undefined
          ? 'there are no orders with items to mine: import order lines first'
          : `the members of segment ${options.segment} have no orders with items`,
      ),
    )
  }
  const mined = mineRuleSet(baskets, resolved.value, what)
  if (!mined.ok) return mined

  const used = new Set<string>()
  for (const rule of mined.value.rules) for (const item of [...rule.lhs, ...rule.rhs]) used.add(item)
  const items: Record<string, CatalogueEntry> = {}
  for (const entry of await store.catalogue.items(workspaceId, level)) {
    if (used.has(entry.item)) items[entry.item] = { name: entry.name, category: entry.category, orders: entry.orders }
  }
  const { sort, limit, ...lengths } = resolved.value
  const run: RulesRun = {
    ...mined.value,
    items,
    params: { ...lengths, level, segment: options.segment ?? null, sort, limit },
    computedAt: new Date().toISOString(),
  }
  await store.modelRuns.save(workspaceId, { model: RULES_RUN_MODEL, computedAt: run.computedAt, params: run.params, result: run })
  return ok(run)
}

/** The latest stored database run. Error `NotFound` when rules were never mined in this workspace. */
export async function latestRulesRun(portrait: Portrait): Promise<Result<RulesRun, PortraitError>> {
  const record = await portrait.store.modelRuns.latest(portrait.workspaceId, RULES_RUN_MODEL)
  if (record === null) {
    return err(portraitError('NotFound', 'no association rules have been mined in this workspace yet: run them first'))
  }
  return ok(record.result as RulesRun)
}

export interface CrossSellOptions {
  /** One item; all items when omitted. */
  readonly item?: string
  /** Smallest confidence of an offer (default: the run's minimum confidence). */
  readonly minConfidence?: number
  /** Offers per item (default 5). */
  readonly limit?: number
}

/**
 * "Bought X → offer Y" from a run: for each item X, the rules `{X} => {Y}` with confidence at least
 * the threshold and lift above 1 (an offer no more likely after X than without it is no
 * recommendation), best lift first, then confidence. Items are listed most-ordered first.
 */
export function crossSellFromRun(run: RulesRun, options: CrossSellOptions = {}): CrossSellResponse {
  const minConfidence = options.minConfidence ?? run.params.minConfidence
  const limit = options.limit ?? 5
  const offersOf = new Map<string, RulesRun['rules']>()
  for (const rule of run.rules) {
    const [from] = rule.lhs
    const [to] = rule.rhs
    if (rule.lhs.length !== 1 || rule.rhs.length !== 1 || from === undefined || to === undefined) continue
    if (rule.lift <= 1 || rule.confidence < minConfidence) continue
    if (options.item !== undefined && from !== options.item) continue
    const list = offersOf.get(from) ?? []
    list.push(rule)
    offersOf.set(from, list)
  }
  const describe = (item: string): { name: string; category: string | null; orders: number } =>
    run.items[item] ?? { name: item, category: null, orders: 0 }
  const entries: CrossSellEntry[] = [...offersOf.entries()].map(([item, rules]) => ({
    item,
    name: describe(item).name,
    category: describe(item).category,
    offers: [...rules]
      .sort((a, b) => b.lift - a.lift || b.confidence - a.confidence || ((a.rhs[0] ?? '') < (b.rhs[0] ?? '') ? -1 : 1))
      .slice(0, limit)
      .map((rule) => {
        const offer = rule.rhs[0] ?? ''
        return {
          item: offer,
          name: describe(offer).name,
          category: describe(offer).category,
          confidence: rule.confidence,
          lift: rule.lift,
          support: rule.support,
          count: rule.count,
        }
      }),
  }))
  entries.sort((a, b) => describe(b.item).orders - describe(a.item).orders || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0))
  return { level: run.params.level, minConfidence, computedAt: run.computedAt, items: entries }
}

/**
 * The cross-sell list of the latest run. With `item`, one entry for that item (no offers when no
 * rule qualifies; its display name from the catalogue). Errors: no run yet, or an `item` that the
 * catalogue does not know at the run's level (`NotFound`); a threshold out of range (`InvalidInput`).
 */
export async function crossSell(portrait: Portrait, options: CrossSellOptions = {}): Promise<Result<CrossSellResponse, PortraitError>> {
  if (options.minConfidence !== undefined && !(options.minConfidence >= 0 && options.minConfidence <= 1)) {
    return err(portraitError('InvalidInput', `minimum confidence must be a number in [0, 1], got ${String(options.minConfidence)}`))
  }
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit >= 1)) {
    return err(portraitError('InvalidInput', `limit must be a whole number ≥ 1, got ${String(options.limit)}`))
  }
  const run = await latestRulesRun(portrait)
  if (!run.ok) return run
  const list = crossSellFromRun(run.value, options)
  if (options.item === undefined || list.items.length > 0) return ok(list)
  const known = (await portrait.store.catalogue.items(portrait.workspaceId, run.value.params.level)).find((e) => e.item === options.item)
  if (!known) {
    return err(portraitError('NotFound', `no item '${options.item}' at the ${run.value.params.level} level of the latest rules run`))
  }
  return ok({ ...list, items: [{ item: known.item, name: known.name, category: known.category, offers: [] }] })
}
