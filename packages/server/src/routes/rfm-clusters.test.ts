import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { ClusterPoints, ClusterResult, RfmResult } from '@portrait/core'
import { Portrait, seedDemo } from '@portrait/platform'
import { serverWithKey } from '../testing.js'

describe('RFM and clustering API', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-rfm-api-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 11, customers: 400, endDate: new Date('2026-09-30T00:00:00Z') })
    app = await serverWithKey({ portrait })
  }, 180_000)
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers 404 before the first runs', async () => {
    const rfm = await app.inject('/api/v1/rfm')
    expect(rfm.statusCode).toBe(404)
    expect(rfm.json().error.message).toMatch(/RFM has not been computed/)
    expect((await app.inject('/api/v1/clusters')).statusCode).toBe(404)
  })

  it('runs RFM, stores the scores, and serves the same summary from GET', async () => {
    const run = await app.inject({ method: 'POST', url: '/api/v1/rfm', payload: { bins: 4, asOf: '2026-09-01', threshold: 'median' } })
    expect(run.statusCode).toBe(200)
    const body = run.json<RfmResult>()
    expect(body).toMatchObject({ asOf: '2026-09-01', bins: 4, threshold: 'median' })
    expect(body.classes).toHaveLength(8)
    expect(body.classes.reduce((s, c) => s + c.count, 0)).toBe(body.customers)
    expect(body.heatmap.counts).toHaveLength(4)
    const stored = await portrait.store.scores.list(portrait.workspaceId, 'rfm')
    expect(stored).toHaveLength(body.customers)
    expect(body.customers + body.unscored).toBe(await portrait.countCustomers())
    const one = stored[0]?.value as { r: number; segment: string }
    expect(one.r).toBeGreaterThanOrEqual(1)
    expect(body.classes.map((c) => c.key)).toContain(one.segment)

    const latest = await app.inject('/api/v1/rfm')
    expect(latest.statusCode).toBe(200)
    expect(latest.json()).toEqual(body)
  })

  it('rejects bad RFM requests with 400 and the problem named', async () => {
    const bins = await app.inject({ method: 'POST', url: '/api/v1/rfm', payload: { bins: 1 } })
    expect(bins.statusCode).toBe(400)
    expect(bins.json().error.message).toMatch(/bins/)
    const date = await app.inject({ method: 'POST', url: '/api/v1/rfm', payload: { asOf: '2026-02-30' } })
    expect(date.statusCode).toBe(400)
    expect(date.json().error).toMatchObject({
      code: 'INVALID_INPUT',
      message: "as-of date '2026-02-30' is not a date; use YYYY-MM-DD, e.g. 2011-12-10",
    })
    const threshold = await app.inject({ method: 'POST', url: '/api/v1/rfm', payload: { threshold: 'average' } })
    expect(threshold.statusCode).toBe(400)
  })

  it('runs a clustering with auto k, then serves it, its features and scatter points', async () => {
    const run = await app.inject({
      method: 'POST',
      url: '/api/v1/clusters',
      payload: { features: ['recency_days', 'frequency', 'monetary', 'gender'], k: 'auto', seed: 3, scale: 'z', restarts: 5 },
    })
    expect(run.statusCode).toBe(200)
    const body = run.json<ClusterResult>()
    expect(body.curve?.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(body.sizes.reduce((a, b) => a + b, 0)).toBe(body.n)
    expect(body.columns.slice(0, 3)).toEqual(['recency_days', 'frequency', 'monetary'])
    expect(body.columns.some((c) => c.startsWith('gender='))).toBe(true)
    expect(body.centroids).toHaveLength(body.k)

    const latest = await app.inject('/api/v1/clusters')
    expect(latest.json()).toEqual(body)
    const features = await app.inject('/api/v1/clusters/features')
    expect(features.json().numeric).toContain('monetary')
    expect(features.json().categorical).toContain('city_tier')

    const points = await app.inject('/api/v1/clusters/points?x=frequency&y=monetary&limit=50')
    expect(points.statusCode).toBe(200)
    const p = points.json<ClusterPoints>()
    expect(p.total).toBe(body.n)
    expect(p.points.length).toBeLessThanOrEqual(50)
    expect(p.points.every(([, , c]) => c >= 0 && c < body.k)).toBe(true)
  })

  it('rejects bad clustering requests: 400 for bad input, 422 for data that cannot be clustered', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/clusters', payload: { features: ['spend'] } })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().error.message).toMatch(/unknown feature 'spend'; numeric features: recency_days/)
    const k = await app.inject({ method: 'POST', url: '/api/v1/clusters', payload: { k: 1 } })
    expect(k.statusCode).toBe(400)
    const points = await app.inject('/api/v1/clusters/points?x=gender&y=monetary')
    expect(points.statusCode).toBe(400)
    // One-hot gender gives only a few distinct points: ten clusters cannot be formed from them.
    const tooMany = await app.inject({ method: 'POST', url: '/api/v1/clusters', payload: { features: ['gender'], k: 10 } })
    expect(tooMany.statusCode).toBe(422)
    expect(tooMany.json().error.code).toBe('DEGENERATE_DATA')
  })

  it('lists the endpoints in the OpenAPI document', async () => {
    const doc = (await app.inject('/api/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/rfm', '/api/v1/clusters', '/api/v1/clusters/features', '/api/v1/clusters/points']),
    )
  })
})
