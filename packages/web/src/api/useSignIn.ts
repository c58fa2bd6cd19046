import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { SessionInfo, SignInRequest } from '@portrait/core'
import { postJson, setCsrfToken } from './client'
import { authKeys, SESSION_PATH } from './authKeys'

/**
 * POST /api/v1/session. Wrong credentials answer 401 (shown on the form, not a redirect), too many
 * attempts 429. On success every cached answer of an earlier session is dropped, so nothing one
 * user could see is shown to the next.
 */
export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (credentials: SignInRequest) => postJson<SessionInfo>(SESSION_PATH, credentials, { handlesUnauthorized: true }),
    onSuccess: (session) => {
      setCsrfToken(session.csrf_token)
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.session[0] })
      queryClient.setQueryData(authKeys.session, session)
    },
  })
}
