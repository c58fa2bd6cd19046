import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CATEGORIES, DEMO_PRODUCTS, DEMO_PRODUCTS_BY_SKU } from './catalogue.js'
import {
  DEFAULT_DEMO_CUSTOMERS,
  DEMO_SOURCES,
  type DemoCustomerRow,
  type DemoData,
  type DemoOrderLineRow,
  generateDemoData,
  lastDayOfPreviousMonth,
} from './generate.js'
import { DEMO_CITIES } from './reference.js'

const CUSTOMER_COLUMNS = [
  'customer_id',
  'name',
  'email',
  'phone',
  'gender',
  'birth_date',
  'income',
  'education',
  'occupation',
  'city',
  'province',
  'country',
  'family_status',
  'source',
  'member_level',
  'lifestyle',
  'values',
  'preferred_channel',
  'acquisition_channel',
  'registered_at',
  'interests',
  'pain_point',
  'barrier',
  'decision_stage',
].sort()

const ORDER_LINE_COLUMNS = [
  'order_id',
  'line_no',
  'customer_id',
  'ordered_at',
  'sku',
  'product_name',
  'category',
  'quantity',
  'unit_price',
  'channel',
  'country',
].sort()

const ISO_CHINA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/
const TRACK_EVENTS = new Set([
  'Product Viewed',
  'Product Added',
  'Checkout Started',
  'Order Completed',
  'Signed Up',
  'Campaign Clicked',
  'Coupon Redeemed',
])

/** Digits of a Chinese mobile number without the +86 / 86 prefix. */
const normalisePhone = (raw: string): string => {
  const digits = raw.replace(/\D/g, '')
  return digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits
}
const normaliseEmail = (raw: string): string => raw.trim().toLowerCase()

function ordersOf(lines: readonly DemoOrderLineRow[]): Map<string, DemoOrderLineRow[]> {
  const orders = new Map<string, DemoOrderLineRow[]>()
  for (const line of lines) {
    const list = orders.get(line.order_id)
    if (list === undefined) orders.set(line.order_id, [line])
    else list.push(line)
  }
  return orders
}

function monthlyRevenue(lines: readonly DemoOrderLineRow[]): Map<string, number> {
  const revenue = new Map<string, number>()
  for (const line of lines) {
    const month = line.ordered_at.slice(0, 7)
    revenue.set(month, (revenue.get(month) ?? 0) + line.quantity * line.unit_price)
  }
  return revenue
}

/** Rows that fail a check (the first few, so a failure message stays readable). */
function failing<T>(rows: readonly T[], check: (row: T) => boolean): T[] {
  const bad: T[] = []
  for (const row of rows) {
    if (!check(row)) bad.push(row)
    if (bad.length >= 3) break
  }
  return bad
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

describe('generateDemoData: determinism and options', () => {
  it('gives the same data for the same seed and different data for another seed', () => {
    const a = generateDemoData({ seed: 7, customers: 300 })
    const b = generateDemoData({ seed: 7, customers: 300 })
    const c = generateDemoData({ seed: 8, customers: 300 })
    expect(b).toEqual(a)
    expect(JSON.stringify(b)).toBe(JSON.stringify(a))
    expect(c.customers.slice(0, 20)).not.toEqual(a.customers.slice(0, 20))
    expect(c.orderLines.length).not.toBe(a.orderLines.length)
  })

  it('ends on 2026-09-30 by default and covers 12 months', () => {
    const data = generateDemoData({ customers: 200 })
    expect(data.startDate).toBe('2025-10-01')
    expect(data.endDate).toBe('2026-09-30')
    for (const line of data.orderLines) {
      expect(line.ordered_at >= '2025-10-01T00:00:00+08:00').toBe(true)
      expect(line.ordered_at <= '2026-09-30T23:59:59+08:00').toBe(true)
    }
  })

  it('honours endDate and months', () => {
    const data = generateDemoData({ customers: 200, endDate: new Date('2026-03-15T10:00:00+08:00'), months: 3 })
    expect(data.startDate).toBe('2025-12-16')
    expect(data.endDate).toBe('2026-03-15')
    expect(data.orderLines.length).toBeGreaterThan(0)
    for (const line of data.orderLines) {
      expect(line.ordered_at.slice(0, 10) >= '2025-12-16').toBe(true)
      expect(line.ordered_at.slice(0, 10) <= '2026-03-15').toBe(true)
    }
    for (const event of data.events) expect(event.timestamp.slice(0, 10) <= '2026-03-15').toBe(true)
  })

  it('computes the last day of the previous month in China time', () => {
    const end = lastDayOfPreviousMonth(new Date('2026-03-01T00:30:00+08:00'))
    expect(end.toISOString().slice(0, 10)).toBe('2026-02-28')
    const end2 = lastDayOfPreviousMonth(new Date('2026-10-31T12:00:00+08:00'))
    expect(end2.toISOString().slice(0, 10)).toBe('2026-09-30')
  })

  it('rejects nonsensical options', () => {
    expect(() => generateDemoData({ customers: 0 })).toThrow(RangeError)
    expect(() => generateDemoData({ customers: 1.5 })).toThrow(RangeError)
    expect(() => generateDemoData({ months: 0 })).toThrow(RangeError)
    expect(() => generateDemoData({ endDate: new Date('not a date') })).toThrow(RangeError)
  })
})

describe('the catalogue and sources', () => {
  it('has about 120 products in 10 categories with unique SKUs and valid companions', () => {
    expect(DEMO_CATEGORIES).toHaveLength(10)
    expect(DEMO_PRODUCTS.length).toBeGreaterThanOrEqual(100)
    expect(DEMO_PRODUCTS.length).toBeLessThanOrEqual(140)
    expect(new Set(DEMO_PRODUCTS.map((p) => p.sku)).size).toBe(DEMO_PRODUCTS.length)
    for (const category of DEMO_CATEGORIES) {
      expect(DEMO_PRODUCTS.filter((p) => p.category === category).length).toBeGreaterThanOrEqual(8)
    }
    for (const product of DEMO_PRODUCTS) {
      expect(product.price).toBeGreaterThan(0)
      for (const [sku, probability] of product.companions) {
        expect(DEMO_PRODUCTS_BY_SKU.has(sku)).toBe(true)
        expect(probability).toBeGreaterThan(0)
        expect(probability).toBeLessThan(1)
      }
      if (product.season !== null) expect(product.season).toHaveLength(12)
    }
  })

  it('describes the customer sources', () => {
    expect(DEMO_SOURCES.map((s) => s.id)).toEqual(expect.arrayContaining(['shop', 'crm', 'wechat']))
  })
})

describe('the default demo data set', () => {
  let data: DemoData
  let valid: DemoCustomerRow[]
  let orders: Map<string, DemoOrderLineRow[]>

  beforeAll(() => {
    data = generateDemoData()
    const invalidRows = new Set(data.scenarios.invalid.map((i) => i.row))
    valid = data.customers.filter((_, i) => !invalidRows.has(i))
    orders = ordersOf(data.orderLines)
  })

  it('has table sizes within the intended ranges', () => {
    const people = DEFAULT_DEMO_CUSTOMERS
    expect(data.customers.length).toBe(people + data.scenarios.duplicates.length + data.scenarios.invalid.length)
    const sales = [...orders.keys()].filter((id) => id.startsWith('O')).length
    expect(sales).toBe(data.scenarios.orders)
    expect(sales).toBeGreaterThanOrEqual(40_000)
    expect(sales).toBeLessThanOrEqual(60_000)
    expect(data.events.length).toBeGreaterThanOrEqual(100_000)
    expect(data.events.length).toBeLessThanOrEqual(150_000)
    expect(data.feedback).toHaveLength(2000)
    expect(data.consents.length).toBeGreaterThan(people * 3)
    expect(data.costs.length).toBeGreaterThanOrEqual(365 * 5)
  })

  it('gives every customer row exactly the canonical columns with import-like values', () => {
    const genders = new Set(['', '男', '女', 'M', 'F', 'male', 'female', 'Male', 'Female', '男性', '女性'])
    const columns = CUSTOMER_COLUMNS.join(',')
    expect(
      failing(
        data.customers,
        (row) =>
          Object.keys(row).sort().join(',') === columns &&
          Object.entries(row).every(([key, value]) =>
            key === 'income' ? typeof value === 'number' || typeof value === 'string' : typeof value === 'string',
          ) &&
          row.country === '中国' &&
          ['shop', 'crm', 'wechat'].includes(row.source) &&
          genders.has(row.gender),
      ),
    ).toEqual([])
    const email = /^[a-z0-9._]+@(qq\.com|163\.com|126\.com|gmail\.com|foxmail\.com|outlook\.com|sina\.com|139\.com)$/
    const ageOf = (birth: string): number => (Date.parse('2026-09-30') - Date.parse(birth)) / (365.2425 * 86_400_000)
    expect(
      failing(
        valid,
        (row) =>
          /^(C\d{6}|CRM-\d{6}|WX-\d{6})$/.test(row.customer_id) &&
          (row.phone !== '' || row.email !== '') &&
          (row.phone === '' || /^1[3-9]\d{9}$/.test(normalisePhone(row.phone))) &&
          (row.email === '' || email.test(normaliseEmail(row.email))) &&
          (row.birth_date === '' ||
            (/^\d{4}-\d{2}-\d{2}$/.test(row.birth_date) && ageOf(row.birth_date) >= 18 && ageOf(row.birth_date) < 71)) &&
          (row.income === '' || typeof row.income === 'number') &&
          ISO_CHINA.test(row.registered_at),
      ),
    ).toEqual([])
    expect(new Set(valid.map((r) => r.customer_id)).size).toBe(valid.length)
  })

  it('writes phones, e-mails and genders in varied real-world ways, with some values missing', () => {
    const phones = valid.map((r) => r.phone).filter((p) => p !== '')
    expect(phones.some((p) => /^1\d{10}$/.test(p))).toBe(true)
    expect(phones.some((p) => /^1\d{2} \d{4} \d{4}$/.test(p))).toBe(true)
    expect(phones.some((p) => /^\+86 1\d{2}-\d{4}-\d{4}$/.test(p))).toBe(true)
    const emails = valid.map((r) => r.email).filter((e) => e !== '')
    const upper = emails.filter((e) => /[A-Z]/.test(e)).length
    const spaced = emails.filter((e) => e !== e.trim()).length
    expect(upper).toBeGreaterThan(0)
    expect(spaced).toBeGreaterThan(0)
    expect(upper + spaced).toBeLessThan(emails.length * 0.3)
    const genders = new Set(valid.map((r) => r.gender))
    for (const g of ['男', '女', 'M', 'F', 'Female', '']) expect(genders.has(g)).toBe(true)
    expect(valid.filter((r) => r.income === '').length).toBeGreaterThan(0)
    expect(valid.some((r) => r.city.endsWith('市'))).toBe(true)
  })

  it('spreads customers over 一线, 新一线 and other cities with the right provinces', () => {
    const byName = new Map(DEMO_CITIES.flatMap((c) => [[c.name, c] as const, [`${c.name}市`, c] as const, [c.latin, c] as const]))
    const counts = { tier1: 0, new_tier1: 0, other: 0 }
    const primary = valid.slice(0, DEFAULT_DEMO_CUSTOMERS)
    let withCity = 0
    for (const row of primary) {
      if (row.city === '') continue
      const city = byName.get(row.city)
      expect(city, row.city).toBeDefined()
      if (city === undefined) continue
      withCity++
      counts[city.group]++
      expect(row.province.startsWith(city.province)).toBe(true)
    }
    expect(counts.tier1 / withCity).toBeGreaterThan(0.31)
    expect(counts.tier1 / withCity).toBeLessThan(0.39)
    expect(counts.new_tier1 / withCity).toBeGreaterThan(0.31)
    expect(counts.new_tier1 / withCity).toBeLessThan(0.39)
    expect(counts.other / withCity).toBeGreaterThan(0.26)
    expect(counts.other / withCity).toBeLessThan(0.34)
  })

  it('relates income to city tier and education', () => {
    const byName = new Map(DEMO_CITIES.map((c) => [c.name, c]))
    const incomes = (pred: (r: DemoCustomerRow) => boolean): number[] =>
      valid.filter((r) => typeof r.income === 'number' && pred(r)).map((r) => r.income as number)
    const tier = (group: string) => (r: DemoCustomerRow) => byName.get(r.city)?.group === group
    expect(median(incomes(tier('tier1')))).toBeGreaterThan(median(incomes(tier('new_tier1'))))
    expect(median(incomes(tier('new_tier1')))).toBeGreaterThan(median(incomes(tier('other'))))
    expect(median(incomes((r) => r.education === '硕士'))).toBeGreaterThan(median(incomes((r) => r.education === '大专')))
  })

  it('contains the same people in two sources, matched by phone or e-mail written differently', () => {
    const { duplicates } = data.scenarios
    expect(duplicates.length).toBeGreaterThanOrEqual(DEFAULT_DEMO_CUSTOMERS * 0.025)
    expect(duplicates.length).toBeLessThanOrEqual(DEFAULT_DEMO_CUSTOMERS * 0.035)
    const byId = new Map(data.customers.map((r) => [r.customer_id, r]))
    for (const dup of duplicates) {
      const a = byId.get(dup.primary_id)
      const b = byId.get(dup.duplicate_id)
      expect(a).toBeDefined()
      expect(b).toBeDefined()
      if (a === undefined || b === undefined) continue
      expect(a.customer_id).not.toBe(b.customer_id)
      expect(a.source).not.toBe(b.source)
      const samePhone = a.phone !== '' && b.phone !== '' && normalisePhone(a.phone) === normalisePhone(b.phone)
      const sameEmail = a.email !== '' && b.email !== '' && normaliseEmail(a.email) === normaliseEmail(b.email)
      if (dup.matched_on !== 'email') {
        expect(samePhone).toBe(true)
        expect(a.phone).not.toBe(b.phone)
      }
      if (dup.matched_on !== 'phone') {
        expect(sameEmail).toBe(true)
        expect(a.email).not.toBe(b.email)
      }
    }
    // Found independently of the scenario list: rows sharing a normalised phone or e-mail.
    const byKey = new Map<string, Set<string>>()
    for (const row of valid) {
      const keys = [row.phone === '' ? null : `p:${normalisePhone(row.phone)}`, row.email === '' ? null : `e:${normaliseEmail(row.email)}`]
      for (const key of keys) {
        if (key === null) continue
        const ids = byKey.get(key) ?? new Set<string>()
        ids.add(row.customer_id)
        byKey.set(key, ids)
      }
    }
    const pairs = [...byKey.values()].filter((ids) => ids.size > 1)
    expect(pairs.every((ids) => ids.size === 2)).toBe(true)
    const people = new Set(pairs.map((ids) => [...ids].sort().join('+')))
    expect(people.size).toBe(duplicates.length)
    // Orders reach both ids of some of these people, so merging changes the numbers.
    const dupIds = new Set(duplicates.map((d) => d.duplicate_id))
    expect(data.orderLines.some((l) => dupIds.has(l.customer_id))).toBe(true)
  })

  it('contains a handful of deliberately invalid rows', () => {
    const { invalid } = data.scenarios
    expect(invalid.length).toBeGreaterThanOrEqual(20)
    expect(invalid.length).toBeLessThanOrEqual(40)
    const rowsOf = (problem: string): DemoCustomerRow[] =>
      invalid.filter((i) => i.problem === problem).map((i) => data.customers[i.row] as DemoCustomerRow)
    expect(rowsOf('malformed_email').every((r) => !/^[^\s@]+@[^\s@]+\.[a-z]+$/i.test(r.email.trim()))).toBe(true)
    expect(rowsOf('invalid_birth_date').map((r) => r.birth_date)).toContain('1990-13-45')
    expect(rowsOf('invalid_income').map((r) => r.income)).toContain('abc')
    const anonymous = rowsOf('no_identifier')
    expect(anonymous.length).toBeGreaterThan(0)
    for (const r of anonymous) expect([r.customer_id, r.email, r.phone]).toEqual(['', '', ''])
    for (const r of rowsOf('invalid_phone')) expect(normalisePhone(r.phone)).not.toMatch(/^1[3-9]\d{9}$/)
    for (const i of invalid) expect(data.customers[i.row]?.customer_id).toBe(i.customer_id)
  })

  it('gives every order line the canonical columns and known customers', () => {
    const ids = new Set(valid.map((r) => r.customer_id))
    const columns = ORDER_LINE_COLUMNS.join(',')
    expect(
      failing(
        data.orderLines,
        (line) =>
          Object.keys(line).sort().join(',') === columns &&
          ISO_CHINA.test(line.ordered_at) &&
          ['online', 'store', 'wechat', 'app'].includes(line.channel) &&
          line.unit_price > 0 &&
          Number.isInteger(line.quantity) &&
          line.quantity !== 0 &&
          line.country === '中国' &&
          DEMO_PRODUCTS_BY_SKU.get(line.sku)?.name === line.product_name &&
          DEMO_PRODUCTS_BY_SKU.get(line.sku)?.category === line.category &&
          (line.customer_id === '' || ids.has(line.customer_id)),
      ),
    ).toEqual([])
  })

  it('has heavy-tailed purchase frequency, a loyal core and churned customers', () => {
    const perCustomer = new Map<string, number>()
    for (const [id, lines] of orders) {
      const customer = lines[0]?.customer_id ?? ''
      if (id.startsWith('O') && customer !== '') perCustomer.set(customer, (perCustomer.get(customer) ?? 0) + 1)
    }
    const counts = [...perCustomer.values()]
    const once = counts.filter((c) => c === 1).length
    expect(once / counts.length).toBeGreaterThan(0.25)
    expect(Math.max(...counts)).toBeGreaterThan(50)
    expect(data.scenarios.churned).toBeGreaterThan(0)
    expect(data.scenarios.nonBuyers).toBeGreaterThan(0)
  })

  it('shows seasonality: 双11 and 618 above the monthly median, a 春节 dip', () => {
    const revenue = monthlyRevenue(data.orderLines)
    expect(revenue.size).toBe(12)
    const m = median([...revenue.values()])
    expect(revenue.get('2025-11') ?? 0).toBeGreaterThan(m * 1.5)
    expect(revenue.get('2026-06') ?? 0).toBeGreaterThan(m * 1.5)
    expect(revenue.get('2026-02') ?? 0).toBeLessThan(m)
    const scenarioRevenue = data.scenarios.revenueByMonth
    expect(Math.abs((scenarioRevenue['2025-11'] ?? 0) - (revenue.get('2025-11') ?? 0))).toBeLessThan(1)
  })

  it('has returns: R orders with negative quantities that refer to an earlier sale', () => {
    const returns = [...orders.entries()].filter(([id]) => id.startsWith('R'))
    const sales = [...orders.keys()].filter((id) => id.startsWith('O')).length
    expect(returns.length / sales).toBeGreaterThan(0.015)
    expect(returns.length / sales).toBeLessThan(0.045)
    expect(
      failing(returns, ([id, lines]) => {
        const original = orders.get(`O${id.slice(1)}`)
        return (
          original !== undefined &&
          lines.every(
            (line) =>
              line.quantity < 0 &&
              line.customer_id === original[0]?.customer_id &&
              line.ordered_at > (original[0]?.ordered_at ?? '') &&
              original.some((o) => o.sku === line.sku && o.quantity === -line.quantity),
          )
        )
      }),
    ).toEqual([])
  })

  it('has about 2% guest purchases', () => {
    const sales = [...orders.entries()].filter(([id]) => id.startsWith('O'))
    const guests = sales.filter(([, lines]) => lines[0]?.customer_id === '').length
    expect(guests / sales.length).toBeGreaterThan(0.01)
    expect(guests / sales.length).toBeLessThan(0.03)
  })

  it('puts products that belong together in the same baskets', () => {
    const sales = [...orders.entries()].filter(([id]) => id.startsWith('O')).map(([, lines]) => new Set(lines.map((l) => l.sku)))
    const lift = (a: string, b: string): { both: number; lift: number } => {
      const withA = sales.filter((s) => s.has(a)).length
      const withB = sales.filter((s) => s.has(b)).length
      const both = sales.filter((s) => s.has(a) && s.has(b)).length
      return { both, lift: (both * sales.length) / Math.max(1, withA * withB) }
    }
    for (const [a, b] of [
      ['MY-1001', 'MY-1002'], // formula + diapers
      ['SM-1001', 'SM-1002'], // phone + case
      ['YD-1001', 'YD-1002'], // running shoes + sports T-shirt
      ['CW-1001', 'CW-1002'], // cat food + litter
    ] as const) {
      const { both, lift: l } = lift(a, b)
      expect(both, `${a}+${b}`).toBeGreaterThanOrEqual(30)
      expect(l, `${a}+${b}`).toBeGreaterThan(3)
    }
  })

  it('relates channels to age', () => {
    const birth = new Map(valid.map((r) => [r.customer_id, r.birth_date]))
    const share = (pred: (year: number) => boolean, channel: string): number => {
      let all = 0
      let hit = 0
      for (const [id, lines] of orders) {
        const first = lines[0]
        const b = first === undefined ? undefined : birth.get(first.customer_id)
        if (!id.startsWith('O') || first === undefined || b === undefined || b === '') continue
        if (!pred(Number(b.slice(0, 4)))) continue
        all++
        if (first.channel === channel) hit++
      }
      return hit / Math.max(1, all)
    }
    expect(share((y) => y >= 1995, 'app')).toBeGreaterThan(share((y) => y <= 1970, 'app') * 2)
    expect(share((y) => y <= 1970, 'store')).toBeGreaterThan(share((y) => y >= 1995, 'store') * 1.5)
  })

  it('tracks events Segment-style, mirroring the web and app orders', () => {
    expect(
      failing(
        data.events,
        (event) =>
          (event.type === 'track' ? TRACK_EVENTS.has(event.event) : event.type === 'page' || event.type === 'identify') &&
          (event.type === 'track' || event.event === '') &&
          event.anonymousId !== '' &&
          ISO_CHINA.test(event.timestamp) &&
          event.timestamp.slice(0, 10) >= data.scenarios.trackingStart &&
          typeof event.properties === 'object' &&
          event.properties !== null,
      ),
    ).toEqual([])
    let unsorted = 0
    for (let i = 1; i < data.events.length; i++) {
      if ((data.events[i]?.timestamp ?? '') < (data.events[i - 1]?.timestamp ?? '')) unsorted++
    }
    expect(unsorted).toBe(0)
    expect(new Set(data.events.map((e) => e.messageId)).size).toBe(data.events.length)
    const completed = data.events.filter((e) => e.event === 'Order Completed')
    expect(completed.length).toBeGreaterThan(1000)
    for (const event of completed.slice(0, 500)) {
      const lines = orders.get(String(event.properties['order_id']))
      expect(lines).toBeDefined()
      const revenue = (lines ?? []).reduce((sum, l) => sum + l.quantity * l.unit_price, 0)
      expect(Math.abs(revenue - Number(event.properties['revenue']))).toBeLessThan(0.01)
      expect(['online', 'app']).toContain(lines?.[0]?.channel)
      expect(event.userId).toBe(lines?.[0]?.customer_id)
    }
    // Not every view converts; the funnel narrows at each step.
    const count = (name: string): number => data.events.filter((e) => e.event === name).length
    expect(count('Product Viewed')).toBeGreaterThan(count('Product Added'))
    expect(count('Product Added')).toBeGreaterThan(count('Checkout Started'))
    expect(count('Checkout Started')).toBeGreaterThan(count('Order Completed'))
    const clicks = data.events.filter((e) => e.event === 'Campaign Clicked')
    expect(clicks.length).toBeGreaterThan(0)
    for (const click of clicks) {
      expect(typeof click.properties['utm_source']).toBe('string')
      expect(typeof click.properties['utm_campaign']).toBe('string')
    }
    expect(data.events.some((e) => e.type === 'identify' && e.userId !== '')).toBe(true)
    expect(data.events.some((e) => e.userId === '')).toBe(true)
  })

  it('records consent per purpose, with later withdrawals', () => {
    const granted = (purpose: string): number => data.consents.filter((c) => c.purpose === purpose && c.granted).length
    expect(granted('analytics')).toBeGreaterThan(granted('ads'))
    expect(granted('analytics')).toBeGreaterThan(granted('sms'))
    expect(
      failing(
        data.consents,
        (c) =>
          ['analytics', 'email', 'sms', 'ads', 'profiling'].includes(c.purpose) &&
          typeof c.granted === 'boolean' &&
          ISO_CHINA.test(c.recorded_at),
      ),
    ).toEqual([])
    const last = new Map<string, { granted: boolean; at: string }>()
    let withdrawals = 0
    let outOfOrder = 0
    for (const c of data.consents) {
      const key = `${c.customer_id}/${c.purpose}`
      const before = last.get(key)
      if (before !== undefined && before.granted && !c.granted) {
        withdrawals++
        if (c.recorded_at < before.at) outOfOrder++
      }
      last.set(key, { granted: c.granted, at: c.recorded_at })
    }
    expect(withdrawals).toBeGreaterThan(50)
    expect(outOfOrder).toBe(0)
  })

  it('has daily marketing spend per channel, with 618 and 双11 campaigns matching the UTM codes', () => {
    const campaigns = new Set(data.costs.map((c) => c.campaign))
    expect(campaigns.has('618_2026')).toBe(true)
    expect(campaigns.has('double11_2025')).toBe(true)
    const channels = new Set(data.costs.map((c) => c.channel))
    for (const name of ['抖音', '小红书', '微信广告', '百度搜索', '天猫直通车', '线下活动']) expect(channels.has(name)).toBe(true)
    expect(failing(data.costs, (c) => /^\d{4}-\d{2}-\d{2}$/.test(c.date) && c.spend > 0)).toEqual([])
    const utm = new Set(data.events.map((e) => e.properties['utm_campaign']).filter((v) => v !== undefined))
    for (const code of utm) expect(campaigns.has(String(code))).toBe(true)
  })

  it('has short Chinese comments with ratings that fit their tone', () => {
    const ids = new Set(valid.map((r) => r.customer_id))
    expect(
      failing(
        data.feedback,
        (f) =>
          f.text.length > 4 &&
          Number.isInteger(f.rating) &&
          f.rating >= 1 &&
          f.rating <= 5 &&
          ids.has(f.customer_id) &&
          ISO_CHINA.test(f.created_at),
      ),
    ).toEqual([])
    const ratingOf = (phrase: string): number[] => data.feedback.filter((f) => f.text.includes(phrase)).map((f) => f.rating)
    expect(Math.max(...ratingOf('差评'))).toBeLessThanOrEqual(2)
    expect(Math.min(...ratingOf('五星好评'))).toBeGreaterThanOrEqual(4)
    for (const rating of [1, 2, 3, 4, 5]) expect(data.feedback.some((f) => f.rating === rating)).toBe(true)
    expect(new Set(data.feedback.map((f) => f.text)).size).toBeGreaterThan(500)
  })
})
