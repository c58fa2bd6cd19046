import { useQuery } from '@tanstack/react-query'
import type { HealthResponse } from '@portrait/core'
import { getJson } from './client'
import { queryKeys } from './queryKeys'

export function useHealth() {
  return useQuery({
    queryKey: queryKeys.health,
    queryFn: ({ signal }) => getJson<HealthResponse>('/api/health', { signal }),
    refetchInterval: 30_000,
    retry: false,
  })
}
