import { useMutation, useQueryClient } from '@tanstack/react-query'
import { postJson } from './client'
import { queryKeys } from './queryKeys'

/** POST /api/v1/merges/{merge_id}/undo; afterwards every view that shows customers is refreshed. */
export function useUndoMerge() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (mergeId: string) => postJson<unknown>(`/api/v1/merges/${encodeURIComponent(mergeId)}/undo`),
    onSettled: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.merges }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customers }),
        queryClient.invalidateQueries({ queryKey: queryKeys.profiles }),
        queryClient.invalidateQueries({ queryKey: queryKeys.overview }),
      ])
    },
  })
}
