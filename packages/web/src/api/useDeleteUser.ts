import { useMutation, useQueryClient } from '@tanstack/react-query'
import { deleteJson } from './client'
import { authKeys, userPath } from './authKeys'

/** DELETE /api/v1/users/{id}; 409 for yourself and for the last owner. */
export function useDeleteUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => deleteJson<void>(userPath(id)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.users }),
  })
}
