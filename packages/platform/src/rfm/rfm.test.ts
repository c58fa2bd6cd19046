/**
 * RFM on the database: the UCI Online Retail log imported as order lines, scored as of 2011-12-10,
 * and checked customer by customer against a plain computation from the raw CSV written here.
 *
 * The plain computation follows what the import keeps: lines without a CustomerID belong to no
 * customer, lines with a negative unit price are rejected, identical lines repeated inside an invoice
 * count once, and an invoice is a return when all its lines are (credit notes, negative quantities).
 * A customer's frequency counts purchase invoices, monetary value is the net of all invoices, and
 * recency runs from the last purchase date. Customers whose invoices are all credit notes have no
 * purchase in the period and are not scored.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RfmResult } from '@portrait/core'
import { SHARED_DATA, tempPortrait } from '../testing/temp.js'
import { latestRfm, runRfm, type RfmScoreValue } from './rfm.js'

const FILE = join(SHARED_DATA, 'online-retail/online_retail.csv.gz')
const AS_OF = Date.UTC(2011, 11, 10)
const DAY_MS = 86_400_000

interface PlainCustomer {
  purchases: number
  netMilli: number
  lastPurchaseDay: string
}

/** Per customer: purchase invoices, net revenue in thousandths of a pound, last purchase day. */
function plainCustomers(): Map<string, PlainCustomer> {
  const records = parse(gunzipSync(readFileSync(FILE)).toString('utf8'), { skip_empty_lines: true }) as string[][]
  const seenLines = new Set<string>()
  const invoices = new Map<string, { customer: string; allReturns: boolean; milli: number; day: string }>()
  for (let i = 1; i < records.length; i++) {
    const [invoice = '', stock = '', description = '', quantity = '', date = '', price = '', customer = ''] = records[i] as string[]
    if (customer === '' || Number(price) < 0) continue
    const line = [invoice, stock, description, quantity, date, price, customer].join('\u0001')
    if (seenLines.has(line)) continue
    seenLines.add(line)
    const isReturn = invoice.startsWith('C') || Number(quantity) < 0
    const day = date.slice(0, 10)
    const inv = invoices.get(invoice) ?? { customer, allReturns: true, milli: 0, day }
    inv.allReturns &&= isReturn
    inv.milli += Number(quantity) * Math.round(Number(price) * 1000)
    if (day < inv.day) inv.day = day
    invoices.set(invoice, inv)
  }
  const customers = new Map<string, PlainCustomer>()
  for (const inv of invoices.values()) {
    const c = customers.get(inv.customer) ?? { purchases: 0, netMilli: 0, lastPurchaseDay: '' }
    c.netMilli += inv.milli
    if (!inv.allReturns) {
      c.purchases++
      if (inv.day > c.lastPurchaseDay) c.lastPurchaseDay = inv.day
    }
    customers.set(inv.customer, c)
  }
  return customers
}

/**
 * Sort-based quantile scores: sort, put the ideal cuts at j·n/bins, move each cut to the nearest
 * boundary between different values (a tie goes to the later boundary), and score a customer by the
 * number of cuts at or before the start of their group of equal values.
 */
function plainScores(values: readonly number[], bins: number, highIsGood: boolean): number[] {
  const n = values.length
  const order = values.map((_, i) => i).sort((a, b) => (highIsGood ? 1 : -1) * ((values[a] as number) - (values[b] as number)))
  const groupStart: number[] = []
  const boundaries = [0]
  order.forEach((customer, p) => {
    const isStart = p === 0 || values[customer] !== values[order[p - 1] as number]
    if (isStart && p > 0) boundaries.push(p)
    groupStart.push(isStart ? p : (groupStart[p - 1] as number))
  })
  boundaries.push(n)
  const cuts = Array.from({ length: bins - 1 }, (_, j) => {
    const ideal = ((j + 1) * n) / bins
    return boundaries.reduce((best, b) => (Math.abs(b - ideal) <= Math.abs(best - ideal) ? b : best))
  })
  const scores = new Array<number>(n)
  order.forEach((customer, p) => (scores[customer] = 1 + cuts.filter((cut) => cut <= (groupStart[p] as number)).length))
  return scores
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/** Class key of the eight-class scheme: M decides 重要/一般, R and F the rest. */
function plainClass(rHigh: boolean, fHigh: boolean, mHigh: boolean): string {
  const table: Record<string, string> = {
    HHH: 'champions',
    HLH: 'potential',
    LHH: 'atRiskLoyal',
    LLH: 'winBack',
    HHL: 'loyalLowSpend',
    HLL: 'promising',
    LHL: 'needsAttention',
    LLL: 'hibernating',
  }
  const key = `${rHigh ? 'H' : 'L'}${fHigh ? 'H' : 'L'}${mHigh ? 'H' : 'L'}`
  return table[key] as string
}

describe('RFM on the Online Retail database as of 2011-12-10', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  let result: RfmResult
  let stored: Map<string, RfmScoreValue>

  beforeAll(async () => {
    t = await tempPortrait()
    const imported = await t.portrait.import('order-lines', FILE, { source: 'online-retail' })
    if (!imported.ok) throw new Error(imported.error.message)
    const run = await runRfm(t.portrait, { asOf: '2011-12-10' })
    if (!run.ok) throw new Error(run.error.message)
    result = run.value
    const rows = await t.portrait.store.scores.list(t.portrait.workspaceId, 'rfm')
    stored = new Map(rows.map((r) => [r.customer_id, r.value as unknown as RfmScoreValue]))
  }, 300_000)
  afterAll(async () => t?.cleanup())

  it('scores the 4,339 customers with a purchase and counts the 33 with only credit notes as unscored', async () => {
    expect(result.asOf).toBe('2011-12-10')
    expect(result.customers + result.unscored).toBe(4372)
    expect(await t.portrait.countCustomers()).toBe(4372)
    expect(result.customers).toBe(4339)
    expect(result.unscored).toBe(33)
    expect(stored.size).toBe(4339)
    expect(result.notes).toMatch(/not scored/)
  })

  it('stores customer 12347 as 7 orders, 4310.00, 3 days, R5 F5 M5, champions (重要价值客户)', () => {
    expect(stored.get('12347')).toEqual({ recency_days: 3, frequency: 7, monetary: 4310, r: 5, f: 5, m: 5, segment: 'champions' })
    expect(result.classes.find((c) => c.key === 'champions')).toMatchObject({ zh: '重要价值客户', en: 'Champions' })
    // 12346 bought 74,215 units once and returned them all: one purchase, net revenue 0.
    expect(stored.get('12346')).toMatchObject({ recency_days: 326, frequency: 1, monetary: 0, segment: 'hibernating' })
  })

  it('matches a plain computation from the raw CSV for every customer', () => {
    const plain = [...plainCustomers()].filter(([, c]) => c.purchases > 0)
    expect(plain).toHaveLength(4339)
    const recency = plain.map(([, c]) => (AS_OF - Date.parse(`${c.lastPurchaseDay}T00:00:00Z`)) / DAY_MS)
    const frequency = plain.map(([, c]) => c.purchases)
    const monetary = plain.map(([, c]) => c.netMilli / 1000)
    const r = plainScores(recency, 5, false)
    const f = plainScores(frequency, 5, true)
    const m = plainScores(monetary, 5, true)
    const cut = { r: mean(r), f: mean(f), m: mean(m) }
    expect(result.thresholds.r).toBeCloseTo(cut.r, 12)
    expect(result.thresholds.f).toBeCloseTo(cut.f, 12)
    expect(result.thresholds.m).toBeCloseTo(cut.m, 12)
    const mismatches = plain.filter(([id], i) => {
      const expected: RfmScoreValue = {
        recency_days: recency[i] as number,
        frequency: frequency[i] as number,
        monetary: monetary[i] as number,
        r: r[i] as number,
        f: f[i] as number,
        m: m[i] as number,
        segment: plainClass((r[i] as number) > cut.r, (f[i] as number) > cut.f, (m[i] as number) > cut.m),
      }
      const actual = stored.get(id)
      return JSON.stringify(actual) !== JSON.stringify(expected)
    })
    expect(mismatches.map(([id]) => id)).toEqual([])

    // The summary agrees with the stored rows.
    const counts = new Map<string, number>()
    for (const v of stored.values()) counts.set(v.segment, (counts.get(v.segment) ?? 0) + 1)
    expect(Object.fromEntries(result.classes.map((c) => [c.key, c.count]))).toEqual(
      Object.fromEntries(result.classes.map((c) => [c.key, counts.get(c.key) ?? 0])),
    )
    const champions = [...stored.values()].filter((v) => v.segment === 'champions')
    expect(result.classes[0]?.revenue).toBeCloseTo(
      champions.reduce((s, v) => s + v.monetary, 0),
      4,
    )
    expect(result.heatmap.counts.flat().reduce((a, b) => a + b, 0)).toBe(4339)
    expect(result.heatmap.counts[4]?.[4]).toBe([...stored.values()].filter((v) => v.r === 5 && v.f === 5).length)
  })

  it('reports the raw-value range of every score', () => {
    // Frequency with 5 bins: one-time buyers fill bin 1; the two-time buyers' mid-rank lands in bin 3.
    expect(result.edges.frequency.map((e) => e.count)).toEqual(
      [1, 2, 3, 4, 5].map((score) => [...stored.values()].filter((v) => v.f === score).length),
    )
    expect(result.edges.frequency[0]).toMatchObject({ score: 1, min: 1, max: 1 })
    expect(result.edges.frequency[1]).toMatchObject({ score: 2, min: null, max: null, count: 0 })
    expect(result.edges.recency[4]?.min).toBe(1)
    expect(result.scoreSums.reduce((a, s) => a + s.count, 0)).toBe(4339)
    expect(result.scoreSums[0]?.sum).toBe(3)
    expect(result.scoreSums.at(-1)?.sum).toBe(15)
  })

  it('gives the same summary again from the stored scores and provenance', async () => {
    const latest = await latestRfm(t.portrait)
    expect(latest.ok).toBe(true)
    if (!latest.ok) return
    expect(latest.value).toEqual(result)
    const provenance = await t.portrait.store.scores.provenance(t.portrait.workspaceId, 'rfm')
    expect(provenance).toMatchObject({ model: 'rfm', n: 4339, asOf: '2011-12-10', params: { bins: 5, threshold: 'mean', unscored: 33 } })
  })

  it('replaces the scores when run again with other bins and threshold', async () => {
    const again = await runRfm(t.portrait, { asOf: '2011-12-10', bins: 3, threshold: 'median' })
    expect(again.ok).toBe(true)
    if (!again.ok) return
    expect(again.value.bins).toBe(3)
    expect(again.value.heatmap.counts).toHaveLength(3)
    const rows = await t.portrait.store.scores.list(t.portrait.workspaceId, 'rfm')
    expect(rows).toHaveLength(4339)
    expect(rows.every((r) => (r.value as unknown as RfmScoreValue).r <= 3)).toBe(true)
    const latest = await latestRfm(t.portrait)
    expect(latest.ok && latest.value.threshold).toBe('median')
  })
})

describe('RFM options and empty databases', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    t = await tempPortrait()
  })
  afterAll(async () => t?.cleanup())

  it('answers NotFound before any run, and EmptyInput when nobody has bought', async () => {
    const latest = await latestRfm(t.portrait)
    expect(latest.ok).toBe(false)
    if (!latest.ok) expect(latest.error.tag).toBe('NotFound')
    const empty = await runRfm(t.portrait)
    expect(empty.ok).toBe(false)
    if (!empty.ok) expect(empty.error).toMatchObject({ tag: 'EmptyInput', message: expect.stringMatching(/no customer has a purchase/) })
  })

  it.each([
    [{ bins: 1 }, /bins must be a whole number from 2 to 20/],
    [{ bins: 2.5 }, /bins must be a whole number/],
    [{ asOf: '2011-02-30' }, /as-of date '2011-02-30' is not a date/],
    [{ asOf: '10/12/2011' }, /not a date; use YYYY-MM-DD/],
    [{ threshold: 5 }, /threshold must be mean, median or a number from 1 to below 5/],
  ])('rejects %o', async (options, message) => {
    const r = await runRfm(t.portrait, options)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ tag: 'InvalidInput', message: expect.stringMatching(message) })
  })
})
