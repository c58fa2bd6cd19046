import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  CustomerListQuery,
  CustomerListResponse,
  Segment,
  SegmentCount,
  SegmentCountRequest,
  SegmentCreateRequest,
  SegmentExplainResponse,
  SegmentFieldsResponse,
  SegmentListResponse,
  SegmentSnapshotsResponse,
  SegmentTemplatesResponse,
  SegmentUpdateRequest,
} from '@portrait/core'
import {
  countRule,
  createSegment,
  deleteSegment,
  explainSegment,
  exportSegmentMembers,
  EXPORT_PURPOSES,
  getSegment,
  listSegments,
  segmentFields,
  segmentMembers,
  segmentSnapshots,
  segmentTemplates,
  updateSegment,
} from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

const IdParams = z.object({ id: z.string().min(1).max(100).describe('the segment id') })
const tags = ['segments']

export const segmentRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/api/v1/segments',
      {
        schema: {
          tags,
          summary: 'Every segment with its size, share and revenue now, and its trend (snapshots, one per day)',
          response: { 200: SegmentListResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await listSegments(request.portrait)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.post(
      '/api/v1/segments',
      {
        schema: {
          tags,
          summary: 'Save a segment; an invalid rule is answered 400 with the JSON path of the problem',
          body: SegmentCreateRequest,
          response: { 201: Segment, ...errorResponses },
        },
      },
      async (request, reply) => {
        const b = request.body
        const r = await createSegment(request.portrait, {
          name: b.name,
          rule: b.rule,
          ...(b.id !== undefined ? { id: b.id } : {}),
          ...(b.description !== undefined ? { description: b.description } : {}),
          ...(b.basis !== undefined ? { basis: b.basis } : {}),
        })
        return r.ok ? reply.status(201).send(r.value) : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/segments/templates',
      {
        schema: {
          tags,
          summary: 'Ready-made segments on the five bases (demographic, geographic, behavioral, psychographic, value)',
          response: { 200: SegmentTemplatesResponse },
        },
      },
      async () => ({ items: segmentTemplates() }),
    )

    app.get(
      '/api/v1/segments/fields',
      {
        schema: {
          tags,
          summary: 'The fields, operators and measures of the rule language, with the values found in the data',
          response: { 200: SegmentFieldsResponse },
        },
      },
      async (request) => segmentFields(request.portrait),
    )

    app.post(
      '/api/v1/segments/count',
      {
        schema: {
          tags,
          summary: 'Size, revenue and share of a rule that is not saved (the rule builder counts live with this)',
          body: SegmentCountRequest,
          response: { 200: SegmentCount, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await countRule(
          request.portrait,
          request.body.rule,
          request.body.segment_id ? { segmentId: request.body.segment_id } : {},
        )
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/segments/:id',
      {
        schema: {
          tags,
          summary: 'One segment with its size, share and revenue now',
          params: IdParams,
          response: { 200: Segment, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await getSegment(request.portrait, request.params.id)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.patch(
      '/api/v1/segments/:id',
      {
        schema: {
          tags,
          summary: "Change a segment's name, description, basis or rule",
          params: IdParams,
          body: SegmentUpdateRequest,
          response: { 200: Segment, ...errorResponses },
        },
      },
      async (request, reply) => {
        const b = request.body
        const r = await updateSegment(request.portrait, request.params.id, {
          ...(b.name !== undefined ? { name: b.name } : {}),
          ...(b.description !== undefined ? { description: b.description } : {}),
          ...(b.basis !== undefined ? { basis: b.basis } : {}),
          ...(b.rule !== undefined ? { rule: b.rule } : {}),
        })
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.delete(
      '/api/v1/segments/:id',
      {
        schema: {
          tags,
          summary: 'Delete a segment and its snapshots (409 while another segment uses it)',
          params: IdParams,
          response: { 200: z.object({ deleted: z.string() }), ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await deleteSegment(request.portrait, request.params.id)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/segments/:id/members',
      {
        schema: {
          tags,
          summary: "One page of a segment's members, with the customer list's columns, search and sorting",
          params: IdParams,
          querystring: CustomerListQuery,
          response: { 200: CustomerListResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await segmentMembers(request.portrait, request.params.id, request.query)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/segments/:id/members.csv',
      {
        schema: {
          tags,
          summary: 'Every member as CSV (cells a spreadsheet would run as formulas are neutralised); consent enforced',
          description:
            'E-mail addresses are written only for members who granted `email` consent, phone numbers only with `sms` consent; ' +
            'with `purpose`, only members who granted that purpose are written. The headers `x-portrait-rows`, ' +
            '`x-portrait-excluded`, `x-portrait-withheld-email` and `x-portrait-withheld-phone` give the counts.',
          params: IdParams,
          querystring: z.object({ purpose: z.enum(EXPORT_PURPOSES).optional().describe('the audience is for this consent purpose') }),
          produces: ['text/csv'],
          response: { 200: z.string().describe('CSV with the customer list columns'), ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await exportSegmentMembers(request.portrait, request.params.id, request.query)
        if (!r.ok) return sendError(reply, r.error)
        const name = `segment-${request.params.id.replace(/[^A-Za-z0-9_-]/g, '_')}.csv`
        return reply
          .type('text/csv; charset=utf-8')
          .header('x-portrait-rows', String(r.value.rows))
          .header('x-portrait-excluded', String(r.value.excluded))
          .header('x-portrait-withheld-email', String(r.value.withheld.email))
          .header('x-portrait-withheld-phone', String(r.value.withheld.phone))
          .header('Content-Disposition', `attachment; filename="${name}"`)
          .send(`\uFEFF${r.value.csv}`)
      },
    )

    app.get(
      '/api/v1/segments/:id/snapshots',
      {
        schema: {
          tags,
          summary: "A segment's size and revenue each time it was computed, oldest first",
          params: IdParams,
          response: { 200: SegmentSnapshotsResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await segmentSnapshots(request.portrait, request.params.id)
        return r.ok ? { items: r.value } : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/segments/:id/explain/:customer',
      {
        schema: {
          tags,
          summary: 'Which conditions of the rule a customer meets or fails, with the actual values',
          params: IdParams.extend({ customer: z.string().min(1).max(300).describe('customer id or any identity (email, phone, …)') }),
          response: { 200: SegmentExplainResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await explainSegment(request.portrait, request.params.id, request.params.customer)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
