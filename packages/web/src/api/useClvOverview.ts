import { useQuery } from '@tanstack/react-query'
import type { ClvOverview } from '@portrait/core'
import { getJson } from './client'

/** Every CLV query key starts with this, so one invalidation refreshes the value page. */
export const clvQueryKey = ['clv'] as const

/** GET /api/v1/clv: the latest fit, the distribution of the stored CLV scores and the purchase history. */
export function useClvOverview() {
  return useQuery({
    queryKey: clvQueryKey,
    queryFn: ({ signal }) => getJson<ClvOverview>('/api/v1/clv', { signal }),
  })
}
