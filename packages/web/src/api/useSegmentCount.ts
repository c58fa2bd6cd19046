import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { SegmentCount } from '@portrait/core'
import { postJson } from './client'
import { segmentKeys } from './segmentKeys'

/**
 * POST /api/v1/segments/count for a rule that is not saved: the builder's live count. The caller
 * debounces `rule`; null means "nothing to count yet". `segmentId` is the segment being edited
 * (a reference back to it is a cycle). A rule the server refuses fails with its JSON-path message
 * and is not retried.
 */
export function useSegmentCount(rule: unknown | null, segmentId?: string) {
  return useQuery({
    queryKey: [...segmentKeys.count(rule), segmentId ?? ''],
    queryFn: ({ signal }) =>
      postJson<SegmentCount>('/api/v1/segments/count', { rule, ...(segmentId ? { segment_id: segmentId } : {}) }, { signal }),
    enabled: rule !== null,
    placeholderData: keepPreviousData,
    retry: false,
  })
}
