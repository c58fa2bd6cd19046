/**
 * The conformance suite every store engine runs: the same behaviour, proven on each engine.
 * An engine's test file calls `runStoreConformance` with a factory for fresh, empty stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from './store.js'
import type { CustomerRecord, OrderLineRecord, OrderRecord } from './records.js'

export interface ConformanceOptions {
  readonly name: string
  /** A fresh, migrated, empty store; `dispose` removes it. */
  readonly create: () => Promise<{ store: Store; dispose: () => Promise<void> }>
}

const at = (iso: string): Date => new Date(iso)

export const customer = (id: string, over: Partial<CustomerRecord> = {}): CustomerRecord => ({
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
  city_tier: null,
  province: null,
  country: null,
  family_status: null,
  traits: {},
  sources: [],
  created_at: at('2026-01-01T00:00:00Z'),
  updated_at: at('2026-01-01T00:00:00Z'),
  ...over,
})

const line = (
  order: string,
  key: string,
  customerId: string | null,
  qty: number,
  price: number,
  when = '2026-03-01T10:00:00Z',
): OrderLineRecord => ({
  order_id: order,
  line_key: key,
  line_no: null,
  customer_id: customerId,
  source_customer_id: customerId,
  ordered_at: at(when),
  sku: `SKU-${key}`,
  product_name: null,
  category: 'cat',
  quantity: qty,
  unit_price: price,
  amount: qty * price,
  channel: 'online',
  country: 'CN',
  is_return: qty < 0,
  source: 'test',
})

const order = (id: string, customerId: string | null, amount: number): OrderRecord => ({
  order_id: id,
  customer_id: customerId,
  source_customer_id: customerId,
  ordered_at: at('2026-02-01T08:00:00Z'),
  amount,
  currency: 'CNY',
  channel: 'store',
  store: 'S1',
  is_return: amount < 0,
  derived: false,
  source: 'test',
})

export function runStoreConformance(options: ConformanceOptions): void {
  describe(`store conformance: ${options.name}`, () => {
    let store: Store
    let dispose: () => Promise<void>
    beforeEach(async () => {
      ;({ store, dispose } = await options.create())
      await store.ensureWorkspace('w1', 'one')
      await store.ensureWorkspace('w2', 'two')
    })
    afterEach(async () => dispose())

    it('migrates idempotently', async () => {
      const v = await store.migrate()
      expect(await store.migrate()).toBe(v)
    })

    it('keeps workspaces apart', async () => {
      await store.transaction(async (tx) => {
        await tx.upsertCustomers('w1', [customer('A', { email: 'a@x.com' })])
        await tx.insertIdentities('w1', [
          { kind: 'email', value: 'a@x.com', customer_id: 'A', source: null, merge_id: null, first_seen_at: at('2026-01-01T00:00:00Z') },
        ])
      })
      expect(await store.countCustomers('w1')).toBe(1)
      expect(await store.countCustomers('w2')).toBe(0)
      expect(await store.resolveCustomer('w2', 'a@x.com')).toBeNull()
      expect(await store.getProfile('w2', 'A')).toBeNull()
      expect(await store.resolveCustomer('w1', 'A@X.COM')).toBe('A')
    })

    it('returns counts as numbers, not bigint', async () => {
      const n = await store.countCustomers('w1')
      expect(typeof n).toBe('number')
      const o = await store.overview('w1')
      expect(typeof o.orders).toBe('number')
    })

    it('commits a transaction whole or not at all', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.upsertCustomers('w1', [customer('A')])
          await tx.stage('w1', 'order_lines', [line('O1', '1', 'A', 1, 10)])
          await tx.finishStaged('w1', 'order_lines')
          throw new Error('crash in the middle')
        }),
      ).rejects.toThrow('crash in the middle')
      expect(await store.countCustomers('w1')).toBe(0)
      expect((await store.overview('w1')).orders).toBe(0)
    })

    it('de-duplicates staged rows within a batch and against stored ones, and derives orders from lines', async () => {
      const first = await store.transaction(async (tx) => {
        await tx.stage('w1', 'order_lines', [
          line('O1', '1', 'A', 2, 10),
          line('O1', '2', 'A', 1, 5),
          line('O1', '1', 'A', 2, 10),
          line('O2', '1', null, 1, 7),
        ])
        return tx.finishStaged('w1', 'order_lines')
      })
      expect(first).toEqual({ inserted: 3, duplicates: 1, createdCustomers: 1 })
      const again = await store.transaction(async (tx) => {
        await tx.stage('w1', 'order_lines', [line('O1', '1', 'A', 2, 10), line('O3', '1', 'A', -1, 10)])
        return tx.finishStaged('w1', 'order_lines')
      })
      expect(again).toEqual({ inserted: 1, duplicates: 1, createdCustomers: 0 })
      const o = await store.overview('w1')
      expect(o.orders).toBe(2)
      expect(o.guestOrders).toBe(1)
      expect(o.revenue).toBe(25 + 7 - 10)
      const p = await store.getProfile('w1', 'A')
      expect(p?.orders).toMatchObject({ count: 1, returns: 1, revenue: 15 })
    })

    it('starts a fresh batch after finishing one in the same transaction', async () => {
      const [first, second] = await store.transaction(async (tx) => {
        await tx.stage('w1', 'orders', [order('O1', 'A', 10)])
        const a = await tx.finishStaged('w1', 'orders')
        await tx.stage('w2', 'orders', [order('O9', 'Z', 5)])
        const b = await tx.finishStaged('w2', 'orders')
        return [a, b]
      })
      expect(first.inserted).toBe(1)
      expect(second).toEqual({ inserted: 1, duplicates: 0, createdCustomers: 1 })
      expect(await store.countCustomers('w1')).toBe(1)
      expect(await store.countCustomers('w2')).toBe(1)
    })

    it('lets a real order replace one derived from its lines', async () => {
      await store.transaction(async (tx) => {
        await tx.stage('w1', 'order_lines', [line('O1', '1', 'A', 2, 10)])
        await tx.finishStaged('w1', 'order_lines')
      })
      const r = await store.transaction(async (tx) => {
        await tx.stage('w1', 'orders', [order('O1', 'A', 19.5)])
        return tx.finishStaged('w1', 'orders')
      })
      expect(r.inserted).toBe(1)
      const p = await store.getProfile('w1', 'A')
      expect(p?.orders).toMatchObject({ count: 1, revenue: 19.5 })
    })

    it('lists and searches customers with their order figures', async () => {
      await store.transaction(async (tx) => {
        await tx.upsertCustomers('w1', [customer('A', { name: 'Ann', city: '上海' }), customer('B', { name: 'Bob' })])
        await tx.stage('w1', 'orders', [order('O1', 'A', 100), order('O2', 'A', 50), order('O3', 'B', 10)])
        await tx.finishStaged('w1', 'orders')
      })
      const list = await store.listCustomers('w1', { limit: 10, offset: 0, sort: 'revenue', order: 'desc' })
      expect(list.items.map((c) => [c.customer_id, c.orders, c.revenue])).toEqual([
        ['A', 2, 150],
        ['B', 1, 10],
      ])
      const found = await store.listCustomers('w1', { q: '上海', limit: 10, offset: 0, sort: 'revenue', order: 'desc' })
      expect(found.total).toBe(1)
      // A hostile search string is a value, never SQL.
      const hostile = await store.listCustomers('w1', { q: "x' OR '1'='1", limit: 10, offset: 0, sort: 'revenue', order: 'desc' })
      expect(hostile.total).toBe(0)
    })

    it('computes per-customer features as of a date, and transactions and baskets', async () => {
      await store.transaction(async (tx) => {
        await tx.upsertCustomers('w1', [customer('A', { age: 30, gender: 'female' }), customer('B'), customer('C')])
        await tx.stage('w1', 'order_lines', [
          line('O1', '1', 'A', 2, 10, '2026-03-01T10:00:00Z'),
          line('O1', '2', 'A', 1, 5, '2026-03-01T10:00:00Z'),
          line('O2', '1', 'A', 1, 30, '2026-03-08T09:00:00Z'),
          line('O3', '1', 'B', 1, 7, '2026-03-09T09:00:00Z'),
          line('O4', '1', 'B', 1, 9, '2026-04-01T09:00:00Z'),
        ])
        await tx.finishStaged('w1', 'order_lines')
      })
      const f = await store.features.customerFeatures('w1', { asOf: at('2026-03-10T00:00:00Z') })
      expect(f.asOf).toBe('2026-03-10')
      expect(f.customerIds).toEqual(['A', 'B', 'C'])
      expect([...f.numeric.recency_days]).toEqual([2, 1, Number.NaN])
      expect([...f.numeric.frequency]).toEqual([2, 1, 0])
      expect([...f.numeric.monetary]).toEqual([55, 7, 0])
      expect(f.numeric.age[0]).toBe(30)
      expect(f.categorical.gender).toEqual(['female', null, null])
      const buyers = await store.features.customerFeatures('w1', { buyersOnly: true })
      expect(buyers.asOf).toBe('2026-04-02')
      expect(buyers.customerIds).toEqual(['A', 'B'])
      const t = await store.features.transactions('w1', { until: at('2026-03-31T00:00:00Z') })
      expect(t.customerIds).toEqual(['A', 'A', 'B'])
      expect([...t.amount]).toEqual([25, 30, 7])
      expect(await store.features.baskets('w1', { customerIds: ['A'] })).toEqual([['SKU-1', 'SKU-2'], ['SKU-1']])
    })

    it('replaces, lists and explains scores', async () => {
      await store.transaction(async (tx) => tx.upsertCustomers('w1', [customer('A'), customer('B')]))
      const prov = { model: 'rfm', computedAt: '2026-05-01T00:00:00.000Z', n: 2, params: { bins: 5 } }
      await store.scores.replace(
        'w1',
        'rfm',
        [
          { customer_id: 'A', value: { r: 5, f: 4 } },
          { customer_id: 'B', value: { r: 1, f: 1 } },
        ],
        prov,
      )
      await store.scores.replace('w1', 'rfm', [{ customer_id: 'A', value: { r: 4, f: 4 } }], {
        ...prov,
        n: 1,
        computedAt: '2026-05-02T00:00:00.000Z',
      })
      expect(await store.scores.list('w1', 'rfm')).toEqual([{ customer_id: 'A', value: { r: 4, f: 4 } }])
      expect(await store.scores.forCustomer('w1', 'A')).toEqual({ rfm: { r: 4, f: 4 } })
      expect((await store.scores.provenance('w1', 'rfm'))?.n).toBe(1)
      expect(await store.scores.list('w2', 'rfm')).toEqual([])
      expect((await store.getProfile('w1', 'A'))?.scores).toEqual({ rfm: { r: 4, f: 4 } })
    })

    it('keeps workspace settings', async () => {
      await store.updateWorkspaceSettings('w1', { timezone: 'Asia/Shanghai' })
      expect(await store.workspaceSettings('w1')).toEqual({ timezone: 'Asia/Shanghai' })
      expect(await store.workspaceSettings('w2')).toEqual({})
    })
  })
}
