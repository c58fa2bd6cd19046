import { useQuery } from '@tanstack/react-query'
import type { ClusterFeatureList } from '@portrait/core'
import { getJson } from './client'

/** GET /api/v1/clusters/features: the numeric and categorical features a clustering can use. */
export function useClusterFeatures() {
  return useQuery({
    queryKey: ['clusters', 'features'] as const,
    queryFn: ({ signal }) => getJson<ClusterFeatureList>('/api/v1/clusters/features', { signal }),
    staleTime: Infinity,
  })
}
