import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { tempPortrait, SHARED_DATA } from '../testing/temp.js'
import type { ImportResult } from '@portrait/core'

const FILE = join(SHARED_DATA, 'online-retail/online_retail.csv.gz')
const LINES = 541_909

describe('Online Retail import (541,909 lines)', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  let first: ImportResult
  beforeAll(async () => {
    t = await tempPortrait()
    const r = await t.portrait.import('order-lines', FILE, { source: 'online-retail' })
    if (!r.ok) throw new Error(r.error.message)
    first = r.value
  }, 300_000)
  afterAll(async () => t.cleanup())

  it('accounts for every line as imported, rejected or duplicate', () => {
    expect(first.imported + first.rejected + first.duplicates + first.merged).toBe(LINES)
    expect(first.merged).toBe(0)
    // The two "Adjust bad debt" lines have a negative unit price: rejected, with that reason.
    expect(first.rejected).toBe(2)
    expect(first.errors.every((e) => /unit_price .* is negative/.test(e.reason))).toBe(true)
    // Identical lines repeated inside an invoice are counted once.
    expect(first.duplicates).toBe(5268)
    expect(first.quarantine).toMatch(/quarantine/)
  })

  it('shows customer 12347 with 7 orders and revenue 4310.00', async () => {
    const p = await t.portrait.profile('12347')
    expect(p.ok).toBe(true)
    if (!p.ok) return
    expect(p.value.orders.count).toBe(7)
    expect(p.value.orders.revenue).toBe(4310)
    expect(p.value.traits.country).toBe('Iceland')
    expect(p.value.orders.first_at).toBe('2010-12-07T14:57:00.000Z')
  })

  it('nets returns (C invoices) in revenue and keeps guest purchases out of profiles', async () => {
    const o = await t.portrait.overview()
    expect(o.customers).toBe(4372)
    expect(o.guestOrders).toBeGreaterThan(0)
    const p = await t.portrait.profile('17548')
    if (!p.ok) throw new Error(p.error.message)
    expect(p.value.orders.returns).toBeGreaterThan(0)
  })

  it('adds nothing when the same file is imported again', async () => {
    const r = await t.portrait.import('order-lines', FILE, { source: 'online-retail' })
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.imported).toBe(0)
    expect(r.value.duplicates).toBe(LINES - 2)
    expect(r.value.rejected).toBe(2)
    expect(await t.portrait.countCustomers()).toBe(4372)
  }, 300_000)
})
