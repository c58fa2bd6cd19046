import { useMemo, useState } from 'react'
import { Button, Card, Flex, Select, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import ReloadOutlined from '@ant-design/icons/ReloadOutlined'
import DownloadOutlined from '@ant-design/icons/DownloadOutlined'
import { useTranslation } from 'react-i18next'
import type { AuditEntry } from '@portrait/core'
import { useAudit } from '../api/useAudit'
import { withQuery } from '../api/client'
import { ErrorAlert } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { useFormat } from '../i18n/useFormat'
import { privacyZhCN } from '../i18n/privacy.zh-CN'

type ActionKey = keyof typeof privacyZhCN.actions
type ActorKey = keyof typeof privacyZhCN.actors

/** The actions the platform records, in the order the filter lists them. */
const ACTIONS = [
  'import',
  'merge.undo',
  'profile.read',
  'segment.export',
  'privacy.export',
  'privacy.erase',
  'retention',
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'user.create',
  'user.update',
  'user.delete',
  'key.create',
  'key.revoke',
  'workspace.create',
  'audit.export',
  'encryption.rotate',
  'privacy.k_anonymity',
] as const
const LIMITS = [100, 500, 2000] as const

const actionKey = (action: string): ActionKey | null => {
  const key = action.replace(/\./g, '_')
  return key in privacyZhCN.actions ? (key as ActionKey) : null
}

/** Details as short `key: value` pairs; every value is rendered as text, never as markup. */
function detailText(details: Record<string, unknown> | null): string {
  if (!details) return ''
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ')
}

export default function AuditPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [action, setAction] = useState<string | undefined>(undefined)
  const [limit, setLimit] = useState<number>(100)
  const { data, error, isPending, isFetching, refetch } = useAudit({ limit, ...(action ? { action } : {}) })

  const actionLabel = useMemo(
    () => (a: string) => {
      const key = actionKey(a)
      return key ? t(`privacy.actions.${key}`) : a
    },
    [t],
  )

  const columns = useMemo<TableProps<AuditEntry>['columns']>(
    () => [
      { key: 'at', dataIndex: 'at', title: t('privacy.columns.at'), render: (v: string) => <span className="num">{fmt.dateTime(v)}</span> },
      {
        key: 'actor',
        dataIndex: 'actor',
        title: t('privacy.columns.actor'),
        render: (v: string) => (v in privacyZhCN.actors ? t(`privacy.actors.${v as ActorKey}`) : v),
      },
      {
        key: 'action',
        dataIndex: 'action',
        title: t('privacy.columns.action'),
        render: (v: string) => (
          <Tag
            color={v === 'privacy.erase' || v === 'auth.sign_in_failed' ? 'red' : v.startsWith('privacy') ? 'orange' : 'geekblue'}
            data-action={v}
          >
            {actionLabel(v)}
          </Tag>
        ),
      },
      {
        key: 'target',
        dataIndex: 'target',
        title: t('privacy.columns.target'),
        render: (v: string | null) => (v ? <Typography.Text code>{v}</Typography.Text> : t('common.empty')),
      },
      {
        key: 'details',
        dataIndex: 'details',
        title: t('privacy.columns.details'),
        render: (v: Record<string, unknown> | null) => (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {detailText(v)}
          </Typography.Text>
        ),
      },
    ],
    [t, fmt, actionLabel],
  )

  const items = data?.items ?? []
  return (
    <>
      <PageHeader title={t('privacy.title')} subtitle={t('privacy.subtitle')} />
      <Card variant="borderless">
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select<string>
            data-testid="audit-action-filter"
            aria-label={t('privacy.filterAction')}
            style={{ minWidth: 200 }}
            allowClear
            placeholder={t('privacy.allActions')}
            value={action}
            onChange={(v) => setAction(v || undefined)}
            options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
          />
          <Select<number>
            aria-label={t('privacy.limit')}
            value={limit}
            onChange={setLimit}
            options={LIMITS.map((n) => ({ value: n, label: `${t('privacy.limit')}: ${fmt.number(n)}` }))}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} loading={isFetching}>
            {t('privacy.refresh')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={withQuery('/api/v1/audit.csv', { limit, action })}
            download="audit.csv"
            data-testid="audit-export"
          >
            {t('privacy.exportCsv')}
          </Button>
          {data && (
            <Typography.Text type="secondary" data-testid="audit-count">
              {t('privacy.count', { count: items.length })}
            </Typography.Text>
          )}
        </Flex>
        {error ? (
          <ErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<AuditEntry>
            data-testid="audit-table"
            rowKey={(row) => `${row.at}|${row.action}|${row.target ?? ''}|${JSON.stringify(row.details)}`}
            size="middle"
            columns={columns}
            dataSource={items}
            loading={isPending}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('privacy.empty') }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          />
        )}
      </Card>
    </>
  )
}
