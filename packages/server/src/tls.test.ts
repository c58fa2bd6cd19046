import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpsRequest } from 'node:https'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TLSSocket } from 'node:tls'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { createUser, Portrait } from '@portrait/platform'
import { buildServer } from './server.js'

const FIXTURES = fileURLToPath(new URL('../test-fixtures/', import.meta.url))
const cert = readFileSync(join(FIXTURES, 'localhost.cert.pem'))
const key = readFileSync(join(FIXTURES, 'localhost.key.pem'))

/** One HTTPS request that trusts only the test certificate. */
function get(
  port: number,
  path: string,
  method = 'GET',
  body?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string; protocol: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, path, method, ca: cert, headers: body ? { 'content-type': 'application/json' } : {} },
      (res) => {
        const protocol = (res.socket as TLSSocket).getProtocol() ?? ''
        let text = ''
        res.on('data', (c: Buffer) => (text += c.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, protocol }))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

describe('serving over HTTPS', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  let port = 0
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-tls-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    expect(
      (await createUser(portrait.store, 'default', { email: 'tls@example.com', password: 'a long password', role: 'viewer' })).ok,
    ).toBe(true)
    app = await buildServer({ portrait, tls: { cert, key } })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    port = typeof addr === 'object' && addr ? addr.port : 0
  })
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers over TLS 1.2 or newer, with HSTS', async () => {
    const r = await get(port, '/api/health')
    expect(r.status).toBe(200)
    expect(r.protocol).toMatch(/^TLSv1\.[23]$/)
    expect(r.headers['strict-transport-security']).toMatch(/max-age=\d+/)
  })

  it('marks the session cookie Secure', async () => {
    const r = await get(port, '/api/v1/session', 'POST', JSON.stringify({ email: 'tls@example.com', password: 'a long password' }))
    expect(r.status).toBe(200)
    expect(String(r.headers['set-cookie'])).toMatch(/portrait_session=.*; Secure/)
  })

  it('does not speak plain HTTP on the TLS port', async () => {
    const plain = await new Promise<string>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/api/health' }, (res) => resolve(`status ${res.statusCode}`))
      req.on('error', (e) => resolve(`error ${e.message}`))
      req.end()
    })
    // Node's TLS server answers a plain request with "400 Bad Request" over raw TCP, or drops it
    expect(plain).not.toBe('status 200')
  })
})
