import { Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ConsentRecord } from '@portrait/core'
import { useConsentHistory } from '../../api/useConsentHistory'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useFormat } from '../../i18n/useFormat'
import { useLabels } from '../../i18n/useLabels'

/** Every consent record of a customer, newest first: when each purpose was granted or withdrawn, and from where. */
export function ConsentHistory({ customerId }: { customerId: string }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const labels = useLabels()
  const { data, error, isPending, refetch } = useConsentHistory(customerId)
  const columns: TableProps<ConsentRecord>['columns'] = [
    {
      key: 'recorded_at',
      dataIndex: 'recorded_at',
      title: t('privacy.consentHistory.recordedAt'),
      render: (v: string) => <span className="num">{fmt.dateTime(v)}</span>,
    },
    { key: 'purpose', dataIndex: 'purpose', title: t('privacy.consentHistory.purpose'), render: (v: string) => labels.consentPurpose(v) },
    {
      key: 'granted',
      dataIndex: 'granted',
      title: t('privacy.consentHistory.state'),
      render: (granted: boolean) =>
        granted ? <Tag color="success">{t('profile.consents.granted')}</Tag> : <Tag color="error">{t('profile.consents.denied')}</Tag>,
    },
    { key: 'source', dataIndex: 'source', title: t('privacy.consentHistory.source'), render: (v: string | null) => v ?? t('common.empty') },
  ]
  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />
  const items = data?.items ?? []
  return (
    <div data-testid="consent-history" style={{ marginTop: 16 }}>
      <Typography.Title level={3} style={{ fontSize: 14, marginBottom: 4 }}>
        {t('privacy.consentHistory.title')}
      </Typography.Title>
      {items.length > 0 && (
        <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
          {t('privacy.consentHistory.count', { count: items.length })}
        </Typography.Text>
      )}
      <Table<ConsentRecord>
        rowKey={(row) => `${row.purpose}|${row.recorded_at}`}
        size="small"
        columns={columns}
        dataSource={items}
        loading={isPending}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: t('privacy.consentHistory.none') }}
      />
    </div>
  )
}
