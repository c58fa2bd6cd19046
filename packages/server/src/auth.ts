import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fastifyCookie from '@fastify/cookie'
import { CSRF_HEADER, SESSION_COOKIE, type Permission } from '@portrait/core'
import {
  authenticateKey,
  authenticateSession,
  can,
  maskPersonalData,
  setAuditActor,
  type Portrait,
  type Principal,
} from '@portrait/platform'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking (set for every /api/v1 route that is not public). */
    principal: Principal | null
    /** The platform for the principal's workspace, recording the principal in the audit log. */
    portrait: Portrait
  }
}

/** What a route needs: a permission, any signed-in principal, or nothing. */
export type RouteAccess = Permission | 'signed-in' | 'public'

/**
 * The permission each route needs, in one table so it can be reviewed at a glance. Routes not listed
 * need `data.read` to read (GET) and `data.write` to change anything; every route outside /api/v1
 * (the web app, health, the API docs) is public.
 */
export const ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'POST /api/v1/session': 'public',
  'GET /api/v1/session': 'signed-in',
  'DELETE /api/v1/session': 'signed-in',
  'GET /api/v1/workspaces': 'signed-in',
  'GET /api/v1/users': 'users.manage',
  'POST /api/v1/users': 'users.manage',
  'PATCH /api/v1/users/:id': 'users.manage',
  'DELETE /api/v1/users/:id': 'users.manage',
  'GET /api/v1/keys': 'keys.manage',
  'POST /api/v1/keys': 'keys.manage',
  'DELETE /api/v1/keys/:id': 'keys.manage',
  // questions asked with a body, changing nothing
  'POST /api/v1/segments/count': 'data.read',
  'POST /api/v1/segments/evaluate': 'data.read',
  'GET /api/v1/segments/:id/members.csv': 'audience.export',
  'GET /api/v1/audit': 'audit.read',
  'GET /api/v1/audit.csv': 'audit.read',
  'GET /api/v1/privacy/export/:customer': 'privacy.manage',
  'POST /api/v1/privacy/erase/:customer': 'privacy.manage',
  'GET /api/v1/customers/:id/consents': 'pii.read',
}

export function routeAccess(method: string, url: string): RouteAccess {
  if (!url.startsWith('/api/v1/')) return 'public'
  const listed = ROUTE_ACCESS[`${method} ${url}`]
  if (listed) return listed
  return method === 'GET' || method === 'HEAD' ? 'data.read' : 'data.write'
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const deny = (reply: FastifyReply, status: 401 | 403, code: string, message: string): FastifyReply =>
  reply.status(status).send({ error: { code, message } })

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export interface AuthOptions {
  /** The server's platform; each request gets a view of it for its principal's workspace. */
  readonly root: Portrait
  /** Mark the session cookie `Secure` (serve over HTTPS). */
  readonly secureCookies: boolean
}

/**
 * Authentication and authorisation for the REST API. A request carries either an API key
 * (`Authorization: Bearer pt_…`) or the session cookie set by `POST /api/v1/session`; cookie
 * requests that change something must also send the session's CSRF token in `X-CSRF-Token`.
 * Every route needs the permission `routeAccess` names; a principal without `pii.read` gets
 * personal fields masked in every answer.
 */
export async function registerAuth(app: FastifyInstance, options: AuthOptions): Promise<void> {
  await app.register(fastifyCookie)
  app.decorateRequest('principal', null)
  app.decorateRequest('portrait', null as unknown as Portrait)
  const views = new Map<string, Portrait>()
  const viewFor = async (principal: Principal): Promise<Portrait | null> => {
    let base = views.get(principal.workspaceId)
    if (!base) {
      const r = await options.root.forWorkspace(principal.workspaceId)
      if (!r.ok) return null
      base = r.value
      views.set(principal.workspaceId, base)
    }
    // one object per request: the audit actor is attached to it
    // without pii.read, a known name, e-mail or phone finds nobody (no membership inference)
    const view = base.view({ personalMatch: can(principal, 'pii.read') })
    setAuditActor(view, principal.actor)
    return view
  }

  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url
    if (!url) return
    const access = routeAccess(request.method, url)
    if (access === 'public') return
    const principal = await authenticate(request, options.root)
    if (principal === 'bad-key') return deny(reply, 401, 'UNAUTHORIZED', 'unknown or revoked API key')
    if (!principal)
      return deny(reply, 401, 'UNAUTHORIZED', 'sign in (POST /api/v1/session) or send an API key: Authorization: Bearer <key>')
    if (principal.session && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER]
      if (typeof sent !== 'string' || !sameSecret(sent, principal.session.csrf_token))
        return deny(reply, 403, 'CSRF', `missing or wrong ${CSRF_HEADER} header: send the csrf_token of GET /api/v1/session`)
    }
    if (access !== 'signed-in' && !can(principal, access)) {
      const who = principal.user ? `the role ${principal.user.role}` : `a ${principal.key?.kind ?? ''} key`
      return deny(reply, 403, 'FORBIDDEN', `${who} may not do this (it needs the permission ${access})`)
    }
    const view = await viewFor(principal)
    if (!view) return deny(reply, 401, 'UNAUTHORIZED', 'the workspace of these credentials no longer exists')
    request.principal = principal
    request.portrait = view
  })

  app.addHook('preSerialization', async (request: FastifyRequest, _reply, payload) => {
    const p = request.principal
    if (!p || can(p, 'pii.read') || payload === null || typeof payload !== 'object') return payload
    return maskPersonalData(payload)
  })
}

async function authenticate(request: FastifyRequest, root: Portrait): Promise<Principal | 'bad-key' | null> {
  const header = request.headers.authorization
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!m?.[1]) return 'bad-key'
    return (await authenticateKey(root.store, m[1])) ?? 'bad-key'
  }
  const cookie = request.cookies[SESSION_COOKIE]
  return cookie ? authenticateSession(root.store, cookie) : null
}
