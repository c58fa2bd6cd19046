import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { Portrait, seedDemo } from '@portrait/platform'
import { serverWithKey } from '../testing.js'

describe('segments API', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-server-seg-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 9, customers: 300, endDate: new Date('2026-10-31T00:00:00Z') })
    app = await serverWithKey({ portrait })
  }, 180_000)
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, payload: payload as object })

  it('lists segments with sizes, shares and trends', async () => {
    const r = await app.inject('/api/v1/segments')
    expect(r.statusCode).toBe(200)
    const body = r.json()
    const tier1 = body.items.find((s: { id: string }) => s.id === 'tier1-cities')
    expect(tier1).toMatchObject({ name: '一线城市客户', basis: 'geographic', rule: { trait: 'city_tier', op: 'eq', value: 'tier1' } })
    expect(tier1.share).toBeCloseTo(tier1.size / body.customers, 10)
    expect(tier1.trend.length).toBe(13)
  })

  it('counts an unsaved rule, the same as a saved one', async () => {
    const rule = {
      and: [
        { trait: 'gender', op: 'eq', value: 'female' },
        { behavior: 'orders', measure: 'count', op: 'gte', value: 2 },
      ],
    }
    const count = await post('/api/v1/segments/count', { rule })
    expect(count.statusCode).toBe(200)
    const created = await post('/api/v1/segments', { name: '复购女性', basis: 'behavioral', rule })
    expect(created.statusCode).toBe(201)
    const segment = created.json()
    expect(segment.id).toMatch(/^seg-[0-9a-f]{8}$/)
    expect(segment).toMatchObject({ name: '复购女性', size: count.json().size, revenue: count.json().revenue })
    const members = await app.inject(`/api/v1/segments/${segment.id}/members?limit=5&sort=orders&order=desc`)
    expect(members.statusCode).toBe(200)
    expect(members.json().total).toBe(segment.size)
    expect(members.json().items[0].orders).toBeGreaterThanOrEqual(2)
  })

  it('answers 400 with the JSON path of a bad rule', async () => {
    const bad = await post('/api/v1/segments', {
      name: 'bad',
      rule: {
        and: [
          { trait: 'age', op: 'gte', value: 30 },
          { trait: 'age', op: 'equals', value: 40 },
        ],
      },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toEqual({
      error: {
        code: 'INVALID_INPUT',
        message: "and[1].op: unknown operator 'equals' (known: eq, neq, in, nin, gt, gte, lt, lte, between, contains, exists)",
        details: {
          issues: [
            {
              path: 'and[1].op',
              message: "unknown operator 'equals' (known: eq, neq, in, nin, gt, gte, lt, lte, between, contains, exists)",
            },
          ],
        },
      },
    })
    const field = await post('/api/v1/segments/count', { rule: { score: 'ltv', op: 'gt', value: 1 } })
    expect(field.statusCode).toBe(400)
    expect(field.json().error.message).toBe(
      "score: unknown score 'ltv' (known: rfm.r, rfm.f, rfm.m, rfm.segment, cluster, clv, p_alive, churn_risk, lead_score, stage)",
    )
    expect((await post('/api/v1/segments', { rule: { trait: 'age', op: 'gt', value: 1 } })).statusCode).toBe(400)
    const cycle = await post('/api/v1/segments/count', { rule: { segment: 'tier1-frequent-buyers' }, segment_id: 'tier1-cities' })
    expect(cycle.statusCode).toBe(400)
    expect(cycle.json().error.message).toBe(
      "segment: in segment 'tier1-frequent-buyers': and[0].segment: segments refer to each other in a cycle: tier1-cities → tier1-frequent-buyers → tier1-cities",
    )
    expect((await post('/api/v1/segments/count', {})).statusCode).toBe(400)
  })

  it('shows, edits, snapshots, explains, exports and deletes', async () => {
    const created = (await post('/api/v1/segments', { id: 'api-young', name: 'Young', rule: { trait: 'age', op: 'lt', value: 30 } })).json()
    const one = await app.inject('/api/v1/segments/api-young')
    expect(one.json()).toMatchObject({ id: 'api-young', size: created.size })
    const patched = await app.inject({
      method: 'PATCH',
      url: '/api/v1/segments/api-young',
      payload: { rule: { trait: 'age', op: 'lt', value: 25 }, description: 'under 25' },
    })
    expect(patched.statusCode).toBe(200)
    expect(patched.json()).toMatchObject({ name: 'Young', description: 'under 25' })
    expect(patched.json().size).toBeLessThanOrEqual(created.size)
    const badPatch = await app.inject({
      method: 'PATCH',
      url: '/api/v1/segments/api-young',
      payload: { rule: { not: { segment: 'api-young' } } },
    })
    expect(badPatch.statusCode).toBe(400)
    expect(badPatch.json().error.message).toBe('not.segment: segments refer to each other in a cycle: api-young → api-young')

    const snapshots = await app.inject('/api/v1/segments/api-young/snapshots')
    expect(snapshots.json().items.map((s: { size: number }) => s.size)).toEqual([created.size, created.size, patched.json().size])

    const member = (await app.inject('/api/v1/segments/api-young/members?limit=1')).json().items[0]
    const explain = await app.inject(`/api/v1/segments/api-young/explain/${encodeURIComponent(member.customer_id)}`)
    expect(explain.statusCode).toBe(200)
    expect(explain.json()).toMatchObject({
      member: true,
      explanation: { kind: 'trait', met: true, actual: member.age, description: 'age < 25' },
    })
    expect((await app.inject('/api/v1/segments/api-young/explain/nobody')).statusCode).toBe(404)

    const csv = await app.inject('/api/v1/segments/api-young/members.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    expect(csv.headers['content-disposition']).toBe('attachment; filename="segment-api-young.csv"')
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n')
    expect(lines[0]).toBe('customer_id,name,email,phone,gender,age,age_band,city,city_tier,country,source,orders,revenue,last_order_at')
    expect(lines).toHaveLength(patched.json().size + 1)

    const del = await app.inject({ method: 'DELETE', url: '/api/v1/segments/api-young' })
    expect(del.json()).toEqual({ deleted: 'api-young' })
    expect((await app.inject('/api/v1/segments/api-young')).statusCode).toBe(404)
    expect((await app.inject({ method: 'DELETE', url: '/api/v1/segments/tier1-cities' })).statusCode).toBe(409)
  })

  it('offers templates and the field catalogue', async () => {
    const templates = (await app.inject('/api/v1/segments/templates')).json().items
    expect(templates.length).toBeGreaterThanOrEqual(10)
    expect(new Set(templates.map((t: { basis: string }) => t.basis)).size).toBe(5)
    const fields = (await app.inject('/api/v1/segments/fields')).json()
    expect(fields.traits.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['age', 'city_tier', 'traits.lifestyle']))
    expect(fields.operators_by_type.number).toContain('between')
  })

  it('documents every segment endpoint and the rule schema in OpenAPI', async () => {
    const doc = (await app.inject('/api/openapi.json')).json()
    const paths = Object.keys(doc.paths).filter((p) => p.startsWith('/api/v1/segments'))
    expect(paths.sort()).toEqual(
      [
        '/api/v1/segments',
        '/api/v1/segments/count',
        '/api/v1/segments/evaluate',
        '/api/v1/segments/fields',
        '/api/v1/segments/templates',
        '/api/v1/segments/{id}',
        '/api/v1/segments/{id}/explain/{customer}',
        '/api/v1/segments/{id}/members',
        '/api/v1/segments/{id}/members.csv',
        '/api/v1/segments/{id}/snapshots',
      ].sort(),
    )
    const rule = doc.components.schemas.SegmentRule
    expect(JSON.stringify(rule)).toContain('behavior')
    expect(JSON.stringify(rule)).toContain('within')
  })
})
