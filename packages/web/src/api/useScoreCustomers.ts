import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { PredictScoreRequest, PredictScoreResult } from '@portrait/core'
import { postJson } from './client'
import { predictionQueryKey } from './usePrediction'

/** POST /api/v1/predict/score: writes a probability to every customer; profiles show it. */
export function useScoreCustomers() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: PredictScoreRequest) => postJson<PredictScoreResult>('/api/v1/predict/score', request),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: predictionQueryKey }),
        queryClient.invalidateQueries({ queryKey: ['profile'] }),
      ])
    },
  })
}
