/**
 * RFM on the UCI Online Retail transaction log (541,909 lines, 2010-12-01 .. 2011-12-09; see
 * /work/shared/data/online-retail/README.md), as of 2011-12-10.
 *
 * Customer figures, as computed here:
 * - rows without CustomerID are excluded;
 * - recency = whole calendar days from the date of the customer's last invoice to 2011-12-10;
 * - frequency = distinct invoice numbers, credit notes (InvoiceNo starting with C) included, so that
 *   all 4,372 customers with an ID get a value (33 of them have credit notes only);
 * - monetary = Σ Quantity × UnitPrice over all lines, so returns are netted. Prices have at most three
 *   decimals, so the sums are taken exactly in integer thousandths of a pound.
 *
 * The expected figures below were checked independently (a separate script with exact decimal
 * arithmetic over the same file) before being written down.
 */
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { parse } from 'csv-parse/sync'
import { beforeAll, describe, expect, it } from 'vitest'
import { RFM_CLASSES, rfmClassIndex, scoreRfm, type RfmThreshold } from './index.js'

const DATA = '/work/shared/data/online-retail/online_retail.csv.gz'
const AS_OF_UTC = Date.UTC(2011, 11, 10)
const DAY_MS = 86_400_000

interface CustomerTotals {
  readonly invoices: Set<string>
  purchaseInvoices: number
  revenueMilli: number
  lastDate: string
}

interface Dataset {
  readonly rows: number
  readonly rowsWithoutCustomer: number
  readonly ids: readonly string[]
  readonly totals: ReadonlyMap<string, CustomerTotals>
  readonly recencyDays: Float64Array
  readonly frequency: Float64Array
  readonly monetary: Float64Array
}

function loadDataset(): Dataset {
  const text = gunzipSync(readFileSync(DATA)).toString('utf8')
  const records = parse(text, { columns: false, skip_empty_lines: true }) as string[][]
  const header = records[0]
  expect(header).toEqual(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'])
  const totals = new Map<string, CustomerTotals>()
  let rowsWithoutCustomer = 0
  for (let i = 1; i < records.length; i++) {
    const [invoice = '', , , quantity = '', date = '', price = '', customer = ''] = records[i] as string[]
    if (customer === '') {
      rowsWithoutCustomer++
      continue
    }
    let t = totals.get(customer)
    if (t === undefined) {
      t = { invoices: new Set(), purchaseInvoices: 0, revenueMilli: 0, lastDate: '' }
      totals.set(customer, t)
    }
    if (!t.invoices.has(invoice)) {
      t.invoices.add(invoice)
      if (!invoice.startsWith('C')) t.purchaseInvoices++
    }
    t.revenueMilli += Number(quantity) * Math.round(Number(price) * 1000)
    const day = date.slice(0, 10)
    if (day > t.lastDate) t.lastDate = day
  }
  const ids = [...totals.keys()].sort()
  const recencyDays = new Float64Array(ids.length)
  const frequency = new Float64Array(ids.length)
  const monetary = new Float64Array(ids.length)
  ids.forEach((id, i) => {
    const t = totals.get(id) as CustomerTotals
    recencyDays[i] = (AS_OF_UTC - Date.parse(`${t.lastDate}T00:00:00Z`)) / DAY_MS
    frequency[i] = t.invoices.size
    // Equal totals in thousandths stay equal after the division, so ties are exact.
    monetary[i] = t.revenueMilli / 1000
  })
  return { rows: records.length - 1, rowsWithoutCustomer, ids, totals, recencyDays, frequency, monetary }
}

/**
 * Plain sort-based quantile scores: sort the customers by value, place the ideal cuts at j·n/bins,
 * move each cut to the nearest position between two different values (a tie goes to the later
 * position), and count the cuts at or before each customer's group.
 */
function plainQuantileScores(values: Float64Array, bins: number, highIsGood: boolean): number[] {
  const n = values.length
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    highIsGood ? (values[a] as number) - (values[b] as number) : (values[b] as number) - (values[a] as number),
  )
  const sortedValues = order.map((i) => values[i] as number)
  const groupStart = new Array<number>(n)
  const positions = [0]
  for (let p = 0; p < n; p++) {
    const isStart = p === 0 || sortedValues[p] !== sortedValues[p - 1]
    if (isStart && p > 0) positions.push(p)
    groupStart[p] = isStart ? p : (groupStart[p - 1] as number)
  }
  positions.push(n)
  const cuts: number[] = []
  for (let j = 1; j < bins; j++) {
    const ideal = (j * n) / bins
    cuts.push(positions.reduce((best, p) => (Math.abs(p - ideal) <= Math.abs(best - ideal) ? p : best)))
  }
  const scores = new Array<number>(n)
  order.forEach((customer, p) => {
    scores[customer] = 1 + cuts.filter((cut) => cut <= (groupStart[p] as number)).length
  })
  return scores
}

function plainCut(scores: readonly number[], threshold: RfmThreshold): number {
  if (typeof threshold === 'number') return threshold
  const sorted = [...scores].sort((a, b) => a - b)
  if (threshold === 'mean') return sorted.reduce((a, b) => a + b, 0) / sorted.length
  const n = sorted.length
  return ((sorted[Math.floor((n - 1) / 2)] as number) + (sorted[Math.floor(n / 2)] as number)) / 2
}

describe('Online Retail RFM as of 2011-12-10', () => {
  let data: Dataset
  beforeAll(() => {
    data = loadDataset()
  })

  const indexOf = (id: string): number => data.ids.indexOf(id)

  it('derives the documented customer figures', () => {
    expect(data.rows).toBe(541_909)
    expect(data.rowsWithoutCustomer).toBe(135_080)
    expect(data.ids).toHaveLength(4372)
    expect([...data.totals.values()].filter((t) => t.purchaseInvoices === 0)).toHaveLength(33)

    const c12347 = indexOf('12347')
    expect(data.frequency[c12347]).toBe(7)
    expect(data.monetary[c12347]).toBe(4310)
    expect(data.totals.get('12347')?.lastDate).toBe('2011-12-07')
    // Calendar days 2011-12-07 → 2011-12-10 are 3. (Timestamp arithmetic from the last invoice,
    // 2011-12-07 15:52, to 2011-12-10 00:00 floors to 2 days, the figure sometimes quoted.)
    expect(data.recencyDays[c12347]).toBe(3)
    expect(Math.floor((AS_OF_UTC - Date.parse('2011-12-07T15:52:00Z')) / DAY_MS)).toBe(2)

    // 12346 bought 74,215 units once and returned them all: two invoices, net revenue 0.
    const c12346 = indexOf('12346')
    expect([data.frequency[c12346], data.monetary[c12346], data.recencyDays[c12346]]).toEqual([2, 0, 326])
    const c14646 = indexOf('14646')
    expect([data.frequency[c14646], data.monetary[c14646], data.recencyDays[c14646]]).toEqual([77, 279_489.02, 2])
    expect(Math.min(...data.recencyDays)).toBe(1)
    expect(Math.max(...data.recencyDays)).toBe(374)
  })

  it('scores 5 bins with the mean rule: counts, edges, thresholds and classes', () => {
    const result = scoreRfm(data, { bins: 5 })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const s = result.value
    expect([...s.edges.recency.counts]).toEqual([874, 878, 856, 860, 904])
    expect([...s.edges.frequency.counts]).toEqual([1313, 817, 490, 861, 891])
    expect([...s.edges.monetary.counts]).toEqual([874, 875, 874, 875, 874])
    // Frequency bins: one-time, two-time and three-time customers each form one bin.
    expect([...s.edges.frequency.lower]).toEqual([1, 2, 3, 4, 7])
    expect([...s.edges.frequency.upper]).toEqual([1, 2, 3, 6, 248])
    expect([...s.edges.recency.lower]).toEqual([180, 72, 33, 13, 1])
    expect([...s.edges.recency.upper]).toEqual([374, 179, 71, 32, 12])
    expect([...s.edges.monetary.lower]).toEqual([-4287.63, 234.34, 465.55, 909.23, 2003.85])
    expect([...s.edges.monetary.upper]).toEqual([234.24, 465.32, 908.99, 2002.4, 279_489.02])
    expect(s.thresholds.r).toBeCloseTo(3.0096065873741993, 12)
    expect(s.thresholds.f).toBeCloseTo(2.817017383348582, 12)
    expect(s.thresholds.m).toBe(3)
    expect([...s.classCounts]).toEqual([1039, 38, 532, 140, 273, 414, 398, 1538])
    expect(s.rfCounts.reduce((a, b) => a + b, 0)).toBe(4372)

    const c12347 = indexOf('12347')
    expect([s.r[c12347], s.f[c12347], s.m[c12347]]).toEqual([5, 5, 5])
    expect(RFM_CLASSES[s.classIndex[c12347] as number]?.key).toBe('champions')
    const c12346 = indexOf('12346')
    expect([s.r[c12346], s.f[c12346], s.m[c12346]]).toEqual([1, 2, 1])
    expect(RFM_CLASSES[s.classIndex[c12346] as number]?.zh).toBe('一般挽留客户')
  })

  const variants: { bins: number; threshold: RfmThreshold }[] = [
    { bins: 3, threshold: 'mean' },
    { bins: 5, threshold: 'mean' },
    { bins: 5, threshold: 'median' },
    { bins: 10, threshold: 'mean' },
    { bins: 10, threshold: 5 },
  ]
  it.each(variants)('matches a plain sort-based computation (bins = $bins, threshold = $threshold)', ({ bins, threshold }) => {
    const result = scoreRfm(data, { bins, threshold })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const r = plainQuantileScores(data.recencyDays, bins, false)
    const f = plainQuantileScores(data.frequency, bins, true)
    const m = plainQuantileScores(data.monetary, bins, true)
    expect([...result.value.r]).toEqual(r)
    expect([...result.value.f]).toEqual(f)
    expect([...result.value.m]).toEqual(m)
    const cut = { r: plainCut(r, threshold), f: plainCut(f, threshold), m: plainCut(m, threshold) }
    expect(result.value.thresholds.r).toBeCloseTo(cut.r, 12)
    expect(result.value.thresholds.f).toBeCloseTo(cut.f, 12)
    expect(result.value.thresholds.m).toBeCloseTo(cut.m, 12)
    const classes = r.map((_, i) => rfmClassIndex((r[i] as number) > cut.r, (f[i] as number) > cut.f, (m[i] as number) > cut.m))
    expect([...result.value.classIndex]).toEqual(classes)
    const rf = new Array<number>(bins * bins).fill(0)
    r.forEach((ri, i) => {
      const cell = (ri - 1) * bins + (f[i] as number) - 1
      rf[cell] = (rf[cell] as number) + 1
    })
    expect([...result.value.rfCounts]).toEqual(rf)
  })
})
