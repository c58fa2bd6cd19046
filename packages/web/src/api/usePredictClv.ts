import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ClvPredictRequest, ClvPredictResponse } from '@portrait/core'
import { postJson } from './client'
import { clvQueryKey } from './useClvOverview'

/** POST /api/v1/clv/predict: scores every buyer; the value page and the profiles show the new scores. */
export function usePredictClv() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: Partial<ClvPredictRequest>) => postJson<ClvPredictResponse>('/api/v1/clv/predict', request),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: clvQueryKey }),
        queryClient.invalidateQueries({ queryKey: ['profile'] }),
      ])
    },
  })
}
