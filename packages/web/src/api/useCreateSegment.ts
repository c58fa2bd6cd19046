import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Segment, SegmentCreateRequest } from '@portrait/core'
import { postJson } from './client'
import { segmentKeys } from './segmentKeys'

/** POST /api/v1/segments; every segment view refreshes afterwards. */
export function useCreateSegment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: SegmentCreateRequest) => postJson<Segment>('/api/v1/segments', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
  })
}
