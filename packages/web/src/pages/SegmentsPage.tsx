import { useMemo, useState } from 'react'
import { Button, Card, Empty, Flex, Progress, Segmented, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import PlusOutlined from '@ant-design/icons/PlusOutlined'
import { Link, useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { SegmentBasis, SegmentListItem } from '@portrait/core'
import { useSegments } from '../api/useSegments'
import { ErrorAlert } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { useFormat } from '../i18n/useFormat'
import { usePermission } from '../auth/SessionContext'
import { Sparkline } from './segments/Sparkline'
import { useRuleText } from './segments/useRuleText'
import { BASIS_COLORS, SEGMENT_BASES as BASES } from './segments/basis'
import './segments/segments.css'

export default function SegmentsPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const text = useRuleText()
  const navigate = useNavigate()
  const { data, error, isFetching, refetch } = useSegments()
  const [basis, setBasis] = useState<SegmentBasis | 'all'>('all')
  const canWrite = usePermission('data.write')

  const items = useMemo(() => (data?.items ?? []).filter((s) => basis === 'all' || s.basis === basis), [data, basis])

  const columns = useMemo<TableProps<SegmentListItem>['columns']>(
    () => [
      {
        key: 'name',
        title: t('segments.list.columns.name'),
        render: (_: unknown, s) => (
          <Flex vertical className="segment-name-cell">
            <Link
              to={`/segments/${encodeURIComponent(s.id)}`}
              onClick={(e) => e.stopPropagation()}
              aria-label={t('segments.list.open', { name: s.name })}
            >
              {s.name}
            </Link>
            {s.description && <Typography.Text type="secondary">{s.description}</Typography.Text>}
          </Flex>
        ),
      },
      {
        key: 'basis',
        title: t('segments.list.columns.basis'),
        render: (_: unknown, s) =>
          s.basis ? <Tag color={BASIS_COLORS[s.basis]}>{text.basisLabel(s.basis)}</Tag> : <Tag>{text.basisLabel(null)}</Tag>,
      },
      {
        key: 'size',
        dataIndex: 'size',
        title: t('segments.list.columns.size'),
        align: 'right',
        sorter: (a, b) => a.size - b.size,
        render: (n: number) => (
          <span className="num" data-testid="segment-row-size">
            {fmt.number(n)}
          </span>
        ),
      },
      {
        key: 'share',
        dataIndex: 'share',
        title: t('segments.list.columns.share'),
        width: 160,
        sorter: (a, b) => a.share - b.share,
        render: (share: number) => <Progress percent={Math.round(share * 1000) / 10} size="small" format={() => fmt.percent(share)} />,
      },
      {
        key: 'revenue',
        dataIndex: 'revenue',
        title: t('segments.list.columns.revenue'),
        align: 'right',
        sorter: (a, b) => a.revenue - b.revenue,
        render: (n: number) => <span className="num">{fmt.money(n)}</span>,
      },
      {
        key: 'trend',
        title: t('segments.list.columns.trend'),
        render: (_: unknown, s) =>
          s.trend.length > 0 ? (
            <Sparkline
              values={s.trend.map((p) => p.size)}
              label={t('segments.list.trendLabel', {
                name: s.name,
                points: s.trend.length,
                first: fmt.number(s.trend[0]?.size),
                last: fmt.number(s.trend[s.trend.length - 1]?.size),
              })}
            />
          ) : (
            <Typography.Text type="secondary">{t('segments.list.noTrend')}</Typography.Text>
          ),
      },
      {
        key: 'updated',
        dataIndex: 'updated_at',
        title: t('segments.list.columns.updated'),
        render: (at: string) => <span className="num">{fmt.date(at)}</span>,
      },
      ...(canWrite
        ? [
            {
              key: 'actions',
              title: t('segments.list.columns.actions'),
              render: (_: unknown, s: SegmentListItem) => (
                <Link to={`/segments/${encodeURIComponent(s.id)}/edit`} onClick={(e) => e.stopPropagation()}>
                  {t('segments.list.edit')}
                </Link>
              ),
            },
          ]
        : []),
    ],
    [t, fmt, text, canWrite],
  )

  return (
    <>
      <PageHeader
        title={t('segments.list.title')}
        subtitle={t('segments.list.subtitle')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => void navigate('/segments/new')} data-testid="segments-new">
              {t('segments.list.new')}
            </Button>
          )
        }
      />
      <Card variant="borderless">
        <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
          <Segmented
            value={basis}
            onChange={(v) => setBasis(v as SegmentBasis | 'all')}
            options={[
              { value: 'all', label: t('segments.list.filterAll') },
              ...BASES.map((b) => ({ value: b, label: text.basisLabel(b) })),
            ]}
            data-testid="segments-basis-filter"
          />
          {data && (
            <Typography.Text type="secondary">{t('segments.list.customers', { total: fmt.number(data.customers) })}</Typography.Text>
          )}
        </Flex>
        {error ? (
          <ErrorAlert error={error} onRetry={() => void refetch()} />
        ) : (
          <Table<SegmentListItem>
            data-testid="segments-table"
            className="clickable-rows"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={items}
            loading={isFetching && !data}
            pagination={false}
            scroll={{ x: 1000 }}
            onRow={(s) => ({ onClick: () => void navigate(`/segments/${encodeURIComponent(s.id)}`) })}
            locale={{
              emptyText: (
                <Empty description={t('segments.list.empty')}>
                  <Typography.Paragraph type="secondary">{t('segments.list.emptyHint')}</Typography.Paragraph>
                  {canWrite && (
                    <Button type="primary" onClick={() => void navigate('/segments/new')}>
                      {t('segments.list.new')}
                    </Button>
                  )}
                </Empty>
              ),
            }}
          />
        )}
      </Card>
    </>
  )
}
