/**
 * k-means clustering of customers: the run request, the result (centroids, sizes, quality, cluster
 * profiles, and the elbow / silhouette curve when k is chosen automatically), and the points of a
 * scatter plot.
 */
import { z } from 'zod'

export const ClusterScale = z.enum(['z', 'minmax', 'none']).describe('z = standardise (default), minmax = to [0, 1], none = raw')
export type ClusterScale = z.infer<typeof ClusterScale>

export const ClusterRunRequest = z.object({
  features: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(30)
    .optional()
    .describe('numeric and categorical customer features; default recency_days, frequency, monetary'),
  k: z
    .union([z.number().int().min(2).max(30), z.literal('auto')])
    .optional()
    .describe("number of clusters, or 'auto' (default): the best silhouette over k = 2..10"),
  seed: z.number().int().min(0).max(2_147_483_647).optional().describe('seed of the k-means++ seeding; default 0'),
  scale: ClusterScale.optional(),
  restarts: z.number().int().min(1).max(100).optional().describe('k-means++ restarts, the best inertia is kept; default 10'),
  asOf: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
    .optional()
    .describe('measure the features as of this date; default: the day after the last order'),
})
export type ClusterRunRequest = z.infer<typeof ClusterRunRequest>

const CategoryShare = z.object({ category: z.string(), count: z.number(), share: z.number(), lift: z.number() })

export const ClusterProfileEntry = z.object({
  cluster: z.number(),
  size: z.number(),
  share: z.number(),
  numeric: z.array(
    z.object({
      feature: z.string(),
      mean: z.number(),
      overall: z.number(),
      z: z.number().describe('(cluster mean − overall mean) / overall standard deviation'),
    }),
  ),
  categorical: z.array(z.object({ feature: z.string(), top: z.array(CategoryShare) })),
})
export type ClusterProfileEntry = z.infer<typeof ClusterProfileEntry>

export const ClusterCurvePoint = z.object({ k: z.number(), inertia: z.number(), silhouette: z.number() })
export type ClusterCurvePoint = z.infer<typeof ClusterCurvePoint>

export const ClusterResult = z.object({
  k: z.number(),
  inertia: z.number().describe('within-cluster sum of squares, in the scaled space the clustering ran in'),
  silhouette: z.number().describe('mean silhouette, in the scaled space'),
  sizes: z.array(z.number()).describe('customers per cluster; clusters are numbered by size, largest first'),
  centroids: z.array(z.array(z.number())).describe('one row per cluster, in original units, columns as in `columns`'),
  features: z.array(z.string()).describe('the features clustered on'),
  columns: z.array(z.string()).describe('centroid columns: numeric features, and feature=category shares for categorical ones'),
  scale: ClusterScale,
  seed: z.number(),
  restarts: z.number(),
  n: z.number().describe('rows clustered'),
  excluded: z.number().describe('rows left out because a numeric feature has no value (e.g. recency of a customer who never bought)'),
  source: z.string().describe("'database', or the CSV file clustered"),
  asOf: z.string().nullable(),
  silhouetteSample: z.number().nullable().describe('rows the silhouette was estimated on, when it was sampled'),
  profiles: z.array(ClusterProfileEntry),
  overall: z.object({
    numeric: z.array(z.object({ feature: z.string(), mean: z.number(), std: z.number(), used: z.boolean() })),
    categorical: z.array(z.object({ feature: z.string(), used: z.boolean(), top: z.array(CategoryShare) })),
  }),
  curve: z.array(ClusterCurvePoint).nullable().describe('inertia (elbow) and silhouette per k when k was chosen automatically'),
  computedAt: z.string(),
})
export type ClusterResult = z.infer<typeof ClusterResult>

export const ClusterFeatureList = z.object({ numeric: z.array(z.string()), categorical: z.array(z.string()) })
export type ClusterFeatureList = z.infer<typeof ClusterFeatureList>

export const ClusterPointsQuery = z.object({
  x: z.string().min(1).max(64),
  y: z.string().min(1).max(64),
  limit: z.coerce.number().int().min(10).max(10_000).default(2000),
})
export type ClusterPointsQuery = z.infer<typeof ClusterPointsQuery>

export const ClusterPoints = z.object({
  x: z.string(),
  y: z.string(),
  total: z.number().describe('clustered customers with a value on both features'),
  points: z.array(z.tuple([z.number(), z.number(), z.number()])).describe('[x, y, cluster], an even sample of at most `limit` customers'),
})
export type ClusterPoints = z.infer<typeof ClusterPoints>
