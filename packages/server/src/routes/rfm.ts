import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ErrorBody, RfmResult, RfmRunRequest } from '@portrait/core'
import { latestRfm, runRfm } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

export const rfmRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/rfm',
      {
        schema: {
          tags: ['segmentation'],
          summary: 'Run RFM: score every customer with a purchase, store scores.rfm, and answer with the class summary',
          description:
            'Recency in days from the last purchase to the as-of date, frequency = purchases, monetary = net revenue; quantile scores with ties sharing a score (docs/rfm.md). Customers without a purchase before the as-of date are not scored and are counted as `unscored`.',
          body: RfmRunRequest,
          response: { 200: RfmResult, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await runRfm(request.portrait, request.body)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/rfm',
      {
        schema: {
          tags: ['segmentation'],
          summary: 'The latest RFM run, summarised from the stored scores and their provenance (404 before the first run)',
          response: { 200: RfmResult, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await latestRfm(request.portrait)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
