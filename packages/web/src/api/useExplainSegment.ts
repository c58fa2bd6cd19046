import { useQuery } from '@tanstack/react-query'
import type { SegmentExplainResponse } from '@portrait/core'
import { getJson } from './client'
import { segmentKeys, segmentPath } from './segmentKeys'

/** GET /api/v1/segments/{id}/explain/{customer}; runs once a customer is given. */
export function useExplainSegment(id: string, customer: string) {
  return useQuery({
    queryKey: segmentKeys.explain(id, customer),
    queryFn: ({ signal }) => getJson<SegmentExplainResponse>(segmentPath(id, `/explain/${encodeURIComponent(customer)}`), { signal }),
    enabled: customer.trim() !== '',
    retry: false,
  })
}
