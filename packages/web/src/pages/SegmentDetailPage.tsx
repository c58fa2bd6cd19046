import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { Alert, App, Button, Card, Col, Empty, Flex, Input, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import DeleteOutlined from '@ant-design/icons/DeleteOutlined'
import DownloadOutlined from '@ant-design/icons/DownloadOutlined'
import EditOutlined from '@ant-design/icons/EditOutlined'
import { Link, useNavigate, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { CustomerListItem, CustomerListQuery, RuleExplanation } from '@portrait/core'
import { segmentPath } from '../api/segmentKeys'
import { useDeleteSegment } from '../api/useDeleteSegment'
import { useExplainSegment } from '../api/useExplainSegment'
import { useSegment } from '../api/useSegment'
import { useSegmentMembers } from '../api/useSegmentMembers'
import { useSegmentSnapshots } from '../api/useSegmentSnapshots'
import { Chart, type ChartOption } from '../components/Chart'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { useCustomerColumns } from '../components/customerColumns'
import { PageLoading } from '../components/PageLoading'
import { useFormat } from '../i18n/useFormat'
import { Can } from '../auth/SessionContext'
import { BASIS_COLORS } from './segments/basis'
import { ExplanationTree, RuleTree } from './segments/RuleTree'
import { useRuleText, type RuleText } from './segments/useRuleText'
import './segments/segments.css'

const PAGE_SIZE = 20
type Sort = CustomerListQuery['sort']
const SORTS: readonly Sort[] = ['revenue', 'orders', 'last_order_at', 'customer_id', 'age']

function Kpi({ testId, title, value, note }: { testId: string; title: string; value: string; note?: ReactNode }) {
  return (
    <Card className="kpi-card" data-testid={testId} variant="borderless" style={{ height: '100%' }}>
      <Statistic title={title} value={value} />
      {note && <div className="kpi-note">{note}</div>}
    </Card>
  )
}

function GrowthChart({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { data, error, refetch } = useSegmentSnapshots(id)
  const option = useMemo<ChartOption | null>(() => {
    if (!data || data.items.length === 0) return null
    // the last snapshot of each day (workspace time zone)
    const byDay = new Map<string, { size: number; revenue: number }>()
    for (const s of data.items) byDay.set(fmt.date(s.computed_at), { size: s.size, revenue: s.revenue })
    const days = [...byDay.keys()]
    const sizeName = t('segments.detail.growthSize')
    const revenueName = t('segments.detail.growthRevenue')
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [sizeName, revenueName], top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: days },
      yAxis: [
        { type: 'value', name: sizeName, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
        { type: 'value', name: revenueName, splitLine: { show: false }, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      ],
      series: [
        {
          type: 'bar',
          name: revenueName,
          yAxisIndex: 1,
          data: days.map((d) => byDay.get(d)?.revenue ?? 0),
          itemStyle: { color: '#9ec5fe' },
        },
        {
          type: 'line',
          name: sizeName,
          yAxisIndex: 0,
          data: days.map((d) => byDay.get(d)?.size ?? 0),
          smooth: true,
          symbolSize: 6,
          itemStyle: { color: '#1f6feb' },
        },
      ],
    }
  }, [data, fmt, t])
  return (
    <Card title={<h2 className="card-title">{t('segments.detail.growth')}</h2>} variant="borderless" style={{ height: '100%' }}>
      {error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : option ? (
        <>
          <Chart option={option} ariaLabel={t('segments.detail.growthAria', { name })} height={280} testId="segment-growth" />
          <Typography.Text type="secondary">{t('segments.detail.growthNote')}</Typography.Text>
        </>
      ) : (
        <Empty description={t('segments.detail.noSnapshots')} />
      )}
    </Card>
  )
}

function actualText(e: RuleExplanation, text: RuleText, fmt: ReturnType<typeof useFormat>, none: string): string {
  const v = e.actual
  if (v === null || v === undefined) return none
  const field = e.condition && 'trait' in e.condition ? e.condition.trait : e.condition && 'score' in e.condition ? e.condition.score : ''
  if (Array.isArray(v)) return v.map((x) => text.scalarText(field, x)).join(', ')
  if (typeof v === 'number') return fmt.number(v)
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return fmt.dateTime(v)
  return text.scalarText(field, v)
}

function ExplainPanel({ id, customer, onCustomer }: { id: string; customer: string; onCustomer: (c: string) => void }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const text = useRuleText()
  const [input, setInput] = useState(customer)
  useEffect(() => setInput(customer), [customer])
  const { data, error, isFetching } = useExplainSegment(id, customer)
  return (
    <Card title={<h2 className="card-title">{t('segments.explain.title')}</h2>} variant="borderless" data-testid="explain-card">
      <Typography.Paragraph type="secondary">{t('segments.explain.hint')}</Typography.Paragraph>
      <Input.Search
        value={input}
        onChange={(e) => setInput(e.target.value)}
        onSearch={(v) => onCustomer(v.trim())}
        placeholder={t('segments.explain.placeholder')}
        aria-label={t('segments.explain.placeholder')}
        enterButton={t('segments.explain.run')}
        loading={isFetching}
        style={{ maxWidth: 480, marginBottom: 16 }}
        data-testid="explain-input"
      />
      {error ? (
        <ErrorAlert error={error} />
      ) : data ? (
        <div data-testid="explain-result" data-member={String(data.member)}>
          <Alert
            type={data.member ? 'success' : 'warning'}
            showIcon
            title={
              data.member
                ? t('segments.explain.member', { id: data.customer_id })
                : t('segments.explain.notMember', { id: data.customer_id })
            }
            action={<Link to={`/customers/${encodeURIComponent(data.customer_id)}`}>{data.customer_id}</Link>}
            style={{ marginBottom: 12 }}
          />
          <ExplanationTree
            explanation={data.explanation}
            text={text}
            formatActual={(e) => actualText(e, text, fmt, t('segments.explain.none'))}
          />
        </div>
      ) : null}
    </Card>
  )
}

function MembersCard({ id, onExplain }: { id: string; onExplain: (customer: string) => void }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const navigate = useNavigate()
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const [sort, setSort] = useState<Sort>('revenue')
  const [order, setOrder] = useState<'asc' | 'desc'>('desc')
  const { data, error, isFetching, refetch } = useSegmentMembers(id, { q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE, sort, order })
  const customerColumns = useCustomerColumns(sort, order)
  const columns = useMemo<TableProps<CustomerListItem>['columns']>(
    () => [
      ...customerColumns,
      {
        key: 'explain',
        title: '',
        render: (_: unknown, row) => (
          <Button
            size="small"
            type="link"
            onClick={(e) => {
              e.stopPropagation()
              onExplain(row.customer_id)
            }}
            aria-label={t('segments.detail.explainMemberAria', { id: row.customer_id })}
          >
            {t('segments.detail.explainMember')}
          </Button>
        ),
      },
    ],
    [customerColumns, t, onExplain],
  )

  return (
    <Card
      title={<h2 className="card-title">{t('segments.detail.members')}</h2>}
      variant="borderless"
      extra={
        data && <Typography.Text type="secondary">{t('segments.detail.membersTotal', { total: fmt.number(data.total) })}</Typography.Text>
      }
    >
      <Input.Search
        allowClear
        placeholder={t('segments.detail.searchMembers')}
        aria-label={t('segments.detail.searchMembers')}
        onSearch={(v) => {
          setQ(v.trim())
          setPage(1)
        }}
        style={{ maxWidth: 480, marginBottom: 16 }}
        data-testid="members-search"
      />
      {error ? (
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      ) : (
        <Table<CustomerListItem>
          data-testid="members-table"
          className="clickable-rows"
          rowKey="customer_id"
          size="middle"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1000 }}
          locale={{ emptyText: t('segments.detail.membersEmpty') }}
          sortDirections={['descend', 'ascend']}
          onRow={(row) => ({ onClick: () => void navigate(`/customers/${encodeURIComponent(row.customer_id)}`) })}
          onChange={(pagination, _filters, sorter) => {
            const s = Array.isArray(sorter) ? sorter[0] : sorter
            const key = s?.columnKey as Sort | undefined
            const nextSort = s?.order && key && SORTS.includes(key) ? key : 'revenue'
            const nextOrder = s?.order === 'ascend' ? 'asc' : 'desc'
            const changed = nextSort !== sort || nextOrder !== order
            setSort(nextSort)
            setOrder(nextOrder)
            setPage(changed ? 1 : (pagination.current ?? 1))
          }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false }}
        />
      )}
    </Card>
  )
}

export default function SegmentDetailPage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const fmt = useFormat()
  const text = useRuleText()
  const navigate = useNavigate()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const { data, error, refetch } = useSegment(id)
  const remove = useDeleteSegment()
  const [explainCustomer, setExplainCustomer] = useState('')

  if (error) return <ErrorAlert error={error} onRetry={() => void refetch()} />
  if (!data) return <PageLoading />

  const onExplain = (customer: string) => {
    setExplainCustomer(customer)
    document.querySelector('[data-testid="explain-card"]')?.scrollIntoView({ behavior: 'smooth', block: 'start' })
  }

  return (
    <>
      <PageHeader
        title={
          <Space wrap>
            <span>{data.name}</span>
            {data.basis && <Tag color={BASIS_COLORS[data.basis]}>{text.basisLabel(data.basis)}</Tag>}
          </Space>
        }
        documentTitle={data.name}
        subtitle={data.description ?? undefined}
        testId="segment-header"
        extra={
          <Space wrap>
            <Can permission="data.write">
              <Button
                icon={<EditOutlined />}
                onClick={() => void navigate(`/segments/${encodeURIComponent(id)}/edit`)}
                data-testid="segment-edit"
              >
                {t('segments.detail.edit')}
              </Button>
            </Can>
            <Can permission="audience.export">
              <Button icon={<DownloadOutlined />} href={segmentPath(id, '/members.csv')} download data-testid="segment-export">
                {t('segments.detail.export')}
              </Button>
            </Can>
            <Can permission="data.write">
              <Popconfirm
                title={t('segments.detail.deleteConfirm', { name: data.name })}
                description={t('segments.detail.deleteDescription')}
                okText={t('segments.detail.deleteOk')}
                cancelText={t('segments.detail.deleteCancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  remove.mutate(id, {
                    onSuccess: () => {
                      void message.success(t('segments.detail.deleted', { name: data.name }))
                      void navigate('/segments')
                    },
                    onError: (e) => void message.error(t('segments.detail.deleteFailed', { message: errorText(e) })),
                  })
                }
              >
                <Button danger icon={<DeleteOutlined />} loading={remove.isPending} data-testid="segment-delete">
                  {t('segments.detail.delete')}
                </Button>
              </Popconfirm>
            </Can>
          </Space>
        }
      />
      <Flex vertical gap={16}>
        <Row gutter={[16, 16]}>
          <Col xs={12} lg={6}>
            <Kpi
              testId="segment-size"
              title={t('segments.detail.size')}
              value={fmt.number(data.size)}
              note={t('segments.detail.computedAt', { time: fmt.dateTime(data.computed_at) })}
            />
          </Col>
          <Col xs={12} lg={6}>
            <Kpi
              testId="segment-share"
              title={t('segments.detail.share')}
              value={fmt.percent(data.share)}
              note={t('segments.detail.ofCustomers', { total: fmt.number(data.customers) })}
            />
          </Col>
          <Col xs={12} lg={6}>
            <Kpi testId="segment-revenue" title={t('segments.detail.revenue')} value={fmt.money(data.revenue)} />
          </Col>
          <Col xs={12} lg={6}>
            <Kpi
              testId="segment-per-member"
              title={t('segments.detail.perMember')}
              value={fmt.money(data.size > 0 ? data.revenue / data.size : null)}
            />
          </Col>
        </Row>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Card title={<h2 className="card-title">{t('segments.detail.rule')}</h2>} variant="borderless" style={{ height: '100%' }}>
              <RuleTree rule={data.rule} text={text} segmentName={(ref) => data.references.find((r) => r.id === ref)?.name ?? ref} />
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <GrowthChart id={id} name={data.name} />
          </Col>
        </Row>
        <MembersCard id={id} onExplain={onExplain} />
        <ExplainPanel id={id} customer={explainCustomer} onCustomer={setExplainCustomer} />
      </Flex>
    </>
  )
}
