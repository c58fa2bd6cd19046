import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ClvCustomersResponse, ClvFitReport, ClvHoldoutResponse, ClvOverview, ClvPredictResponse } from '@portrait/core'
import { Portrait } from '@portrait/platform'
import { serverWithKey } from '../testing.js'

const SAMPLE = fileURLToPath(new URL('../../../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url))

describe('CLV API on CDNOW imported as orders', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-clv-api-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    const lines = ['order_id,customer_id,ordered_at,amount']
    readFileSync(SAMPLE, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .forEach((l, i) => {
        const [, id = '', d = '', , amount = ''] = l.trim().split(/\s+/)
        lines.push(`O${i + 1},${Number(id)},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${amount}`)
      })
    const file = join(dir, 'orders.csv')
    writeFileSync(file, lines.join('\n'))
    const imported = await portrait.import('orders', file, { source: 'cdnow' })
    if (!imported.ok) throw new Error(imported.error.message)
    app = await serverWithKey({ portrait })
  })
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('shows the purchase history and no fit before the first one; customers answer 404', async () => {
    const r = await app.inject('/api/v1/clv')
    expect(r.statusCode).toBe(200)
    expect(r.json<ClvOverview>()).toEqual({
      fit: null,
      scores: null,
      history: { buyers: 2357, purchases: 6919, firstPurchase: '1997-01-01', lastPurchase: '1998-06-30' },
    })
    const customers = await app.inject('/api/v1/clv/customers')
    expect(customers.statusCode).toBe(404)
    expect(customers.json().error.message).toMatch(/no CLV scores yet/)
  })

  it('fits on the calibration period, reproducing Fader, Hardie & Lee, and serves the fit from GET', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/clv/fit', payload: { calibrationEnd: '1997-09-30', unit: 'week' } })
    expect(r.statusCode).toBe(200)
    const fit = r.json<ClvFitReport>()
    expect([fit.params.r, fit.params.alpha, fit.params.a, fit.params.b].map((v) => v.toPrecision(3))).toEqual([
      '0.243',
      '4.41',
      '0.793',
      '2.43',
    ])
    expect([fit.spend?.params.p, fit.spend?.params.q].map((v) => v?.toFixed(2))).toEqual(['6.25', '3.74'])
    expect(fit.holdout?.actualTotal).toBe(1882)
    const latest = (await app.inject('/api/v1/clv')).json<ClvOverview>()
    expect(latest.fit).toEqual(fit)
    // Without a calibration end the whole history is fitted.
    const whole = await app.inject({ method: 'POST', url: '/api/v1/clv/fit', payload: {} })
    expect(whole.statusCode).toBe(200)
    expect(whole.json<ClvFitReport>()).toMatchObject({ calibrationEnd: '1998-06-30', unit: 'week' })
    expect(whole.json<ClvFitReport>().holdout).toBeUndefined()
  })

  it('runs the holdout check on request', async () => {
    const r = await app.inject('/api/v1/clv/holdout?calibrationEnd=1997-09-30')
    expect(r.statusCode).toBe(200)
    const check = r.json<ClvHoldoutResponse>()
    expect(check.holdout).toMatchObject({ calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', actualTotal: 1882, duration: 39 })
    expect(check.holdout.byFrequency.map((b) => b.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64])
    expect(check.holdout.tracking.at(-1)?.actual).toBe(2457 + 1882)
    expect((await app.inject('/api/v1/clv/holdout')).statusCode).toBe(400)
    expect((await app.inject('/api/v1/clv/holdout?calibrationEnd=1997-13-01')).statusCode).toBe(400)
    const none = await app.inject('/api/v1/clv/holdout?calibrationEnd=1998-06-30')
    expect(none.statusCode).toBe(400)
    expect(none.json().error.message).toMatch(/no purchases after the calibration end/)
  })

  it('scores every buyer, then lists the top and the at-risk valuable customers', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/v1/clv/predict', payload: { horizon: 26, discount: 0.002 } })
    expect(r.statusCode).toBe(200)
    const body = r.json<ClvPredictResponse>()
    expect(body.scores).toMatchObject({ n: 2357, horizon: 26, discount: 0.002, unit: 'week', asOf: '1998-06-30' })
    expect((await portrait.store.scores.list(portrait.workspaceId, 'clv')).length).toBe(2357)
    const overview = (await app.inject('/api/v1/clv')).json<ClvOverview>()
    expect(overview.scores).toEqual(body.scores)

    const top = (await app.inject('/api/v1/clv/customers?sort=clv&limit=5')).json<ClvCustomersResponse>()
    expect(top.items).toHaveLength(5)
    expect(top.atRiskRule).toBeNull()
    const best = top.items[0]
    if (!best) throw new Error('no customers')
    expect(best.clv).toBeCloseTo(
      Math.max(...(await portrait.store.scores.list(portrait.workspaceId, 'clv')).map((s) => Number(s.value.clv))),
      9,
    )
    const profile = await app.inject(`/api/v1/customers/${best.customer_id}`)
    expect(profile.json().scores.clv.clv).toBeCloseTo(best.clv, 9)

    const atRisk = (await app.inject('/api/v1/clv/customers?atRisk=true&limit=50')).json<ClvCustomersResponse>()
    expect(atRisk.atRiskRule).toMatchObject({ maxPAlive: 0.5 })
    expect(atRisk.items.length).toBeGreaterThan(0)
    for (const c of atRisk.items) expect(c.p_alive).toBeLessThan(0.5)
    const lowest = (await app.inject('/api/v1/clv/customers?sort=p_alive&order=asc&limit=3')).json<ClvCustomersResponse>()
    expect(lowest.items[0]?.p_alive).toBeLessThanOrEqual(lowest.items[2]?.p_alive ?? 0)

    expect((await app.inject({ method: 'POST', url: '/api/v1/clv/predict', payload: { horizon: 0 } })).statusCode).toBe(400)
    expect((await app.inject('/api/v1/clv/customers?sort=revenue')).statusCode).toBe(400)
  })

  it('documents the endpoints in OpenAPI', async () => {
    const spec = (await app.inject('/api/openapi.json')).json<{ paths: Record<string, unknown> }>()
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/clv', '/api/v1/clv/fit', '/api/v1/clv/predict', '/api/v1/clv/holdout', '/api/v1/clv/customers']),
    )
  })
})

describe('CLV API on a workspace without repeat buyers', () => {
  it('answers 422 with the reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portrait-clv-api-empty-'))
    const portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    const app = await serverWithKey({ portrait })
    try {
      const file = join(dir, 'orders.csv')
      writeFileSync(file, 'order_id,customer_id,ordered_at,amount\nO1,A,2024-01-03,10\nO2,B,2024-02-03,12\nO3,C,2024-03-01,9\n')
      const imported = await portrait.import('orders', file)
      expect(imported.ok).toBe(true)
      const r = await app.inject({ method: 'POST', url: '/api/v1/clv/predict', payload: {} })
      expect(r.statusCode).toBe(422)
      expect(r.json().error).toMatchObject({ code: 'DEGENERATE_DATA' })
      expect(r.json().error.message).toMatch(/no customer made a repeat purchase/)
    } finally {
      await app.close()
      await portrait.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
