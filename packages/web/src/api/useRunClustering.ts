import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ClusterResult, ClusterRunRequest } from '@portrait/core'
import { postJson } from './client'
import { clustersQueryKey } from './useClusters'
import { clusterPointsQueryPrefix } from './useClusterPoints'

/** POST /api/v1/clusters: clusters the customers again; the answer becomes the latest run shown. */
export function useRunClustering() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: ClusterRunRequest) => postJson<ClusterResult>('/api/v1/clusters', request),
    onSuccess: (result) => {
      queryClient.setQueryData(clustersQueryKey, result)
      void queryClient.invalidateQueries({ queryKey: clusterPointsQueryPrefix })
      void queryClient.invalidateQueries({ queryKey: ['profile'] })
    },
  })
}
