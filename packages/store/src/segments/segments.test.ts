/**
 * The segment rule compiler and repository against a real DuckDB file with a small hand-made data
 * set: every operator, nesting, windows, `where`, empty histories, segment-in-segment, scores,
 * explanations, and hostile strings that must stay values.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BEHAVIOR_TABLES,
  SCORE_RULE_FIELDS,
  TRAIT_FIELDS,
  parseSegmentRule,
  unwrap,
  type RuleExplanation,
  type SegmentRule,
} from '@portrait/core'
import { DuckDbStore } from '../duckdb/duckdb-store.js'
import { customer } from '../conformance.suite.js'
import type { EventRecord, OrderLineRecord, OrderRecord } from '../records.js'
import { SCORE_FIELDS } from '../scores.js'
import { tableDef } from '../schema.js'
import type { MembershipOptions, SegmentRecord } from '../segments.js'
import { SqlParams } from './dialect.js'
import { DUCKDB_DIALECT } from './duckdb-dialect.js'
import { compileSegmentRule, zonedDayStart } from './compile.js'
import { testMasterKey } from '../testing-keys.js'

const WS = 'w1'
const NOW = new Date('2026-06-30T00:00:00Z')
const at = (iso: string): Date => new Date(iso)

const order = (id: string, customerId: string, when: string, amount: number, channel: string): OrderRecord => ({
  order_id: id,
  customer_id: customerId,
  source_customer_id: customerId,
  ordered_at: at(when),
  amount,
  currency: 'CNY',
  channel,
  store: channel === 'store' ? '南京西路店' : null,
  is_return: amount < 0,
  derived: false,
  source: 'test',
})

const line = (
  orderId: string,
  key: string,
  customerId: string,
  when: string,
  sku: string,
  category: string,
  qty: number,
  price: number,
): OrderLineRecord => ({
  order_id: orderId,
  line_key: key,
  line_no: Number(key),
  customer_id: customerId,
  source_customer_id: customerId,
  ordered_at: at(when),
  sku,
  product_name: `${category} ${sku}`,
  category,
  quantity: qty,
  unit_price: price,
  amount: qty * price,
  channel: 'online',
  country: 'CN',
  is_return: qty < 0,
  source: 'test',
})

let eventNo = 0
const event = (
  customerId: string,
  when: string,
  type: string,
  name: string | null,
  properties: Record<string, unknown> | null = null,
): EventRecord => ({
  message_id: `m${++eventNo}`,
  type,
  event: name,
  user_id: customerId,
  anonymous_id: null,
  customer_id: customerId,
  timestamp: at(when),
  properties,
  context: null,
  source: 'test',
})

const segment = (id: string, rule: SegmentRule): SegmentRecord => ({
  segment_id: id,
  name: `segment ${id}`,
  description: null,
  basis: null,
  rule,
  rule_version: 1,
  created_at: at('2026-06-01T00:00:00Z'),
  updated_at: at('2026-06-01T00:00:00Z'),
})

/** Validates like the platform does, so every scenario is also a valid rule. */
const valid = (rule: unknown): SegmentRule => unwrap(parseSegmentRule(rule))

describe('segment rules on DuckDB', () => {
  let dir: string
  let store: DuckDbStore
  const options: MembershipOptions = { now: NOW, timezone: 'Asia/Shanghai' }
  const members = async (rule: unknown, o: MembershipOptions = options): Promise<string[]> =>
    unwrap(await store.segments.memberIds(WS, valid(rule), o))

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-segments-'))
    store = await DuckDbStore.open({ path: join(dir, 'p.duckdb'), masterKey: testMasterKey() })
    await store.migrate()
    await store.ensureWorkspace(WS, 'one')
    await store.ensureWorkspace('w2', 'two')
    await store.transaction(async (tx) => {
      await tx.upsertCustomers(WS, [
        customer('A', {
          gender: 'female',
          age: 30,
          age_band: '25-34',
          income: 12000,
          city: '上海',
          city_tier: 'tier1',
          email: 'ann@example.com',
          birth_date: '1996-02-10',
          sources: ['crm', 'shop'],
          traits: { lifestyle: '品质生活', values: '环保', member_level: 3 },
          created_at: at('2026-01-05T02:00:00Z'),
        }),
        customer('B', {
          gender: 'male',
          age: 45,
          age_band: '45-54',
          income: 8000,
          city: '成都',
          city_tier: 'new_tier1',
          birth_date: '1981-03-03',
          sources: ['shop'],
          traits: { lifestyle: '精打细算', member_level: 1 },
          created_at: at('2026-03-01T00:00:00Z'),
        }),
        // no demographics, no orders: the empty history
        customer('C', { sources: ['wechat'], created_at: at('2026-05-20T16:30:00Z') }),
        customer('D', {
          age: 22,
          age_band: '18-24',
          city: '苏州',
          city_tier: 'new_tier1',
          sources: ['crm'],
          traits: { lifestyle: '潮流尝鲜', values: '国潮', member_level: 2, note: 'it\'s "quoted"' },
          created_at: at('2026-01-01T00:00:00Z'),
        }),
        customer('E', {
          gender: 'male',
          age: 60,
          age_band: '55-64',
          city: '北京',
          city_tier: 'tier1',
          sources: [],
          traits: { interests: '运动|旅行' },
          created_at: at('2026-02-01T00:00:00Z'),
        }),
      ])
      await tx.stage(WS, 'orders', [
        order('OA1', 'A', '2026-06-20T03:00:00Z', 300, 'online'),
        // 02:00 on 1 May in Shanghai, still 30 April in UTC
        order('OA2', 'A', '2026-04-30T18:00:00Z', 200, 'store'),
        order('OA3', 'A', '2025-12-01T03:00:00Z', 500, 'online'),
        order('CA4', 'A', '2026-06-25T03:00:00Z', -100, 'online'),
        order('OB1', 'B', '2026-06-28T03:00:00Z', 50, 'wechat'),
        order('OB2', 'B', '2026-06-29T03:00:00Z', 70, 'wechat'),
        order('CD1', 'D', '2026-06-01T03:00:00Z', -40, 'online'),
        order('OE1', 'E', '2024-01-01T03:00:00Z', 1000, 'store'),
      ])
      await tx.finishStaged(WS, 'orders')
      await tx.stage(WS, 'order_lines', [
        line('OA1', '1', 'A', '2026-06-20T03:00:00Z', 'S1', '美妆', 2, 100),
        line('OA1', '2', 'A', '2026-06-20T03:00:00Z', 'S2', '服饰', 1, 100),
        line('OA2', '1', 'A', '2026-04-30T18:00:00Z', 'S1', '美妆', 2, 100),
        line('OA3', '1', 'A', '2025-12-01T03:00:00Z', 'S3', '家居', 1, 500),
        line('OB1', '1', 'B', '2026-06-28T03:00:00Z', 'S2', '服饰', 1, 50),
        line('OB2', '1', 'B', '2026-06-29T03:00:00Z', 'S4', '美妆', 1, 70),
        line('CD1', '1', 'D', '2026-06-01T03:00:00Z', 'S2', '服饰', -1, 40),
        line('OE1', '1', 'E', '2024-01-01T03:00:00Z', 'S3', '家居', 2, 500),
      ])
      await tx.finishStaged(WS, 'order_lines')
      await tx.stage(WS, 'events', [
        event('A', '2026-06-10T01:00:00Z', 'page', null),
        event('A', '2026-06-11T01:00:00Z', 'page', null),
        event('A', '2026-06-12T01:00:00Z', 'page', null),
        event('A', '2026-06-12T01:05:00Z', 'track', 'add_to_cart', { value: 30 }),
        event('A', '2026-06-13T01:05:00Z', 'track', 'add_to_cart', { value: 50 }),
        event('A', '2026-01-05T02:00:00Z', 'track', 'signup'),
        event('B', '2026-06-29T01:00:00Z', 'track', 'add_to_cart', { value: 10 }),
        event('C', '2026-06-29T01:00:00Z', 'page', null),
      ])
      await tx.finishStaged(WS, 'events')
    })
    // another workspace's customer meets many rules and must never show up
    await store.transaction(async (tx) => {
      await tx.upsertCustomers('w2', [customer('Z', { gender: 'female', city_tier: 'tier1', age: 30, traits: { lifestyle: '品质生活' } })])
      await tx.stage('w2', 'orders', [order('OZ1', 'Z', '2026-06-20T03:00:00Z', 9999, 'online')])
      await tx.finishStaged('w2', 'orders')
    })
    const prov = (model: string) => ({ model, computedAt: '2026-06-29T00:00:00.000Z', n: 5 })
    await store.scores.replace(
      WS,
      'rfm',
      [
        { customer_id: 'A', value: { recency_days: 10, frequency: 3, monetary: 900, r: 5, f: 4, m: 5, segment: 'champions' } },
        { customer_id: 'B', value: { recency_days: 1, frequency: 2, monetary: 120, r: 4, f: 2, m: 2, segment: 'promising' } },
        { customer_id: 'E', value: { recency_days: 900, frequency: 1, monetary: 1000, r: 1, f: 1, m: 4, segment: 'hibernating' } },
      ],
      prov('rfm'),
    )
    await store.scores.replace(
      WS,
      'clv',
      [
        { customer_id: 'A', value: { clv: 1500, p_alive: 0.9, expected_purchases: 2 } },
        { customer_id: 'B', value: { clv: 300, p_alive: 0.7, expected_purchases: 1 } },
      ],
      prov('clv'),
    )
    await store.scores.replace(WS, 'churn', [{ customer_id: 'E', value: { probability: 0.8 } }], prov('churn'))
    await store.scores.replace(
      WS,
      'cluster',
      [
        { customer_id: 'A', value: { cluster: 0, k: 3 } },
        { customer_id: 'B', value: { cluster: 1, k: 3 } },
        { customer_id: 'D', value: { cluster: 0, k: 3 } },
      ],
      prov('cluster'),
    )
    await store.scores.replace(WS, 'lead', [{ customer_id: 'C', value: { score: 55, stage: 'engage' } }], prov('lead'))
    await store.segments.insert(WS, segment('tier1', { trait: 'city_tier', op: 'eq', value: 'tier1' }))
    await store.segments.insert(WS, segment('buyers', { behavior: 'orders', measure: 'count', op: 'gte', value: 1 }))
    await store.segments.insert(WS, segment('tier1-buyers', { and: [{ segment: 'tier1' }, { segment: 'buyers' }] }))
    // written straight to the store, past the service's checks: the compiler must still refuse them
    await store.segments.insert(WS, segment('loop-a', { segment: 'loop-b' }))
    await store.segments.insert(WS, segment('loop-b', { or: [{ trait: 'age', op: 'gt', value: 1 }, { segment: 'loop-a' }] }))
  }, 60_000)

  afterAll(async () => {
    await store?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  type Scenario = readonly [name: string, rule: unknown, expected: readonly string[]]

  const traitScenarios: readonly Scenario[] = [
    ['text eq', { trait: 'gender', op: 'eq', value: 'female' }, ['A']],
    ['text neq leaves missing values out', { trait: 'gender', op: 'neq', value: 'female' }, ['B', 'E']],
    ['not eq is the complement, missing values included', { not: { trait: 'gender', op: 'eq', value: 'female' } }, ['B', 'C', 'D', 'E']],
    ['text in', { trait: 'city_tier', op: 'in', value: ['tier1', 'new_tier1'] }, ['A', 'B', 'D', 'E']],
    ['text nin', { trait: 'city_tier', op: 'nin', value: ['tier1'] }, ['B', 'D']],
    ['text contains', { trait: 'city', op: 'contains', value: '州' }, ['D']],
    ['encrypted email eq, through its blind index, in any case', { trait: 'email', op: 'eq', value: 'ANN@Example.com' }, ['A']],
    ['encrypted email in', { trait: 'email', op: 'in', value: ['nobody@example.com', 'ann@example.com'] }, ['A']],
    ['encrypted email neq leaves missing values out', { trait: 'email', op: 'neq', value: 'ann@example.com' }, []],
    ['encrypted email exists', { trait: 'email', op: 'exists' }, ['A']],
    ['text exists', { trait: 'city', op: 'exists' }, ['A', 'B', 'D', 'E']],
    ['text exists false', { trait: 'city', op: 'exists', value: false }, ['C']],
    ['number gt', { trait: 'age', op: 'gt', value: 30 }, ['B', 'E']],
    ['number gte', { trait: 'age', op: 'gte', value: 30 }, ['A', 'B', 'E']],
    ['number lt', { trait: 'age', op: 'lt', value: 30 }, ['D']],
    ['number lte', { trait: 'age', op: 'lte', value: 30 }, ['A', 'D']],
    ['number eq', { trait: 'age', op: 'eq', value: 45 }, ['B']],
    ['number neq', { trait: 'age', op: 'neq', value: 45 }, ['A', 'D', 'E']],
    ['number between is inclusive', { trait: 'age', op: 'between', value: [30, 45] }, ['A', 'B']],
    ['number in', { trait: 'age', op: 'in', value: [22, 60] }, ['D', 'E']],
    ['number nin leaves missing values out', { trait: 'income', op: 'nin', value: [12000] }, ['B']],
    ['number exists false', { trait: 'age', op: 'exists', value: false }, ['C']],
    ['date lt', { trait: 'birth_date', op: 'lt', value: '2000-01-01' }, ['A', 'B']],
    ['date eq', { trait: 'birth_date', op: 'eq', value: '1996-02-10' }, ['A']],
    ['date between', { trait: 'birth_date', op: 'between', value: ['1990-01-01', '1999-12-31'] }, ['A']],
    ['timestamp eq is a day of the workspace zone', { trait: 'created_at', op: 'eq', value: '2026-05-21' }, ['C']],
    ['timestamp eq of the UTC day misses it', { trait: 'created_at', op: 'eq', value: '2026-05-20' }, []],
    ['timestamp lt a day', { trait: 'created_at', op: 'lt', value: '2026-01-05' }, ['D']],
    ['timestamp gt a day', { trait: 'created_at', op: 'gt', value: '2026-03-01' }, ['C']],
    ['timestamp gte a day', { trait: 'created_at', op: 'gte', value: '2026-03-01' }, ['B', 'C']],
    ['timestamp gt an instant', { trait: 'created_at', op: 'gt', value: '2026-02-01T00:00:00Z' }, ['B', 'C']],
    ['timestamp gte an instant', { trait: 'created_at', op: 'gte', value: '2026-02-01T00:00:00Z' }, ['B', 'C', 'E']],
    ['timestamp between days', { trait: 'created_at', op: 'between', value: ['2026-01-01', '2026-02-01'] }, ['A', 'D', 'E']],
    ['timestamp neq a day', { trait: 'created_at', op: 'neq', value: '2026-05-21' }, ['A', 'B', 'D', 'E']],
    ['list contains', { trait: 'sources', op: 'contains', value: 'crm' }, ['A', 'D']],
    ['list in (any of)', { trait: 'sources', op: 'in', value: ['wechat', 'shop'] }, ['A', 'B', 'C']],
    ['list nin (none of)', { trait: 'sources', op: 'nin', value: ['crm'] }, ['B', 'C', 'E']],
    ['list exists', { trait: 'sources', op: 'exists' }, ['A', 'B', 'C', 'D']],
    ['list exists false', { trait: 'sources', op: 'exists', value: false }, ['E']],
    ['json text eq', { trait: 'traits.lifestyle', op: 'eq', value: '品质生活' }, ['A']],
    ['json text in', { trait: 'traits.lifestyle', op: 'in', value: ['品质生活', '潮流尝鲜'] }, ['A', 'D']],
    ['json text nin leaves missing values out', { trait: 'traits.lifestyle', op: 'nin', value: ['精打细算'] }, ['A', 'D']],
    ['json number gte', { trait: 'traits.member_level', op: 'gte', value: 2 }, ['A', 'D']],
    ['json number eq', { trait: 'traits.member_level', op: 'eq', value: 1 }, ['B']],
    ['json number as text', { trait: 'traits.member_level', op: 'eq', value: '3' }, ['A']],
    ['json number between', { trait: 'traits.member_level', op: 'between', value: [1, 2] }, ['B', 'D']],
    ['json contains', { trait: 'traits.interests', op: 'contains', value: '运动' }, ['E']],
    ['json exists', { trait: 'traits.lifestyle', op: 'exists' }, ['A', 'B', 'D']],
    ['json exists false', { trait: 'traits.lifestyle', op: 'exists', value: false }, ['C', 'E']],
    ['json value with quotes', { trait: 'traits.note', op: 'eq', value: 'it\'s "quoted"' }, ['D']],
    ['json key that nobody has', { trait: 'traits.no such key', op: 'eq', value: 'x' }, []],
  ]

  const behaviorScenarios: readonly Scenario[] = [
    ['orders count gte', { behavior: 'orders', measure: 'count', op: 'gte', value: 1 }, ['A', 'B', 'E']],
    ['orders count lt 1 includes customers without orders', { behavior: 'orders', measure: 'count', op: 'lt', value: 1 }, ['C', 'D']],
    ['orders count eq skips returns', { behavior: 'orders', measure: 'count', op: 'eq', value: 3 }, ['A']],
    ['orders count neq', { behavior: 'orders', measure: 'count', op: 'neq', value: 0 }, ['A', 'B', 'E']],
    ['orders count in', { behavior: 'orders', measure: 'count', op: 'in', value: [0, 2] }, ['B', 'C', 'D']],
    ['orders count nin', { behavior: 'orders', measure: 'count', op: 'nin', value: [0, 2] }, ['A', 'E']],
    ['orders count between', { behavior: 'orders', measure: 'count', op: 'between', value: [1, 2] }, ['B', 'E']],
    ['orders count lte', { behavior: 'orders', measure: 'count', op: 'lte', value: 1 }, ['C', 'D', 'E']],
    ['orders count gt', { behavior: 'orders', measure: 'count', op: 'gt', value: 2 }, ['A']],
    ['window: last 30 days', { behavior: 'orders', measure: 'count', op: 'gte', value: 1, within: { days: 30 } }, ['A', 'B']],
    ['window: last 365 days, none', { behavior: 'orders', measure: 'count', op: 'lt', value: 1, within: { days: 365 } }, ['C', 'D', 'E']],
    [
      'window: calendar month in the workspace zone',
      { behavior: 'orders', measure: 'count', op: 'eq', value: 1, within: { from: '2026-05-01', to: '2026-05-31' } },
      ['A'],
    ],
    ['window: open start', { behavior: 'orders', measure: 'count', op: 'gte', value: 1, within: { to: '2025-12-31' } }, ['A', 'E']],
    ['window: open end', { behavior: 'orders', measure: 'count', op: 'gte', value: 2, within: { from: '2026-06-01' } }, ['B']],
    ['sum nets returns', { behavior: 'orders', measure: 'sum', op: 'gte', value: 900 }, ['A', 'E']],
    ['sum below zero: returns only', { behavior: 'orders', measure: 'sum', op: 'lt', value: 0 }, ['D']],
    ['sum of nothing is 0', { behavior: 'orders', measure: 'sum', op: 'eq', value: 0 }, ['C']],
    ['sum in a window', { behavior: 'orders', measure: 'sum', op: 'between', value: [100, 250], within: { days: 30 } }, ['A', 'B']],
    ['avg of nothing is missing', { behavior: 'orders', measure: 'avg', op: 'lt', value: 100 }, ['B']],
    ['not avg includes the missing', { not: { behavior: 'orders', measure: 'avg', op: 'lt', value: 100 } }, ['A', 'C', 'D', 'E']],
    ['max', { behavior: 'orders', measure: 'max', field: 'amount', op: 'gte', value: 500 }, ['A', 'E']],
    ['min', { behavior: 'orders', measure: 'min', op: 'lte', value: 50 }, ['B']],
    ['distinct channels', { behavior: 'orders', measure: 'distinct', field: 'channel', op: 'gte', value: 2 }, ['A']],
    [
      'where on a column',
      { behavior: 'orders', measure: 'count', op: 'gte', value: 2, where: [{ field: 'channel', op: 'eq', value: 'wechat' }] },
      ['B'],
    ],
    [
      'where naming is_return counts returns',
      { behavior: 'orders', measure: 'count', op: 'gte', value: 1, where: [{ field: 'is_return', op: 'eq', value: true }] },
      ['A', 'D'],
    ],
    [
      'where with a number',
      { behavior: 'orders', measure: 'count', op: 'gte', value: 1, where: [{ field: 'amount', op: 'gt', value: 400 }] },
      ['A', 'E'],
    ],
    ['exists', { behavior: 'orders', measure: 'count', op: 'exists' }, ['A', 'B', 'E']],
    ['exists false', { behavior: 'orders', measure: 'count', op: 'exists', value: false }, ['C', 'D']],
    [
      'order lines: quantity of a category',
      {
        behavior: 'order_lines',
        measure: 'sum',
        field: 'quantity',
        op: 'gte',
        value: 4,
        where: [{ field: 'category', op: 'eq', value: '美妆' }],
      },
      ['A'],
    ],
    [
      'order lines: distinct categories',
      { behavior: 'order_lines', measure: 'distinct', field: 'category', op: 'gte', value: 2 },
      ['A', 'B'],
    ],
    [
      'order lines: where in',
      { behavior: 'order_lines', measure: 'count', op: 'gte', value: 1, where: [{ field: 'sku', op: 'in', value: ['S3'] }] },
      ['A', 'E'],
    ],
    [
      'order lines: where contains, in a window',
      {
        behavior: 'order_lines',
        measure: 'count',
        op: 'gte',
        value: 1,
        within: { days: 90 },
        where: [{ field: 'product_name', op: 'contains', value: '服饰' }],
      },
      ['A', 'B'],
    ],
    ['events: by name', { behavior: 'events', measure: 'count', event: 'add_to_cart', op: 'gte', value: 2 }, ['A']],
    ['events: unnamed ones by type', { behavior: 'events', measure: 'count', event: 'page', op: 'gte', value: 1 }, ['A', 'C']],
    [
      'events: where type',
      { behavior: 'events', measure: 'count', op: 'gte', value: 3, where: [{ field: 'type', op: 'eq', value: 'page' }] },
      ['A'],
    ],
    [
      'events: sum of a property',
      { behavior: 'events', measure: 'sum', field: 'properties.value', event: 'add_to_cart', op: 'gte', value: 50 },
      ['A'],
    ],
    [
      'events: where on a property',
      { behavior: 'events', measure: 'count', op: 'gte', value: 1, where: [{ field: 'properties.value', op: 'lt', value: 20 }] },
      ['B'],
    ],
    ['events: none at all', { behavior: 'events', measure: 'count', op: 'lt', value: 1 }, ['D', 'E']],
    ['events: distinct names', { behavior: 'events', measure: 'distinct', field: 'event', op: 'gte', value: 2 }, ['A']],
  ]

  const scoreScenarios: readonly Scenario[] = [
    ['rfm.r gte', { score: 'rfm.r', op: 'gte', value: 4 }, ['A', 'B']],
    ['rfm.f eq', { score: 'rfm.f', op: 'eq', value: 1 }, ['E']],
    ['rfm.m between', { score: 'rfm.m', op: 'between', value: [4, 5] }, ['A', 'E']],
    ['rfm.segment eq', { score: 'rfm.segment', op: 'eq', value: 'champions' }, ['A']],
    ['rfm.segment in', { score: 'rfm.segment', op: 'in', value: ['champions', 'promising'] }, ['A', 'B']],
    ['clv gt', { score: 'clv', op: 'gt', value: 1000 }, ['A']],
    ['not clv gte includes the unscored', { not: { score: 'clv', op: 'gte', value: 1000 } }, ['B', 'C', 'D', 'E']],
    ['p_alive lt', { score: 'p_alive', op: 'lt', value: 0.8 }, ['B']],
    ['churn_risk exists', { score: 'churn_risk', op: 'exists' }, ['E']],
    ['churn_risk exists false', { score: 'churn_risk', op: 'exists', value: false }, ['A', 'B', 'C', 'D']],
    ['cluster eq', { score: 'cluster', op: 'eq', value: 0 }, ['A', 'D']],
    ['lead_score between', { score: 'lead_score', op: 'between', value: [50, 60] }, ['C']],
    ['stage eq', { score: 'stage', op: 'eq', value: 'engage' }, ['C']],
    ['stage contains', { score: 'stage', op: 'contains', value: 'ENG' }, ['C']],
  ]

  const nestingScenarios: readonly Scenario[] = [
    [
      'and',
      {
        and: [
          { trait: 'city_tier', op: 'eq', value: 'tier1' },
          { behavior: 'orders', measure: 'count', op: 'gte', value: 1 },
        ],
      },
      ['A', 'E'],
    ],
    [
      'or',
      {
        or: [
          { trait: 'gender', op: 'eq', value: 'male' },
          { trait: 'age', op: 'lt', value: 25 },
        ],
      },
      ['B', 'D', 'E'],
    ],
    [
      'not or',
      {
        not: {
          or: [
            { trait: 'gender', op: 'eq', value: 'male' },
            { trait: 'age', op: 'lt', value: 25 },
          ],
        },
      },
      ['A', 'C'],
    ],
    ['double not', { not: { not: { trait: 'gender', op: 'eq', value: 'female' } } }, ['A']],
    ['single-item groups', { and: [{ or: [{ trait: 'age', op: 'eq', value: 22 }] }] }, ['D']],
    [
      'and of or and not',
      {
        and: [
          {
            or: [
              { trait: 'city_tier', op: 'eq', value: 'tier1' },
              { trait: 'traits.lifestyle', op: 'exists' },
            ],
          },
          { not: { score: 'rfm.segment', op: 'eq', value: 'champions' } },
          { behavior: 'events', measure: 'count', op: 'lt', value: 1 },
        ],
      },
      ['D', 'E'],
    ],
    ['segment reference', { segment: 'tier1' }, ['A', 'E']],
    ['segment in segment', { segment: 'tier1-buyers' }, ['A', 'E']],
    ['not a segment', { not: { segment: 'buyers' } }, ['C', 'D']],
    ['segment and a condition', { and: [{ segment: 'buyers' }, { trait: 'gender', op: 'eq', value: 'male' }] }, ['B', 'E']],
  ]

  for (const [group, scenarios] of [
    ['trait conditions', traitScenarios],
    ['behaviour conditions', behaviorScenarios],
    ['score conditions', scoreScenarios],
    ['nesting and segments', nestingScenarios],
  ] as const) {
    describe(group, () => {
      it.each(scenarios)('%s', async (_name, rule, expected) => {
        expect(await members(rule)).toEqual(expected)
      })
    })
  }

  it('counts a calendar window in UTC when the workspace is in UTC', async () => {
    const may = { behavior: 'orders', measure: 'count', op: 'eq', value: 1, within: { from: '2026-05-01', to: '2026-05-31' } }
    expect(await members(may, { now: NOW, timezone: 'UTC' })).toEqual([])
    expect(await members({ trait: 'created_at', op: 'eq', value: '2026-05-20' }, { now: NOW, timezone: 'UTC' })).toEqual(['C'])
  })

  it('moves a days window with its anchor, and ignores later behaviour as of a past date', async () => {
    const recent = { behavior: 'orders', measure: 'count', op: 'gte', value: 1, within: { days: 30 } }
    expect(await members(recent, { now: new Date('2026-05-15T00:00:00Z'), timezone: 'UTC' })).toEqual(['A'])
    const buyers = { behavior: 'orders', measure: 'count', op: 'gte', value: 1 }
    expect(await members(buyers, { asOf: new Date('2026-01-01T00:00:00Z') })).toEqual(['A', 'E'])
    const m = unwrap(await store.segments.measure(WS, [{ rule: valid(buyers) }], { asOf: new Date('2026-01-01T00:00:00Z') }))
    expect(m.measures[0]).toEqual({ size: 2, revenue: 1500 })
  })

  it('refuses references to missing segments and cycles, with the path', async () => {
    const missing = await store.segments.memberIds(WS, valid({ and: [{ trait: 'age', op: 'gt', value: 1 }, { segment: 'nope' }] }), options)
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(missing.error.message).toBe("and[1].segment: no segment 'nope'")
    const cycle = await store.segments.memberIds(WS, valid({ segment: 'loop-a' }), options)
    expect(cycle.ok).toBe(false)
    if (!cycle.ok) {
      expect(cycle.error.tag).toBe('InvalidInput')
      expect(cycle.error.message).toContain('loop-a → loop-b → loop-a')
    }
    const self = await store.segments.check(WS, valid({ or: [{ segment: 'tier1' }, { segment: 'tier1-buyers' }] }), { selfId: 'tier1' })
    expect(self.ok).toBe(false)
    if (!self.ok) expect(self.error.message).toContain('or[0].segment: segments refer to each other in a cycle: tier1 → tier1')
  })

  it('refuses operators an encrypted field cannot answer, naming the field and the path', async () => {
    const contains = await store.segments.memberIds(WS, valid({ and: [{ trait: 'email', op: 'contains', value: 'ann' }] }), options)
    expect(contains.ok).toBe(false)
    if (!contains.ok) {
      expect(contains.error.tag).toBe('InvalidInput')
      expect(contains.error.message).toBe(
        "and[0].op: email is encrypted personal data: only exists, eq, neq, in, nin are supported, not 'contains'",
      )
    }
    const address = await store.segments.memberIds(WS, valid({ trait: 'traits.收货地址', op: 'eq', value: '上海' }), options)
    expect(address.ok).toBe(false)
    if (!address.ok)
      expect(address.error.message).toBe("op: traits.收货地址 is encrypted personal data: only exists is supported, not 'eq'")
    // the path says where in the rule the condition is
    const name = await store.segments.check(WS, valid({ not: { trait: 'name', op: 'contains', value: 'A' } }))
    expect(name.ok).toBe(false)
    if (!name.ok) expect(name.error.message).toContain('not.op: name is encrypted personal data')
  })

  it('measures size and net revenue of several rules in one pass', async () => {
    const r = unwrap(
      await store.segments.measure(
        WS,
        [
          { rule: valid({ segment: 'tier1' }) },
          { rule: valid({ trait: 'gender', op: 'eq', value: 'male' }) },
          { rule: valid({ trait: 'age', op: 'gt', value: 100 }) },
        ],
        options,
      ),
    )
    expect(r.customers).toBe(5)
    expect(r.measures).toEqual([
      { size: 2, revenue: 1900 },
      { size: 2, revenue: 1120 },
      { size: 0, revenue: 0 },
    ])
  })

  it('pages members with the customer list columns, search and sort', async () => {
    const rule = valid({ behavior: 'orders', measure: 'count', op: 'gte', value: 1 })
    const page = unwrap(await store.segments.members(WS, rule, { limit: 2, offset: 0, sort: 'revenue', order: 'desc' }, options))
    expect(page.total).toBe(3)
    expect(page.items.map((i) => [i.customer_id, i.orders, i.revenue])).toEqual([
      ['E', 1, 1000],
      ['A', 3, 900],
    ])
    expect(Object.keys(page.items[0] ?? {})).toEqual(
      Object.keys((await store.listCustomers(WS, { limit: 1, offset: 0, sort: 'revenue', order: 'desc' })).items[0] ?? {}),
    )
    const next = unwrap(await store.segments.members(WS, rule, { limit: 2, offset: 2, sort: 'revenue', order: 'desc' }, options))
    expect(next.items.map((i) => i.customer_id)).toEqual(['B'])
    const search = unwrap(
      await store.segments.members(WS, rule, { q: '成都', limit: 10, offset: 0, sort: 'revenue', order: 'desc' }, options),
    )
    expect(search.items.map((i) => i.customer_id)).toEqual(['B'])
  })

  it('explains each condition with the actual value', async () => {
    const rule = valid({
      and: [
        { trait: 'age', op: 'gte', value: 40 },
        { behavior: 'orders', measure: 'sum', op: 'gte', value: 100, within: { days: 30 } },
        { not: { trait: 'traits.member_level', op: 'eq', value: 3 } },
        { or: [{ score: 'rfm.segment', op: 'eq', value: 'champions' }, { segment: 'tier1' }] },
        { trait: 'sources', op: 'contains', value: 'crm' },
        { trait: 'birth_date', op: 'lt', value: '2000-01-01' },
        { trait: 'created_at', op: 'gte', value: '2026-01-01' },
      ],
    })
    const e = unwrap(await store.segments.explain(WS, rule, 'A', options)) as RuleExplanation
    expect(e.met).toBe(false)
    const [age, spend, notLevel, either, sources] = e.children ?? []
    expect(age).toMatchObject({ path: 'and[0]', kind: 'trait', met: false, actual: 30, description: 'age ≥ 40' })
    expect(spend).toMatchObject({ path: 'and[1]', kind: 'behavior', met: true, actual: 200 })
    expect(notLevel).toMatchObject({ path: 'and[2]', kind: 'not', met: false })
    expect(notLevel?.children?.[0]).toMatchObject({ path: 'and[2].not', met: true, actual: 3 })
    expect(either).toMatchObject({ path: 'and[3]', kind: 'or', met: true })
    expect(either?.children?.[0]).toMatchObject({ met: true, actual: 'champions' })
    expect(either?.children?.[1]).toMatchObject({
      path: 'and[3].or[1]',
      kind: 'segment',
      met: true,
      segment: { id: 'tier1', name: 'segment tier1' },
    })
    expect(either?.children?.[1]?.children?.[0]).toMatchObject({ kind: 'trait', met: true, actual: 'tier1' })
    expect(sources).toMatchObject({ met: true, actual: ['crm', 'shop'] })
    expect(e.children?.[5]).toMatchObject({ met: true, actual: '1996-02-10' })
    expect(e.children?.[6]).toMatchObject({ met: true, actual: '2026-01-05T02:00:00.000Z' })

    const c = unwrap(await store.segments.explain(WS, rule, 'C', options)) as RuleExplanation
    expect(c.children?.[0]).toMatchObject({ met: false, actual: null })
    expect(c.children?.[1]).toMatchObject({ met: false, actual: 0 })
    expect(unwrap(await store.segments.explain(WS, rule, 'nobody', options))).toBeNull()
  })

  it('records snapshots and lists them, one per day if asked', async () => {
    await store.segments.recordSnapshots(WS, [
      { segment_id: 'tier1', computed_at: at('2026-06-01T01:00:00Z'), size: 1, revenue: 10 },
      { segment_id: 'tier1', computed_at: at('2026-06-01T17:00:00Z'), size: 2, revenue: 20 },
      { segment_id: 'tier1', computed_at: at('2026-06-02T09:00:00Z'), size: 3, revenue: 30 },
      { segment_id: 'buyers', computed_at: at('2026-06-02T01:00:00Z'), size: 9, revenue: 90 },
    ])
    expect((await store.segments.snapshots(WS, 'tier1')).map((s) => s.size)).toEqual([1, 2, 3])
    expect((await store.segments.snapshots(WS, 'tier1', { perDay: true })).map((s) => s.size)).toEqual([2, 3])
    // 17:00 UTC on 1 June is already 2 June in Shanghai
    expect((await store.segments.snapshots(WS, 'tier1', { perDay: true, timezone: 'Asia/Shanghai' })).map((s) => s.size)).toEqual([1, 3])
  })

  it('gives other repositories the membership as SQL with its parameters', async () => {
    const params = new SqlParams(DUCKDB_DIALECT, [])
    const members = unwrap(await store.segments.membershipSql(WS, valid({ segment: 'tier1-buyers' }), params, options))
    const rows = await store.sql.all(
      `WITH m AS (${members}) SELECT count(*) AS n, sum(o.amount) AS revenue FROM m JOIN orders o ON o.customer_id = m.customer_id AND o.workspace_id = ${params.add(WS)}`,
      params.values,
    )
    expect(rows[0]).toEqual({ n: 5, revenue: 1900 })
  })

  it('offers the values found in the data for the pickers', async () => {
    const cat = await store.segments.fieldCatalogue(WS)
    expect(cat.traitValues.city_tier).toEqual(['new_tier1', 'tier1'])
    expect(cat.traitKeys.find((k) => k.key === 'lifestyle')).toEqual({
      key: 'lifestyle',
      numeric: false,
      values: ['品质生活', '潮流尝鲜', '精打细算'],
    })
    expect(cat.traitKeys.find((k) => k.key === 'member_level')?.numeric).toBe(true)
    expect(cat.behaviorValues['order_lines.category']).toEqual(['服饰', '美妆', '家居'])
    expect(cat.events).toEqual(['page', 'add_to_cart', 'signup'])
    expect(cat.scores).toEqual(Object.keys(SCORE_FIELDS))
    expect(cat.scoreValues['rfm.segment']).toEqual(['champions', 'hibernating', 'promising'])
  })

  describe('hostile strings stay values', () => {
    const HOSTILE = [
      "x' OR '1'='1",
      "'; DROP TABLE customers; --",
      '") OR 1=1 --',
      '$1',
      '\\',
      "tier1' UNION SELECT customer_id FROM customers WHERE workspace_id='w2",
      '%_*',
      '\u0000',
    ]
    /** The compiled SQL of a rule with its parameters. */
    const compile = (rule: SegmentRule): { sql: string; values: unknown[] } => {
      const params = new SqlParams(DUCKDB_DIALECT, [WS])
      const sql = unwrap(compileSegmentRule(rule, { dialect: DUCKDB_DIALECT, params, workspace: '$1', now: NOW, lookup: () => undefined }))
      return { sql, values: params.values }
    }
    const shapes: readonly [string, (s: string) => unknown][] = [
      ['a trait value', (s) => ({ trait: 'city', op: 'eq', value: s })],
      ['a trait list', (s) => ({ trait: 'city_tier', op: 'in', value: [s, 'tier1'] })],
      ['a contains needle', (s) => ({ trait: 'city', op: 'contains', value: s })],
      ['a traits key', (s) => ({ trait: `traits.${s}`, op: 'eq', value: 'x' })],
      ['a traits key and value', (s) => ({ trait: `traits.${s}`, op: 'in', value: [s] })],
      ['a sources value', (s) => ({ trait: 'sources', op: 'contains', value: s })],
      ['an event name', (s) => ({ behavior: 'events', measure: 'count', event: s, op: 'gte', value: 1 })],
      ['an event property', (s) => ({ behavior: 'events', measure: 'sum', field: `properties.${s}`, op: 'gte', value: 1 })],
      [
        'a where value',
        (s) => ({ behavior: 'orders', measure: 'count', op: 'gte', value: 1, where: [{ field: 'channel', op: 'eq', value: s }] }),
      ],
      ['a score text', (s) => ({ score: 'rfm.segment', op: 'eq', value: s })],
    ]

    it.each(shapes)('in %s', async (_what, make) => {
      const benign = compile(valid(make('benign')))
      for (const h of HOSTILE.filter((x) => !x.includes('\u0000'))) {
        const hostile = compile(valid(make(h)))
        expect(hostile.sql).toBe(benign.sql)
        expect(hostile.values.length).toBe(benign.values.length)
        expect(JSON.stringify(hostile.values)).toContain(JSON.stringify(h).slice(1, -1))
        // and the database reads it as a value: no error, no member from the other workspace
        expect(await members(make(h))).not.toContain('Z')
      }
    })

    it('refuses field names outside the whitelists before any SQL exists', () => {
      for (const h of HOSTILE) {
        for (const rule of [
          { trait: h, op: 'eq', value: 'x' },
          { score: h, op: 'eq', value: 1 },
          { behavior: h, measure: 'count', op: 'gte', value: 1 },
          { behavior: 'orders', measure: 'distinct', field: h, op: 'gte', value: 1 },
          { behavior: 'orders', measure: 'count', op: 'gte', value: 1, where: [{ field: h, op: 'eq', value: 'x' }] },
        ]) {
          expect(parseSegmentRule(rule).ok).toBe(false)
        }
      }
      expect(parseSegmentRule({ trait: 'traits.\u0000', op: 'eq', value: 'x' }).ok).toBe(false)
      // the compiler itself never interpolates an unknown field, even when handed an unchecked rule
      expect(() => compile({ trait: 'age; DROP TABLE customers', op: 'eq', value: 1 })).toThrow(/unknown trait field/)
      expect(() => compile({ behavior: 'orders', measure: 'distinct', field: 'x"y', op: 'gte', value: 1 })).toThrow(/unknown orders field/)
    })

    it('leaves the tables intact', async () => {
      expect(await store.countCustomers(WS)).toBe(5)
      expect(await store.countCustomers('w2')).toBe(1)
    })
  })

  describe('whitelists agree with the schema', () => {
    it('every trait field is a customer column of the right type', () => {
      const columns = new Map(tableDef('customers').columns.map((c) => [c.name, c.type]))
      const expected = { text: 'text', number: ['int', 'double'], date: 'date', timestamp: 'timestamp', list: 'json' } as const
      for (const [field, type] of Object.entries(TRAIT_FIELDS)) {
        const col = columns.get(field)
        expect(col, field).toBeDefined()
        expect([expected[type]].flat(), field).toContain(col)
      }
    })

    it('every behaviour column exists in its table', () => {
      for (const [table, def] of Object.entries(BEHAVIOR_TABLES)) {
        const columns = new Map(tableDef(table).columns.map((c) => [c.name, c.type]))
        expect(columns.get(def.time), `${table}.${def.time}`).toBe('timestamp')
        for (const [field, type] of Object.entries(def.columns)) {
          const col = columns.get(field)
          expect(col, `${table}.${field}`).toBe(type === 'number' ? 'double' : type === 'boolean' ? 'bool' : 'text')
        }
        for (const f of def.numeric) expect((def.columns as Record<string, string>)[f]).toBe('number')
      }
    })

    it('the score fields of the rule language are exactly the store score fields', () => {
      expect(Object.keys(SCORE_RULE_FIELDS)).toEqual(Object.keys(SCORE_FIELDS))
      for (const [k, def] of Object.entries(SCORE_FIELDS)) expect(SCORE_RULE_FIELDS[k as keyof typeof SCORE_RULE_FIELDS]).toBe(def.type)
    })
  })

  it('computes calendar days of a zone across the year', () => {
    expect(zonedDayStart('2026-05-21', 'Asia/Shanghai').toISOString()).toBe('2026-05-20T16:00:00.000Z')
    expect(zonedDayStart('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z')
    expect(zonedDayStart('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z')
    expect(zonedDayStart('2026-05-21', 'UTC').toISOString()).toBe('2026-05-21T00:00:00.000Z')
  })
})
