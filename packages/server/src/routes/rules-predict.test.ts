import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { Portrait, seedDemo } from '@portrait/platform'
import { serverWithKey } from '../testing.js'

describe('rules and predict API', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-rules-api-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    app = await serverWithKey({ portrait })
    // Before any data: clear answers, not crashes.
    const none = await app.inject({ method: 'POST', url: '/api/v1/rules', payload: { minSupport: 0.01, minConfidence: 0.1 } })
    expect(none.statusCode).toBe(422)
    expect(none.json().error).toMatchObject({
      code: 'DEGENERATE_DATA',
      message: 'there are no orders with items to mine: import order lines first',
    })
    await seedDemo(portrait, { seed: 13, customers: 1200, endDate: new Date('2026-10-31T00:00:00Z') })
  }, 120_000)
  afterAll(async () => {
    await app.close()
    await portrait.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('mines rules, keeps the latest run and lists cross-sell offers', async () => {
    expect((await app.inject('/api/v1/rules')).statusCode).toBe(404)
    const r = await app.inject({ method: 'POST', url: '/api/v1/rules', payload: { minSupport: 0.002, minConfidence: 0.1, maxLen: 3 } })
    expect(r.statusCode).toBe(200)
    const run = r.json()
    expect(run.params).toEqual({
      minSupport: 0.002,
      minConfidence: 0.1,
      minLen: 2,
      maxLen: 3,
      rhsMax: 1,
      level: 'sku',
      segment: null,
      sort: 'lift',
      limit: null,
    })
    expect(run.count).toBe(run.rules.length)
    expect(
      run.rules.find((rule: { lhs: string[]; rhs: string[] }) => rule.lhs.join() === 'MY-1001' && rule.rhs.join() === 'MY-1002').lift,
    ).toBeGreaterThan(1)
    expect(run.items['MY-1002'].category).toBe('母婴用品')
    const latest = await app.inject('/api/v1/rules')
    expect(latest.json()).toEqual(run)

    const all = (await app.inject('/api/v1/rules/cross-sell?limit=3')).json()
    expect(all.items.length).toBeGreaterThan(3)
    expect(all.items.every((entry: { offers: unknown[] }) => entry.offers.length >= 1 && entry.offers.length <= 3)).toBe(true)
    const cat = (await app.inject('/api/v1/rules/cross-sell?item=CW-1001')).json()
    expect(cat.items).toHaveLength(1)
    expect(cat.items[0].offers[0]).toMatchObject({ item: 'CW-1002' })
    expect(cat.items[0].offers[0].name).toMatch(/猫砂/)
    expect((await app.inject('/api/v1/rules/cross-sell?item=NOPE')).statusCode).toBe(404)
  })

  it('answers bad parameters with 400 and a message naming them', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/rules', payload: { minSupport: 2, minConfidence: 0.1 } })
    expect(r.statusCode).toBe(400)
    expect(r.json().error.message).toMatch(/minSupport/)
    const level = await app.inject({
      method: 'POST',
      url: '/api/v1/rules',
      payload: { minSupport: 0.01, minConfidence: 0.1, level: 'brand' },
    })
    expect(level.statusCode).toBe(400)
    const rhs = await app.inject({
      method: 'POST',
      url: '/api/v1/rules',
      payload: { minSupport: 0.01, minConfidence: 0.1, maxLen: 2, rhsMax: 2 },
    })
    expect(rhs.statusCode).toBe(400)
    expect(rhs.json().error.message).toMatch(/right-hand side may have 1 to 1 items/)
    const window = await app.inject({
      method: 'POST',
      url: '/api/v1/predict/train',
      payload: { label: 'churn', horizon: 90, cutoff: '2026-10-01' },
    })
    expect(window.statusCode).toBe(400)
    expect(window.json().error.message).toMatch(/after the data/)
  })

  it('trains, reports and scores a churn model', async () => {
    expect((await app.inject('/api/v1/predict')).json()).toEqual({ model: null, scoring: null })
    const train = await app.inject({ method: 'POST', url: '/api/v1/predict/train', payload: { label: 'churn', horizon: 90 } })
    expect(train.statusCode).toBe(200)
    const model = train.json()
    expect(model.auc).toBeGreaterThan(0.7)
    expect(model.gains).toHaveLength(10)
    expect(model.coefficients.length).toBeGreaterThan(10)
    expect((await app.inject('/api/v1/predict?label=churn')).json()).toEqual({ model, scoring: null })

    const score = await app.inject({ method: 'POST', url: '/api/v1/predict/score', payload: { label: 'churn', horizon: 90 } })
    expect(score.statusCode).toBe(200)
    const scoring = score.json()
    expect(scoring.written).toBe((await portrait.store.scores.list(portrait.workspaceId, 'churn')).length)
    expect(scoring.top).toHaveLength(20)
    const latest = (await app.inject('/api/v1/predict')).json()
    expect(latest.scoring).toEqual(scoring)
    expect(latest.model.auc).toBeCloseTo(model.auc, 12)
    const profile = (await app.inject(`/api/v1/customers/${encodeURIComponent(scoring.top[0].customer_id)}`)).json()
    expect(profile.scores.churn.probability).toBeCloseTo(scoring.top[0].probability, 12)
  })
})
