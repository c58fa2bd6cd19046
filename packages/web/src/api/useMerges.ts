import { useQuery } from '@tanstack/react-query'
import type { MergeRecord } from '@portrait/core'
import { getJson } from './client'
import { queryKeys } from './queryKeys'

export function useMerges() {
  return useQuery({
    queryKey: queryKeys.merges,
    queryFn: ({ signal }) => getJson<{ items: MergeRecord[] }>('/api/v1/merges', { signal }),
  })
}
