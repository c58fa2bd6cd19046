import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { HealthResponse, OverviewStats } from '@portrait/core'
import type { RouteContext } from '../http.js'

export const systemRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/api/health', { schema: { tags: ['system'], response: { 200: HealthResponse } } }, async () => ({
      status: 'ok' as const,
      version: ctx.version,
      engine: ctx.portrait.store.engine,
      database: ctx.portrait.store.location,
      workspace: ctx.portrait.workspaceId,
      timezone: ctx.portrait.timezone,
    }))

    app.get(
      '/api/v1/stats/overview',
      { schema: { tags: ['stats'], summary: 'Headline figures for the dashboard', response: { 200: OverviewStats } } },
      async () => ctx.portrait.overview(),
    )
  }
