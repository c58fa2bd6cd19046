import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { UserCreateRequest, UserInfo } from '@portrait/core'
import { postJson } from './client'
import { authKeys, USERS_PATH } from './authKeys'

/** POST /api/v1/users; 409 when the email is taken, 403 when an admin tries to create an owner. */
export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (user: UserCreateRequest) => postJson<UserInfo>(USERS_PATH, user),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.users }),
  })
}
