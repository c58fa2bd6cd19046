import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { FastifyReply } from 'fastify'
import {
  ApiKeyCreated,
  ApiKeyCreateRequest,
  ApiKeyInfo,
  ApiKeyListResponse,
  ErrorBody,
  SESSION_COOKIE,
  SessionInfo,
  SignInRequest,
  UserCreateRequest,
  UserInfo,
  UserListResponse,
  UserUpdateRequest,
  WorkspaceListResponse,
  PERMISSIONS,
} from '@portrait/core'
import {
  createApiKey,
  createUser,
  deleteUser,
  findWorkspace,
  listApiKeys,
  listUsers,
  revokeApiKey,
  signIn,
  signOut,
  toUserInfo,
  updateUser,
  type Principal,
} from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

const tags = ['access']
const authErrors = { ...errorResponses, 401: ErrorBody, 403: ErrorBody }
const IdParams = z.object({ id: z.string().trim().min(1).max(300) })

/** Sign-in sessions, users, API keys and workspaces. */
export const authRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const store = ctx.root.store

    const sessionInfo = async (p: Principal): Promise<SessionInfo> => {
      const w = await findWorkspace(store, p.workspaceId)
      return {
        user: p.user ? toUserInfo(p.user) : null,
        key: p.key ? { id: p.key.key_id, kind: p.key.kind === 'admin' || p.key.kind === 'write' ? p.key.kind : 'read' } : null,
        workspace: {
          ...(w ?? { id: p.workspaceId, name: p.workspaceId }),
          timezone: (await store.workspaceSettings(p.workspaceId)).timezone ?? 'UTC',
        },
        permissions: PERMISSIONS.filter((x) => p.permissions.has(x)),
        csrf_token: p.session?.csrf_token ?? null,
      }
    }
    const clearCookie = (reply: FastifyReply): void => {
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
    }

    app.post(
      '/api/v1/session',
      {
        schema: {
          tags,
          summary: 'Sign in with e-mail and password: sets the session cookie (HttpOnly, SameSite=Strict)',
          body: SignInRequest,
          response: { 200: SessionInfo, ...authErrors },
        },
      },
      async (request, reply) => {
        const r = await signIn(store, request.body)
        if (!r.ok) return sendError(reply, r.error)
        reply.setCookie(SESSION_COOKIE, r.value.token, {
          path: '/',
          httpOnly: true,
          sameSite: 'strict',
          secure: ctx.secureCookies,
          expires: r.value.expiresAt,
        })
        return sessionInfo(r.value.principal)
      },
    )

    app.get(
      '/api/v1/session',
      {
        schema: {
          tags,
          summary: 'Who is signed in (or which API key is used), the workspace, the permissions and the CSRF token',
          response: { 200: SessionInfo, ...authErrors },
        },
      },
      async (request) => sessionInfo(request.principal as Principal),
    )

    app.delete(
      '/api/v1/session',
      { schema: { tags, summary: 'Sign out: ends the session and clears the cookie', response: { 204: z.null(), ...authErrors } } },
      async (request, reply) => {
        await signOut(store, request.principal as Principal)
        clearCookie(reply)
        return reply.status(204).send(null)
      },
    )

    app.get(
      '/api/v1/workspaces',
      { schema: { tags, summary: 'The workspaces these credentials can use', response: { 200: WorkspaceListResponse, ...authErrors } } },
      async (request) => {
        const w = await findWorkspace(store, (request.principal as Principal).workspaceId)
        return { items: w ? [w] : [] }
      },
    )

    app.get(
      '/api/v1/users',
      { schema: { tags, summary: 'The users of the workspace', response: { 200: UserListResponse, ...authErrors } } },
      async (request) => ({ items: await listUsers(store, request.portrait.workspaceId) }),
    )

    app.post(
      '/api/v1/users',
      {
        schema: {
          tags,
          summary: 'Create a user (admins cannot create owners); the password is stored as a scrypt hash',
          body: UserCreateRequest,
          response: { 201: UserInfo, ...authErrors },
        },
      },
      async (request, reply) => {
        const r = await createUser(store, request.portrait.workspaceId, request.body, request.principal)
        return r.ok ? reply.status(201).send(r.value) : sendError(reply, r.error)
      },
    )

    app.patch(
      '/api/v1/users/:id',
      {
        schema: {
          tags,
          summary: "Change a user's role or password; the user's sessions end",
          params: IdParams,
          body: UserUpdateRequest,
          response: { 200: UserInfo, ...authErrors },
        },
      },
      async (request, reply) => {
        const r = await updateUser(store, request.portrait.workspaceId, request.params.id, request.body, request.principal)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.delete(
      '/api/v1/users/:id',
      {
        schema: {
          tags,
          summary: 'Delete a user (not yourself, not the last owner)',
          params: IdParams,
          response: { 204: z.null(), ...authErrors },
        },
      },
      async (request, reply) => {
        const r = await deleteUser(store, request.portrait.workspaceId, request.params.id, request.principal)
        return r.ok ? reply.status(204).send(null) : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/keys',
      {
        schema: {
          tags,
          summary: 'The API keys of the workspace (never the keys themselves)',
          response: { 200: ApiKeyListResponse, ...authErrors },
        },
      },
      async (request) => ({ items: await listApiKeys(store, request.portrait.workspaceId) }),
    )

    app.post(
      '/api/v1/keys',
      {
        schema: {
          tags,
          summary: 'Create an API key: write keys send tracking data, read keys read, admin keys manage. The key is shown once.',
          body: ApiKeyCreateRequest,
          response: { 201: ApiKeyCreated, ...authErrors },
        },
      },
      async (request, reply) => {
        const r = await createApiKey(store, request.portrait.workspaceId, request.body, (request.principal as Principal).actor)
        return r.ok ? reply.status(201).send(r.value) : sendError(reply, r.error)
      },
    )

    app.delete(
      '/api/v1/keys/:id',
      { schema: { tags, summary: 'Revoke an API key', params: IdParams, response: { 200: ApiKeyInfo, ...authErrors } } },
      async (request, reply) => {
        const r = await revokeApiKey(store, request.portrait.workspaceId, request.params.id, (request.principal as Principal).actor)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
