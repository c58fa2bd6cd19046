import { useEffect, type ReactNode } from 'react'
import { Button, Result } from 'antd'
import { useQueryClient } from '@tanstack/react-query'
import { Navigate, useLocation } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { SessionInfo } from '@portrait/core'
import { onUnauthorized, setCsrfToken } from '../api/client'
import { authKeys } from '../api/authKeys'
import { useSession } from '../api/useSession'
import { PageLoading } from '../components/PageLoading'
import { ErrorAlert } from '../components/ErrorAlert'
import { SessionContext } from './SessionContext'
import { signInPath } from './nextPath'

/**
 * Renders its children (the app's layout) only for a signed-in session and provides that session
 * to them; otherwise sends the browser to the sign-in page with `?next=` the page asked for. A 401
 * from any later request (the session expired or was signed out elsewhere) does the same: the
 * session becomes null here before the failed request's error reaches a page, so no error flashes.
 */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const location = useLocation()
  const { data: session, error, isPending, refetch, isFetching } = useSession()

  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken(null)
        queryClient.setQueryData<SessionInfo | null>(authKeys.session, null)
      }),
    [queryClient],
  )

  if (isPending) {
    return (
      <div className="auth-screen">
        <PageLoading />
      </div>
    )
  }
  if (error) {
    // the server did not answer the session check (down, or an unexpected error): not a sign-in problem
    return (
      <div className="auth-screen" data-testid="session-error">
        <Result
          status="warning"
          title={<h1 className="result-title">{t('auth.session.checkFailed')}</h1>}
          subTitle={<ErrorAlert error={error} />}
          extra={
            <Button type="primary" loading={isFetching} onClick={() => void refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </div>
    )
  }
  if (!session) return <Navigate to={signInPath(location)} replace />
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}
