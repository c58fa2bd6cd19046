import { useEffect, type ReactNode } from 'react'
import { Flex, Typography } from 'antd'
import { useTranslation } from 'react-i18next'

/** Sets the browser tab title to "page · Portrait". */
export function useDocumentTitle(page: string): void {
  const { t } = useTranslation()
  const title = t('app.documentTitle', { page })
  useEffect(() => {
    document.title = title
  }, [title])
}

/** The page's `<h1>`, an optional subtitle and actions on the right; also sets the document title. */
export function PageHeader({
  title,
  subtitle,
  extra,
  documentTitle,
  testId,
}: {
  title: ReactNode
  subtitle?: ReactNode
  extra?: ReactNode
  /** Tab title when `title` is not plain text. */
  documentTitle?: string
  testId?: string
}) {
  useDocumentTitle(documentTitle ?? (typeof title === 'string' ? title : ''))
  return (
    <Flex justify="space-between" align="flex-start" gap={16} wrap className="page-header" data-testid={testId}>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={1} className="page-title">
          {title}
        </Typography.Title>
        {subtitle && (
          <Typography.Paragraph type="secondary" className="page-subtitle">
            {subtitle}
          </Typography.Paragraph>
        )}
      </div>
      {extra && <div>{extra}</div>}
    </Flex>
  )
}
