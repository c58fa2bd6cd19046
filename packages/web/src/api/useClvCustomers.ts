import { useQuery } from '@tanstack/react-query'
import type { ClvCustomersResponse } from '@portrait/core'
import { getJson, withQuery } from './client'
import { clvQueryKey } from './useClvOverview'

export interface ClvCustomersParams {
  sort?: 'clv' | 'p_alive'
  order?: 'asc' | 'desc'
  limit?: number
  atRisk?: boolean
}

/** GET /api/v1/clv/customers: customers by CLV or P(alive), or the valuable ones at risk; only once scores exist. */
export function useClvCustomers(params: ClvCustomersParams, enabled: boolean) {
  return useQuery({
    queryKey: [...clvQueryKey, 'customers', params] as const,
    queryFn: ({ signal }) => getJson<ClvCustomersResponse>(withQuery('/api/v1/clv/customers', { ...params }), { signal }),
    enabled,
  })
}
