import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempPortrait } from '../testing/temp.js'
import { seedDemo, type SeedDemoResult } from './seed.js'

describe('demo data through the import pipeline', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  let seeded: SeedDemoResult
  beforeAll(async () => {
    t = await tempPortrait()
    seeded = await seedDemo(t.portrait, { seed: 3, customers: 800, endDate: new Date('2026-10-31T00:00:00Z') })
  }, 120_000)
  afterAll(async () => t.cleanup())

  it('loads every kind, merges the cross-source duplicates and rejects the broken rows', () => {
    const kinds = new Set(seeded.steps.map((s) => s.kind))
    expect([...kinds].sort()).toEqual(['consents', 'costs', 'customers', 'events', 'feedback', 'order-lines'])
    const customers = seeded.steps.filter((s) => s.kind === 'customers')
    expect(customers.reduce((n, s) => n + s.result.merged, 0)).toBeGreaterThan(0)
    expect(customers.reduce((n, s) => n + s.result.rejected, 0)).toBeGreaterThan(0)
    for (const s of seeded.steps.filter((x) => x.kind !== 'customers')) expect(s.result.rejected, s.step).toBe(0)
  })

  it('reports twelve months in the workspace time zone (Beijing)', async () => {
    expect(t.portrait.timezone).toBe('Asia/Shanghai')
    const o = await t.portrait.overview()
    expect(o.revenueByMonth.map((m) => m.month)).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ])
    const nov = o.revenueByMonth.find((m) => m.month === '2025-11')?.revenue ?? 0
    const median = [...o.revenueByMonth.map((m) => m.revenue)].sort((a, b) => a - b)[6] ?? 0
    expect(nov).toBeGreaterThan(median)
    expect(o.customersByCityTier.map((c) => c.tier)).toEqual(expect.arrayContaining(['tier1', 'new_tier1', 'unclassified']))
    expect(o.guestOrders).toBeGreaterThan(0)
  })

  it('gives profiles with orders, events, consents and feedback', async () => {
    const top = (await t.portrait.listCustomers({ limit: 1, sort: 'revenue' })).items[0]
    if (!top) throw new Error('no customers')
    const p = await t.portrait.profile(top.customer_id)
    if (!p.ok) throw new Error(p.error.message)
    expect(p.value.orders.count).toBeGreaterThan(1)
    expect(p.value.orders.revenue).toBe(top.revenue)
    expect(Object.keys(p.value.orders.channels).length).toBeGreaterThan(0)
    expect(p.value.events.count).toBeGreaterThan(0)
    expect(Object.keys(p.value.consents).length).toBeGreaterThan(0)
  })

  it('rejects an unknown time zone', async () => {
    const r = await t.portrait.setTimezone('Mars/Olympus')
    expect(!r.ok && r.error.tag).toBe('InvalidInput')
  })
})
