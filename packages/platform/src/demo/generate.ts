/**
 * The demo data set: a realistic, reproducible Chinese retail business (customers from three
 * sources, a year of orders, tracked web and app events, consents, marketing spend and customer
 * comments), written as the rows a CSV or JSON export would hold, so it exercises the real import
 * pipeline: it includes the same person in two sources, messy phone / e-mail / gender / city
 * spellings, missing values and a handful of invalid rows.
 *
 * Deterministic: the same options give the same data (a seeded generator, no clock, no
 * `Math.random`). The default history ends on a fixed date; pass `endDate` for one that ends now.
 */
import {
  DAY_MS,
  buildCalendar,
  chinaDateParts,
  chinaMidnight,
  formatChinaDate,
  formatChinaIso,
  formatChinaMonth,
  lastDayOfPreviousMonth,
} from './calendar.js'
import { DEMO_CATEGORIES, DEMO_PRODUCTS, type DemoProduct } from './catalogue.js'
import { generateEvents } from './events.js'
import { generateConsents, generateCosts, generateFeedback } from './extras.js'
import { type Order, generateOrders } from './orders.js'
import {
  type DemoSource,
  type PeopleContext,
  type Person,
  displayEmail,
  displayGender,
  formatMobile,
  makePerson,
  randomEmailStyle,
  randomPhoneFormat,
} from './people.js'
import { Random } from './random.js'
import { DECISION_STAGES, MARKETING_CHANNELS, provinceFullName } from './reference.js'
import type { DemoCustomerRow, DemoData, DemoDuplicate, DemoInvalidProblem, DemoInvalidRow, DemoOptions } from './types.js'

export type * from './types.js'
export { DEMO_CATEGORIES, DEMO_PRODUCTS, type DemoProduct }
export { lastDayOfPreviousMonth }
export { MARKETING_CHANNELS }

export const DEFAULT_DEMO_SEED = 20240618
export const DEFAULT_DEMO_CUSTOMERS = 5000
export const DEFAULT_DEMO_MONTHS = 12
/** The fixed date the default history is measured from (so the default output never changes). */
export const DEFAULT_DEMO_REFERENCE_DATE = new Date('2026-10-31T12:00:00+08:00')
/** 2026-09-30: the last day of the month before the reference date. */
export const DEFAULT_DEMO_END_DATE = lastDayOfPreviousMonth(DEFAULT_DEMO_REFERENCE_DATE)
/** Web and app tracking covers the last this-many months of the history. */
export const DEMO_TRACKED_MONTHS = 4

export interface DemoSourceInfo {
  readonly id: string
  readonly name: string
  readonly nameEn: string
  /** The tables of `DemoData` this source fills. */
  readonly tables: readonly string[]
  /** The shape of its customer ids, when it has its own. */
  readonly idFormat: string | null
  readonly description: string
}

/** The systems the demo business runs, as the `source` of each row and in words. */
export const DEMO_SOURCES: readonly DemoSourceInfo[] = [
  {
    id: 'shop',
    name: '线上商城',
    nameEn: 'Online shop',
    tables: ['customers', 'orderLines', 'consents'],
    idFormat: 'C000123',
    description: 'The web shop and shopping app: accounts, web and app orders (channels online and app).',
  },
  {
    id: 'crm',
    name: '门店 CRM',
    nameEn: 'Store CRM',
    tables: ['customers', 'orderLines', 'consents'],
    idFormat: 'CRM-000123',
    description: 'Membership records kept by the physical stores; store orders (channel store).',
  },
  {
    id: 'wechat',
    name: '微信小程序',
    nameEn: 'WeChat mini-program',
    tables: ['customers', 'orderLines', 'consents'],
    idFormat: 'WX-000123',
    description: 'The WeChat mini-program: members and their orders (channel wechat).',
  },
  {
    id: 'tracking',
    name: '网站与 App 埋点',
    nameEn: 'Web and app tracking',
    tables: ['events'],
    idFormat: null,
    description: `Segment-style page / track / identify calls from the web shop and the app, for the last ${DEMO_TRACKED_MONTHS} months; campaign clicks carry utm_source and utm_campaign.`,
  },
  {
    id: 'ads',
    name: '广告投放后台',
    nameEn: 'Advertising accounts',
    tables: ['costs'],
    idFormat: null,
    description: `Daily spend per channel (${MARKETING_CHANNELS.map((c) => c.name).join(' / ')}) and campaign; campaign codes match utm_campaign.`,
  },
  {
    id: 'service',
    name: '评价与客服',
    nameEn: 'Reviews and customer service',
    tables: ['feedback'],
    idFormat: null,
    description: 'Product reviews, service tickets, WeChat messages, store comments and survey answers, with 1–5 ratings.',
  },
]

const ID_PREFIX: Readonly<Record<DemoSource, string>> = { shop: 'C', crm: 'CRM-', wechat: 'WX-' }

function checkOptions(options: DemoOptions): { seed: number; customers: number; months: number; end: Date } {
  const seed = options.seed ?? DEFAULT_DEMO_SEED
  const customers = options.customers ?? DEFAULT_DEMO_CUSTOMERS
  const months = options.months ?? DEFAULT_DEMO_MONTHS
  const end = options.endDate ?? DEFAULT_DEMO_END_DATE
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`)
  if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) {
    throw new RangeError(`customers must be an integer from 1 to 1,000,000, got ${customers}`)
  }
  if (!Number.isInteger(months) || months < 1 || months > 60) {
    throw new RangeError(`months must be an integer from 1 to 60, got ${months}`)
  }
  if (Number.isNaN(end.getTime())) throw new RangeError('endDate is not a valid date')
  return { seed, customers, months, end }
}

/** Chooses who also appears in a second source, and how the two rows match. */
function assignDuplicates(rng: Random, people: Person[], count: number, lastMs: number): Map<number, DemoDuplicate['matched_on']> {
  const matched = new Map<number, DemoDuplicate['matched_on']>()
  for (const person of rng.sample(people, count)) {
    const others: Array<readonly [DemoSource, number]> =
      person.source === 'shop'
        ? [
            ['crm', 0.6],
            ['wechat', 0.4],
          ]
        : person.source === 'crm'
          ? [
              ['shop', 0.55],
              ['wechat', 0.45],
            ]
          : [
              ['shop', 0.5],
              ['crm', 0.5],
            ]
    person.dupSource = rng.weightedPair(others)
    const on: DemoDuplicate['matched_on'] =
      person.mobile !== null && person.email !== null
        ? rng.weightedPair<DemoDuplicate['matched_on']>([
            ['phone', 0.4],
            ['email', 0.3],
            ['phone+email', 0.3],
          ])
        : person.mobile !== null
          ? 'phone'
          : 'email'
    matched.set(person.index, on)
    const from = Math.max(person.registeredMs, lastMs - 3 * 365 * DAY_MS)
    person.dupRegisteredMs = Math.min(lastMs - DAY_MS, from + rng.int(20, 500) * DAY_MS + rng.int(0, 12 * 3600) * 1000)
  }
  return matched
}

function decisionStage(rng: Random, person: Person, orders: number): string {
  if (orders === 0) {
    return person.isNew
      ? rng.weighted(['需求识别', '信息搜索', '方案评估'], [0.3, 0.4, 0.3])
      : rng.weighted(['购后行为', '需求识别', '信息搜索'], [0.5, 0.3, 0.2])
  }
  if (orders === 1) return rng.weighted(['购买决策', '购后行为'], [0.55, 0.45])
  return rng.weighted(['购后行为', '方案评估', '购买决策'], [0.8, 0.1, 0.1])
}

interface PersonFacts {
  readonly orders: number
  readonly revenue: number
  stage: string
  memberLevel: string
}

function memberLevels(people: readonly Person[], facts: Map<number, PersonFacts>, rng: Random): void {
  const buyers = people.filter((p) => (facts.get(p.index)?.revenue ?? 0) > 0)
  buyers.sort((a, b) => (facts.get(b.index)?.revenue ?? 0) - (facts.get(a.index)?.revenue ?? 0))
  const n = buyers.length
  buyers.forEach((person, rank) => {
    const f = facts.get(person.index)
    if (f === undefined) return
    const share = rank / Math.max(1, n)
    f.memberLevel = share < 0.03 ? '钻石会员' : share < 0.12 ? '金卡会员' : share < 0.32 ? '银卡会员' : '普通会员'
  })
  for (const person of people) {
    const f = facts.get(person.index)
    if (f !== undefined && f.revenue <= 0) f.memberLevel = !person.isNew && rng.chance(0.15) ? '银卡会员' : '普通会员'
  }
}

function cityText(rng: Random, person: Person): { city: string; province: string } {
  if (rng.chance(0.02)) return { city: '', province: '' }
  const u = rng.next()
  const city = u < 0.08 ? `${person.city.name}市` : u < 0.09 ? person.city.latin : person.city.name
  const province = rng.chance(0.1) ? provinceFullName(person.city.province) : person.city.province
  return { city, province }
}

const orBlank = <T>(rng: Random, missing: number, value: T): T | '' => (rng.chance(missing) ? '' : value)

function primaryRow(
  rng: Random,
  person: Person,
  facts: PersonFacts,
  emailStyle: ReturnType<typeof randomEmailStyle>,
  phoneFormat: ReturnType<typeof randomPhoneFormat>,
): DemoCustomerRow {
  const { city, province } = cityText(rng, person)
  const surveyed = rng.chance(0.86)
  return {
    customer_id: person.id,
    name: orBlank(rng, 0.01, person.surname + person.given),
    email: person.email === null ? '' : displayEmail(rng, person.email, emailStyle),
    phone: person.mobile === null ? '' : formatMobile(person.mobile, phoneFormat),
    gender: orBlank(rng, 0.02, displayGender(rng, person.gender)),
    birth_date: orBlank(rng, 0.03, formatChinaDate(person.birthMs)),
    income: orBlank(rng, 0.09, person.income),
    education: orBlank(rng, 0.07, person.education),
    occupation: orBlank(rng, 0.05, person.occupation),
    city,
    province,
    country: '中国',
    family_status: orBlank(rng, 0.08, person.family),
    source: person.source,
    member_level: facts.memberLevel,
    lifestyle: surveyed ? person.lifestyle : '',
    values: surveyed ? person.value : '',
    preferred_channel: person.preferredChannel,
    acquisition_channel: orBlank(rng, 0.03, person.acquisition),
    registered_at: formatChinaIso(person.registeredMs),
    interests: orBlank(rng, 0.05, person.interests.join('|')),
    pain_point: surveyed ? person.painPoint : '',
    barrier: surveyed ? person.barrier : '',
    decision_stage: surveyed ? facts.stage : '',
  }
}

function duplicateRow(
  rng: Random,
  person: Person,
  facts: PersonFacts,
  on: DemoDuplicate['matched_on'],
  primaryEmailStyle: ReturnType<typeof randomEmailStyle>,
  primaryEmail: string,
  primaryPhoneFormat: ReturnType<typeof randomPhoneFormat>,
): DemoCustomerRow {
  const source = person.dupSource ?? 'crm'
  const withPhone = on !== 'email' && person.mobile !== null
  const withEmail = on !== 'phone' && person.email !== null
  const emailStyle = primaryEmailStyle === 'clean' ? rng.weighted(['upper', 'spaced', 'upper_spaced'] as const, [0.5, 0.3, 0.2]) : 'clean'
  let email = ''
  if (withEmail && person.email !== null) {
    email = displayEmail(rng, person.email, emailStyle)
    // Written differently from the first source, whatever the styles gave.
    if (email === primaryEmail) email = emailStyle === 'clean' ? ` ${person.email}` : `${person.email.toUpperCase()} `
  }
  const { city, province } = cityText(rng, person)
  const surveyed = source === 'wechat' && rng.chance(0.4)
  return {
    customer_id: person.dupId ?? '',
    name: orBlank(rng, 0.04, person.surname + person.given),
    email,
    phone: withPhone && person.mobile !== null ? formatMobile(person.mobile, randomPhoneFormat(rng, primaryPhoneFormat)) : '',
    gender: orBlank(rng, 0.1, displayGender(rng, person.gender)),
    birth_date: rng.chance(0.7) ? formatChinaDate(person.birthMs) : '',
    income: '',
    education: '',
    occupation: '',
    city,
    province,
    country: '中国',
    family_status: '',
    source,
    member_level: source === 'crm' ? facts.memberLevel : '',
    lifestyle: surveyed ? person.lifestyle : '',
    values: surveyed ? person.value : '',
    preferred_channel: source === 'crm' ? 'store' : source === 'wechat' ? 'wechat' : rng.pick(['online', 'app']),
    acquisition_channel: source === 'crm' ? '门店到访' : source === 'wechat' ? rng.pick(['微信广告', '老客推荐']) : '自然流量',
    registered_at: formatChinaIso(person.dupRegisteredMs),
    interests: '',
    pain_point: surveyed ? person.painPoint : '',
    barrier: surveyed ? person.barrier : '',
    decision_stage: '',
  }
}

const INVALID_PROBLEMS: readonly DemoInvalidProblem[] = [
  'malformed_email',
  'invalid_birth_date',
  'invalid_income',
  'no_identifier',
  'invalid_phone',
]

function invalidRow(rng: Random, person: Person, problem: DemoInvalidProblem, k: number): DemoCustomerRow {
  const row = primaryRow(rng, person, { orders: 0, revenue: 0, stage: '需求识别', memberLevel: '普通会员' }, 'clean', 'plain')
  const local = `${person.surnamePinyin}${person.givenPinyin}`
  switch (problem) {
    case 'malformed_email':
      row.email =
        [`${local}#qq.com`, `${local}@`, `${person.surnamePinyin} ${person.givenPinyin}@163.com`, `${local}@@126.com`, `@gmail.com`][
          k % 5
        ] ?? ''
      break
    case 'invalid_birth_date':
      row.birth_date = ['1990-13-45', '1985-02-30', '2099-07-01', '1978-00-12', '19xx-05-20'][k % 5] ?? ''
      break
    case 'invalid_income':
      row.income = ['abc', '五千', '-3000', 'N/A', '1,2,3'][k % 5] ?? ''
      break
    case 'no_identifier':
      row.customer_id = ''
      row.email = ''
      row.phone = ''
      break
    case 'invalid_phone':
      row.phone = ['1380013', '12345678901', '138-0013-800a', '+86 000 0000 0000', '99999'][k % 5] ?? ''
      row.email = ''
      break
  }
  return row
}

/** The demo data set; see the module comment. */
export function generateDemoData(options: DemoOptions = {}): DemoData {
  const { seed, customers: n, months, end } = checkOptions(options)
  const { year, month, day } = chinaDateParts(end)
  const endMs = chinaMidnight(year, month, day)
  // `months` whole months: from the 1st when the history ends on a month's last day, else from the
  // day after the same day-of-month `months` earlier.
  const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate()
  const startMs =
    day === daysInMonth(year, month)
      ? chinaMidnight(year, month - months + 1, 1)
      : (() => {
          const back = new Date(Date.UTC(year, month - 1 - months, 1))
          const y = back.getUTCFullYear()
          const m = back.getUTCMonth() + 1
          return chinaMidnight(y, m, Math.min(day, daysInMonth(y, m)) + 1)
        })()
  const days = Math.round((endMs - startMs) / DAY_MS) + 1
  const lastMs = endMs + DAY_MS - 1000
  const calendar = buildCalendar(startMs, days)

  // People and their ids.
  const peopleRng = Random.stream(seed, 'people')
  const ctx: PeopleContext = { rng: peopleRng, calendar, endMs, usedMobiles: new Set(), usedEmails: new Set() }
  const people: Person[] = []
  for (let i = 0; i < n; i++) people.push(makePerson(ctx, i))
  const counters: Record<DemoSource, number> = { shop: 0, crm: 0, wechat: 0 }
  const nextId = (source: DemoSource): string => {
    counters[source] += 1
    return ID_PREFIX[source] + String(counters[source]).padStart(6, '0')
  }
  for (const person of people) person.id = nextId(person.source)
  const dupCount = Math.max(1, Math.round(n * 0.03))
  const matchedOn = assignDuplicates(Random.stream(seed, 'duplicates'), people, dupCount, lastMs)
  for (const person of people) if (person.dupSource !== null) person.dupId = nextId(person.dupSource)

  // Orders, and what they tell about each person.
  const ordersRng = Random.stream(seed, 'orders')
  const { orders, guestOrders, returnOrders } = generateOrders(ordersRng, people, calendar, endMs)
  const salesCount = new Map<number, number>()
  const revenue = new Map<number, number>()
  const revenueByMonth: Record<string, number> = {}
  for (const order of orders) {
    const key = formatChinaMonth(order.ms)
    revenueByMonth[key] = (revenueByMonth[key] ?? 0) + order.amount
    if (order.person === null) continue
    const i = order.person.index
    if (order.original === null) salesCount.set(i, (salesCount.get(i) ?? 0) + 1)
    revenue.set(i, (revenue.get(i) ?? 0) + order.amount)
  }
  for (const key of Object.keys(revenueByMonth)) revenueByMonth[key] = Math.round((revenueByMonth[key] ?? 0) * 100) / 100
  const traitsRng = Random.stream(seed, 'traits')
  const facts = new Map<number, PersonFacts>()
  for (const person of people) {
    const count = salesCount.get(person.index) ?? 0
    facts.set(person.index, {
      orders: count,
      revenue: revenue.get(person.index) ?? 0,
      stage: decisionStage(traitsRng, person, count),
      memberLevel: '普通会员',
    })
  }
  memberLevels(people, facts, traitsRng)

  // Customer rows: every person in their first source, the duplicates, then invalid rows mixed in.
  const rowsRng = Random.stream(seed, 'rows')
  const rows: DemoCustomerRow[] = []
  const duplicates: DemoDuplicate[] = []
  const dupRows: DemoCustomerRow[] = []
  for (const person of people) {
    const f = facts.get(person.index) as PersonFacts
    const emailStyle = randomEmailStyle(rowsRng)
    const phoneFormat = randomPhoneFormat(rowsRng)
    const row = primaryRow(rowsRng, person, f, emailStyle, phoneFormat)
    rows.push(row)
    const on = matchedOn.get(person.index)
    if (on !== undefined && person.dupId !== null && person.dupSource !== null) {
      dupRows.push(duplicateRow(rowsRng, person, f, on, emailStyle, row.email, phoneFormat))
      duplicates.push({
        primary_id: person.id,
        duplicate_id: person.dupId,
        primary_source: person.source,
        duplicate_source: person.dupSource,
        matched_on: on,
      })
    }
  }
  rows.push(...rowsRng.shuffle(dupRows))
  const invalidCount = Math.max(INVALID_PROBLEMS.length, Math.round(n * 0.005))
  const invalidPeopleCtx: PeopleContext = { ...ctx, rng: Random.stream(seed, 'invalid') }
  const invalidRows: Array<{ row: DemoCustomerRow; problem: DemoInvalidProblem }> = []
  for (let k = 0; k < invalidCount; k++) {
    const person = makePerson(invalidPeopleCtx, n + k)
    person.id = nextId(person.source)
    const problem = INVALID_PROBLEMS[k % INVALID_PROBLEMS.length] as DemoInvalidProblem
    invalidRows.push({ row: invalidRow(rowsRng, person, problem, Math.floor(k / INVALID_PROBLEMS.length)), problem })
  }
  for (const { row } of invalidRows) rows.splice(rowsRng.int(0, rows.length), 0, row)
  const position = new Map<DemoCustomerRow, number>(rows.map((row, i) => [row, i]))
  const invalid: DemoInvalidRow[] = invalidRows.map(({ row, problem }) => ({
    row: position.get(row) ?? -1,
    customer_id: row.customer_id,
    problem,
  }))

  // Orders as lines.
  const orderLines = orders.flatMap((order: Order) => {
    const orderedAt = formatChinaIso(order.ms)
    return order.lines.map((line, i) => ({
      order_id: order.id,
      line_no: i + 1,
      customer_id: order.customerId,
      ordered_at: orderedAt,
      sku: line.product.sku,
      product_name: line.product.name,
      category: line.product.category,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      channel: order.channel,
      country: '中国',
    }))
  })

  // Events, consents, spend, feedback.
  const trackingStartMs = Math.max(startMs, chinaMidnight(year, month - DEMO_TRACKED_MONTHS + 1, 1))
  const trackingStartDay = Math.round((trackingStartMs - startMs) / DAY_MS)
  const events = generateEvents(
    {
      rng: Random.stream(seed, 'events'),
      calendar,
      endMs,
      trackingStartDay,
      stageOf: (person) => facts.get(person.index)?.stage ?? DECISION_STAGES[0],
    },
    people,
    orders,
  )
  const consents = generateConsents(Random.stream(seed, 'consents'), people, endMs)
  const costs = generateCosts(Random.stream(seed, 'costs'), calendar, n / DEFAULT_DEMO_CUSTOMERS)
  const feedback = generateFeedback(Random.stream(seed, 'feedback'), orders, Math.round(n * 0.4), endMs)

  let nonBuyers = 0
  let oneTimeBuyers = 0
  let churned = 0
  for (const person of people) {
    const count = salesCount.get(person.index) ?? 0
    if (count === 0) nonBuyers++
    if (count === 1) oneTimeBuyers++
    if (person.churned) churned++
  }

  return {
    seed,
    startDate: formatChinaDate(startMs),
    endDate: formatChinaDate(endMs),
    customers: rows,
    orderLines,
    events,
    consents,
    costs,
    feedback,
    scenarios: {
      duplicates,
      invalid,
      nonBuyers,
      oneTimeBuyers,
      churned,
      guestOrders,
      returnOrders,
      orders: orders.length - returnOrders,
      revenueByMonth,
      trackingStart: formatChinaDate(trackingStartMs),
    },
  }
}

/** The categories of the catalogue with their products, for documentation and pickers. */
export function demoCatalogue(): ReadonlyArray<{ category: string; products: readonly DemoProduct[] }> {
  return DEMO_CATEGORIES.map((category) => ({ category, products: DEMO_PRODUCTS.filter((p) => p.category === category) }))
}
