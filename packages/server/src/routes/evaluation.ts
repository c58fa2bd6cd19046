import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { SegmentEvaluationRequest, SegmentEvaluationResponse } from '@portrait/core'
import { evaluateSegments } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

/** Segment evaluation and the target ranking (`portrait segment evaluate`). */
export const evaluationRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/segments/evaluate',
      {
        schema: {
          tags: ['segments'],
          summary:
            'Evaluate segments (size, growth, revenue, orders, CLV, churn, conversion, reach, revenue after marketing, overlap) and rank them by a weighted attractiveness score',
          body: SegmentEvaluationRequest,
          response: { 200: SegmentEvaluationResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const b = request.body
        const r = await evaluateSegments(request.portrait, {
          ...(b.ids ? { ids: b.ids } : {}),
          ...(b.weights ? { weights: b.weights } : {}),
          ...(b.window_days !== undefined ? { windowDays: b.window_days } : {}),
        })
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
