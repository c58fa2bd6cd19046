import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AuditListQuery, AuditListResponse, ConsentHistoryResponse, ErasureResult, PrivacyExport } from '@portrait/core'
import { auditCsv, consentHistory, erasePersonalData, exportPersonalData, listAudit, recordAudit } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

const CustomerKey = z.object({ customer: z.string().trim().min(1).max(300) })

/** The audit log, data-subject requests (export, erasure) and consent history. */
export const privacyRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/audit',
      {
        schema: {
          tags: ['privacy'],
          summary: 'The audit log, newest first: imports, exports, profile reads, erasures, retention runs',
          querystring: AuditListQuery,
          response: { 200: AuditListResponse, ...errorResponses },
        },
      },
      async (request) => ({
        items: await listAudit(request.portrait, {
          limit: request.query.limit,
          ...(request.query.action !== undefined ? { action: request.query.action } : {}),
          ...(request.query.since !== undefined ? { since: new Date(request.query.since) } : {}),
        }),
      }),
    )

    app.get(
      '/api/v1/audit.csv',
      {
        schema: {
          tags: ['privacy'],
          summary: 'The audit log as CSV (same filters as /api/v1/audit); cells a spreadsheet would run are neutralised',
          querystring: AuditListQuery,
          produces: ['text/csv'],
          response: { 200: z.string(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const items = await listAudit(request.portrait, {
          limit: request.query.limit,
          ...(request.query.action !== undefined ? { action: request.query.action } : {}),
          ...(request.query.since !== undefined ? { since: new Date(request.query.since) } : {}),
        })
        await recordAudit(request.portrait, { action: 'audit.export', details: { rows: items.length } })
        return reply
          .type('text/csv; charset=utf-8')
          .header('Content-Disposition', 'attachment; filename="audit.csv"')
          .send(`\uFEFF${auditCsv(items)}`)
      },
    )

    app.get(
      '/api/v1/privacy/export/:customer',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Everything stored about one person (by id or any identity) as one JSON document; audited',
          params: CustomerKey,
          response: { 200: PrivacyExport, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await exportPersonalData(request.portrait, request.params.customer)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.post(
      '/api/v1/privacy/erase/:customer',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Erase one person: profile, identities, events, consents, feedback, survey answers, scores',
          description:
            'Orders and order lines are kept, detached from the person (guest purchases), so revenue figures do not change. ' +
            'Merge records and audit entries that named the person name the returned erasure id instead.',
          params: CustomerKey,
          response: { 200: ErasureResult, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await erasePersonalData(request.portrait, request.params.customer)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/customers/:id/consents',
      {
        schema: {
          tags: ['privacy'],
          summary: 'Every consent record of a customer (by id or any identity), newest first',
          params: z.object({ id: z.string().trim().min(1).max(300) }),
          response: { 200: ConsentHistoryResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await consentHistory(request.portrait, request.params.id)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
