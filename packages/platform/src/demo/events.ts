/**
 * Tracked web and app events (Segment-style) for the last months of the window: one session per
 * web or app order (campaign click → page → product views → cart → checkout → order), sessions that
 * do not convert (from customers and from visitors who never sign in), sign-ups and identify calls
 * that tie anonymous devices to customer ids.
 */
import { DAY_MS, type DemoCalendar, formatChinaIso, sampleDay } from './calendar.js'
import { DEMO_CATEGORIES, DEMO_PRODUCTS, type DemoProduct } from './catalogue.js'
import { type Order, orderSecondOfDay } from './orders.js'
import type { Person } from './people.js'
import { type Random, hex8 } from './random.js'
import { MARKETING_CHANNELS, type OrderChannel } from './reference.js'
import type { DemoEventRow, DemoEventType } from './types.js'

const SHOP_URL = 'https://shop.example.com'

/** The order channels whose sessions the tracking snippet sees. */
export const TRACKED_CHANNELS: readonly OrderChannel[] = ['online', 'app']

const PRODUCTS_BY_CATEGORY: readonly (readonly DemoProduct[])[] = DEMO_CATEGORIES.map((c) => DEMO_PRODUCTS.filter((p) => p.category === c))

const UNIFORM_CATEGORIES: readonly number[] = DEMO_CATEGORIES.map(() => 1)
const POPULARITY: ReadonlyMap<readonly DemoProduct[], readonly number[]> = new Map(
  PRODUCTS_BY_CATEGORY.map((list) => [list, list.map((p) => p.popularity)]),
)

interface Step {
  readonly type: DemoEventType
  readonly event: string
  readonly properties: Record<string, unknown>
  /** The user is signed in from this step on. */
  readonly signsIn?: boolean
}

interface Device {
  readonly web: string
  readonly app: string
}

export interface EventsContext {
  readonly rng: Random
  readonly calendar: DemoCalendar
  readonly endMs: number
  /** First tracked day (index into the calendar). */
  readonly trackingStartDay: number
  readonly stageOf: (person: Person) => string
}

function uuid(rng: Random): string {
  const h = rng.hex(32)
  const variant = '89ab'[rng.int(0, 3)] ?? '8'
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function pageStep(name: string, path: string, platform: 'web' | 'app', extra: Record<string, unknown> = {}): Step {
  const properties: Record<string, unknown> = { name, path, platform, ...extra }
  if (platform === 'web') properties['url'] = SHOP_URL + path
  return { type: 'page', event: '', properties }
}

function productProps(product: DemoProduct, price: number, platform: 'web' | 'app'): Record<string, unknown> {
  return { product_id: product.sku, sku: product.sku, name: product.name, category: product.category, price, currency: 'CNY', platform }
}

export function generateEvents(ctx: EventsContext, people: readonly Person[], orders: readonly Order[]): DemoEventRow[] {
  const { rng, calendar } = ctx
  const lastDay = calendar.days - 1
  const trackingStartMs = calendar.start + ctx.trackingStartDay * DAY_MS
  const lastMs = ctx.endMs + DAY_MS - 1000
  const rows: DemoEventRow[] = []
  const times: number[] = []
  let counter = 0
  const messageId = (): string => {
    counter++
    const a = hex8(rng.nextUint32())
    const b = hex8(rng.nextUint32())
    const c = counter.toString(16).padStart(15, '0')
    return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-a${c.slice(0, 3)}-${c.slice(3)}`
  }

  const devices = new Map<number, Device>()
  const deviceOf = (person: Person): Device => {
    let device = devices.get(person.index)
    if (device === undefined) {
      device = { web: uuid(rng), app: uuid(rng) }
      devices.set(person.index, device)
    }
    return device
  }

  const emit = (steps: readonly Step[], stepTimes: readonly number[], userId: string, anonymousId: string, signedIn: boolean): void => {
    let known = signedIn
    steps.forEach((step, i) => {
      if (step.signsIn === true) known = true
      const ms = stepTimes[i] ?? 0
      times.push(ms)
      rows.push({
        type: step.type,
        event: step.event,
        userId: known ? userId : '',
        anonymousId,
        timestamp: formatChinaIso(ms),
        properties: step.properties,
        messageId: messageId(),
      })
    })
  }

  /** Times ending at `endMs`, spaced 10 s – 2 min apart. */
  const timesEndingAt = (count: number, endMs: number): number[] => {
    const result = new Array<number>(count)
    let t = endMs
    for (let i = count - 1; i >= 0; i--) {
      result[i] = t
      t -= rng.int(10, 120) * 1000
    }
    return result
  }
  /** Times starting at `startMs`, spaced 10 s – 2 min apart, never after the window. */
  const timesStartingAt = (count: number, startMs: number): number[] => {
    const result = new Array<number>(count)
    let t = startMs
    for (let i = 0; i < count; i++) {
      result[i] = Math.min(t, lastMs)
      t += rng.int(10, 120) * 1000
    }
    return result
  }

  const campaignChannelWeights = (person: Person | null, campaignDay: boolean): number[] =>
    MARKETING_CHANNELS.map((c) => {
      const efficiency: Record<string, number> = { 抖音: 1, 小红书: 1.25, 微信广告: 0.9, 百度搜索: 0.8, 天猫直通车: 1.1, 线下活动: 1 }
      let w = (c.dailySpend > 0 ? c.dailySpend : campaignDay ? 400 : 0) * (efficiency[c.name] ?? 1)
      if (person !== null && person.acquisition === c.name) w *= 3
      if (person !== null && c.name === '小红书' && person.gender === 'male') w *= 0.4
      return w
    })

  /** The opening steps of a session: maybe a campaign click, then a landing page. */
  const opening = (person: Person | null, day: number, platform: 'web' | 'app'): Step[] => {
    const campaign = calendar.campaign[day] ?? 'always_on'
    const campaignDay = campaign !== 'always_on'
    const p = calendar.sale[day] === 1 ? 0.35 : campaignDay ? 0.22 : 0.12
    if (rng.chance(p)) {
      const channel = rng.weighted(MARKETING_CHANNELS, campaignChannelWeights(person, campaignDay))
      const utm = { utm_source: channel.utmSource, utm_medium: channel.utmMedium, utm_campaign: campaign }
      return [
        { type: 'track', event: 'Campaign Clicked', properties: { ...utm, platform } },
        pageStep('活动页', `/promo/${campaign}`, platform, utm),
      ]
    }
    return rng.chance(0.6)
      ? [pageStep('首页', '/', platform)]
      : [pageStep('搜索结果', '/search', platform, { query: rng.pick(DEMO_CATEGORIES) })]
  }

  const browseProducts = (person: Person | null, count: number): DemoProduct[] => {
    const weights = person === null ? UNIFORM_CATEGORIES : person.categoryWeights
    const products: DemoProduct[] = []
    for (let i = 0; i < count; i++) {
      const list = PRODUCTS_BY_CATEGORY[rng.weightedIndex(weights)] ?? []
      if (list.length > 0) products.push(rng.weighted(list, POPULARITY.get(list) ?? []))
    }
    return products
  }

  const identifyStep = (person: Person): Step => {
    const traits: Record<string, unknown> = {}
    if (person.email !== null) traits['email'] = person.email
    return { type: 'identify', event: '', properties: traits, signsIn: true }
  }

  // 1. Converting sessions: one for every tracked web / app order.
  const trackedOrdersOf = new Map<number, number>()
  for (const order of orders) {
    if (order.original !== null || order.ms < trackingStartMs) continue
    if (!TRACKED_CHANNELS.includes(order.channel)) continue
    const platform = order.channel === 'app' ? 'app' : 'web'
    const person = order.person
    if (person !== null) trackedOrdersOf.set(person.index, (trackedOrdersOf.get(person.index) ?? 0) + 1)
    const anonymousId = person === null ? uuid(rng) : platform === 'app' ? deviceOf(person).app : deviceOf(person).web
    const signedIn = person !== null && rng.chance(0.75)
    const steps: Step[] = opening(person, order.day, platform)
    for (const line of order.lines) {
      steps.push({ type: 'track', event: 'Product Viewed', properties: productProps(line.product, line.unitPrice, platform) })
      if (rng.chance(0.2)) {
        for (const other of browseProducts(person, 1)) {
          steps.push({ type: 'track', event: 'Product Viewed', properties: productProps(other, other.price, platform) })
        }
      }
    }
    if (person !== null && !signedIn) steps.push(identifyStep(person))
    for (const line of order.lines) {
      steps.push({
        type: 'track',
        event: 'Product Added',
        properties: { ...productProps(line.product, line.unitPrice, platform), quantity: line.quantity },
      })
    }
    steps.push({
      type: 'track',
      event: 'Checkout Started',
      properties: { order_id: order.id, value: order.amount, currency: 'CNY', items: order.lines.length, platform },
    })
    const campaign = calendar.campaign[order.day] ?? 'always_on'
    if (rng.chance(calendar.sale[order.day] === 1 ? 0.45 : 0.08)) {
      const discount = rng.weighted([10, 20, 30, 50], [0.3, 0.3, 0.25, 0.15])
      steps.push({
        type: 'track',
        event: 'Coupon Redeemed',
        properties: { coupon_id: `${campaign}-${discount}`, discount, order_id: order.id, platform },
      })
    }
    steps.push({
      type: 'track',
      event: 'Order Completed',
      properties: {
        order_id: order.id,
        revenue: order.amount,
        currency: 'CNY',
        channel: order.channel,
        platform,
        products: order.lines.map((l) => ({ sku: l.product.sku, name: l.product.name, quantity: l.quantity, price: l.unitPrice })),
      },
    })
    const sessionTimes = timesEndingAt(steps.length, order.ms)
    // An order placed just after tracking went live: its session started before, untracked.
    if ((sessionTimes[0] ?? 0) < trackingStartMs) continue
    emit(steps, sessionTimes, person === null ? '' : order.customerId, anonymousId, signedIn)
  }

  /** A session that does not end in an order. */
  const browseSession = (
    person: Person | null,
    userId: string,
    anonymousId: string,
    platform: 'web' | 'app',
    day: number,
    intent: number,
  ): void => {
    const steps = opening(person, day, platform)
    const signedIn = person !== null && rng.chance(0.6)
    const views = browseProducts(person, rng.weighted([1, 2, 3, 4], [0.55, 0.28, 0.12, 0.05]))
    for (const product of views) {
      steps.push({ type: 'track', event: 'Product Viewed', properties: productProps(product, product.price, platform) })
    }
    const first = views[0]
    if (first !== undefined && rng.chance(0.25 * intent)) {
      if (person !== null && !signedIn && rng.chance(0.5)) steps.push(identifyStep(person))
      steps.push({ type: 'track', event: 'Product Added', properties: { ...productProps(first, first.price, platform), quantity: 1 } })
      if (rng.chance(Math.min(0.9, 0.45 * intent))) {
        steps.push({
          type: 'track',
          event: 'Checkout Started',
          properties: { value: first.price, currency: 'CNY', items: 1, platform },
        })
      }
    }
    const start = calendar.start + day * DAY_MS + orderSecondOfDay(rng, 'online', false) * 1000
    emit(steps, timesStartingAt(steps.length, start), userId, anonymousId, signedIn)
  }

  const trackedDay = (person: Person | null): number | null => {
    const from = Math.max(ctx.trackingStartDay, person === null ? 0 : person.activeFrom)
    const to = person === null ? lastDay : Math.min(lastDay, person.activeTo + 20)
    if (from > to) return null
    return sampleDay(calendar.cumulative, from, to, rng.next())
  }

  // 2. Sign-ups on the web shop and app during the tracked months.
  for (const person of people) {
    if (person.source !== 'shop' || person.registeredMs < trackingStartMs || person.registeredMs > lastMs) continue
    const platform = person.preferredChannel === 'app' ? 'app' : 'web'
    const device = deviceOf(person)
    const steps: Step[] = [
      pageStep('注册页', '/signup', platform),
      {
        type: 'track',
        event: 'Signed Up',
        properties: { method: rng.weighted(['phone', 'wechat', 'email'], [0.6, 0.3, 0.1]), platform },
        signsIn: true,
      },
      identifyStep(person),
    ]
    emit(steps, timesEndingAt(steps.length, person.registeredMs), person.id, platform === 'app' ? device.app : device.web, false)
  }

  // 3. Sessions that do not convert: customers browsing, and visitors who never sign in.
  for (const person of people) {
    const digital = person.preferredChannel === 'online' || person.preferredChannel === 'app' ? 1 : 0.3
    const stage = ctx.stageOf(person)
    const ordersTracked = trackedOrdersOf.get(person.index) ?? 0
    const searching = stage === '信息搜索' || stage === '方案评估'
    const activeShare =
      Math.max(0, Math.min(person.activeTo, lastDay) - Math.max(person.activeFrom, ctx.trackingStartDay) + 1) /
      Math.max(1, lastDay - ctx.trackingStartDay + 1)
    const mean = 0.9 * ordersTracked + activeShare * digital * (searching ? 3 : 0.6)
    const sessions = rng.poisson(mean)
    for (let i = 0; i < sessions; i++) {
      const day = trackedDay(person)
      if (day === null) break
      const platform = person.preferredChannel === 'app' || rng.chance(0.3) ? 'app' : 'web'
      const device = deviceOf(person)
      const intent = stage === '方案评估' ? 1.6 : stage === '需求识别' ? 0.5 : 1
      browseSession(person, person.id, platform === 'app' ? device.app : device.web, platform, day, intent)
    }
  }
  const visitors = Math.round(people.length * 0.45)
  for (let v = 0; v < visitors; v++) {
    const anonymousId = uuid(rng)
    const platform = rng.chance(0.7) ? 'web' : 'app'
    const sessions = rng.weighted([1, 2, 3], [0.7, 0.22, 0.08])
    for (let i = 0; i < sessions; i++) {
      const day = trackedDay(null)
      if (day === null) break
      browseSession(null, '', anonymousId, platform, day, 0.7)
    }
  }

  const order = Uint32Array.from(rows, (_, i) => i).sort((a, b) => (times[a] ?? 0) - (times[b] ?? 0) || a - b)
  return Array.from(order, (i) => rows[i] as DemoEventRow)
}
