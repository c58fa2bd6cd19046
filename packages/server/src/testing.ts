import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import type { KeyKind } from '@portrait/core'
import { createApiKey } from '@portrait/platform'
import { buildServer, type ServerOptions } from './server.js'

/**
 * For tests of the API's features: the server, with `app.inject` sending an API key of the given
 * kind (admin by default) unless a request sets its own `authorization` header. The
 * authorisation rules themselves are tested without it (auth.test.ts).
 */
export async function serverWithKey(options: ServerOptions, kind: KeyKind = 'admin'): Promise<FastifyInstance & { apiKey: string }> {
  const app = await buildServer(options)
  const created = await createApiKey(options.portrait.store, options.portrait.workspaceId, { kind, name: 'tests' })
  if (!created.ok) throw new Error(created.error.message)
  const key = created.value.key
  const inject = app.inject.bind(app) as (o: InjectOptions | string) => Promise<LightMyRequestResponse>
  const withKey = (o: InjectOptions | string): Promise<LightMyRequestResponse> => {
    const opts: InjectOptions = typeof o === 'string' ? { url: o } : o
    return inject({ ...opts, headers: { authorization: `Bearer ${key}`, ...opts.headers } })
  }
  return Object.assign(app, { inject: withKey, apiKey: key }) as unknown as FastifyInstance & { apiKey: string }
}
