import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { CustomerListQuery, CustomerListResponse } from '@portrait/core'
import { getJson, withQuery } from './client'
import { segmentKeys, segmentPath } from './segmentKeys'

/** GET /api/v1/segments/{id}/members: one page of members, with the customer list's columns. */
export function useSegmentMembers(id: string, query: Pick<CustomerListQuery, 'limit' | 'offset' | 'sort' | 'order'> & { q: string }) {
  return useQuery({
    queryKey: segmentKeys.members(id, query),
    queryFn: ({ signal }) =>
      getJson<CustomerListResponse>(
        withQuery(segmentPath(id, '/members'), {
          q: query.q.trim(),
          limit: query.limit,
          offset: query.offset,
          sort: query.sort,
          order: query.order,
        }),
        { signal },
      ),
    placeholderData: keepPreviousData,
  })
}
