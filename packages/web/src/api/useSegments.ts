import { useQuery } from '@tanstack/react-query'
import type { SegmentListResponse } from '@portrait/core'
import { getJson } from './client'
import { segmentKeys } from './segmentKeys'

/** GET /api/v1/segments: every segment with its size, share, revenue and trend. */
export function useSegments() {
  return useQuery({
    queryKey: segmentKeys.list,
    queryFn: ({ signal }) => getJson<SegmentListResponse>('/api/v1/segments', { signal }),
  })
}
