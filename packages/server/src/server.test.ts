import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { Portrait } from '@portrait/platform'
import { serverWithKey } from './testing.js'

describe('HTTP API', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-server-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    const web = join(dir, 'web')
    mkdirSync(web)
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Portrait</title><div id="root"></div>')
    app = await serverWithKey({ portrait, webDir: web, version: '9.9.9' })
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers?source=crm&filename=c.csv',
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'customer_id,name,email,city\nA1,Ann,ann@x.com,上海\nA2,Bob,bad-email,北京\n',
    })
    expect(r.statusCode, r.body).toBe(200)
  })
  afterAll(async () => {
    await app.close()
    await portrait.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reports health', async () => {
    const r = await app.inject('/api/health')
    expect(r.json()).toMatchObject({ status: 'ok', version: '9.9.9', engine: 'duckdb', workspace: 'default' })
  })

  it('imports an uploaded file and reports rejected rows', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers?filename=more.csv',
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'customer_id,email\nA3,a3@x.com\nA4,nope\n',
    })
    expect(r.statusCode).toBe(200)
    expect(r.json()).toMatchObject({ imported: 1, rejected: 1, errors: [{ line: 3, reason: "malformed email 'nope'" }] })
  })

  it('lists, searches and gets customers', async () => {
    const list = await app.inject('/api/v1/customers?limit=10&sort=customer_id&order=asc')
    expect(list.statusCode).toBe(200)
    expect(list.json().items.map((c: { customer_id: string }) => c.customer_id)).toEqual(['A1', 'A3'])
    const search = await app.inject('/api/v1/customers?q=ann')
    expect(search.json()).toMatchObject({ total: 1, items: [{ customer_id: 'A1', city: '上海', city_tier: 'tier1' }] })
    const one = await app.inject('/api/v1/customers/ann@x.com')
    expect(one.json()).toMatchObject({ customer_id: 'A1', sources: ['crm'] })
  })

  it('answers errors as JSON with a code, never a stack trace', async () => {
    const missing = await app.inject('/api/v1/customers/nobody')
    expect(missing.statusCode).toBe(404)
    expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: "no customer with id or identity 'nobody'" } })
    const bad = await app.inject('/api/v1/customers?limit=9999')
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('INVALID_INPUT')
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/)
    const kind = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/planets',
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'x',
    })
    expect(kind.statusCode).toBe(400)
    const empty = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { 'content-type': 'application/octet-stream' },
      payload: '',
    })
    expect(empty.statusCode).toBe(400)
    expect(empty.json().error.code).toBe('EMPTY_INPUT')
    const noRoute = await app.inject('/api/v1/nothing')
    expect(noRoute.statusCode).toBe(404)
    expect(noRoute.json().error.code).toBe('NOT_FOUND')
  })

  it('serves the OpenAPI document and the web app with history fallback', async () => {
    const doc = await app.inject('/api/openapi.json')
    expect(doc.statusCode).toBe(200)
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining(['/api/v1/customers', '/api/v1/customers/{id}', '/api/v1/imports/{kind}', '/api/v1/merges']),
    )
    expect((await app.inject('/api/docs')).statusCode).toBeLessThan(400)
    for (const path of ['/', '/customers', '/customers/A1', '/import']) {
      const r = await app.inject(path)
      expect(r.statusCode).toBe(200)
      expect(r.body).toContain('<div id="root">')
    }
    expect((await app.inject('/assets/missing.js')).statusCode).toBe(404)
  })

  it('undoes merges over HTTP', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers?source=shop&filename=s.csv',
      headers: { 'content-type': 'application/octet-stream' },
      payload: 'customer_id,email\nS-1,ANN@x.com\n',
    })
    const merges = (await app.inject('/api/v1/merges')).json().items
    expect(merges).toHaveLength(1)
    const undo = await app.inject({ method: 'POST', url: `/api/v1/merges/${merges[0].merge_id}/undo` })
    expect(undo.json()).toMatchObject({ restored_customer_id: 'S-1', kept_customer_id: 'A1' })
    const again = await app.inject({ method: 'POST', url: `/api/v1/merges/${merges[0].merge_id}/undo` })
    expect(again.statusCode).toBe(409)
  })
})
