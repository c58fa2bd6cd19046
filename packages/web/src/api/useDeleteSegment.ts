import { useMutation, useQueryClient } from '@tanstack/react-query'
import { deleteJson } from './client'
import { segmentKeys, segmentPath } from './segmentKeys'

/** DELETE /api/v1/segments/{id}; refused (409) while another segment uses it. */
export function useDeleteSegment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => deleteJson<{ deleted: string }>(segmentPath(id)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.list }),
  })
}
