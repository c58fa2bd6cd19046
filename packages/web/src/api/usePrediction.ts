import { useQuery } from '@tanstack/react-query'
import type { PredictLabel, PredictLatest } from '@portrait/core'
import { getJson, withQuery } from './client'

export const predictionQueryKey = ['predict'] as const

/** GET /api/v1/predict: the latest model and scoring run of a label (nulls before the first). */
export function usePrediction(label: PredictLabel) {
  return useQuery({
    queryKey: [...predictionQueryKey, label],
    queryFn: ({ signal }) => getJson<PredictLatest>(withQuery('/api/v1/predict', { label }), { signal }),
  })
}
