/**
 * Building transactions (baskets) from common input layouts, and encoding them as integer item ids.
 *
 * Labels are kept byte-exact: nothing is trimmed, case-folded or Unicode-normalised, because item
 * catalogues do contain labels that differ only in whitespace (the Groceries label `cream cheese `
 * has a trailing space) and results must map back to the caller's labels unchanged.
 */

/** One basket: the labels of the items bought together. Order is irrelevant; duplicates count once. */
export type Transaction = readonly string[]

/** Options of {@link transactionsFromBasketLines}. */
export interface BasketLineOptions {
  /** Separator between the items of one line. Default `,`. No quoting is understood. */
  readonly separator?: string
}

/**
 * Transactions from basket lines: one basket per line, items separated by `separator`.
 *
 * When given one string, it is split at LF; a CR right before the LF is taken as part of the line
 * ending (CRLF files), not of the last label. A final line ending does not start another basket.
 * Empty fields (`a,,b`, or an empty line's single field) are not items, so an empty line is an
 * empty basket: it still counts as a transaction, which lowers every support, as in a shop's
 * till data where a receipt may have no item left after filtering. Labels are otherwise kept exactly,
 * spaces included. Duplicates within a line are kept once, at their first position.
 */
export function transactionsFromBasketLines(input: string | Iterable<string>, options: BasketLineOptions = {}): string[][] {
  const separator = options.separator ?? ','
  if (separator.length === 0) throw new RangeError('transactionsFromBasketLines: separator must not be empty')
  const lines = typeof input === 'string' ? splitTextLines(input) : input
  const transactions: string[][] = []
  for (const line of lines) {
    const seen = new Set<string>()
    for (const field of line.split(separator)) {
      if (field.length > 0) seen.add(field)
    }
    transactions.push([...seen])
  }
  return transactions
}

function splitTextLines(text: string): string[] {
  if (text.length === 0) return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line))
}

/**
 * Transactions from long format: one `(transactionId, item)` pair per row, as in a table of order
 * lines. Baskets come out in the order their id first appears; items within a basket in the order they
 * first appear, each once. Ids are compared with `Map` semantics, so the number `1` and the string
 * `'1'` are different transactions: convert ids to one type first if the source mixes them.
 */
export function transactionsFromLongFormat(pairs: Iterable<readonly [transactionId: string | number, item: string]>): string[][] {
  const baskets = new Map<string | number, Set<string>>()
  for (const [transactionId, item] of pairs) {
    let basket = baskets.get(transactionId)
    if (basket === undefined) {
      basket = new Set<string>()
      baskets.set(transactionId, basket)
    }
    basket.add(item)
  }
  return [...baskets.values()].map((basket) => [...basket])
}

/**
 * Transactions as integer ids, ready for counting. Ids are ranks by descending item frequency (ties
 * by label in UTF-16 code unit order), so that id order is the FP-tree's insertion order and every
 * result is independent of the input's item order.
 */
export interface EncodedTransactions {
  /** `labels[id]` is the label of item `id`. */
  readonly labels: readonly string[]
  /** `counts[id]`: number of transactions that contain item `id`. */
  readonly counts: Int32Array
  /** Item ids of all baskets concatenated, each basket sorted ascending and without duplicates. */
  readonly items: Int32Array
  /** Basket `t` is `items[offsets[t] .. offsets[t + 1])`; length = transactions + 1. */
  readonly offsets: Int32Array
}

/** Code-unit order of labels: locale-independent, so the same data sorts the same everywhere. */
export function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Encodes baskets as frequency-ranked integer ids (see {@link EncodedTransactions}). */
export function encodeTransactions(transactions: readonly Transaction[]): EncodedTransactions {
  const firstIds = new Map<string, number>()
  const firstLabels: string[] = []
  const firstCounts: number[] = []
  const baskets: number[][] = []
  let totalItems = 0
  for (const transaction of transactions) {
    const basket = new Set<number>()
    for (const label of transaction) {
      let id = firstIds.get(label)
      if (id === undefined) {
        id = firstLabels.length
        firstIds.set(label, id)
        firstLabels.push(label)
        firstCounts.push(0)
      }
      basket.add(id)
    }
    for (const id of basket) firstCounts[id] = (firstCounts[id] ?? 0) + 1
    totalItems += basket.size
    baskets.push([...basket])
  }

  const order = firstLabels.map((_, id) => id)
  order.sort((a, b) => (firstCounts[b] ?? 0) - (firstCounts[a] ?? 0) || compareLabels(firstLabels[a] ?? '', firstLabels[b] ?? ''))
  const rankOf = new Int32Array(order.length)
  order.forEach((firstId, rank) => {
    rankOf[firstId] = rank
  })
  const labels = order.map((firstId) => firstLabels[firstId] ?? '')
  const counts = Int32Array.from(order, (firstId) => firstCounts[firstId] ?? 0)

  const items = new Int32Array(totalItems)
  const offsets = new Int32Array(baskets.length + 1)
  let position = 0
  baskets.forEach((basket, t) => {
    offsets[t] = position
    const ranked = Int32Array.from(basket, (firstId) => rankOf[firstId] ?? 0).sort()
    items.set(ranked, position)
    position += ranked.length
  })
  offsets[baskets.length] = position
  return { labels, counts, items, offsets }
}
