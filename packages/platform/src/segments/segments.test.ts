import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SEGMENT_BASES, parseSegmentRule, type CustomerListItem } from '@portrait/core'
import { tempPortrait } from '../testing/temp.js'
import { seedDemo } from '../demo/seed.js'
import type { Portrait } from '../portrait.js'
import {
  countRule,
  createSegment,
  deleteSegment,
  explainSegment,
  exportSegmentMembers,
  getSegment,
  listSegments,
  segmentFields,
  segmentMemberIds,
  segmentMembers,
  segmentSnapshots,
  segmentTemplates,
  updateSegment,
} from './index.js'

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

/** Every customer of the workspace through the customer list (an independent path to the numbers). */
async function allCustomers(p: Portrait): Promise<CustomerListItem[]> {
  const out: CustomerListItem[] = []
  for (let offset = 0; ; offset += 500) {
    const page = await p.listCustomers({ limit: 500, offset, sort: 'customer_id', order: 'asc' })
    out.push(...page.items)
    if (page.items.length < 500) return out
  }
}

describe('segments service', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  let p: Portrait
  let customers: CustomerListItem[]

  beforeAll(async () => {
    t = await tempPortrait()
    p = t.portrait
    await seedDemo(p, { seed: 11, customers: 400, endDate: new Date('2026-10-31T00:00:00Z') })
    customers = await allCustomers(p)
  }, 180_000)
  afterAll(async () => t.cleanup())

  it('creates the demo segments on the five bases, with a monthly history', async () => {
    const list = value(await listSegments(p))
    expect(list.customers).toBe(customers.length)
    const bases = new Set(list.items.map((s) => s.basis))
    expect([...bases].sort()).toEqual([...SEGMENT_BASES].sort())
    const tier1 = list.items.find((s) => s.id === 'tier1-cities')
    expect(tier1).toMatchObject({ name: '一线城市客户', basis: 'geographic' })
    expect(tier1?.size).toBe(customers.filter((c) => c.city_tier === 'tier1').length)
    expect(tier1?.share).toBeCloseTo((tier1?.size ?? 0) / customers.length, 10)
    // twelve month ends and today, one point per day
    expect(tier1?.trend).toHaveLength(13)
    const frequent = list.items.find((s) => s.id === 'frequent-buyers')
    const sizes = frequent?.trend.map((x) => x.size) ?? []
    expect(sizes[0]).toBeLessThan(sizes[11] ?? 0)
    const nested = list.items.find((s) => s.id === 'tier1-frequent-buyers')
    const members = new Set(value(await segmentMemberIds(p, 'frequent-buyers')))
    const tier1Ids = customers.filter((c) => c.city_tier === 'tier1').map((c) => c.customer_id)
    expect(nested?.size).toBe(tier1Ids.filter((id) => members.has(id)).length)
  })

  it('counts a rule like an independent reading of the customer list', async () => {
    const oneOrder = value(await countRule(p, { behavior: 'orders', measure: 'count', op: 'eq', value: 1 }))
    const expected = customers.filter((c) => c.orders === 1)
    expect(oneOrder.size).toBe(expected.length)
    expect(oneOrder.revenue).toBeCloseTo(
      expected.reduce((s, c) => s + c.revenue, 0),
      1,
    )
    expect(oneOrder.customers).toBe(customers.length)
    const none = value(await countRule(p, { behavior: 'orders', measure: 'count', op: 'lt', value: 1 }))
    expect(none.size).toBe(customers.filter((c) => c.orders === 0).length)
    const spenders = value(await countRule(p, { version: 1, rule: { behavior: 'orders', measure: 'sum', op: 'gte', value: 3000 } }))
    expect(spenders.size).toBe(customers.filter((c) => c.revenue >= 3000).length)
  })

  it('refuses an invalid rule with the JSON path of the problem', async () => {
    const r = await createSegment(p, {
      name: 'bad',
      rule: {
        and: [
          { trait: 'age', op: 'gte', value: 30 },
          { trait: 'age', op: 'equals', value: 1 },
        ],
      },
    })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.tag).toBe('InvalidInput')
      expect(r.error.message).toMatch(/^and\[1\]\.op: unknown operator 'equals'/)
    }
    const field = await countRule(p, { trait: 'lifestyle', op: 'eq', value: 'x' })
    expect(field.ok || field.error.message).toMatch(/^trait: unknown field 'lifestyle' \(known: customer_id, .* or traits\.<key>\)$/)
    const ref = await countRule(p, { segment: 'no-such-segment' })
    expect(ref.ok || ref.error.message).toBe("segment: no segment 'no-such-segment'")
  })

  it('creates, shows, edits and deletes a segment, with a snapshot each time it is computed', async () => {
    const created = value(
      await createSegment(p, {
        name: 'Women 25-34 in big cities',
        description: '  for the spring campaign  ',
        basis: 'demographic',
        rule: {
          and: [
            { trait: 'gender', op: 'eq', value: 'female' },
            { trait: 'age_band', op: 'eq', value: '25-34' },
            { segment: 'tier1-cities' },
          ],
        },
      }),
    )
    expect(created.id).toBe('women-25-34-in-big-cities')
    expect(created.description).toBe('for the spring campaign')
    const expected = customers.filter((c) => c.gender === 'female' && c.age_band === '25-34' && c.city_tier === 'tier1')
    expect(created.size).toBe(expected.length)
    expect(created.revenue).toBeCloseTo(
      expected.reduce((s, c) => s + c.revenue, 0),
      1,
    )
    expect(value(await getSegment(p, created.id)).size).toBe(created.size)
    expect(value(await segmentSnapshots(p, created.id))).toHaveLength(2)

    const dup = await createSegment(p, { name: 'Women 25-34 in big cities', rule: { trait: 'age', op: 'gt', value: 1 } })
    expect(dup.ok || dup.error.tag).toBe('Conflict')
    const dupId = await createSegment(p, { id: 'tier1-cities', name: 'another', rule: { trait: 'age', op: 'gt', value: 1 } })
    expect(dupId.ok || dupId.error.tag).toBe('Conflict')

    const edited = value(
      await updateSegment(p, created.id, {
        name: 'Women 25-34',
        rule: {
          and: [
            { trait: 'gender', op: 'eq', value: 'female' },
            { trait: 'age_band', op: 'eq', value: '25-34' },
          ],
        },
      }),
    )
    expect(edited.name).toBe('Women 25-34')
    expect(edited.description).toBe('for the spring campaign')
    expect(edited.size).toBe(customers.filter((c) => c.gender === 'female' && c.age_band === '25-34').length)
    expect(value(await segmentSnapshots(p, created.id)).map((s) => s.size)).toEqual([created.size, created.size, edited.size])

    const badEdit = await updateSegment(p, created.id, { rule: { trait: 'gender', op: 'eq', value: 3 } })
    expect(badEdit.ok || badEdit.error.message).toBe("value: expected text (a string) for field 'gender'; got 3")

    // a segment used by another cannot go, and a cycle cannot be made
    const user = value(await createSegment(p, { name: 'Uses women', rule: { not: { segment: created.id } } }))
    const cycle = await updateSegment(p, created.id, { rule: { segment: user.id } })
    expect(cycle.ok || cycle.error.message).toBe(
      `segment: in segment '${user.id}': not.segment: segments refer to each other in a cycle: ${created.id} → ${user.id} → ${created.id}`,
    )
    const blocked = await deleteSegment(p, created.id)
    expect(blocked.ok || blocked.error.tag).toBe('Conflict')
    expect(value(await deleteSegment(p, user.id))).toEqual({ deleted: user.id })
    expect(value(await deleteSegment(p, created.id))).toEqual({ deleted: created.id })
    const gone = await getSegment(p, created.id)
    expect(gone.ok || gone.error.tag).toBe('NotFound')
    expect(await p.store.segments.snapshots(p.workspaceId, created.id)).toEqual([])
  })

  it('pages members like the customer list, and lists every member id', async () => {
    const size = value(await getSegment(p, 'one-time-buyers')).size
    const ids = value(await segmentMemberIds(p, 'one-time-buyers'))
    expect(ids).toHaveLength(size)
    expect(ids).toEqual(customers.filter((c) => c.orders === 1).map((c) => c.customer_id))
    const seen: string[] = []
    for (let offset = 0; offset < size; offset += 50) {
      const page = value(await segmentMembers(p, 'one-time-buyers', { limit: 50, offset, sort: 'customer_id', order: 'asc' }))
      expect(page.total).toBe(size)
      seen.push(...page.items.map((i) => i.customer_id))
    }
    expect(seen).toEqual(ids)
    const first = value(await segmentMembers(p, 'one-time-buyers', { limit: 1, sort: 'customer_id', order: 'asc' })).items[0]
    expect(first).toEqual(customers.find((c) => c.customer_id === ids[0]))
    const bad = await segmentMembers(p, 'one-time-buyers', { limit: 0 })
    expect(bad.ok).toBe(false)
    expect((await segmentMemberIds(p, 'nope')).ok).toBe(false)
  })

  it('exports the members as CSV that a spreadsheet cannot run', async () => {
    const file = t.file(
      'hostile.csv',
      'customer_id,name,city\nX-EVIL,"=HYPERLINK(""http://evil.example"",""click"")",上海\nX-OK,"Zhang, Wei",上海\n',
    )
    value(await p.import('customers', file, { source: 'test' }))
    value(
      await createSegment(p, { id: 'imported-x', name: 'Imported X', rule: { trait: 'customer_id', op: 'in', value: ['X-EVIL', 'X-OK'] } }),
    )
    const { csv, rows } = value(await exportSegmentMembers(p, 'imported-x'))
    expect(rows).toBe(2)
    const lines = csv.trimEnd().split('\n')
    expect(lines[0]).toBe('customer_id,name,email,phone,gender,age,age_band,city,city_tier,country,source,orders,revenue,last_order_at')
    expect(lines[1]).toBe(`X-EVIL,"'=HYPERLINK(""http://evil.example"",""click"")",,,,,,上海,tier1,,test,0,0,`)
    expect(lines[2]).toBe('X-OK,"Zhang, Wei",,,,,,上海,tier1,,test,0,0,')
    const big = value(await exportSegmentMembers(p, 'age-25-34'))
    expect(big.rows).toBe(customers.filter((c) => c.age_band === '25-34').length)
    value(await deleteSegment(p, 'imported-x'))
  })

  it('explains membership condition by condition, in agreement with the members', async () => {
    const members = new Set(value(await segmentMemberIds(p, 'lapsed-buyers')))
    for (const c of customers.slice(0, 40)) {
      const e = value(await explainSegment(p, 'lapsed-buyers', c.customer_id))
      expect(e.member, c.customer_id).toBe(members.has(c.customer_id))
      expect(e.explanation.children?.[0]?.actual).toBe(c.orders)
    }
    const buyer = customers.find((c) => c.orders > 0 && c.email)
    if (!buyer?.email) throw new Error('no buyer with an email')
    // found by an identity too
    const byEmail = value(await explainSegment(p, 'tier1-frequent-buyers', buyer.email))
    expect(byEmail.customer_id).toBe(buyer.customer_id)
    expect(byEmail.explanation.kind).toBe('and')
    expect(byEmail.explanation.children?.map((c) => c.kind)).toEqual(['segment', 'segment'])
    expect(byEmail.explanation.children?.[0]?.segment).toEqual({ id: 'tier1-cities', name: '一线城市客户' })
    expect(byEmail.explanation.children?.[0]?.children?.[0]?.actual).toBe(buyer.city_tier)
    const missing = await explainSegment(p, 'tier1-cities', 'nobody@nowhere')
    expect(missing.ok || missing.error.tag).toBe('NotFound')
  })

  it('offers valid templates on all five bases', () => {
    const templates = segmentTemplates()
    expect(new Set(templates.map((x) => x.key)).size).toBe(templates.length)
    expect(new Set(templates.map((x) => x.basis))).toEqual(new Set(SEGMENT_BASES))
    for (const x of templates) {
      expect(parseSegmentRule(x.rule).ok, x.key).toBe(true)
      expect(x.name_zh && x.name_en && x.description_zh && x.description_en, x.key).toBeTruthy()
    }
  })

  it('lists the fields with the values found in the data', async () => {
    const f = await segmentFields(p)
    expect(f.traits.find((x) => x.field === 'city_tier')?.values).toEqual(expect.arrayContaining(['tier1', 'new_tier1']))
    expect(f.traits.find((x) => x.field === 'traits.lifestyle')?.values.sort()).toEqual([
      '健康运动',
      '品质生活',
      '家庭优先',
      '潮流尝鲜',
      '精打细算',
    ])
    expect(f.behaviors.map((b) => b.behavior)).toEqual(['orders', 'order_lines', 'events'])
    expect(f.events).toContain('Product Added')
    expect(f.scores.find((s) => s.field === 'clv')).toMatchObject({ type: 'number', available: false })
    // encrypted personal fields offer only what their blind index can answer
    expect(f.traits.find((x) => x.field === 'email')?.operators).toEqual(['exists', 'eq', 'neq', 'in', 'nin'])
    expect(f.traits.find((x) => x.field === 'city')?.operators).toBeUndefined()
  })
})
