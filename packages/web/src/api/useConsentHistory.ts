import { useQuery } from '@tanstack/react-query'
import type { ConsentHistoryResponse } from '@portrait/core'
import { getJson } from './client'
import { queryKeys } from './queryKeys'

/** Every consent record of a customer, newest first; kept under the profile's key so it refreshes with it. */
export function useConsentHistory(customerId: string) {
  return useQuery({
    queryKey: [...queryKeys.profile(customerId), 'consents'] as const,
    queryFn: ({ signal }) => getJson<ConsentHistoryResponse>(`/api/v1/customers/${encodeURIComponent(customerId)}/consents`, { signal }),
  })
}
