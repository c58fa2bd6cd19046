import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { Segment, SegmentUpdateRequest } from '@portrait/core'
import { patchJson } from './client'
import { segmentKeys, segmentPath } from './segmentKeys'

/** PATCH /api/v1/segments/{id}; every segment view refreshes afterwards. */
export function useUpdateSegment(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: SegmentUpdateRequest) => patchJson<Segment>(segmentPath(id), body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
  })
}
