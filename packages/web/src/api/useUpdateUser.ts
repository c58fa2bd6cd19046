import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { UserInfo, UserUpdateRequest } from '@portrait/core'
import { patchJson } from './client'
import { authKeys, userPath } from './authKeys'

/** PATCH /api/v1/users/{id}: a new role and/or a new password. */
export function useUpdateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: UserUpdateRequest }) => patchJson<UserInfo>(userPath(id), change),
    onSettled: () => queryClient.invalidateQueries({ queryKey: authKeys.users }),
  })
}
