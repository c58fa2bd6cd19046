import type { ReactNode } from 'react'
import { Button, Result } from 'antd'
import { useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useDocumentTitle } from '../components/PageHeader'
import { usePermission } from './SessionContext'
import type { PermissionRequirement } from './permissions'

/** Shown instead of a page the signed-in principal may not use (a bookmark, a shared link). */
export function NoAccess() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  useDocumentTitle(t('auth.noAccess.title'))
  return (
    <Result
      status="403"
      title={<h1 className="result-title">{t('auth.noAccess.title')}</h1>}
      subTitle={t('auth.noAccess.description')}
      data-testid="no-access"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('notFound.home')}
        </Button>
      }
    />
  )
}

/** A page with a permission requirement: the page for a principal who has it, `NoAccess` otherwise. */
export function RequirePermission({ permission, children }: { permission: PermissionRequirement; children: ReactNode }) {
  return usePermission(permission) ? children : <NoAccess />
}
