import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, InjectOptions } from 'fastify'
import type { CustomerListResponse, Role, SessionInfo } from '@portrait/core'
import { createApiKey, createUser, createWorkspace, Portrait, setKAnonymity } from '@portrait/platform'
import { buildServer } from './server.js'

const PASSWORD = 'correct horse battery'
const ROLES_UNDER_TEST: readonly Role[] = ['owner', 'admin', 'analyst', 'viewer']

/**
 * The authorisation matrix of the HTTP API: no credentials, forged and revoked keys, each key
 * kind, a key of another workspace, session cookies with CSRF, and each role on each sensitive action.
 */
describe('authentication and authorisation', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  const keys: Record<'write' | 'read' | 'admin' | 'eastRead', string> = { write: '', read: '', admin: '', eastRead: '' }
  const cookies: Partial<Record<Role, { cookie: string; csrf: string }>> = {}
  let segmentId = ''

  const signIn = async (email: string, password: string) =>
    app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } })

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-auth-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    writeFileSync(
      join(dir, 'default.csv'),
      'customer_id,name,email,phone,city,birth_date\nA1,Ann Lee,ann@example.com,13800002629,上海,1990-04-02\nA2,王芳,wang@example.com,,北京,\n',
    )
    expect((await portrait.import('customers', join(dir, 'default.csv'))).ok).toBe(true)
    // a second workspace with its own customer
    expect((await createWorkspace(portrait.store, 'East China', 'east')).ok).toBe(true)
    const east = await portrait.forWorkspace('east')
    if (!east.ok) throw new Error(east.error.message)
    writeFileSync(join(dir, 'east.csv'), 'customer_id,name,email\nE1,Eve,eve@example.com\n')
    expect((await east.value.import('customers', join(dir, 'east.csv'))).ok).toBe(true)
    expect((await east.value.setTimezone('Asia/Shanghai')).ok).toBe(true)

    for (const role of ROLES_UNDER_TEST) {
      const u = await createUser(portrait.store, 'default', { email: `${role}@example.com`, password: PASSWORD, role })
      expect(u.ok).toBe(true)
    }
    for (const kind of ['write', 'read', 'admin'] as const) {
      const k = await createApiKey(portrait.store, 'default', { kind })
      if (!k.ok) throw new Error(k.error.message)
      keys[kind] = k.value.key
    }
    const eastKey = await createApiKey(portrait.store, 'east', { kind: 'read' })
    if (!eastKey.ok) throw new Error(eastKey.error.message)
    keys.eastRead = eastKey.value.key

    app = await buildServer({ portrait, rateLimits: false })
    for (const role of ROLES_UNDER_TEST) {
      const r = await signIn(`${role}@example.com`, PASSWORD)
      expect(r.statusCode).toBe(200)
      const cookie = r.cookies.find((c) => c.name === 'portrait_session')
      if (!cookie) throw new Error('no session cookie')
      cookies[role] = { cookie: `portrait_session=${cookie.value}`, csrf: (r.json() as SessionInfo).csrf_token ?? '' }
    }
    const seg = await as('admin', {
      method: 'POST',
      url: '/api/v1/segments',
      payload: { name: 'Shanghai', rule: { trait: 'city', op: 'eq', value: '上海' } },
    })
    expect(seg.statusCode, seg.body).toBe(201)
    segmentId = (seg.json() as { id: string }).id
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const bearer = (key: string, o: InjectOptions) => app.inject({ ...o, headers: { ...o.headers, authorization: `Bearer ${key}` } })
  /** A request with a role's session cookie and, for writes, its CSRF token. */
  const as = (role: Role, o: InjectOptions) => {
    const s = cookies[role]
    if (!s) throw new Error(`${role} is not signed in`)
    return app.inject({ ...o, headers: { ...o.headers, cookie: s.cookie, 'x-csrf-token': s.csrf } })
  }

  it('answers 401 without credentials on every /api/v1 route but sign-in, and serves health and docs to anyone', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path })))
    const guarded = routes.filter((r) => r.path.startsWith('/api/v1/') && !(r.method === 'POST' && r.path === '/api/v1/session'))
    expect(guarded.length).toBeGreaterThan(35)
    for (const r of guarded) {
      const url = r.path.replace(/\{[^}]+\}/g, 'x')
      const res = await app.inject({ method: r.method as InjectOptions['method'], url })
      expect(res.statusCode, `${r.method} ${url}`).toBe(401)
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    }
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200)
  })

  it('refuses forged, malformed and revoked keys with 401', async () => {
    const forged = `pt_admin_${'A'.repeat(43)}`
    for (const header of [`Bearer ${forged}`, 'Bearer nonsense', 'Basic YWRtaW46YWRtaW4=', `Bearer ${keys.read}x`]) {
      const r = await app.inject({ url: '/api/v1/customers', headers: { authorization: header } })
      expect(r.statusCode, header).toBe(401)
    }
    const k = await createApiKey(portrait.store, 'default', { kind: 'read' })
    if (!k.ok) throw new Error(k.error.message)
    expect((await bearer(k.value.key, { url: '/api/v1/customers' })).statusCode).toBe(200)
    const revoke = await bearer(keys.admin, { method: 'DELETE', url: `/api/v1/keys/${k.value.id}` })
    expect(revoke.statusCode).toBe(200)
    expect(revoke.json()).toMatchObject({ id: k.value.id, revoked_at: expect.any(String) })
    expect((await bearer(k.value.key, { url: '/api/v1/customers' })).statusCode).toBe(401)
  })

  it('lets write keys send tracking data only, read keys read, admin keys manage', async () => {
    expect((await bearer(keys.write, { url: '/api/v1/customers' })).statusCode).toBe(403)
    expect((await bearer(keys.write, { url: '/api/v1/stats/overview' })).statusCode).toBe(403)
    expect((await bearer(keys.write, { url: '/api/v1/keys' })).statusCode).toBe(403)

    const list = await bearer(keys.read, { url: '/api/v1/customers' })
    expect(list.statusCode).toBe(200)
    expect((list.json() as CustomerListResponse).items.map((c) => c.email).sort()).toEqual(['ann@example.com', 'wang@example.com'])
    expect((await bearer(keys.read, { url: '/api/v1/customers/A1' })).statusCode).toBe(200)
    expect((await bearer(keys.read, { method: 'POST', url: '/api/v1/segments', payload: {} })).statusCode).toBe(403)
    expect((await bearer(keys.read, { url: `/api/v1/segments/${segmentId}/members.csv` })).statusCode).toBe(403)
    expect((await bearer(keys.read, { url: '/api/v1/keys' })).statusCode).toBe(403)

    expect((await bearer(keys.admin, { url: `/api/v1/segments/${segmentId}/members.csv` })).statusCode).toBe(200)
    expect((await bearer(keys.admin, { url: '/api/v1/keys' })).statusCode).toBe(200)
    expect((await bearer(keys.admin, { url: '/api/v1/audit' })).statusCode).toBe(200)
    // users are managed by people, not by keys
    expect((await bearer(keys.admin, { url: '/api/v1/users' })).statusCode).toBe(403)
    const me = (await bearer(keys.admin, { url: '/api/v1/session' })).json() as SessionInfo
    expect(me).toMatchObject({ user: null, key: { kind: 'admin' }, workspace: { id: 'default' }, csrf_token: null })
  })

  it('never lets a key of one workspace read another workspace', async () => {
    const list = (await bearer(keys.eastRead, { url: '/api/v1/customers' })).json() as CustomerListResponse
    expect(list.items.map((c) => c.customer_id)).toEqual(['E1'])
    expect((await bearer(keys.eastRead, { url: '/api/v1/customers/A1' })).statusCode).toBe(404)
    expect((await bearer(keys.eastRead, { url: '/api/v1/customers/ann@example.com' })).statusCode).toBe(404)
    expect((await bearer(keys.eastRead, { url: `/api/v1/segments/${segmentId}` })).statusCode).toBe(404)
    expect(((await bearer(keys.eastRead, { url: '/api/v1/stats/overview' })).json() as { customers: number }).customers).toBe(1)
    expect(((await bearer(keys.eastRead, { url: '/api/v1/segments' })).json() as { items: unknown[] }).items).toEqual([])
    // and the default workspace's key does not see east's customer
    expect((await bearer(keys.read, { url: '/api/v1/customers/E1' })).statusCode).toBe(404)
    expect((await bearer(keys.read, { url: '/api/v1/customers/eve@example.com' })).statusCode).toBe(404)
  })

  it('tells each principal its own workspace and time zone', async () => {
    const east = (await bearer(keys.eastRead, { url: '/api/v1/session' })).json() as SessionInfo
    expect(east.workspace).toEqual({ id: 'east', name: 'East China', timezone: 'Asia/Shanghai' })
    const home = (await as('viewer', { url: '/api/v1/session' })).json() as SessionInfo
    expect(home.workspace).toEqual({ id: 'default', name: 'default', timezone: 'UTC' })
  })

  it("answers no GET route of the API with another workspace's data", async () => {
    const eastAdmin = await createApiKey(portrait.store, 'east', { kind: 'admin' })
    if (!eastAdmin.ok) throw new Error(eastAdmin.error.message)
    const doc = (await app.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const gets = Object.entries(doc.paths)
      .filter(([path, ops]) => path.startsWith('/api/v1/') && 'get' in ops)
      .map(([path]) => path)
    expect(gets.length).toBeGreaterThan(20)
    // what only the default workspace holds: its customers, their e-mails, its segment, its users
    const foreign = ['"A1"', 'ann@example.com', 'wang@example.com', `"${segmentId}"`, 'owner@example.com', 'Ann Lee', '王芳']
    for (const path of gets) {
      const url = path
        .replace('{id}', path.startsWith('/api/v1/segments') ? segmentId : 'A1')
        .replace('{customer}', 'A1')
        .replace(/\{[^}]+\}/g, 'x')
      const r = await bearer(eastAdmin.value.key, { url })
      expect([200, 400, 403, 404, 422], `${url}: ${r.statusCode} ${r.body.slice(0, 200)}`).toContain(r.statusCode)
      for (const f of foreign) expect(r.body, `${url} leaks ${f}`).not.toContain(f)
    }
    // the control: the same sweep with the default workspace's own key finds its data on several routes
    let found = 0
    for (const path of gets) {
      const url = path.replace('{id}', path.startsWith('/api/v1/segments') ? segmentId : 'A1').replace('{customer}', 'A1')
      const body = (await bearer(keys.admin, { url })).body
      if (foreign.some((f) => body.includes(f))) found++
    }
    expect(found).toBeGreaterThan(5)
  })

  it('signs in with an HttpOnly, SameSite=Strict cookie, demands the CSRF token on writes, and signs out', async () => {
    const wrong = await signIn('analyst@example.com', 'wrong password!')
    expect(wrong.statusCode).toBe(401)
    expect((await signIn('nobody@example.com', PASSWORD)).json()).toEqual(wrong.json())

    const r = await signIn('  Analyst@Example.com ', PASSWORD)
    expect(r.statusCode).toBe(200)
    const setCookie = String(r.headers['set-cookie'])
    expect(setCookie).toMatch(/portrait_session=[A-Za-z0-9_-]{43}/)
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Strict/)
    const session = r.json() as SessionInfo
    expect(session).toMatchObject({ user: { email: 'analyst@example.com', role: 'analyst' }, workspace: { id: 'default' } })
    expect(session.permissions).toContain('pii.read')
    expect(session.permissions).not.toContain('audience.export')
    const cookie = `portrait_session=${r.cookies.find((c) => c.name === 'portrait_session')?.value}`

    const count = { method: 'POST' as const, url: '/api/v1/segments/count', payload: { rule: { trait: 'city', op: 'eq', value: '上海' } } }
    const noToken = await app.inject({ ...count, headers: { cookie } })
    expect(noToken.statusCode).toBe(403)
    expect(noToken.json()).toMatchObject({ error: { code: 'CSRF' } })
    expect((await app.inject({ ...count, headers: { cookie, 'x-csrf-token': 'forged' } })).statusCode).toBe(403)
    const ok = await app.inject({ ...count, headers: { cookie, 'x-csrf-token': session.csrf_token ?? '' } })
    expect(ok.statusCode).toBe(200)
    // reads need no token
    expect((await app.inject({ url: '/api/v1/customers', headers: { cookie } })).statusCode).toBe(200)

    const out = await app.inject({
      method: 'DELETE',
      url: '/api/v1/session',
      headers: { cookie, 'x-csrf-token': session.csrf_token ?? '' },
    })
    expect(out.statusCode).toBe(204)
    expect((await app.inject({ url: '/api/v1/customers', headers: { cookie } })).statusCode).toBe(401)
  })

  /**
   * Each role on each sensitive action. A permitted request reaches the route (and answers 200,
   * or 400/404 for the deliberately empty or unknown input); a forbidden one stops at 403.
   */
  const ACTIONS: { name: string; req: () => InjectOptions; allowed: readonly Role[] }[] = [
    { name: 'read aggregates', req: () => ({ url: '/api/v1/stats/overview' }), allowed: ['owner', 'admin', 'analyst', 'viewer'] },
    {
      name: 'write data (create a segment)',
      req: () => ({ method: 'POST', url: '/api/v1/segments', payload: {} }),
      allowed: ['owner', 'admin', 'analyst'],
    },
    { name: 'export an audience', req: () => ({ url: `/api/v1/segments/${segmentId}/members.csv` }), allowed: ['owner', 'admin'] },
    { name: 'privacy export', req: () => ({ url: '/api/v1/privacy/export/no-such-person' }), allowed: ['owner', 'admin'] },
    { name: 'erase a person', req: () => ({ method: 'POST', url: '/api/v1/privacy/erase/no-such-person' }), allowed: ['owner', 'admin'] },
    { name: 'consent history', req: () => ({ url: '/api/v1/customers/A1/consents' }), allowed: ['owner', 'admin', 'analyst'] },
    { name: 'read the audit log', req: () => ({ url: '/api/v1/audit' }), allowed: ['owner'] },
    { name: 'export the audit log', req: () => ({ url: '/api/v1/audit.csv?action=auth.sign_in' }), allowed: ['owner'] },
    { name: 'list users', req: () => ({ url: '/api/v1/users' }), allowed: ['owner', 'admin'] },
    { name: 'manage API keys', req: () => ({ url: '/api/v1/keys' }), allowed: ['owner', 'admin'] },
  ]
  for (const action of ACTIONS)
    for (const role of ROLES_UNDER_TEST) {
      const allowed = action.allowed.includes(role)
      it(`${role} ${allowed ? 'may' : 'may not'} ${action.name}`, async () => {
        const r = await as(role, action.req())
        if (allowed) expect([200, 400, 404], r.body).toContain(r.statusCode)
        else {
          expect(r.statusCode, r.body).toBe(403)
          expect(r.json()).toMatchObject({ error: { code: 'FORBIDDEN' } })
        }
      })
    }

  it('masks personal fields for roles that may not read them', async () => {
    const viewer = (await as('viewer', { url: '/api/v1/customers?sort=customer_id&order=asc' })).json() as CustomerListResponse
    expect(viewer.items.map((c) => [c.name, c.email, c.phone])).toEqual([
      ['A. L.', 'a***@example.com', '138****2629'],
      ['王*', 'w***@example.com', null],
    ])
    const profile = (await as('viewer', { url: '/api/v1/customers/A1' })).json() as {
      traits: Record<string, unknown>
      identities: { kind: string; value: string }[]
    }
    expect(profile.traits).toMatchObject({ email: 'a***@example.com', phone: '138****2629', city: '上海' })
    expect(profile.traits.birth_date).toBe('1990-**-**')
    expect(profile.identities.find((i) => i.kind === 'email')?.value).toBe('a***@example.com')
    expect(JSON.stringify(profile)).not.toContain('ann@example.com')

    const analyst = (await as('analyst', { url: '/api/v1/customers?sort=customer_id&order=asc' })).json() as CustomerListResponse
    expect(analyst.items[0]).toMatchObject({ name: 'Ann Lee', email: 'ann@example.com', phone: '13800002629' })
  })

  it('finds nobody by a name, e-mail or phone for roles that may not read personal data', async () => {
    const search = async (role: Role, q: string) =>
      ((await as(role, { url: `/api/v1/customers?q=${encodeURIComponent(q)}` })).json() as CustomerListResponse).items.map(
        (c) => c.customer_id,
      )
    for (const q of ['ann@example.com', '13800002629', 'Ann Lee']) {
      expect(await search('analyst', q), q).toEqual(['A1'])
      expect(await search('viewer', q), q).toEqual([])
    }
    // ids and cities still match
    expect(await search('viewer', 'a1')).toEqual(['A1'])
    expect((await as('viewer', { url: '/api/v1/customers/A1' })).statusCode).toBe(200)
    expect((await as('viewer', { url: '/api/v1/customers/ann@example.com' })).statusCode).toBe(404)
    expect((await as('analyst', { url: '/api/v1/customers/ann@example.com' })).statusCode).toBe(200)
    const count = (role: Role, rule: unknown) => as(role, { method: 'POST', url: '/api/v1/segments/count', payload: { rule } })
    const byEmail = {
      and: [
        { trait: 'city', op: 'eq', value: '上海' },
        { trait: 'email', op: 'eq', value: 'ann@example.com' },
      ],
    }
    expect(((await count('analyst', byEmail)).json() as { size: number }).size).toBe(1)
    const refused = await count('viewer', byEmail)
    expect(refused.statusCode).toBe(403)
    expect(refused.json()).toMatchObject({ error: { message: expect.stringContaining('email') } })
    expect((await count('viewer', { trait: 'city', op: 'eq', value: '上海' })).statusCode).toBe(200)
  })

  it('applies the k-anonymity floor to breakdowns of people for roles without personal-data access', async () => {
    type Overview = { customers: number; customersByCityTier: { tier: string; customers: number }[] }
    const overview = async (role: Role) => (await as(role, { url: '/api/v1/stats/overview' })).json() as Overview
    // two customers, both in tier-1 cities: under the default floor of 5
    expect((await overview('analyst')).customersByCityTier).toEqual([{ tier: 'tier1', customers: 2 }])
    const viewer = await overview('viewer')
    expect(viewer.customers).toBe(2)
    expect(viewer.customersByCityTier).toEqual([])
    const set = await setKAnonymity(portrait, 2)
    expect(set.ok).toBe(true)
    try {
      expect((await overview('viewer')).customersByCityTier).toEqual([{ tier: 'tier1', customers: 2 }])
    } finally {
      await setKAnonymity(portrait, 5)
    }
  })

  it('keeps user management within the rules: admins cannot make owners, the last owner stays', async () => {
    const mk = await as('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'boss@example.com', password: PASSWORD, role: 'owner' },
    })
    expect(mk.statusCode).toBe(403)
    const weak = await as('owner', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'new@example.com', password: 'short', role: 'viewer' },
    })
    expect(weak.statusCode).toBe(400)
    const made = await as('admin', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'new@example.com', password: PASSWORD, role: 'analyst' },
    })
    expect(made.statusCode).toBe(201)
    const dup = await as('owner', {
      method: 'POST',
      url: '/api/v1/users',
      payload: { email: 'NEW@example.com', password: PASSWORD, role: 'viewer' },
    })
    expect(dup.statusCode).toBe(409)
    const users = (await as('owner', { url: '/api/v1/users' })).json() as { items: { id: string; email: string; role: string }[] }
    const owner = users.items.find((u) => u.email === 'owner@example.com')
    expect(owner).toBeDefined()
    expect((await as('owner', { method: 'DELETE', url: `/api/v1/users/${owner?.id}` })).statusCode).toBe(409)
    expect((await as('owner', { method: 'PATCH', url: `/api/v1/users/${owner?.id}`, payload: { role: 'viewer' } })).statusCode).toBe(409)
    expect((await as('admin', { method: 'PATCH', url: `/api/v1/users/${owner?.id}`, payload: { role: 'viewer' } })).statusCode).toBe(403)
    // no password hash ever leaves the server
    expect(JSON.stringify(users)).not.toMatch(/scrypt/)
    const audit = (await as('owner', { url: '/api/v1/audit?action=user.create' })).json() as { items: { actor: string }[] }
    expect(audit.items.map((e) => e.actor)).toContain('admin@example.com')
    // sign-ins are in the log, and owners can take it away as CSV
    const csv = await as('owner', { url: '/api/v1/audit.csv?action=auth.sign_in' })
    expect(csv.headers['content-type']).toMatch(/^text\/csv/)
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\n')
    expect(lines[0]).toBe('at,actor,action,target,details')
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(expect.arrayContaining(['owner@example.com', 'viewer@example.com']))
  })

  it('limits sign-in attempts per client', async () => {
    const limited = await buildServer({ portrait, rateLimits: { perMinute: 100, importsPerMinute: 5, signInsPerMinute: 3 } })
    try {
      const codes: number[] = []
      for (let i = 0; i < 5; i++)
        codes.push(
          (await limited.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'viewer@example.com', password: 'guess' } }))
            .statusCode,
        )
      expect(codes).toEqual([401, 401, 401, 429, 429])
    } finally {
      await limited.close()
    }
  })
})
