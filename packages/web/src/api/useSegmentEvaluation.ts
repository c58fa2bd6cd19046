import { useQuery } from '@tanstack/react-query'
import type { SegmentEvaluationRequest, SegmentEvaluationResponse } from '@portrait/core'
import { postJson } from './client'
import { segmentKeys } from './segmentKeys'

/**
 * POST /api/v1/segments/evaluate with the default weights: the page re-ranks with the user's
 * weights in the browser (`rankSegments`), so moving a slider needs no request.
 */
export function useSegmentEvaluation(request: Omit<SegmentEvaluationRequest, 'weights'> = {}) {
  return useQuery({
    queryKey: [...segmentKeys.all, 'evaluate', request],
    queryFn: ({ signal }) => postJson<SegmentEvaluationResponse>('/api/v1/segments/evaluate', request, { signal }),
  })
}
