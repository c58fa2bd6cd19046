import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  ErrorBody,
  PredictLatest,
  PredictLatestQuery,
  PredictModel,
  PredictScoreRequest,
  PredictScoreResult,
  PredictTrainRequest,
} from '@portrait/core'
import { latestPrediction, scoreDatabaseModel, trainDatabaseModel, type DatabaseModelOptions } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

type ParsedTrain = ReturnType<typeof PredictTrainRequest.parse>

function modelOptions(body: ParsedTrain): DatabaseModelOptions {
  return {
    label: body.label,
    horizon: body.horizon,
    folds: body.folds,
    seed: body.seed,
    ...(body.cutoff !== undefined ? { cutoff: body.cutoff } : {}),
    ...(body.lambda !== undefined ? { lambda: body.lambda } : {}),
    ...(body.classWeight !== undefined ? { classWeight: body.classWeight } : {}),
    ...(body.drop !== undefined ? { drop: body.drop } : {}),
  }
}

const LABEL_DOC =
  'churn = no purchase in [cutoff, cutoff + horizon) among customers who had bought before the cut-off; purchase = at least one purchase in that window, among all customers. Features are measured before the cut-off. See docs/models.md.'

export const predictRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/predict/train',
      {
        schema: {
          tags: ['models'],
          summary: 'Train a churn or purchase model with stratified k-fold cross-validation and store it as the latest',
          description: LABEL_DOC,
          body: PredictTrainRequest,
          response: { 200: PredictModel, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await trainDatabaseModel(request.portrait, modelOptions(request.body))
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.post(
      '/api/v1/predict/score',
      {
        schema: {
          tags: ['models'],
          summary: 'Fit on the labelled history and write scores.churn or scores.purchase for every customer of the label’s population',
          description: `${LABEL_DOC} Scores are measured as of the day after the last order; each value is {probability, model, horizon, as_of}.`,
          body: PredictScoreRequest,
          response: { 200: PredictScoreResult, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await scoreDatabaseModel(request.portrait, modelOptions(request.body))
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/predict',
      {
        schema: {
          tags: ['models'],
          summary:
            'The latest model (metrics, gains, calibration, coefficients) and scoring run of a label; without a label, of the last trained one',
          querystring: PredictLatestQuery,
          response: { 200: PredictLatest, ...errorResponses },
        },
      },
      async (request) => latestPrediction(request.portrait, request.query.label),
    )
  }
