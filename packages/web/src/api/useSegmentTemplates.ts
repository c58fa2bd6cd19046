import { useQuery } from '@tanstack/react-query'
import type { SegmentTemplatesResponse } from '@portrait/core'
import { getJson } from './client'
import { segmentKeys } from './segmentKeys'

/** GET /api/v1/segments/templates: ready-made segments on the five bases. */
export function useSegmentTemplates() {
  return useQuery({
    queryKey: segmentKeys.templates,
    queryFn: ({ signal }) => getJson<SegmentTemplatesResponse>('/api/v1/segments/templates', { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })
}
