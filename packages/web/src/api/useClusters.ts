import { useQuery } from '@tanstack/react-query'
import type { ClusterResult } from '@portrait/core'
import { getJson } from './client'

export const clustersQueryKey = ['clusters', 'latest'] as const

/** GET /api/v1/clusters: the latest clustering run; an ApiError with status 404 before the first run. */
export function useClusters() {
  return useQuery({
    queryKey: clustersQueryKey,
    queryFn: ({ signal }) => getJson<ClusterResult>('/api/v1/clusters', { signal }),
  })
}
