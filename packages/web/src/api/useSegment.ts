import { useQuery } from '@tanstack/react-query'
import type { Segment } from '@portrait/core'
import { getJson } from './client'
import { segmentKeys, segmentPath } from './segmentKeys'

/** GET /api/v1/segments/{id}: one segment with its size, share and revenue now. */
export function useSegment(id: string | undefined) {
  return useQuery({
    queryKey: segmentKeys.one(id ?? ''),
    queryFn: ({ signal }) => getJson<Segment>(segmentPath(id ?? ''), { signal }),
    enabled: Boolean(id),
  })
}
