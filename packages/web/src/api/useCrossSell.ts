import { useQuery } from '@tanstack/react-query'
import type { CrossSellResponse } from '@portrait/core'
import { getJson, withQuery } from './client'

export const crossSellQueryKey = ['rules', 'cross-sell'] as const

/** GET /api/v1/rules/cross-sell: "bought X → offer Y" per item of the latest run (only once a run exists). */
export function useCrossSell(enabled: boolean, limit = 5) {
  return useQuery({
    queryKey: [...crossSellQueryKey, limit],
    queryFn: ({ signal }) => getJson<CrossSellResponse>(withQuery('/api/v1/rules/cross-sell', { limit }), { signal }),
    enabled,
  })
}
