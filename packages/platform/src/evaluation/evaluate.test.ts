/**
 * Segment evaluation on a small hand-made data set whose answers are worked out by hand: sizes,
 * revenue shares, orders, scores, conversion, consent reachability, growth from snapshots,
 * revenue after marketing, overlap, and a ranking whose order changes when the weights do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseSegmentRule, unwrap, type SegmentEvaluationResponse, type SegmentFigures } from '@portrait/core'
import type { CustomerRecord, OrderRecord, SegmentRecord } from '@portrait/store'
import { tempPortrait } from '../testing/temp.js'
import type { Portrait } from '../portrait.js'
import { evaluateSegments, parseWeightList } from './evaluate.js'

const at = (iso: string): Date => new Date(iso)
const T0 = at('2026-01-01T00:00:00Z')

const customer = (id: string, cityTier: string): CustomerRecord => ({
  customer_id: id,
  name: null,
  email: null,
  phone: null,
  gender: null,
  birth_date: null,
  age: null,
  age_band: null,
  income: null,
  education: null,
  occupation: null,
  city: null,
  city_tier: cityTier,
  province: null,
  country: null,
  family_status: null,
  traits: {},
  sources: ['test'],
  created_at: T0,
  updated_at: T0,
})

const order = (id: string, customerId: string, when: string, amount: number): OrderRecord => ({
  order_id: id,
  customer_id: customerId,
  source_customer_id: customerId,
  ordered_at: at(when),
  amount,
  currency: 'CNY',
  channel: 'online',
  store: null,
  is_return: amount < 0,
  derived: false,
  source: 'test',
})

let segmentNo = 0
const segment = (id: string, rule: unknown): SegmentRecord => ({
  segment_id: id,
  name: `segment ${id}`,
  description: null,
  basis: null,
  rule: unwrap(parseSegmentRule(rule)),
  rule_version: 1,
  // listed oldest first: the insertion order
  created_at: new Date(T0.getTime() + ++segmentNo * 1000),
  updated_at: T0,
})

describe('segment evaluation', () => {
  let p: Portrait
  let cleanup: () => Promise<void>
  let result: SegmentEvaluationResponse
  const fig = (id: string): SegmentFigures => {
    const f = result.segments.find((s) => s.id === id)
    if (!f) throw new Error(`no figures for ${id}`)
    return f
  }

  beforeAll(async () => {
    const t = await tempPortrait()
    p = t.portrait
    cleanup = t.cleanup
    const ws = p.workspaceId
    await p.store.ensureWorkspace('other', 'other')
    await p.store.transaction(async (tx) => {
      await tx.upsertCustomers(ws, [customer('A', 'tier1'), customer('B', 'tier1'), customer('C', 'new_tier1'), customer('D', 'tier2')])
      await tx.upsertCustomers('other', [customer('A', 'tier1'), customer('Z', 'tier1')])
      await tx.stage(ws, 'orders', [
        order('O1', 'A', '2026-06-20T03:00:00Z', 300),
        order('O2', 'A', '2026-01-10T03:00:00Z', 200),
        order('O3', 'B', '2026-06-25T03:00:00Z', 100),
        order('R1', 'B', '2026-06-26T03:00:00Z', -20),
        order('O4', 'D', '2025-06-01T03:00:00Z', 420),
      ])
      await tx.finishStaged(ws, 'orders')
      await tx.stage('other', 'orders', [order('X1', 'Z', '2026-06-20T03:00:00Z', 9999)])
      await tx.finishStaged('other', 'orders')
      const ev = (id: string, customerId: string, when: string, type: string, name: string | null) => ({
        message_id: id,
        type,
        event: name,
        user_id: customerId,
        anonymous_id: null,
        customer_id: customerId,
        timestamp: at(when),
        properties: null,
        context: null,
        source: 'test',
      })
      await tx.stage(ws, 'events', [
        ev('e1', 'A', '2026-06-10T00:00:00Z', 'track', 'Product Viewed'),
        ev('e2', 'C', '2026-06-15T00:00:00Z', 'page', null),
        ev('e3', 'D', '2026-06-01T00:00:00Z', 'track', 'Product Viewed'),
        // before the 90-day window
        ev('e4', 'B', '2026-01-02T00:00:00Z', 'track', 'Product Viewed'),
      ])
      await tx.finishStaged(ws, 'events')
      const consent = (customerId: string, purpose: string, granted: boolean, when: string) => ({
        customer_id: customerId,
        purpose,
        granted,
        recorded_at: at(when),
        source: 'test',
      })
      await tx.stage(ws, 'consents', [
        consent('A', 'email', true, '2026-01-01T00:00:00Z'),
        consent('A', 'email', false, '2026-05-01T00:00:00Z'),
        consent('A', 'sms', true, '2026-01-01T00:00:00Z'),
        consent('B', 'email', true, '2026-01-01T00:00:00Z'),
        consent('D', 'ads', true, '2026-02-01T00:00:00Z'),
        consent('D', 'ads', false, '2026-03-01T00:00:00Z'),
        consent('D', 'ads', true, '2026-04-01T00:00:00Z'),
        // not a marketing purpose
        consent('C', 'analytics', true, '2026-01-01T00:00:00Z'),
      ])
      await tx.finishStaged(ws, 'consents')
      await tx.stage(ws, 'costs', [
        { date: '2026-06-01', channel: 'search', campaign: 'always-on', spend: 300, source: 'test' },
        { date: '2026-01-01', channel: 'search', campaign: 'always-on', spend: 100, source: 'test' },
      ])
      await tx.finishStaged(ws, 'costs')
    })
    const provenance = { model: 'test', computedAt: '2026-06-26T00:00:00Z', n: 3 }
    await p.store.scores.replace(
      ws,
      'clv',
      [
        { customer_id: 'A', value: { clv: 1000, p_alive: 0.9 } },
        { customer_id: 'B', value: { clv: 200, p_alive: 0.5 } },
      ],
      provenance,
    )
    await p.store.scores.replace(
      ws,
      'churn',
      [
        { customer_id: 'A', value: { probability: 0.1 } },
        { customer_id: 'B', value: { probability: 0.7 } },
        { customer_id: 'D', value: { probability: 0.4 } },
      ],
      provenance,
    )
    await p.store.segments.insert(ws, segment('tier1', { trait: 'city_tier', op: 'eq', value: 'tier1' }))
    await p.store.segments.insert(ws, segment('buyers', { behavior: 'orders', measure: 'count', op: 'gte', value: 1 }))
    await p.store.segments.insert(ws, segment('none', { behavior: 'orders', measure: 'count', op: 'lt', value: 1 }))
    await p.store.segments.recordSnapshots(ws, [
      { segment_id: 'tier1', computed_at: at('2026-01-01T00:00:00Z'), size: 1, revenue: 200 },
      { segment_id: 'tier1', computed_at: at('2026-06-20T00:00:00Z'), size: 2, revenue: 580 },
      { segment_id: 'buyers', computed_at: at('2026-06-01T00:00:00Z'), size: 3, revenue: 1000 },
      { segment_id: 'buyers', computed_at: at('2026-06-20T00:00:00Z'), size: 3, revenue: 1000 },
      { segment_id: 'none', computed_at: at('2026-06-20T00:00:00Z'), size: 1, revenue: 0 },
    ])
    result = unwrap(await evaluateSegments(p))
  })

  afterAll(async () => cleanup())

  it('measures size, share, revenue, orders and their ratios', () => {
    expect(result.customers).toBe(4)
    expect(result.revenue).toBe(1000)
    expect(result.segments.map((s) => s.id)).toEqual(['tier1', 'buyers', 'none'])
    expect(fig('tier1')).toMatchObject({ size: 2, share: 0.5, revenue: 580, revenue_share: 0.58, orders: 3, buyers: 2 })
    expect(fig('tier1').average_order_value).toBeCloseTo(580 / 3, 9)
    expect(fig('tier1').purchase_frequency).toBe(1.5)
    expect(fig('tier1').revenue_per_member).toBe(290)
    expect(fig('buyers')).toMatchObject({ size: 3, share: 0.75, revenue: 1000, revenue_share: 1, orders: 4, average_order_value: 250 })
    expect(fig('none')).toMatchObject({ size: 1, revenue: 0, orders: 0, average_order_value: null, purchase_frequency: 0 })
  })

  it('averages the CLV, P(alive) and churn scores of the members that have them', () => {
    expect(fig('tier1').scores).toMatchObject({ clv_customers: 2, average_clv: 600, churn_customers: 2 })
    expect(fig('tier1').scores.average_p_alive).toBeCloseTo(0.7, 12)
    expect(fig('tier1').scores.average_churn_risk).toBeCloseTo(0.4, 12)
    expect(fig('buyers').scores.churn_customers).toBe(3)
    expect(fig('buyers').scores.average_churn_risk).toBeCloseTo(0.4, 12)
    expect(fig('none').scores).toEqual({
      clv_customers: 0,
      average_clv: null,
      average_p_alive: null,
      churn_customers: 0,
      average_churn_risk: null,
    })
  })

  it('counts conversion from events to orders inside the window ending at the latest activity', () => {
    expect(result.window).toEqual({ from: '2026-03-28T03:00:00.000Z', to: '2026-06-26T03:00:00.000Z', days: 90 })
    expect(fig('tier1').conversion).toEqual({ engaged: 1, viewed: 1, converted: 1, rate: 1 })
    expect(fig('buyers').conversion).toEqual({ engaged: 2, viewed: 2, converted: 1, rate: 0.5 })
    expect(fig('none').conversion).toEqual({ engaged: 1, viewed: 0, converted: 0, rate: 0 })
  })

  it('counts members whose latest email, sms or ads consent is granted', () => {
    expect(fig('tier1').reach).toEqual({ email: 1, sms: 1, ads: 0, any: 2, share: 1 })
    expect(fig('buyers').reach).toEqual({ email: 1, sms: 1, ads: 1, any: 3, share: 1 })
    expect(fig('none').reach).toEqual({ email: 0, sms: 0, ads: 0, any: 0, share: 0 })
  })

  it('reads growth from the snapshots', () => {
    expect(fig('tier1').growth).toMatchObject({ snapshots: 2, change_30d: 1, change_90d: 1, rate: 1 })
    expect(fig('buyers').growth).toMatchObject({ snapshots: 2, change_30d: null, change_90d: null, rate: 0 })
    expect(fig('none').growth).toMatchObject({ snapshots: 1, rate: null })
  })

  it('spreads the window’s marketing spend over the active customers', () => {
    expect(result.marketing).toMatchObject({ spend: 300, active_customers: 2, cost_per_active_customer: 150 })
    expect(fig('tier1').margin).toEqual({ window_revenue: 380, active_members: 2, allocated_cost: 300, contribution: 80 })
    expect(fig('none').margin).toEqual({ window_revenue: 0, active_members: 0, allocated_cost: 0, contribution: 0 })
  })

  it('gives the overlap of every pair of segments', () => {
    expect(result.overlap).toEqual({
      ids: ['tier1', 'buyers', 'none'],
      counts: [
        [2, 2, 0],
        [2, 3, 0],
        [0, 0, 1],
      ],
    })
  })

  it('ranks the segments, and the order changes with the weights', async () => {
    expect(result.unavailable).toEqual([])
    expect(result.ranking.map((r) => r.id)).toEqual(['tier1', 'buyers', 'none'])
    const top = result.ranking[0]
    expect(top?.score).toBeCloseTo((0.5 + 1 + 290 / (1000 / 3) + 1 + 1 + 1 + 1) / 7, 12)
    expect(Object.values(top?.contributions ?? {}).reduce((a, b) => a + b, 0)).toBeCloseTo(top?.score ?? 0, 12)
    const bySize = unwrap(await evaluateSegments(p, { weights: { size: 10, growth: 0 } }))
    expect(bySize.ranking.map((r) => r.id)).toEqual(['buyers', 'tier1', 'none'])
    expect(bySize.weights).toMatchObject({ size: 10, growth: 0, clv: 1 })
  })

  it('evaluates the chosen segments only, and names bad input', async () => {
    const two = unwrap(await evaluateSegments(p, { ids: ['none', 'tier1'] }))
    expect(two.segments.map((s) => s.id)).toEqual(['none', 'tier1'])
    expect(two.overlap.counts).toEqual([
      [1, 0],
      [0, 2],
    ])
    const missing = await evaluateSegments(p, { ids: ['tier1', 'nope'] })
    expect(!missing.ok && missing.error).toMatchObject({ tag: 'NotFound', message: "no segment 'nope'" })
    const unknown = await evaluateSegments(p, { weights: { sise: 1 } })
    expect(!unknown.ok && unknown.error.message).toMatch(/^weights: unknown criterion 'sise' \(known: size, growth/)
    const negative = await evaluateSegments(p, { weights: { size: -1 } })
    expect(!negative.ok && negative.error).toMatchObject({ tag: 'InvalidInput' })
    expect(!negative.ok && negative.error.message).toMatch(/^weights\.size: /)
    const zero = await evaluateSegments(p, {
      weights: { size: 0, growth: 0, value_per_member: 0, clv: 0, conversion: 0, reachable: 0, low_churn: 0 },
    })
    expect(!zero.ok && zero.error.message).toMatch(/at least one criterion/)
  })

  it('parses the command line weights', () => {
    expect(unwrap(parseWeightList('size=2, growth=0.5'))).toEqual({ size: 2, growth: 0.5 })
    const bad = parseWeightList('size:2')
    expect(!bad.ok && bad.error.message).toMatch(/'size:2' is not criterion=number/)
    const unknown = parseWeightList('revenue=1')
    expect(!unknown.ok && unknown.error.message).toMatch(/unknown criterion 'revenue'/)
  })
})
