import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { SessionInfo } from '@portrait/core'
import { ApiError, deleteJson, setCsrfToken } from './client'
import { authKeys, SESSION_PATH } from './authKeys'

/**
 * DELETE /api/v1/session (with the CSRF token, like every write). Afterwards the session is null,
 * which shows the sign-in page; the sign-in page drops the cached data of the session.
 */
export function useSignOut() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () => {
      try {
        await deleteJson<void>(SESSION_PATH, { handlesUnauthorized: true })
      } catch (error) {
        // a session that has already expired is as signed out as it gets
        if (!(error instanceof ApiError && error.isUnauthorized)) throw error
      }
    },
    onSuccess: () => {
      setCsrfToken(null)
      queryClient.setQueryData<SessionInfo | null>(authKeys.session, null)
    },
  })
}
