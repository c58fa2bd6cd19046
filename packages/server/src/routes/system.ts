import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { basename } from 'node:path'
import { HealthResponse, OverviewStats } from '@portrait/core'
import { can, kAnonymity, kAnonymousOverview } from '@portrait/platform'
import type { RouteContext } from '../http.js'

export const systemRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/health', { schema: { tags: ['system'], response: { 200: HealthResponse } } }, async () => ({
      status: 'ok' as const,
      version: ctx.version,
      engine: ctx.root.store.engine,
      // public: the file's name only, not where it lives
      database: basename(ctx.root.store.location),
      workspace: ctx.root.workspaceId,
      timezone: ctx.root.timezone,
    }))

    app.get(
      '/api/v1/stats/overview',
      {
        schema: {
          tags: ['stats'],
          summary: 'Headline figures for the dashboard',
          description:
            'Without personal-data access (pii.read), breakdowns of people under the workspace k-anonymity floor are pooled into "other".',
          response: { 200: OverviewStats },
        },
      },
      async (request) => {
        const stats = await request.portrait.overview()
        if (request.principal && can(request.principal, 'pii.read')) return stats
        return kAnonymousOverview(stats, await kAnonymity(request.portrait))
      },
    )
  }
