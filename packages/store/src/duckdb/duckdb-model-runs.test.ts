import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OrderLineRecord } from '../records.js'
import { DuckDbStore } from './duckdb-store.js'
import { testMasterKey } from '../testing-keys.js'

const line = (order: string, key: string, sku: string, productName: string | null, category: string | null, qty = 1): OrderLineRecord => ({
  order_id: order,
  line_key: key,
  line_no: null,
  customer_id: 'A',
  source_customer_id: 'A',
  ordered_at: new Date('2026-03-01T10:00:00Z'),
  sku,
  product_name: productName,
  category,
  quantity: qty,
  unit_price: 10,
  amount: qty * 10,
  channel: 'online',
  country: 'CN',
  is_return: qty < 0,
  source: 'test',
})

describe('DuckDB model runs and catalogue', () => {
  let dir: string
  let store: DuckDbStore
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-runs-'))
    store = await DuckDbStore.open({ path: join(dir, 'p.duckdb'), masterKey: testMasterKey() })
    await store.migrate()
    await store.ensureWorkspace('w1', 'one')
    await store.ensureWorkspace('w2', 'two')
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('keeps the latest run per workspace and model, with its parameters and JSON result', async () => {
    expect(await store.modelRuns.latest('w1', 'rules')).toBeNull()
    const first = { model: 'rules', computedAt: '2026-05-01T08:00:00.000Z', params: { minSupport: 0.01 }, result: { count: 2 } }
    await store.modelRuns.save('w1', first)
    await store.modelRuns.save('w1', {
      model: 'rules',
      computedAt: '2026-05-02T09:30:00.000Z',
      params: { minSupport: 0.02 },
      result: { count: 1, rules: [{ lhs: ['a'], rhs: ['b'], conviction: null }] },
    })
    await store.modelRuns.save('w1', { model: 'predict.churn', computedAt: '2026-05-03T00:00:00.000Z', params: {}, result: { auc: 0.8 } })
    expect(await store.modelRuns.latest('w1', 'rules')).toEqual({
      model: 'rules',
      computedAt: '2026-05-02T09:30:00.000Z',
      params: { minSupport: 0.02 },
      result: { count: 1, rules: [{ lhs: ['a'], rhs: ['b'], conviction: null }] },
    })
    expect((await store.modelRuns.latest('w1', 'predict.churn'))?.result).toEqual({ auc: 0.8 })
    expect(await store.modelRuns.latest('w2', 'rules')).toBeNull()
  })

  it('names items by their most frequent product name and category, most-ordered first', async () => {
    await store.transaction(async (tx) => {
      await tx.stage('w1', 'order_lines', [
        line('O1', '1', 'S1', '奶粉', '母婴'),
        line('O1', '2', 'S2', '纸尿裤', '母婴'),
        line('O2', '1', 'S1', '奶粉 900g', '母婴'),
        line('O3', '1', 'S1', '奶粉', '母婴'),
        line('O3', '2', 'S3', null, null),
        line('O4', '1', 'S2', '纸尿裤', '母婴', -1),
      ])
      await tx.finishStaged('w1', 'order_lines')
    })
    expect(await store.catalogue.items('w1', 'sku')).toEqual([
      { item: 'S1', name: '奶粉', category: '母婴', orders: 3 },
      { item: 'S2', name: '纸尿裤', category: '母婴', orders: 1 },
      { item: 'S3', name: 'S3', category: null, orders: 1 },
    ])
    expect(await store.catalogue.items('w1', 'category')).toEqual([{ item: '母婴', name: '母婴', category: '母婴', orders: 3 }])
    expect(await store.catalogue.items('w2', 'sku')).toEqual([])
  })
})
