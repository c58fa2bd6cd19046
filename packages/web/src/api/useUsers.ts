import { useQuery } from '@tanstack/react-query'
import type { UserListResponse } from '@portrait/core'
import { getJson } from './client'
import { authKeys, USERS_PATH } from './authKeys'

/** GET /api/v1/users (permission `users.manage`): the workspace's members. */
export function useUsers(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: authKeys.users,
    queryFn: ({ signal }) => getJson<UserListResponse>(USERS_PATH, { signal }),
    enabled: options.enabled ?? true,
  })
}
