import { useMutation, useQueryClient } from '@tanstack/react-query'
import { postJson } from './client'
import { segmentKeys } from './segmentKeys'

export interface ClusterSegmentRequest {
  name: string
  description: string
  cluster: number
}

/**
 * POST /api/v1/segments with the rule `{"score": "cluster", "op": "eq", "value": <cluster>}`: the
 * cluster's members as a behavioural segment. Answers 404 when the server has no segments endpoint.
 */
export function useSaveClusterSegment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ name, description, cluster }: ClusterSegmentRequest) =>
      postJson<unknown>('/api/v1/segments', {
        name,
        description,
        basis: 'behavioral',
        rule: { score: 'cluster', op: 'eq', value: cluster },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
  })
}
