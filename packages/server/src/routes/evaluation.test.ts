import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { SegmentEvaluationResponse } from '@portrait/core'
import { Portrait, evaluateSegments, seedDemo } from '@portrait/platform'
import { serverWithKey } from '../testing.js'

describe('segment evaluation API', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-server-eval-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 9, customers: 300, endDate: new Date('2026-10-31T00:00:00Z') })
    app = await serverWithKey({ portrait })
  }, 180_000)
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const post = (payload: unknown) => app.inject({ method: 'POST', url: '/api/v1/segments/evaluate', payload: payload as object })

  it('evaluates every segment, the same as the service', async () => {
    const r = await post({})
    expect(r.statusCode).toBe(200)
    const body = r.json<SegmentEvaluationResponse>()
    const direct = await evaluateSegments(portrait)
    if (!direct.ok) throw new Error(direct.error.message)
    expect(body.segments).toEqual(direct.value.segments)
    expect(body.ranking.map((x) => x.id)).toEqual(direct.value.ranking.map((x) => x.id))
    expect(body.segments.map((s) => s.id)).toContain('tier1-cities')
    // the window ends at the latest order or event of the demo history, which ends on 31 October
    expect(body.window.days).toBe(90)
    expect(body.window.to?.slice(0, 7)).toBe('2026-10')
  })

  it('takes ids, weights and a window', async () => {
    const r = await post({ ids: ['tier1-cities', 'new-tier1-cities'], weights: { size: 3 }, window_days: 30 })
    expect(r.statusCode).toBe(200)
    const body = r.json<SegmentEvaluationResponse>()
    expect(body.overlap.ids).toEqual(['tier1-cities', 'new-tier1-cities'])
    // a customer lives in one city tier
    expect(body.overlap.counts[0]?.[1]).toBe(0)
    expect(body.weights.size).toBe(3)
    expect(body.window.days).toBe(30)
  })

  it('answers 400 for bad weights and 404 for an unknown segment', async () => {
    const unknown = await post({ weights: { sise: 1 } })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toMatch(/sise/)
    const negative = await post({ weights: { size: -2 } })
    expect(negative.statusCode).toBe(400)
    const missing = await post({ ids: ['no-such-segment'] })
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toMatchObject({ error: { message: "no segment 'no-such-segment'" } })
  })

  it('is in the OpenAPI document', async () => {
    const doc = (await app.inject('/api/openapi.json')).json<{ paths: Record<string, unknown> }>()
    expect(Object.keys(doc.paths)).toContain('/api/v1/segments/evaluate')
  })
})
