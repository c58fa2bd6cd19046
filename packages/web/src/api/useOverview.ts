import { useQuery } from '@tanstack/react-query'
import type { OverviewStats } from '@portrait/core'
import { getJson } from './client'
import { queryKeys } from './queryKeys'

export function useOverview() {
  return useQuery({
    queryKey: queryKeys.overview,
    queryFn: ({ signal }) => getJson<OverviewStats>('/api/v1/stats/overview', { signal }),
  })
}
