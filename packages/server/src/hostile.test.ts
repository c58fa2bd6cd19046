import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { Portrait, seedDemo } from '@portrait/platform'
import { serverWithKey } from './testing.js'

/**
 * Every route of the API, found in its own OpenAPI document, is fed hostile path parameters,
 * query strings and JSON bodies. The server must answer each with a normal answer or a JSON error
 * with a code — never a 500, never a stack trace — and the database must be intact afterwards.
 */

const LONG = 'x'.repeat(100_000)
const HOSTILE_STRINGS = [
  "' OR '1'='1",
  "'; DROP TABLE customers; --",
  '" OR ""="',
  '1; SELECT * FROM customers',
  "tier1' UNION SELECT customer_id, email FROM customers --",
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '__proto__',
  'constructor',
  '{{7*7}}${7*7}',
  '-1',
  '0',
  '1e308',
  '99999999999999999999999999999999',
  'NaN',
  'Infinity',
  'null',
  'true',
  '',
  '\u0000\u0001\u001f',
  '客户\u202Eevil',
  LONG,
]
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  -1,
  0,
  1e308,
  -1e308,
  2 ** 53 + 1,
  Number.MIN_VALUE,
  '',
  LONG,
  "' OR 1=1 --",
  "x'); DELETE FROM segments; --",
  [],
  [null, 1, 'a', {}],
  {},
  { nested: { deeper: ['x'] } },
  { $gt: '' },
]
/** Bodies sent as raw JSON text, so keys like `__proto__` reach the server literally. */
const HOSTILE_RAW_BODIES = [
  '{"__proto__":{"polluted":"yes"}}',
  '{"constructor":{"prototype":{"polluted":"yes"}}}',
  '{"rule":{"__proto__":{"polluted":"yes"},"trait":"age","op":"gt","value":1}}',
  '{',
  '[]',
  'null',
  '"a string"',
  '12345678901234567890',
  '{"a":' + '['.repeat(5000) + ']'.repeat(5000) + '}',
  '{"name":"' + 'y'.repeat(900_000) + '"}',
  '{"name":"' + 'z'.repeat(1_200_000) + '"}',
]
const RULES: unknown[] = [
  { trait: "city'; DROP TABLE customers; --", op: 'eq', value: 'x' },
  { trait: 'city', op: 'eq', value: "' OR '1'='1" },
  { trait: 'city', op: 'in', value: ["' OR '1'='1", null, 1e308] },
  { trait: 'age', op: 'between', value: ['1; DROP TABLE orders', 'x'] },
  { trait: 'age', op: 'gt', value: { __proto__: null, a: 1 } },
  { behavior: "orders' OR 1=1", op: 'gte', value: 1 },
  { score: 'rfm.segment', op: 'contains', value: "%' OR '%'='" },
  { segment: "x' OR '1'='1" },
  { and: Array.from({ length: 300 }, () => ({ trait: 'age', op: 'gt', value: 1 })) },
  JSON.parse('{"not":'.repeat(200) + '{"trait":"age","op":"gt","value":1}' + '}'.repeat(200)) as unknown,
]

interface Operation {
  readonly method: string
  readonly path: string
  readonly query: readonly string[]
  readonly pathParams: readonly string[]
  readonly bodyProps: readonly string[] | null
}

function operations(doc: {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string }[]; requestBody?: unknown }>>
}): Operation[] {
  const out: Operation[] = []
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? []
      const body = op.requestBody as { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } | undefined
      const schema = body?.content?.['application/json']?.schema
      out.push({
        method: method.toUpperCase(),
        path,
        query: params.filter((p) => p.in === 'query').map((p) => p.name),
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        bodyProps: body ? Object.keys(schema?.properties ?? {}) : null,
      })
    }
  }
  return out
}

const STACK = /\n\s+at |node_modules|\.[jt]s:\d+:\d+/

describe('hostile HTTP input', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  let ops: Operation[]
  let customersBefore: string[]
  let ordersBefore: number
  const failures: string[] = []
  const statuses = new Map<number, number>()

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-hostile-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 11, customers: 120, endDate: new Date('2026-06-30T00:00:00Z') })
    app = await serverWithKey({ portrait, rateLimits: false })
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { id: 'canary', name: 'Canary', rule: { trait: 'age', op: 'gte', value: 0 } },
    })
    expect(created.statusCode).toBe(201)
    // Hostile requests to the routes of one segment go to this one; the canary above is never a target.
    const target = await app.inject({
      method: 'POST',
      url: '/api/v1/segments',
      payload: { id: 'target', name: 'Target', rule: { trait: 'age', op: 'lt', value: 200 } },
    })
    expect(target.statusCode).toBe(201)
    ops = operations((await app.inject('/api/openapi.json')).json())
    customersBefore = (await portrait.listCustomers({ limit: 500, sort: 'customer_id', order: 'asc' })).items.map((c) => c.customer_id)
    ordersBefore = (await portrait.overview()).orders
  }, 180_000)

  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  /** Records a failure (rather than throwing) so that one run lists every bad answer. */
  const check = (label: string, r: LightMyRequestResponse): void => {
    statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1)
    const text = r.body
    const type = String(r.headers['content-type'] ?? '')
    if (r.statusCode >= 500) failures.push(`${label}: ${r.statusCode} ${text.slice(0, 300)}`)
    else if (STACK.test(text.slice(0, 20_000)) && type.includes('json') && r.statusCode >= 400)
      failures.push(`${label}: stack trace in ${text.slice(0, 300)}`)
    else if (r.statusCode >= 400) {
      let body: { error?: { code?: unknown; message?: unknown } } | null = null
      try {
        body = r.json()
      } catch {
        failures.push(`${label}: ${r.statusCode} is not JSON: ${text.slice(0, 200)}`)
        return
      }
      if (typeof body?.error?.code !== 'string' || typeof body.error.message !== 'string' || body.error.message === '')
        failures.push(`${label}: ${r.statusCode} without an error code and message: ${text.slice(0, 200)}`)
    } else if (!type.includes('json') && !type.includes('csv')) failures.push(`${label}: ${r.statusCode} answered ${type}`)
  }

  const fill = (path: string, value: string): string => path.replace(/\{[^}]+\}/g, () => encodeURIComponent(value))
  /** A harmless value for the path parameters not under test. */
  const plain = (op: Operation): string => (op.path.includes('imports') ? '/api/v1/imports/costs' : fill(op.path, 'target'))

  beforeEach(() => {
    failures.length = 0
  })

  it('lists the API routes from the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(30)
    expect(ops.some((o) => o.method === 'POST' && o.path === '/api/v1/segments')).toBe(true)
  })

  it('answers hostile path parameters', async () => {
    for (const op of ops.filter((o) => o.pathParams.length)) {
      for (const value of HOSTILE_STRINGS) {
        const url = fill(op.path, value)
        check(`${op.method} ${op.path} path=${value.slice(0, 40)}`, await app.inject({ method: op.method as 'GET', url }))
      }
      // Percent-encoding that does not decode to UTF-8, and a raw percent sign.
      for (const raw of ['%ED%A0%80', '%FF%FE', '%', '%00', '..%2F..%2F']) {
        const url = op.path.replace(/\{[^}]+\}/g, raw)
        check(`${op.method} ${op.path} path=${raw}`, await app.inject({ method: op.method as 'GET', url }))
      }
    }
    expect(failures.slice(0, 15)).toEqual([])
  })

  it('answers hostile query strings', async () => {
    for (const op of ops.filter((o) => o.query.length)) {
      for (const name of op.query) {
        for (const value of [...HOSTILE_STRINGS, '%ZZ', '%ED%A0%80']) {
          const encoded = value.startsWith('%') ? value : encodeURIComponent(value)
          const url = `${plain(op)}?${name}=${encoded}`
          check(`${op.method} ${op.path} ?${name}=${value.slice(0, 40)}`, await app.inject({ method: op.method as 'GET', url }))
        }
        // A parameter repeated (an array where a scalar is expected) and bracket syntax.
        const url = `${plain(op)}?${name}=1&${name}=2&${name}[__proto__][polluted]=yes`
        check(`${op.method} ${op.path} ?${name} repeated`, await app.inject({ method: op.method as 'GET', url }))
      }
    }
    expect(failures.slice(0, 15)).toEqual([])
  })

  it('answers hostile JSON bodies', async () => {
    for (const op of ops.filter((o) => o.bodyProps !== null && !o.path.includes('imports'))) {
      const url = plain(op)
      const send = (payload: string): Promise<LightMyRequestResponse> =>
        app.inject({ method: op.method as 'POST', url, headers: { 'content-type': 'application/json' }, payload })
      for (const raw of HOSTILE_RAW_BODIES) check(`${op.method} ${op.path} raw ${raw.slice(0, 50)}`, await send(raw))
      for (const value of HOSTILE_VALUES) {
        check(`${op.method} ${op.path} body=${JSON.stringify(value)?.slice(0, 40)}`, await send(JSON.stringify(value)))
        for (const prop of op.bodyProps ?? []) {
          const body = JSON.stringify({ [prop]: value })
          check(`${op.method} ${op.path} ${prop}=${JSON.stringify(value)?.slice(0, 40)}`, await send(body))
        }
      }
      if (op.bodyProps?.includes('rule')) {
        for (const rule of RULES) {
          const body = JSON.stringify({ name: "n'; DROP TABLE segments; --", rule })
          check(`${op.method} ${op.path} rule=${JSON.stringify(rule).slice(0, 60)}`, await send(body))
        }
      }
    }
    expect(failures.slice(0, 15)).toEqual([])
  }, 120_000)

  it('answers hostile uploads and content types', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256))
    for (const [type, payload] of [
      ['application/octet-stream', random],
      ['text/csv', 'date,channel,spend\n=cmd|\' /C calc\'!A0,"+1",@SUM(A1)\n2026-01-01,\u0000,1e400\n'],
      ['application/x-ndjson', '{"date":{"$gt":""},"channel":["a"],"spend":"12"}\n[1,2]\nnull\n'],
      ['application/xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'],
      ['multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\r\n--zz--'],
    ] as const) {
      for (const kind of ['costs', 'customers', "orders' OR 1=1"]) {
        const url = `/api/v1/imports/${encodeURIComponent(kind)}?filename=${encodeURIComponent('../../etc/passwd')}`
        check(`POST imports ${kind} ${type}`, await app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload }))
      }
    }
    expect(failures.slice(0, 15)).toEqual([])
  })

  it('leaves the database intact, usable and free of prototype pollution', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.keys(Object.prototype)).toEqual([])
    const canary = await app.inject('/api/v1/segments/canary')
    expect(canary.statusCode).toBe(200)
    expect(canary.json()).toMatchObject({ id: 'canary', name: 'Canary', rule: { trait: 'age', op: 'gte', value: 0 } })
    const after = (await portrait.listCustomers({ limit: 500, sort: 'customer_id', order: 'asc' })).items.map((c) => c.customer_id)
    expect(after).toEqual(expect.arrayContaining(customersBefore))
    expect((await portrait.overview()).orders).toBe(ordersBefore)
    const normal = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers?filename=after.csv',
      headers: { 'content-type': 'text/csv' },
      payload: 'customer_id,name\nAFTER-1,After\n',
    })
    expect(normal.json()).toMatchObject({ imported: 1, rejected: 0 })
    // Every answer so far was a normal one or a client error: none was a server error.
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true)
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100)
  })
})

describe('security headers and rate limits', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-limits-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    const web = join(dir, 'web')
    mkdirSync(web)
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Portrait</title><div id="root"></div>')
    app = await serverWithKey({ portrait, webDir: web, rateLimits: { perMinute: 8, importsPerMinute: 2, signInsPerMinute: 3 } })
  })
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('sends a strict Content-Security-Policy and the other security headers with the app and the API', async () => {
    for (const url of ['/', '/customers/42', '/api/health']) {
      const r = await app.inject(url)
      const csp = String(r.headers['content-security-policy'])
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self';")
      expect(csp).toContain("style-src 'self' 'unsafe-inline'")
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toMatch(/script-src[^;]*unsafe/)
      expect(r.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'same-origin',
        'cross-origin-opener-policy': 'same-origin',
      })
    }
    const docs = await app.inject('/api/docs/')
    expect(docs.statusCode).toBe(200)
    expect(String(docs.headers['content-security-policy'])).toContain("frame-ancestors 'self'")
  })

  it('limits requests per client with a JSON 429, uploads more tightly than the rest', async () => {
    const upload = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/imports/customers?filename=c.csv',
        headers: { 'content-type': 'text/csv' },
        payload: 'customer_id\nC1\n',
      })
    expect((await upload()).statusCode).toBe(200)
    expect((await upload()).statusCode).toBe(200)
    const third = await upload()
    expect(third.statusCode).toBe(429)
    expect(third.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
    expect(third.json().error.message).toMatch(/at most 2 a minute/)
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0)

    const answers: number[] = []
    const client = '10.9.9.9'
    for (let i = 0; i < 10; i++) answers.push((await app.inject({ url: '/api/health', remoteAddress: client })).statusCode)
    expect(answers.slice(0, 8)).toEqual(Array(8).fill(200))
    expect(answers.slice(8)).toEqual([429, 429])
    const limited = await app.inject({ url: '/api/v1/customers', remoteAddress: client })
    expect(limited.statusCode).toBe(429)
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } })
    // The web app's files do not count against the API's allowance.
    for (let i = 0; i < 12; i++) expect((await app.inject({ url: '/', remoteAddress: client })).statusCode).toBe(200)
    // Another client is not affected.
    const other = await app.inject({ url: '/api/health', remoteAddress: '10.1.2.3' })
    expect(other.statusCode).toBe(200)
  })
})
