import { useQuery } from '@tanstack/react-query'
import type { RfmResult } from '@portrait/core'
import { getJson } from './client'

export const rfmQueryKey = ['rfm'] as const

/** GET /api/v1/rfm: the latest stored RFM run; an ApiError with status 404 before the first run. */
export function useRfm() {
  return useQuery({
    queryKey: rfmQueryKey,
    queryFn: ({ signal }) => getJson<RfmResult>('/api/v1/rfm', { signal }),
  })
}
