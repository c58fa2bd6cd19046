import { useQuery } from '@tanstack/react-query'
import type { ClvHoldoutResponse, ClvUnit } from '@portrait/core'
import { getJson, withQuery } from './client'

export interface ClvHoldoutParams {
  calibrationEnd: string
  unit: ClvUnit
}

/**
 * GET /api/v1/clv/holdout: fits on the purchases up to the calibration end and compares the
 * prediction with what came after. Runs once `params` is set (the user asks for it).
 */
export function useClvHoldout(params: ClvHoldoutParams | null) {
  return useQuery({
    queryKey: ['clv-holdout', params] as const,
    queryFn: ({ signal }) => getJson<ClvHoldoutResponse>(withQuery('/api/v1/clv/holdout', { ...params }), { signal }),
    enabled: params !== null,
    staleTime: Infinity,
    retry: false,
  })
}
