import { createHash } from 'node:crypto'
import { cityTierOf, normaliseCityName, type ImportKind } from '@portrait/core'
import type { ConsentRecord, CostRecord, CustomerRecord, EventRecord, FeedbackRecord, OrderLineRecord, OrderRecord } from '@portrait/store'
import * as clean from './clean.js'
import { Invalid } from './clean.js'
import type { Resolver } from './fields.js'

/** What validating one row gives: the cleaned record, or why the row is rejected. */
export type Validated<T> = { ok: true; record: T } | { ok: false; reason: string }

export interface ValidateContext {
  readonly source: string | null
  readonly now: Date
}

/** A row's values by canonical field, plus the columns no canonical field took. */
export class RowView {
  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly resolver: Resolver,
  ) {}
  get(field: string): unknown {
    const col = this.resolver.columns.get(field)
    return col === undefined ? undefined : this.fields[col]
  }
  extras(): [string, unknown][] {
    return this.resolver.extra.map((c) => [c, this.fields[c]])
  }
}

class RowError extends Error {}
/** Unwraps a cleaned value, turning `Invalid` into a row rejection. */
function v<T>(value: clean.Cleaned<T>): T | null {
  if (value instanceof Invalid) throw new RowError(value.reason)
  return value
}
function required<T>(value: T | null, field: string): T {
  if (value === null) throw new RowError(`${field} is missing`)
  return value
}
function run<T>(fn: () => T): Validated<T> {
  try {
    return { ok: true, record: fn() }
  } catch (e) {
    if (e instanceof RowError) return { ok: false, reason: e.message }
    throw e
  }
}

const round6 = (n: number): number => Math.round(n * 1e6) / 1e6
export const contentHash = (...parts: unknown[]): string =>
  createHash('sha1')
    .update(parts.map((p) => (p instanceof Date ? p.toISOString() : p === null || p === undefined ? '' : String(p))).join('\u0001'))
    .digest('hex')
    .slice(0, 20)

/** Extra columns become traits: numbers when they look like numbers, text otherwise. */
function traitValue(raw: unknown): unknown {
  if (typeof raw === 'number' || typeof raw === 'boolean') return raw
  if (raw !== null && typeof raw === 'object') return raw
  const s = clean.text(raw)
  if (s === null) return null
  return /^-?\d+(\.\d+)?$/.test(s) && s.length < 16 && !/^0\d/.test(s) ? Number(s) : s
}

export function validateCustomer(row: RowView, ctx: ValidateContext): Validated<CustomerRecord> {
  return run(() => {
    const customer_id = clean.text(row.get('customer_id'))
    const email = v(clean.email(row.get('email')))
    const phone = v(clean.phone(row.get('phone')))
    const gender = v(clean.gender(row.get('gender')))
    const birth_date = v(clean.date(row.get('birth_date'), 'birth_date'))
    let age = v(clean.integer(row.get('age'), 'age'))
    const income = v(clean.number(row.get('income'), 'income'))
    if (!customer_id && !email && !phone) throw new RowError('no identity: a customer needs a customer_id, email or phone')
    if (customer_id && customer_id.length > 200) throw new RowError('customer_id is longer than 200 characters')
    if (birth_date !== null) {
      const derived = clean.ageOn(birth_date, ctx.now)
      if (derived < 0 || derived > 130) throw new RowError(`birth_date '${birth_date}' gives an impossible age of ${derived}`)
      if (age === null) age = derived
    }
    if (age !== null && (age < 0 || age > 130)) throw new RowError(`age ${age} is out of range 0–130`)
    if (income !== null && income < 0) throw new RowError(`income ${income} is negative`)
    const rawCity = clean.text(row.get('city'))
    const city = rawCity === null ? null : normaliseCityName(rawCity)
    const traits: Record<string, unknown> = {}
    for (const [k, raw] of row.extras()) {
      const tv = traitValue(raw)
      if (tv !== null) traits[k] = tv
    }
    return {
      customer_id: customer_id ?? '',
      name: clean.text(row.get('name')),
      email,
      phone,
      gender,
      birth_date,
      age,
      age_band: age === null ? null : clean.ageBand(age),
      income,
      education: clean.text(row.get('education')),
      occupation: clean.text(row.get('occupation')),
      city,
      city_tier: city === null ? null : cityTierOf(city),
      province: clean.text(row.get('province')),
      country: clean.text(row.get('country')),
      family_status: clean.text(row.get('family_status')),
      traits,
      sources: ctx.source ? [ctx.source] : [],
      created_at: ctx.now,
      updated_at: ctx.now,
    }
  })
}

const isReturnId = (orderId: string): boolean => /^c/i.test(orderId)

export function validateOrder(row: RowView, ctx: ValidateContext): Validated<OrderRecord> {
  return run(() => {
    const order_id = required(clean.text(row.get('order_id')), 'order_id')
    const ordered_at = required(v(clean.timestamp(row.get('ordered_at'), 'ordered_at')), 'ordered_at')
    const amount = required(v(clean.number(row.get('amount'), 'amount')), 'amount')
    const customer = clean.text(row.get('customer_id'))
    return {
      order_id,
      customer_id: customer,
      source_customer_id: customer,
      ordered_at,
      amount: round6(amount),
      currency: clean.text(row.get('currency'))?.toUpperCase() ?? null,
      channel: clean.text(row.get('channel')),
      store: clean.text(row.get('store')),
      is_return: isReturnId(order_id) || amount < 0,
      derived: false,
      source: ctx.source,
    }
  })
}

export function validateOrderLine(row: RowView, ctx: ValidateContext): Validated<OrderLineRecord> {
  return run(() => {
    const order_id = required(clean.text(row.get('order_id')), 'order_id')
    const ordered_at = required(v(clean.timestamp(row.get('ordered_at'), 'ordered_at')), 'ordered_at')
    const quantity = required(v(clean.number(row.get('quantity'), 'quantity')), 'quantity')
    const unit_price = required(v(clean.number(row.get('unit_price'), 'unit_price')), 'unit_price')
    if (unit_price < 0) throw new RowError(`unit_price ${unit_price} is negative (a price adjustment, not a sale)`)
    const line_no = v(clean.integer(row.get('line_no'), 'line_no'))
    const customer = clean.text(row.get('customer_id'))
    const sku = clean.text(row.get('sku'))
    const product_name = clean.text(row.get('product_name'))
    return {
      order_id,
      line_key: line_no !== null ? String(line_no) : contentHash(order_id, sku, product_name, quantity, unit_price, ordered_at, customer),
      line_no,
      customer_id: customer,
      source_customer_id: customer,
      ordered_at,
      sku,
      product_name,
      category: clean.text(row.get('category')),
      quantity,
      unit_price,
      amount: round6(quantity * unit_price),
      channel: clean.text(row.get('channel')),
      country: clean.text(row.get('country')),
      is_return: isReturnId(order_id) || quantity < 0,
      source: ctx.source,
    }
  })
}

const EVENT_TYPES = new Set(['track', 'page', 'screen', 'identify', 'group', 'alias'])

function jsonObject(raw: unknown, field: string): Record<string, unknown> | null {
  if (raw === null || raw === undefined) return null
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>
  const s = clean.text(raw)
  if (s === null) return null
  try {
    const parsed: unknown = JSON.parse(s)
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>
  } catch {
    // fall through to the rejection below
  }
  throw new RowError(`${field} must be a JSON object`)
}

export function validateEvent(row: RowView, ctx: ValidateContext): Validated<EventRecord> {
  return run(() => {
    const event = clean.text(row.get('event'))
    const type = (clean.text(row.get('type')) ?? (event ? 'track' : null))?.toLowerCase() ?? null
    if (type === null) throw new RowError('type is missing (track, page, screen, identify, group or alias)')
    if (!EVENT_TYPES.has(type))
      throw new RowError(`unknown event type '${clean.truncate(type)}' (track, page, screen, identify, group or alias)`)
    if (type === 'track' && !event) throw new RowError('a track event needs an event name')
    const user_id = clean.text(row.get('userId'))
    const anonymous_id = clean.text(row.get('anonymousId'))
    if (!user_id && !anonymous_id) throw new RowError('no identity: an event needs a userId or anonymousId')
    const timestamp = required(v(clean.timestamp(row.get('timestamp'), 'timestamp')), 'timestamp')
    const properties = jsonObject(row.get('properties'), 'properties')
    const context = jsonObject(row.get('context'), 'context')
    const traits = jsonObject(row.get('traits'), 'traits')
    const props = traits ? { ...(properties ?? {}), traits } : properties
    const message_id =
      clean.text(row.get('messageId')) ?? `h-${contentHash(type, event, user_id, anonymous_id, timestamp, JSON.stringify(props))}`
    return {
      message_id,
      type,
      event: type === 'page' || type === 'screen' ? (event ?? (typeof props?.name === 'string' ? props.name : null)) : event,
      user_id,
      anonymous_id,
      customer_id: user_id,
      timestamp,
      properties: props,
      context,
      source: ctx.source,
    }
  })
}

export const CONSENT_PURPOSES = ['analytics', 'email', 'sms', 'ads', 'profiling'] as const

export function validateConsent(row: RowView, ctx: ValidateContext): Validated<ConsentRecord> {
  return run(() => {
    const customer_id = required(clean.text(row.get('customer_id')), 'customer_id')
    const purpose = required(clean.text(row.get('purpose')), 'purpose').toLowerCase()
    if (!/^[a-z][a-z0-9_-]{0,39}$/.test(purpose))
      throw new RowError(`purpose '${clean.truncate(purpose)}' is not a purpose name (e.g. ${CONSENT_PURPOSES.join(', ')})`)
    const granted = required(v(clean.boolean(row.get('granted'), 'granted')), 'granted')
    const recorded_at = v(clean.timestamp(row.get('recorded_at'), 'recorded_at')) ?? ctx.now
    return { customer_id, purpose, granted, recorded_at, source: ctx.source }
  })
}

export function validateFeedback(row: RowView, ctx: ValidateContext): Validated<FeedbackRecord> {
  return run(() => {
    const text = required(clean.text(row.get('text')), 'text')
    if (text.length > 10_000) throw new RowError('text is longer than 10,000 characters')
    const rating = v(clean.number(row.get('rating'), 'rating'))
    if (rating !== null && (rating < 0 || rating > 10)) throw new RowError(`rating ${rating} is out of range 0–10`)
    const created_at = v(clean.timestamp(row.get('created_at'), 'created_at')) ?? ctx.now
    const customer_id = clean.text(row.get('customer_id'))
    return {
      feedback_id: clean.text(row.get('feedback_id')) ?? `h-${contentHash(customer_id, text, created_at)}`,
      customer_id,
      text,
      rating,
      channel: clean.text(row.get('channel')),
      created_at,
      source: ctx.source,
    }
  })
}

export function validateCost(row: RowView, ctx: ValidateContext): Validated<CostRecord> {
  return run(() => {
    const date = required(v(clean.date(row.get('date'), 'date')), 'date')
    const channel = required(clean.text(row.get('channel')), 'channel')
    const spend = required(v(clean.number(row.get('spend'), 'spend')), 'spend')
    if (spend < 0) throw new RowError(`spend ${spend} is negative`)
    return { date, channel, campaign: clean.text(row.get('campaign')) ?? '', spend, source: ctx.source }
  })
}

export const VALIDATORS = {
  customers: validateCustomer,
  orders: validateOrder,
  'order-lines': validateOrderLine,
  events: validateEvent,
  consents: validateConsent,
  feedback: validateFeedback,
  costs: validateCost,
} satisfies Record<ImportKind, (row: RowView, ctx: ValidateContext) => Validated<unknown>>
