import { useMemo } from 'react'
import { App, Card, Flex, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import UndoOutlined from '@ant-design/icons/UndoOutlined'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { MergeRecord } from '@portrait/core'
import { useMerges } from '../api/useMerges'
import { useUndoMerge } from '../api/useUndoMerge'
import { ConfirmAction } from '../components/ConfirmAction'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { ShortId } from '../components/ShortId'
import { useFormat } from '../i18n/useFormat'
import { usePermission } from '../auth/SessionContext'
import { useLabels } from '../i18n/useLabels'
import { mergeReasonText } from '../i18n/serverText'

function profileLink(customerId: string) {
  return (
    <Link to={`/customers/${encodeURIComponent(customerId)}`} onClick={(e) => e.stopPropagation()}>
      {customerId}
    </Link>
  )
}

export default function MergesPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const labels = useLabels()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const { data, error, isPending, isFetching, refetch } = useMerges()
  const undo = useUndoMerge()
  const canWrite = usePermission('data.write')

  const columns = useMemo<TableProps<MergeRecord>['columns']>(
    () => [
      { key: 'merge_id', dataIndex: 'merge_id', title: t('merges.columns.id'), render: (v: string) => <ShortId id={v} /> },
      { key: 'kept', dataIndex: 'kept_customer_id', title: t('merges.columns.kept'), render: profileLink },
      { key: 'merged', dataIndex: 'merged_customer_id', title: t('merges.columns.merged'), render: profileLink },
      {
        key: 'matched_on',
        dataIndex: 'matched_on',
        title: t('merges.columns.matchedOn'),
        render: (v: string) => <Tag color="geekblue">{labels.identityKind(v)}</Tag>,
      },
      { key: 'reason', dataIndex: 'reason', title: t('merges.columns.reason'), render: (v: string) => mergeReasonText(t, v) },
      { key: 'source', dataIndex: 'source', title: t('merges.columns.source'), render: (v: string | null) => v ?? t('common.empty') },
      {
        key: 'merged_at',
        dataIndex: 'merged_at',
        title: t('merges.columns.mergedAt'),
        render: (v: string) => <span className="num">{fmt.dateTime(v)}</span>,
      },
      {
        key: 'state',
        dataIndex: 'undone_at',
        title: t('merges.columns.state'),
        render: (undoneAt: string | null) =>
          undoneAt ? (
            <Flex vertical align="flex-start" gap={2} title={t('merges.undoneAt', { time: fmt.dateTime(undoneAt) })}>
              <Tag data-state="undone">{t('merges.undone')}</Tag>
              <Typography.Text type="secondary" className="num merge-undone-time">
                {fmt.dateTime(undoneAt)}
              </Typography.Text>
            </Flex>
          ) : (
            <Tag color="processing" data-state="active">
              {t('merges.active')}
            </Tag>
          ),
      },
      {
        key: 'action',
        title: t('merges.columns.action'),
        fixed: 'right',
        render: (_: unknown, row) =>
          row.undone_at || !canWrite ? null : (
            <ConfirmAction
              label={t('merges.undo')}
              icon={<UndoOutlined />}
              ariaLabel={t('merges.undoAria', { id: row.merge_id })}
              testId={`undo-${row.merge_id}`}
              title={t('merges.undoConfirmTitle')}
              description={t('merges.undoConfirmDescription', { merged: row.merged_customer_id, kept: row.kept_customer_id })}
              okText={t('merges.undoOk')}
              cancelText={t('merges.undoCancel')}
              loading={undo.isPending && undo.variables === row.merge_id}
              run={() => undo.mutateAsync(row.merge_id)}
              success={t('merges.undoSuccess', { id: row.merge_id })}
              failure={(m) => t('merges.undoFailed', { message: m })}
            />
          ),
      },
    ],
    [t, fmt, labels, undo, message, errorText, canWrite],
  )

  return (
    <>
      <PageHeader title={t('merges.title')} subtitle={t('merges.subtitle')} />
      <Card variant="borderless">
        {error ? (
          <ErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<MergeRecord>
            data-testid="merges-table"
            rowKey="merge_id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={isPending || isFetching}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('merges.empty') }}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          />
        )}
      </Card>
    </>
  )
}
