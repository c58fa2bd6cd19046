import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { CrossSellQuery, CrossSellResponse, ErrorBody, RulesRequest, RulesRun } from '@portrait/core'
import { crossSell, latestRulesRun, mineDatabaseRules } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

export const rulesRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/rules',
      {
        schema: {
          tags: ['models'],
          summary: 'Mine association rules on the orders (each order a basket) and store the run as the latest',
          description:
            'FP-Growth with the semantics of R’s arules: minimum support as the count ceil(minSupport × transactions), rule lengths count both sides, one item on the right-hand side unless rhsMax says otherwise. `count` is the number of rules found; conviction is null when infinite (confidence 1). See docs/models.md.',
          body: RulesRequest,
          response: { 200: RulesRun, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const { segment, ...options } = request.body
        const r = await mineDatabaseRules(request.portrait, { ...options, ...(segment !== undefined ? { segment } : {}) })
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/rules',
      {
        schema: {
          tags: ['models'],
          summary: 'The latest rules mined on the database (404 before the first run)',
          response: { 200: RulesRun, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await latestRulesRun(request.portrait)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/rules/cross-sell',
      {
        schema: {
          tags: ['models'],
          summary: 'Bought X → offer Y: per item, the best single-item rules {X} => {Y} of the latest run by lift (lift > 1)',
          querystring: CrossSellQuery,
          response: { 200: CrossSellResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { item, minConfidence, limit } = request.query
        const r = await crossSell(request.portrait, {
          limit,
          ...(item !== undefined ? { item } : {}),
          ...(minConfidence !== undefined ? { minConfidence } : {}),
        })
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
