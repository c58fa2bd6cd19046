import { useQuery } from '@tanstack/react-query'
import type { SegmentFieldsResponse } from '@portrait/core'
import { getJson } from './client'
import { segmentKeys } from './segmentKeys'

/** GET /api/v1/segments/fields: the rule language's fields and operators, with values found in the data. */
export function useSegmentFields() {
  return useQuery({
    queryKey: segmentKeys.fields,
    queryFn: ({ signal }) => getJson<SegmentFieldsResponse>('/api/v1/segments/fields', { signal }),
    staleTime: 5 * 60_000,
  })
}
