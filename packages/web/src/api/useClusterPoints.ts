import { useQuery } from '@tanstack/react-query'
import type { ClusterPoints } from '@portrait/core'
import { getJson, withQuery } from './client'

export const clusterPointsQueryPrefix = ['clusters', 'points'] as const
const SCATTER_POINTS = 2000

/**
 * GET /api/v1/clusters/points: two numeric features of the clustered customers with their cluster.
 * `run` (the run's computedAt) is part of the key, so a new run never shows the old points.
 */
export function useClusterPoints(x: string | undefined, y: string | undefined, run: string | undefined) {
  return useQuery({
    queryKey: [...clusterPointsQueryPrefix, x, y, run] as const,
    queryFn: ({ signal }) => getJson<ClusterPoints>(withQuery('/api/v1/clusters/points', { x, y, limit: SCATTER_POINTS }), { signal }),
    enabled: Boolean(x && y && run),
    // While other features load, keep showing the previous ones of the same run; never another run's clusters.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[4] === run ? previous : undefined),
  })
}
