import { useQuery } from '@tanstack/react-query'
import type { SessionInfo } from '@portrait/core'
import { ApiError, getJson, setCsrfToken } from './client'
import { authKeys, SESSION_PATH } from './authKeys'

/**
 * GET /api/v1/session: who is signed in, the workspace and what they may do; null when nobody is
 * (401). The CSRF token it carries is handed to the HTTP client for every later write.
 */
export async function fetchSession(signal?: AbortSignal): Promise<SessionInfo | null> {
  try {
    const session = await getJson<SessionInfo>(SESSION_PATH, { handlesUnauthorized: true, ...(signal ? { signal } : {}) })
    setCsrfToken(session.csrf_token)
    return session
  } catch (error) {
    if (error instanceof ApiError && error.isUnauthorized) {
      setCsrfToken(null)
      return null
    }
    throw error
  }
}

export function useSession() {
  return useQuery({
    queryKey: authKeys.session,
    queryFn: ({ signal }) => fetchSession(signal),
    // the session changes only by signing in or out (handled here) or by expiring (a 401 anywhere)
    staleTime: Infinity,
    retry: (failureCount, error) => !(error instanceof ApiError && error.status < 500 && error.status > 0) && failureCount < 2,
  })
}
