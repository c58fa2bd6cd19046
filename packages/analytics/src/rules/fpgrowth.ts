/**
 * Frequent item sets by FP-Growth (Han, Pei & Yin 2000): the baskets are compressed into a prefix
 * tree (the FP-tree) whose paths share common frequent prefixes; for each item, the paths that end
 * in it (its conditional pattern base) form a smaller tree that is mined recursively. Unlike Apriori
 * there is no candidate generation and the data is scanned twice only.
 */
import { err, modelError, ok, type ModelError, type Result } from '../result.js'
import { compareLabels, encodeTransactions, type EncodedTransactions, type Transaction } from './transactions.js'

/** Options of {@link mineFrequentItemsets}. */
export interface FrequentItemsetOptions {
  /**
   * Minimum support as a share of all transactions, in (0, 1]. It is applied as the count
   * `ceil(minSupport × transactions)` (see {@link minimumSupportCount}).
   */
  readonly minSupport: number
  /** Largest item set size mined. Default 10, as `maxlen` in R's arules. */
  readonly maxLen?: number
}

/** One frequent item set. */
export interface FrequentItemset {
  /** Labels, sorted in UTF-16 code unit order. */
  readonly items: readonly string[]
  /** Number of transactions that contain every item of the set. */
  readonly count: number
  /** `count / transactionCount`. */
  readonly support: number
}

/** All frequent item sets of a transaction set, with the parameters they were mined with. */
export interface FrequentItemsets {
  readonly transactionCount: number
  readonly minSupport: number
  /** The minimum support as a count: a set is frequent when `count >= minCount`. */
  readonly minCount: number
  readonly maxLen: number
  /** Sorted by size, then count descending, then labels. */
  readonly itemsets: readonly FrequentItemset[]
}

/** Default largest item set / rule size, as in R's arules. */
export const DEFAULT_MAX_LEN = 10

/**
 * The minimum support count `ceil(minSupport × transactions)`, at least 1.
 *
 * A product that is an integer up to floating-point rounding counts as that integer: 0.07 × 100 is
 * 7.000000000000001 in binary floating point, and 7 % of 100 baskets means 7 baskets, not 8.
 * (R's arules takes the plain floating-point `ceil` and would require 8 there; for every setting
 * used in this package's tests the two agree.)
 */
export function minimumSupportCount(minSupport: number, transactionCount: number): number {
  const exact = minSupport * transactionCount
  const nearest = Math.round(exact)
  const count = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact)
  return Math.max(1, count)
}

/** Checks the options shared by item set and rule mining; `undefined` when they are valid. */
export function checkSupportOptions(minSupport: number, maxLen: number): ModelError | undefined {
  if (!Number.isFinite(minSupport) || minSupport <= 0 || minSupport > 1) {
    return modelError('InvalidInput', `minSupport must be in (0, 1], got ${String(minSupport)}`, { minSupport })
  }
  if (!Number.isInteger(maxLen) || maxLen < 1) {
    return modelError('InvalidInput', `maxLen must be an integer >= 1, got ${String(maxLen)}`, { maxLen })
  }
  return undefined
}

/**
 * Mines all item sets whose support is at least `minSupport`, by FP-Growth.
 *
 * Errors: no transactions, or no item in any transaction (`DegenerateData`); `minSupport` outside
 * (0, 1] or `maxLen` not a positive integer (`InvalidInput`). Data with a single distinct item is
 * not an error here, since its one-item set is a valid answer; `mineRules` rejects it, as no
 * rule can relate two items.
 */
export function mineFrequentItemsets(
  transactions: readonly Transaction[],
  options: FrequentItemsetOptions,
): Result<FrequentItemsets, ModelError> {
  const maxLen = options.maxLen ?? DEFAULT_MAX_LEN
  const invalid = checkSupportOptions(options.minSupport, maxLen)
  if (invalid !== undefined) return err(invalid)
  if (transactions.length === 0) return err(modelError('DegenerateData', 'no transactions to mine'))
  const encoded = encodeTransactions(transactions)
  if (encoded.labels.length === 0) {
    return err(modelError('DegenerateData', 'the transactions contain no items', { transactions: transactions.length }))
  }
  return ok(mineEncoded(encoded, options.minSupport, maxLen))
}

/** FP-Growth on already encoded transactions; parameters are assumed valid. */
export function mineEncoded(encoded: EncodedTransactions, minSupport: number, maxLen: number): FrequentItemsets {
  const transactionCount = encoded.offsets.length - 1
  const minCount = minimumSupportCount(minSupport, transactionCount)
  const raw = mineItemsetIds(encoded, minCount, maxLen)
  const itemsets = raw.map(({ ids, count }): FrequentItemset => ({
    items: Array.from(ids, (id) => encoded.labels[id] ?? '').sort(compareLabels),
    count,
    support: count / transactionCount,
  }))
  itemsets.sort(compareItemsets)
  return { transactionCount, minSupport, minCount, maxLen, itemsets }
}

function compareItemsets(a: FrequentItemset, b: FrequentItemset): number {
  return a.items.length - b.items.length || b.count - a.count || compareLabelLists(a.items, b.items)
}

/** Lexicographic order of label lists (a proper prefix sorts first). */
export function compareLabelLists(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const order = compareLabels(a[i] ?? '', b[i] ?? '')
    if (order !== 0) return order
  }
  return a.length - b.length
}

/** A frequent item set as sorted item ids. */
export interface ItemsetIds {
  readonly ids: Int32Array
  readonly count: number
}

/**
 * An FP-tree in flat typed arrays (node 0 is the root). Children are kept as singly linked sibling
 * lists; `nodeLink` chains all nodes of one item, starting at `headerFirst[item]` (the header table).
 * Item ids along every root-to-leaf path increase, because paths are inserted in id order.
 */
class FpTree {
  readonly nodeItem: Int32Array
  readonly nodeCount: Int32Array
  readonly nodeParent: Int32Array
  private readonly firstChild: Int32Array
  private readonly nextSibling: Int32Array
  readonly nodeLink: Int32Array
  readonly headerFirst: Int32Array
  /** Sum of the counts of the item's nodes: its support in the (conditional) database. */
  readonly itemSupport: Int32Array
  private size = 1

  /** `maxNodes` must bound the number of nodes inserted (the total length of all paths). */
  constructor(itemCount: number, maxNodes: number) {
    const capacity = maxNodes + 1
    this.nodeItem = new Int32Array(capacity).fill(-1)
    this.nodeCount = new Int32Array(capacity)
    this.nodeParent = new Int32Array(capacity).fill(-1)
    this.firstChild = new Int32Array(capacity).fill(-1)
    this.nextSibling = new Int32Array(capacity).fill(-1)
    this.nodeLink = new Int32Array(capacity).fill(-1)
    this.headerFirst = new Int32Array(itemCount).fill(-1)
    this.itemSupport = new Int32Array(itemCount)
  }

  /** Adds the path `items[0 .. length)` (ascending ids) with multiplicity `weight`. */
  insert(items: Int32Array, start: number, end: number, weight: number): void {
    let node = 0
    for (let i = start; i < end; i++) {
      const item = items[i] ?? -1
      let child = this.firstChild[node] ?? -1
      while (child !== -1 && this.nodeItem[child] !== item) child = this.nextSibling[child] ?? -1
      if (child === -1) {
        child = this.size++
        this.nodeItem[child] = item
        this.nodeParent[child] = node
        this.nextSibling[child] = this.firstChild[node] ?? -1
        this.firstChild[node] = child
        this.nodeLink[child] = this.headerFirst[item] ?? -1
        this.headerFirst[item] = child
      }
      this.nodeCount[child] = (this.nodeCount[child] ?? 0) + weight
      this.itemSupport[item] = (this.itemSupport[item] ?? 0) + weight
      node = child
    }
  }
}

/**
 * All frequent item sets of the encoded transactions as item id arrays (ascending ids), in mining
 * order. Items below `minCount` never enter the tree.
 */
export function mineItemsetIds(encoded: EncodedTransactions, minCount: number, maxLen: number): ItemsetIds[] {
  const { counts, items, offsets } = encoded
  // Ids are frequency ranks, so the frequent items are exactly the ids below this bound.
  let frequentItems = 0
  while (frequentItems < counts.length && (counts[frequentItems] ?? 0) >= minCount) frequentItems++
  const out: ItemsetIds[] = []
  if (frequentItems === 0) return out

  const tree = new FpTree(frequentItems, items.length)
  const transactionCount = offsets.length - 1
  for (let t = 0; t < transactionCount; t++) {
    const start = offsets[t] ?? 0
    let end = offsets[t + 1] ?? 0
    // Baskets are sorted ascending, so infrequent items (high ids) form a suffix to cut off.
    while (end > start && (items[end - 1] ?? 0) >= frequentItems) end--
    if (end > start) tree.insert(items, start, end, 1)
  }
  growTree(tree, frequentItems, [], minCount, maxLen, out)
  return out
}

/**
 * Emits `suffix ∪ {item}` for every item of `tree` and recurses into the item's conditional tree.
 * Every item in a tree is frequent in it, because conditional trees only receive frequent items.
 */
function growTree(tree: FpTree, itemCount: number, suffix: readonly number[], minCount: number, maxLen: number, out: ItemsetIds[]): void {
  for (let item = itemCount - 1; item >= 0; item--) {
    const support = tree.itemSupport[item] ?? 0
    if (support < minCount) continue
    const itemset = [item, ...suffix]
    out.push({ ids: Int32Array.from(itemset), count: support })
    if (itemset.length >= maxLen || item === 0) continue

    // Conditional pattern base: the prefix path of every node of `item`, weighted by the node's count.
    // Only ids below `item` can be ancestors, so the conditional tree needs `item` header slots.
    const baseCounts = new Int32Array(item)
    let pathItems = 0
    for (let node = tree.headerFirst[item] ?? -1; node !== -1; node = tree.nodeLink[node] ?? -1) {
      const weight = tree.nodeCount[node] ?? 0
      for (let p = tree.nodeParent[node] ?? 0; p > 0; p = tree.nodeParent[p] ?? 0) {
        const ancestor = tree.nodeItem[p] ?? 0
        baseCounts[ancestor] = (baseCounts[ancestor] ?? 0) + weight
        pathItems++
      }
    }
    let anyFrequent = false
    for (let i = 0; i < item; i++) if ((baseCounts[i] ?? 0) >= minCount) anyFrequent = true
    if (!anyFrequent) continue

    const conditional = new FpTree(item, pathItems)
    const path = new Int32Array(item)
    for (let node = tree.headerFirst[item] ?? -1; node !== -1; node = tree.nodeLink[node] ?? -1) {
      // Walking up yields descending ids; fill the buffer from the back so the path is ascending.
      let start = item
      for (let p = tree.nodeParent[node] ?? 0; p > 0; p = tree.nodeParent[p] ?? 0) {
        const ancestor = tree.nodeItem[p] ?? 0
        if ((baseCounts[ancestor] ?? 0) >= minCount) path[--start] = ancestor
      }
      if (start < item) conditional.insert(path, start, item, tree.nodeCount[node] ?? 0)
    }
    growTree(conditional, item, itemset, minCount, maxLen, out)
  }
}
