import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ClvFitReport, ClvFitRequest } from '@portrait/core'
import { postJson } from './client'
import { clvQueryKey } from './useClvOverview'

/** POST /api/v1/clv/fit: fits the models; the fit becomes the latest one the page shows. */
export function useFitClv() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: Partial<ClvFitRequest>) => postJson<ClvFitReport>('/api/v1/clv/fit', request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clvQueryKey }),
  })
}
