import { useQuery } from '@tanstack/react-query'
import type { SegmentSnapshotsResponse } from '@portrait/core'
import { getJson } from './client'
import { segmentKeys, segmentPath } from './segmentKeys'

/** GET /api/v1/segments/{id}/snapshots: size and revenue each time the segment was computed. */
export function useSegmentSnapshots(id: string) {
  return useQuery({
    queryKey: segmentKeys.snapshots(id),
    queryFn: ({ signal }) => getJson<SegmentSnapshotsResponse>(segmentPath(id, '/snapshots'), { signal }),
  })
}
