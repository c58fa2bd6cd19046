import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { PredictLatest, PredictModel, PredictTrainRequest } from '@portrait/core'
import { postJson } from './client'
import { predictionQueryKey } from './usePrediction'

/** POST /api/v1/predict/train: the trained model replaces the one shown for its label. */
export function useTrainModel() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: PredictTrainRequest) => postJson<PredictModel>('/api/v1/predict/train', request),
    onSuccess: (model) => {
      queryClient.setQueryData<PredictLatest>([...predictionQueryKey, model.label], (previous) => ({
        model,
        scoring: previous?.scoring ?? null,
      }))
    },
  })
}
