/**
 * Orders for the demo people: how many each one places (heavy-tailed: non-buyers, one-time buyers,
 * a loyal core; some stop buying part-way), when (the retail calendar and each person's taste for
 * promotions), where (channel by age), and what (category taste, price level, brand loyalty,
 * products bought together). Also guest purchases and returns.
 */
import { DAY_MS, type DemoCalendar, sampleDay } from './calendar.js'
import { DEMO_CATEGORIES, DEMO_PRODUCTS, DEMO_PRODUCTS_BY_SKU, type DemoProduct } from './catalogue.js'
import { CHANNELS, type DemoSource, type Person, channelForAge } from './people.js'
import type { Random } from './random.js'
import type { FamilyStatus, OrderChannel } from './reference.js'

export interface OrderLine {
  readonly product: DemoProduct
  readonly quantity: number
  readonly unitPrice: number
}

export interface Order {
  id: string
  readonly person: Person | null
  readonly customerId: string
  readonly ms: number
  readonly day: number
  readonly channel: OrderChannel
  readonly lines: readonly OrderLine[]
  /** Sum of quantity × unit price (negative for a return). */
  readonly amount: number
  readonly sale: boolean
  /** The order a return refers to. */
  readonly original: Order | null
}

export interface OrdersResult {
  /** Sales and returns, by time. */
  readonly orders: Order[]
  readonly guestOrders: number
  readonly returnOrders: number
}

const PRODUCTS_BY_CATEGORY: readonly (readonly DemoProduct[])[] = DEMO_CATEGORIES.map((c) => DEMO_PRODUCTS.filter((p) => p.category === c))

const MEDIAN_PRICE: readonly number[] = PRODUCTS_BY_CATEGORY.map((products) => {
  const prices = products.map((p) => p.price).sort((a, b) => a - b)
  return prices[Math.floor(prices.length / 2)] ?? 1
})

const CAT_SKUS = new Set(['CW-1001', 'CW-1002', 'CW-1003', 'CW-1004'])
const DOG_SKUS = new Set(['CW-1005', 'CW-1006', 'CW-1007'])
/** Baby products that fit families whose children are past the baby years. */
const OLDER_CHILD_SKUS = new Set(['MY-1009'])

const RETURN_RATE: Readonly<Record<string, number>> = {
  服饰鞋包: 0.075,
  数码家电: 0.035,
  运动户外: 0.03,
  美妆个护: 0.015,
}
const DEFAULT_RETURN_RATE = 0.009

/** Hour-of-day weights (China time). */
const ONLINE_HOURS = [
  0.6, 0.3, 0.15, 0.1, 0.1, 0.15, 0.3, 0.6, 0.9, 1.1, 1.3, 1.4, 1.5, 1.4, 1.3, 1.3, 1.3, 1.3, 1.3, 1.5, 1.9, 2.1, 1.8, 1.2,
]
const STORE_HOURS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.4, 1, 1.3, 1.2, 1, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.3, 0.8, 0, 0]
const HOURS = Array.from({ length: 24 }, (_, h) => h)

/** A seconds-into-the-day for an order placed in `channel`. */
export function orderSecondOfDay(rng: Random, channel: OrderChannel, peak: boolean): number {
  let hour: number
  if (channel === 'store') hour = rng.weighted(HOURS, STORE_HOURS)
  else if (peak && rng.chance(0.3)) hour = rng.chance(0.8) ? 0 : 1
  else hour = rng.weighted(HOURS, ONLINE_HOURS)
  return hour * 3600 + rng.int(0, 3599)
}

/** What a shopper's basket depends on. */
interface Shopper {
  readonly categoryWeights: Float64Array
  readonly gender: 'male' | 'female'
  readonly family: FamilyStatus
  readonly pet: 'cat' | 'dog' | null
  readonly priceElasticity: number
  /** Durable products already bought. */
  readonly owned: Set<string>
  /** Consumables bought before, by category index (brand loyalty). */
  readonly favourites: Map<number, DemoProduct[]>
}

function shopperOf(person: Person): Shopper {
  return {
    categoryWeights: person.categoryWeights,
    gender: person.gender,
    family: person.family,
    pet: person.pet,
    priceElasticity: person.priceElasticity,
    owned: new Set(),
    favourites: new Map(),
  }
}

function productWeight(shopper: Shopper, product: DemoProduct, month: number, categoryIndex: number): number {
  if (product.durable && shopper.owned.has(product.sku)) return 0
  let w = product.popularity
  if (product.season !== null) w *= product.season[month] ?? 1
  if (product.gender !== null) w *= product.gender === shopper.gender ? 1.6 : 0.12
  if (product.category === '母婴用品' && shopper.family !== '已婚有幼儿' && !OLDER_CHILD_SKUS.has(product.sku)) w *= 0.03
  if (product.category === '宠物用品') {
    if (CAT_SKUS.has(product.sku) && shopper.pet === 'dog') w *= 0.02
    if (DOG_SKUS.has(product.sku) && shopper.pet === 'cat') w *= 0.02
  }
  w *= Math.pow(product.price / (MEDIAN_PRICE[categoryIndex] ?? 1), shopper.priceElasticity)
  return w
}

/** Scratch space for product weights (no category has more products than this). */
const WEIGHTS = new Float64Array(64)

function chooseProduct(rng: Random, shopper: Shopper, month: number): DemoProduct | null {
  const categoryIndex = rng.weightedIndex(shopper.categoryWeights)
  const favourites = shopper.favourites.get(categoryIndex)
  if (favourites !== undefined && favourites.length > 0 && rng.chance(0.45)) {
    const favourite = rng.pick(favourites)
    const seasonal = favourite.season === null ? 1 : (favourite.season[month] ?? 1)
    if (seasonal >= 0.5) return favourite
  }
  const products = PRODUCTS_BY_CATEGORY[categoryIndex] ?? []
  let total = 0
  for (let i = 0; i < products.length; i++) {
    const w = productWeight(shopper, products[i] as DemoProduct, month, categoryIndex)
    WEIGHTS[i] = w
    total += w
  }
  if (total === 0) return null
  return products[rng.weightedIndex(WEIGHTS, products.length)] ?? null
}

function quantityOf(rng: Random, product: DemoProduct, sale: boolean): number {
  if (!product.consumable) return rng.chance(0.05) ? 2 : 1
  let q = rng.weighted([1, 2, 3, 4, 6], [0.66, 0.2, 0.08, 0.03, 0.03])
  if (sale && rng.chance(0.25)) q += 1
  return q
}

function priceOf(rng: Random, product: DemoProduct, sale: boolean): number {
  if (!sale) return product.price
  const factor = rng.weighted([0.8, 0.85, 0.88, 0.9], [0.25, 0.3, 0.2, 0.25])
  return Math.max(0.1, Math.round(product.price * factor * 10) / 10)
}

function basket(rng: Random, shopper: Shopper, month: number, sale: boolean): OrderLine[] {
  let mainItems = rng.weighted([1, 2, 3, 4], [0.55, 0.27, 0.12, 0.06])
  if (sale && rng.chance(0.3)) mainItems += 1
  const chosen: DemoProduct[] = []
  for (let i = 0; i < mainItems * 2 && chosen.length < mainItems; i++) {
    const product = chooseProduct(rng, shopper, month)
    if (product !== null && !chosen.includes(product)) chosen.push(product)
  }
  for (let i = 0; i < chosen.length; i++) {
    const product = chosen[i] as DemoProduct
    for (const [sku, probability] of product.companions) {
      const companion = DEMO_PRODUCTS_BY_SKU.get(sku)
      if (companion === undefined || chosen.includes(companion)) continue
      if (companion.durable && shopper.owned.has(companion.sku)) continue
      if (rng.chance(probability)) chosen.push(companion)
    }
  }
  const lines: OrderLine[] = []
  for (const product of chosen) {
    if (product.durable) shopper.owned.add(product.sku)
    if (product.consumable) {
      const index = DEMO_CATEGORIES.indexOf(product.category)
      const list = shopper.favourites.get(index) ?? []
      if (!list.includes(product)) list.push(product)
      shopper.favourites.set(index, list)
    }
    lines.push({ product, quantity: quantityOf(rng, product, sale), unitPrice: priceOf(rng, product, sale) })
  }
  return lines
}

const amountOf = (lines: readonly OrderLine[]): number =>
  Math.round(lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0) * 100) / 100

/** The order channel that belongs to a source (store orders are keyed by the store CRM, …). */
export function channelsOfSource(source: DemoSource): readonly OrderChannel[] {
  return source === 'crm' ? ['store'] : source === 'wechat' ? ['wechat'] : ['online', 'app']
}

function orderDay(rng: Random, calendar: DemoCalendar, person: Person): number {
  const from = person.activeFrom
  const to = person.activeTo
  if (rng.chance(person.promoAffinity)) {
    const day = sampleDay(calendar.saleCumulative, from, to, rng.next())
    if (day !== null) return day
  }
  return sampleDay(calendar.cumulative, from, to, rng.next()) ?? from
}

/** The days on which a person orders (sorted; empty for non-buyers). Decides churn, too. */
function plannedDays(rng: Random, calendar: DemoCalendar, person: Person): number[] {
  if (person.segment === 'never') return []
  const last = calendar.days - 1
  const firstDay = (): number =>
    person.isNew
      ? Math.min(last, person.activeFrom + (rng.chance(0.55) ? 0 : Math.floor(-Math.log(1 - rng.next()) * 6)))
      : orderDay(rng, calendar, person)
  if (person.segment === 'one') return [firstDay()]
  const span = person.activeTo - person.activeFrom + 1
  if (span > 120 && rng.chance(0.2)) {
    person.activeTo = person.activeFrom + 30 + rng.int(0, span - 90)
    person.churned = true
  }
  const activeYears = (person.activeTo - person.activeFrom + 1) / 365
  const count = Math.max(2, 1 + rng.poisson(person.rate * activeYears))
  const days = [firstDay()]
  for (let i = 1; i < count; i++) days.push(orderDay(rng, calendar, person))
  return days.sort((a, b) => a - b)
}

/**
 * All orders of the window. Order ids are given in time order (`O0000001`…); a return carries the
 * digits of the order it returns (`R0000042`).
 */
export function generateOrders(rng: Random, people: readonly Person[], calendar: DemoCalendar, endMs: number): OrdersResult {
  const monthOfDay = new Uint8Array(calendar.days)
  for (let d = 0; d < calendar.days; d++) monthOfDay[d] = new Date(calendar.start + d * DAY_MS + 8 * 3600 * 1000).getUTCMonth()

  const sales: Order[] = []
  const makeOrder = (person: Person | null, shopper: Shopper, customerId: string, day: number, channel: OrderChannel): void => {
    const sale = calendar.sale[day] === 1
    const lines = basket(rng, shopper, monthOfDay[day] ?? 0, sale)
    if (lines.length === 0) return
    let ms = calendar.start + day * DAY_MS + orderSecondOfDay(rng, channel, calendar.peak[day] === 1) * 1000
    // Not before the account exists (a first order on the day of sign-up comes after it).
    if (person !== null && ms < person.registeredMs) ms = person.registeredMs + rng.int(60, 1800) * 1000
    sales.push({ id: '', person, customerId, ms, day, channel, lines, amount: amountOf(lines), sale, original: null })
  }

  for (const person of people) {
    const days = plannedDays(rng, calendar, person)
    if (days.length === 0) continue
    const shopper = shopperOf(person)
    const dupChannels = person.dupSource === null ? null : channelsOfSource(person.dupSource)
    for (const day of days) {
      let channel: OrderChannel
      if (dupChannels !== null && rng.chance(0.35)) channel = rng.pick(dupChannels)
      else channel = rng.chance(0.65) ? person.preferredChannel : channelForAge(rng, person.age)
      const useDup =
        dupChannels !== null &&
        person.dupId !== null &&
        dupChannels.includes(channel) &&
        calendar.start + (day + 1) * DAY_MS > person.dupRegisteredMs
      const customerId = useDup && person.dupId !== null ? person.dupId : person.id
      makeOrder(person, shopper, customerId, day, channel)
    }
  }

  // Guests: about 2% of all orders, mostly in stores; their baskets look like a random customer's.
  const guestCount = Math.round((sales.length * 0.02) / 0.98)
  for (let i = 0; i < guestCount && people.length > 0; i++) {
    const lookalike = rng.pick(people)
    const shopper = shopperOf(lookalike)
    const day = sampleDay(calendar.cumulative, 0, calendar.days - 1, rng.next()) ?? 0
    const channel = rng.weighted(CHANNELS, [0.3, 0.55, 0.15, 0])
    makeOrder(null, shopper, '', day, channel)
  }

  sales.sort((a, b) => a.ms - b.ms)
  sales.forEach((order, i) => {
    order.id = `O${String(i + 1).padStart(7, '0')}`
  })

  // Returns: more for clothing and electronics; within 3–15 days; never after the window.
  const lastMs = endMs + DAY_MS - 1000
  const returns: Order[] = []
  for (const order of sales) {
    if (order.person === null) continue
    let rate = 0
    let category: string | null = null
    for (const line of order.lines) {
      const r = RETURN_RATE[line.product.category] ?? DEFAULT_RETURN_RATE
      if (r > rate) {
        rate = r
        category = line.product.category
      }
    }
    if (!rng.chance(rate)) continue
    const ms = order.ms + rng.int(3, 15) * DAY_MS + rng.int(-4 * 3600, 4 * 3600) * 1000
    if (ms > lastMs) continue
    const returned = order.lines.filter((l) => l.product.category === category)
    const lines = returned.map((l) => ({ product: l.product, quantity: -Math.abs(l.quantity), unitPrice: l.unitPrice }))
    returns.push({
      id: `R${order.id.slice(1)}`,
      person: order.person,
      customerId: order.customerId,
      ms,
      day: Math.floor((ms - calendar.start) / DAY_MS),
      channel: order.channel,
      lines,
      amount: amountOf(lines),
      sale: false,
      original: order,
    })
  }

  const orders = [...sales, ...returns].sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : 1))
  return { orders, guestOrders: guestCount, returnOrders: returns.length }
}
