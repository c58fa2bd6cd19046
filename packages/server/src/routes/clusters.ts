import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ClusterFeatureList, ClusterPoints, ClusterPointsQuery, ClusterResult, ClusterRunRequest, ErrorBody } from '@portrait/core'
import { clusterFeatureList, clusterPoints, latestClustering, runClustering } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

export const clusterRoutes =
  (_ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/clusters',
      {
        schema: {
          tags: ['segmentation'],
          summary: 'Cluster the customers with k-means, store scores.cluster, and answer with centroids, sizes and profiles',
          description:
            "k-means++ with restarts on the chosen features (numeric ones scaled, categorical ones one-hot encoded). With k = 'auto' every k from 2 to 10 is fitted and the best silhouette wins; `curve` then holds the inertia and silhouette per k. Clusters are numbered by size, largest first.",
          body: ClusterRunRequest,
          response: { 200: ClusterResult, ...errorResponses, 422: ErrorBody },
        },
      },
      async (request, reply) => {
        const r = await runClustering(request.portrait, request.body)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/clusters',
      {
        schema: {
          tags: ['segmentation'],
          summary: 'The latest clustering run (404 before the first run)',
          response: { 200: ClusterResult, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await latestClustering(request.portrait)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )

    app.get(
      '/api/v1/clusters/features',
      {
        schema: {
          tags: ['segmentation'],
          summary: 'The customer features a clustering can use',
          response: { 200: ClusterFeatureList },
        },
      },
      async () => clusterFeatureList(),
    )

    app.get(
      '/api/v1/clusters/points',
      {
        schema: {
          tags: ['segmentation'],
          summary: 'Two numeric features of the clustered customers with their cluster, for a scatter plot (an even sample)',
          querystring: ClusterPointsQuery,
          response: { 200: ClusterPoints, ...errorResponses },
        },
      },
      async (request, reply) => {
        const r = await clusterPoints(request.portrait, request.query)
        return r.ok ? r.value : sendError(reply, r.error)
      },
    )
  }
