import { Button, Result } from 'antd'
import { useLocation, useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useDocumentTitle } from '../components/PageHeader'

export default function NotFoundPage() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const navigate = useNavigate()
  useDocumentTitle(t('notFound.title'))
  return (
    <Result
      status="404"
      title={<h1 className="result-title">{t('notFound.title')}</h1>}
      subTitle={t('notFound.description', { path: pathname })}
      data-testid="not-found"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('notFound.home')}
        </Button>
      }
    />
  )
}
