import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { RulesRequest, RulesRun } from '@portrait/core'
import { postJson } from './client'
import { crossSellQueryKey } from './useCrossSell'
import { rulesQueryKey } from './useRules'

/** POST /api/v1/rules: mines the orders again; the answer becomes the latest run shown. */
export function useMineRules() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: RulesRequest) => postJson<RulesRun>('/api/v1/rules', request),
    onSuccess: async (run) => {
      queryClient.setQueryData(rulesQueryKey, run)
      await queryClient.invalidateQueries({ queryKey: crossSellQueryKey })
    },
  })
}
