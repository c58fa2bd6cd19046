import { useQuery } from '@tanstack/react-query'
import type { CustomerProfile } from '@portrait/core'
import { getJson } from './client'
import { queryKeys } from './queryKeys'

export function useProfile(customerId: string | undefined) {
  return useQuery({
    queryKey: queryKeys.profile(customerId ?? ''),
    queryFn: ({ signal }) => getJson<CustomerProfile>(`/api/v1/customers/${encodeURIComponent(customerId ?? '')}`, { signal }),
    enabled: Boolean(customerId),
  })
}
