import { Alert, Button } from 'antd'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/client'

/**
 * Shows a failed request: the server's message and error code, and a retry button. Nothing for a
 * 401: the sign-in page replaces the page as soon as the session turns out to be gone.
 */
export function ErrorAlert({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { t } = useTranslation()
  const apiError = error instanceof ApiError ? error : null
  if (apiError?.isUnauthorized) return null
  const description = apiError?.isNetworkError ? t('errors.network') : error instanceof Error ? error.message : String(error)
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={title ?? t('errors.loadFailed')}
      description={
        <>
          <div>{description}</div>
          {apiError && !apiError.isNetworkError && <div>{t('errors.code', { code: apiError.code })}</div>}
        </>
      }
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  )
}

/** One line for a toast: the server's message, or the "cannot reach the server" text. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation()
  return (error) => {
    if (error instanceof ApiError && error.isNetworkError) return t('errors.network')
    return error instanceof Error ? error.message : String(error)
  }
}
