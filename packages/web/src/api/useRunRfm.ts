import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { RfmResult, RfmRunRequest } from '@portrait/core'
import { postJson } from './client'
import { rfmQueryKey } from './useRfm'

/** POST /api/v1/rfm: scores the customers again; the answer becomes the latest run shown. */
export function useRunRfm() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: RfmRunRequest) => postJson<RfmResult>('/api/v1/rfm', request),
    onSuccess: (result) => {
      queryClient.setQueryData(rfmQueryKey, result)
      // Profiles show the customer's scores.
      void queryClient.invalidateQueries({ queryKey: ['profile'] })
    },
  })
}
