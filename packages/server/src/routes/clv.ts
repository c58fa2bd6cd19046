import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  ClvCustomersQuery,
  ClvCustomersResponse,
  ClvFitReport,
  ClvFitRequest,
  ClvHoldoutQuery,
  ClvHoldoutResponse,
  ClvOverview,
  ClvPredictRequest,
  ClvPredictResponse,
  ErrorBody,
} from '@portrait/core'
import { clvCustomers, clvHoldoutOnDatabase, clvOverview, fitClvOnDatabase, predictClv } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

const MODELS =
  'BG/NBD purchase model (Fader, Hardie & Lee 2005) and Gamma-Gamma spend model (Fader & Hardie 2013), fitted by maximum likelihood on the purchases of the workspace (returns excluded; same-day purchases count once; the first purchase is not a repeat purchase; days in the workspace time zone).'

export const clvRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/clv/fit',
      {
        schema: {
          tags: ['value'],
          summary: 'Fit the CLV models on the purchases up to the calibration end and store the fit as the latest',
          description: `${MODELS} When purchases after the calibration end exist, the answer includes the calibration/holdout check. 422 when the data cannot identify a model (e.g. no repeat buyers) or the optimiser did not converge.`,
          body: ClvFitRequest,
          response: { 200: ClvFitReport, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await fitClvOnDatabase(request.portrait, request.body)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.post(
      '/api/v1/clv/predict',
      {
        schema: {
          tags: ['value'],
          summary: 'Fit on the whole purchase history and store scores.clv (CLV, P(alive), expected purchases and spend) for every buyer',
          description: `${MODELS} CLV is the expected revenue over \`horizon\` periods, each period discounted by (1 + discount)^k.`,
          body: ClvPredictRequest,
          response: { 200: ClvPredictResponse, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await predictClv(request.portrait, request.body)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/clv',
      {
        schema: {
          tags: ['value'],
          summary:
            'The latest fit (parameters, standard errors, fit diagnostics), the distribution of the stored CLV scores, and the purchase history',
          response: { 200: ClvOverview, ...errorResponses },
        },
      },
      async (request) => clvOverview(request.portrait),
    )

    app.get(
      '/api/v1/clv/holdout',
      {
        schema: {
          tags: ['value'],
          summary:
            'Calibration/holdout check: fit up to calibrationEnd, compare predicted with actual purchases after it (nothing is stored)',
          querystring: ClvHoldoutQuery,
          response: { 200: ClvHoldoutResponse, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await clvHoldoutOnDatabase(request.portrait, request.query)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/clv/customers',
      {
        schema: {
          tags: ['value'],
          summary:
            'Customers by CLV or P(alive); with atRisk=true the valuable customers who have probably stopped buying (404 before the first scoring)',
          querystring: ClvCustomersQuery,
          response: { 200: ClvCustomersResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await clvCustomers(request.portrait, request.query)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
