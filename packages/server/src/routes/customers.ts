import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { CustomerListQuery, CustomerListResponse, CustomerProfile } from '@portrait/core'
import { recordAudit } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

export const customerRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/customers',
      {
        schema: {
          tags: ['customers'],
          summary: 'List and search customer profiles',
          querystring: CustomerListQuery,
          response: { 200: CustomerListResponse, ...errorResponses },
        },
      },
      async (request) => request.portrait.listCustomers(request.query),
    )

    app.get(
      '/api/v1/customers/:id',
      {
        schema: {
          tags: ['customers'],
          summary: 'One customer profile, found by id or by any identity (email, phone, source id)',
          params: z.object({ id: z.string().min(1).max(300) }),
          response: { 200: CustomerProfile, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await request.portrait.profile(request.params.id)
        if (r.ok) await recordAudit(request.portrait, { action: 'profile.read', target: r.value.customer_id })
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
