/**
 * The smaller demo tables: consent records per purpose (with later withdrawals), daily marketing
 * spend per channel and campaign, and customer comments with ratings.
 */
import { ALWAYS_ON_CAMPAIGN, DAY_MS, type DemoCalendar, formatChinaDate, formatChinaIso } from './calendar.js'
import { type Sentiment, composeComment, ratingFor } from './feedback-text.js'
import type { Order } from './orders.js'
import type { Person } from './people.js'
import type { Random } from './random.js'
import { MARKETING_CHANNELS } from './reference.js'
import type { DemoConsentPurpose, DemoConsentRow, DemoCostRow, DemoFeedbackRow } from './types.js'

// ---- consents ---------------------------------------------------------------------------------

const GRANT_RATE: Readonly<Record<DemoConsentPurpose, number>> = {
  analytics: 0.92,
  profiling: 0.72,
  email: 0.55,
  sms: 0.38,
  ads: 0.27,
}

const WITHDRAW_RATE: Readonly<Record<DemoConsentPurpose, number>> = {
  analytics: 0.02,
  profiling: 0.03,
  email: 0.08,
  sms: 0.09,
  ads: 0.07,
}

const WITHDRAW_SOURCE: Readonly<Record<DemoConsentPurpose, string>> = {
  analytics: 'preference_center',
  profiling: 'preference_center',
  email: 'email_unsubscribe',
  sms: 'sms_reply_td',
  ads: 'preference_center',
}

const PURPOSES: readonly DemoConsentPurpose[] = ['analytics', 'profiling', 'email', 'sms', 'ads']

export function generateConsents(rng: Random, people: readonly Person[], endMs: number): DemoConsentRow[] {
  const lastMs = endMs + DAY_MS - 1000
  const rows: Array<{ ms: number; row: DemoConsentRow }> = []
  const add = (customerId: string, purpose: DemoConsentPurpose, granted: boolean, ms: number, source: string): void => {
    rows.push({ ms, row: { customer_id: customerId, purpose, granted, recorded_at: formatChinaIso(ms), source } })
  }
  for (const person of people) {
    const at = person.registeredMs + rng.int(5, 300) * 1000
    for (const purpose of PURPOSES) {
      if (purpose === 'email' && person.email === null) continue
      if (purpose === 'sms' && person.mobile === null) continue
      let rate = GRANT_RATE[purpose]
      if (purpose === 'ads' && person.age < 30) rate += 0.08
      if (purpose === 'sms' && person.age >= 50) rate += 0.1
      const granted = rng.chance(rate)
      add(person.id, purpose, granted, at, person.source)
      if (granted && rng.chance(WITHDRAW_RATE[purpose])) {
        const from = Math.max(at + DAY_MS, endMs - 365 * DAY_MS)
        if (from < lastMs) add(person.id, purpose, false, from + Math.floor(rng.next() * (lastMs - from)), WITHDRAW_SOURCE[purpose])
      }
    }
    // The second source asks again for what it needs (the store CRM for SMS, the mini-program for ads).
    if (person.dupId !== null && person.dupSource !== null) {
      const dupAt = Math.min(lastMs, at + rng.int(30, 400) * DAY_MS)
      const purpose: DemoConsentPurpose = person.dupSource === 'crm' ? 'sms' : person.dupSource === 'wechat' ? 'ads' : 'email'
      add(person.dupId, purpose, rng.chance(0.5), dupAt, person.dupSource)
    }
  }
  rows.sort((a, b) => a.ms - b.ms)
  return rows.map((r) => r.row)
}

// ---- marketing spend --------------------------------------------------------------------------

/** Spend multiplier of a campaign for one channel (campaign rows come on top of always-on spend). */
function campaignMultiplier(campaign: string, channel: string): number {
  const kind = campaign.replace(/_\d{4}$/, '')
  const table: Readonly<Record<string, Readonly<Record<string, number>>>> = {
    double11: { 抖音: 2.2, 小红书: 1.6, 微信广告: 1.4, 百度搜索: 0.8, 天猫直通车: 3 },
    '618': { 抖音: 1.8, 小红书: 1.4, 微信广告: 1.1, 百度搜索: 0.6, 天猫直通车: 2.5 },
    double12: { 抖音: 0.8, 小红书: 0.4, 微信广告: 0.5, 百度搜索: 0.3, 天猫直通车: 1.2 },
    cny: { 抖音: 1, 小红书: 0.5, 微信广告: 1.2, 百度搜索: 0.4, 天猫直通车: 0.9 },
    womens_day: { 抖音: 1, 小红书: 1.8, 微信广告: 0.6, 百度搜索: 0.2, 天猫直通车: 0.8 },
    back_to_school: { 抖音: 0.5, 小红书: 0.3, 微信广告: 0.5, 百度搜索: 0.4, 天猫直通车: 0.4 },
  }
  return table[kind]?.[channel] ?? 0
}

export function generateCosts(rng: Random, calendar: DemoCalendar, scale: number): DemoCostRow[] {
  const rows: DemoCostRow[] = []
  const round2 = (x: number): number => Math.round(x * 100) / 100
  for (let day = 0; day < calendar.days; day++) {
    const ms = calendar.start + day * DAY_MS
    const date = formatChinaDate(ms)
    const weekday = new Date(ms + 8 * 3600 * 1000).getUTCDay()
    const weekend = weekday === 0 || weekday === 6
    // Spend follows demand, damped: less during 春节, more before the big sales.
    const demand = Math.pow(calendar.weight[day] ?? 1, 0.5)
    const campaign = calendar.campaign[day] ?? ALWAYS_ON_CAMPAIGN
    for (const channel of MARKETING_CHANNELS) {
      if (channel.dailySpend > 0) {
        const spend = channel.dailySpend * scale * demand * (weekend ? 1.08 : 1) * rng.logNormal(1, 0.15)
        rows.push({ date, channel: channel.name, campaign: ALWAYS_ON_CAMPAIGN, spend: round2(spend) })
        if (campaign !== ALWAYS_ON_CAMPAIGN) {
          const m = campaignMultiplier(campaign, channel.name)
          if (m > 0) {
            const boost = calendar.peak[day] === 1 ? 2.5 : calendar.sale[day] === 1 ? 1.4 : 1
            const extra = channel.dailySpend * scale * m * boost * rng.logNormal(1, 0.2)
            rows.push({ date, channel: channel.name, campaign, spend: round2(extra) })
          }
        }
      } else {
        // Offline events: store roadshows on campaign weekends, and one Saturday a month.
        const day0 = new Date(ms + 8 * 3600 * 1000).getUTCDate()
        const monthlyRoadshow = weekday === 6 && day0 <= 7
        if ((campaign !== ALWAYS_ON_CAMPAIGN && weekend) || monthlyRoadshow) {
          const spend = rng.float(2000, 7000) * scale
          rows.push({
            date,
            channel: channel.name,
            campaign: campaign === ALWAYS_ON_CAMPAIGN ? 'roadshow' : campaign,
            spend: round2(spend),
          })
        }
      }
    }
  }
  return rows
}

// ---- feedback ---------------------------------------------------------------------------------

function feedbackChannel(rng: Random, orderChannel: string): string {
  switch (orderChannel) {
    case 'store':
      return rng.weighted(['门店', '问卷调查', '客服工单'], [0.5, 0.3, 0.2])
    case 'wechat':
      return rng.weighted(['微信公众号', '商品评价', '问卷调查'], [0.5, 0.3, 0.2])
    default:
      return rng.weighted(['商品评价', '客服工单', '问卷调查'], [0.7, 0.15, 0.15])
  }
}

export function generateFeedback(rng: Random, orders: readonly Order[], count: number, endMs: number): DemoFeedbackRow[] {
  const lastMs = endMs + DAY_MS - 1000
  const sales = orders.filter((o) => o.original === null && o.person !== null && o.ms < lastMs - DAY_MS)
  const returned = new Set(orders.filter((o) => o.original !== null).map((o) => o.original as Order))
  if (sales.length === 0) return []
  const rows: Array<{ ms: number; customerId: string; text: string; rating: number; channel: string }> = []
  for (let i = 0; i < count; i++) {
    const order = rng.pick(sales)
    const wasReturned = returned.has(order)
    let sentiment: Sentiment
    if (wasReturned) sentiment = rng.weighted<Sentiment>(['negative', 'neutral', 'positive'], [0.75, 0.15, 0.1])
    else {
      // Slow deliveries around the big sales draw more complaints.
      const busy = order.sale ? 1.4 : 1
      sentiment = rng.weighted<Sentiment>(['positive', 'neutral', 'negative'], [0.6, 0.2, 0.2 * busy])
    }
    const line = rng.pick(order.lines)
    const comment = composeComment(rng, sentiment, line.product.name, line.product.category)
    const ms = Math.min(lastMs, order.ms + rng.int(1, 10) * DAY_MS + rng.int(0, 12 * 3600) * 1000)
    rows.push({
      ms,
      customerId: order.customerId,
      text: comment.text,
      rating: ratingFor(rng, sentiment),
      channel: feedbackChannel(rng, order.channel),
    })
  }
  rows.sort((a, b) => a.ms - b.ms)
  return rows.map((r, i) => ({
    feedback_id: `FB${String(i + 1).padStart(6, '0')}`,
    customer_id: r.customerId,
    text: r.text,
    rating: r.rating,
    channel: r.channel,
    created_at: formatChinaIso(r.ms),
  }))
}
