import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { MergeListResponse } from '@portrait/core'
import { recordAudit } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

export const mergeRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/merges',
      { schema: { tags: ['identity'], summary: 'Identity merges, newest first', response: { 200: MergeListResponse } } },
      async (request) => ({
        items: await request.portrait.listMerges(),
      }),
    )

    app.post(
      '/api/v1/merges/:id/undo',
      {
        schema: {
          tags: ['identity'],
          summary: 'Undo one merge: the merged profile comes back with its identities and activity',
          params: z.object({ id: z.string().min(1).max(100) }),
          response: {
            200: z.object({ merge_id: z.string(), restored_customer_id: z.string(), kept_customer_id: z.string() }),
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const r = await request.portrait.undoMerge(request.params.id)
        if (r.ok) await recordAudit(request.portrait, { action: 'merge.undo', target: request.params.id, details: { ...r.value } })
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
