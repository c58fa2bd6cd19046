import { Button, Result } from 'antd'
import { useRouteError } from 'react-router'
import { useTranslation } from 'react-i18next'

/** Shown when rendering a page throws (or its code chunk fails to load after a new deployment). */
export function RouteErrorPage() {
  const { t } = useTranslation()
  const error = useRouteError()
  return (
    <Result
      status="error"
      title={<h1 className="result-title">{t('errors.unexpected')}</h1>}
      subTitle={error instanceof Error ? error.message : String(error)}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('errors.reload')}
        </Button>
      }
    />
  )
}
