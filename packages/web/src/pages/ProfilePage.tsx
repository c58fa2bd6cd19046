import { useMemo, type ReactNode } from 'react'
import { Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { DescriptionsProps, TableProps } from 'antd'
import ArrowLeftOutlined from '@ant-design/icons/ArrowLeftOutlined'
import { Link, useNavigate, useParams } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { CustomerProfile } from '@portrait/core'
import { ApiError } from '../api/client'
import { useProfile } from '../api/useProfile'
import { Chart, type ChartOption } from '../components/Chart'
import { pieOption } from '../components/pieOption'
import { ErrorAlert } from '../components/ErrorAlert'
import { useDocumentTitle } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import { ShortId } from '../components/ShortId'
import { useFormat } from '../i18n/useFormat'
import { Can } from '../auth/SessionContext'
import { useLabels } from '../i18n/useLabels'
import { mergeReasonText } from '../i18n/serverText'
import { traitDisplay } from './traitValue'
import { ProfileValueScores, shownValueScores } from './value/ProfileValueScores'
import { ConsentHistory } from './privacy/ConsentHistory'

type Profile = CustomerProfile
type RecentOrder = Profile['orders']['recent'][number]
type TopCategory = Profile['orders']['top_categories'][number]
type RecentEvent = Profile['events']['recent'][number]
type Identity = Profile['identities'][number]
type MergeEntry = Profile['merges'][number]

/** Traits with their own place on the page; every other key is listed under "other attributes". */
const PLACED_TRAITS = new Set([
  'customer_id',
  'name',
  'gender',
  'age',
  'age_band',
  'birth_date',
  'city',
  'city_tier',
  'province',
  'country',
  'income',
  'education',
  'occupation',
  'family_status',
  'email',
  'phone',
  'source',
])

const IDENTITY_COLORS: Record<string, string> = {
  customer_id: 'blue',
  email: 'geekblue',
  phone: 'cyan',
  external: 'purple',
  device: 'orange',
  anonymous: 'default',
}

function traitString(traits: Record<string, unknown>, key: string): string | null {
  const value = traits[key]
  if (value === null || value === undefined) return null
  if (typeof value === 'string') return value.trim() === '' ? null : value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return JSON.stringify(value)
}

function traitNumber(traits: Record<string, unknown>, key: string): number | null {
  const value = traits[key]
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

function Section({ title, children, extra, testId }: { title: string; children: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <Card
      title={<h2 className="card-title">{title}</h2>}
      extra={extra}
      variant="borderless"
      style={{ height: '100%' }}
      data-testid={testId}
    >
      {children}
    </Card>
  )
}

function NoneText({ children }: { children: ReactNode }) {
  return <Typography.Text type="secondary">{children}</Typography.Text>
}

export default function ProfilePage() {
  const { id = '' } = useParams()
  const { t } = useTranslation()
  const navigate = useNavigate()
  const { data, error, isPending, refetch } = useProfile(id)
  const name = data ? traitString(data.traits, 'name') : null
  const notFound = error instanceof ApiError && error.isNotFound
  useDocumentTitle(notFound ? t('profile.notFound.title') : (name ?? (id || t('profile.title'))))

  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/customers')} style={{ paddingInline: 0 }}>
      {t('profile.backToList')}
    </Button>
  )

  if (isPending) return <PageLoading />
  if (notFound) {
    return (
      <Result
        status="404"
        data-testid="profile-not-found"
        title={<h1 className="result-title">{t('profile.notFound.title')}</h1>}
        subTitle={t('profile.notFound.description', { id })}
        extra={
          <Button type="primary" onClick={() => void navigate('/customers')}>
            {t('profile.backToList')}
          </Button>
        }
      />
    )
  }
  if (error || !data) {
    return (
      <>
        {back}
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      </>
    )
  }
  return (
    <>
      {back}
      <ProfileView profile={data} />
    </>
  )
}

function ProfileView({ profile }: { profile: Profile }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const labels = useLabels()
  const { traits, orders, events } = profile
  const name = traitString(traits, 'name')

  const traitItems = useMemo<DescriptionsProps['items']>(() => {
    const empty = t('common.empty')
    const age = traitNumber(traits, 'age')
    const band = traitString(traits, 'age_band')
    const city = traitString(traits, 'city')
    const tier = traitString(traits, 'city_tier')
    const income = traits.income
    const incomeText = typeof income === 'number' ? fmt.number(income) : (traitString(traits, 'income') ?? empty)
    const ageText =
      age !== null
        ? band
          ? t('profile.ageWithBand', { age: fmt.number(age, 0), band: labels.ageBand(band) })
          : t('profile.ageOnly', { age: fmt.number(age, 0) })
        : band
          ? labels.ageBand(band)
          : empty
    const cityText = city
      ? tier
        ? t('profile.cityWithTier', { city, tier: labels.cityTier(tier) })
        : city
      : tier
        ? labels.cityTier(tier)
        : empty
    const familyStatus = traitString(traits, 'family_status')
    const items: NonNullable<DescriptionsProps['items']> = [
      {
        key: 'gender',
        label: t('profile.traits.gender'),
        children: traitString(traits, 'gender') ? labels.gender(traitString(traits, 'gender')) : empty,
      },
      { key: 'age', label: t('profile.traits.age'), children: ageText },
      { key: 'city', label: t('profile.traits.city'), children: cityText },
      { key: 'income', label: t('profile.traits.income'), children: incomeText },
      { key: 'education', label: t('profile.traits.education'), children: traitString(traits, 'education') ?? empty },
      { key: 'occupation', label: t('profile.traits.occupation'), children: traitString(traits, 'occupation') ?? empty },
      { key: 'family_status', label: t('profile.traits.familyStatus'), children: familyStatus ? labels.familyStatus(familyStatus) : empty },
    ]
    const optional: [string, string][] = [
      ['province', t('profile.traits.province')],
      ['country', t('profile.traits.country')],
      ['birth_date', t('profile.traits.birthDate')],
      ['email', t('profile.traits.email')],
      ['phone', t('profile.traits.phone')],
    ]
    for (const [key, label] of optional) {
      const value = traitString(traits, key)
      if (value) items.push({ key, label, children: key === 'birth_date' ? fmt.date(value) : value })
    }
    return items
  }, [traits, t, fmt, labels])

  const otherTraitItems = useMemo<DescriptionsProps['items']>(() => {
    const codeLabels: Record<string, (value: string) => string> = {
      preferred_channel: labels.channel,
      channel: labels.channel,
      gender: labels.gender,
      age_band: labels.ageBand,
      city_tier: labels.cityTier,
      family_status: labels.familyStatus,
    }
    const items: NonNullable<DescriptionsProps['items']> = []
    for (const [key, value] of Object.entries(traits)) {
      if (PLACED_TRAITS.has(key)) continue
      const shown = traitDisplay(value)
      let children: ReactNode
      switch (shown.kind) {
        case 'empty':
          continue
        case 'number':
          children = <span className="num">{fmt.number(shown.value)}</span>
          break
        case 'boolean':
          children = shown.value ? t('common.yes') : t('common.no')
          break
        case 'dateTime':
          children = (
            <span className="num" title={fmt.dateTime(shown.iso)}>
              {fmt.date(shown.iso)}
            </span>
          )
          break
        case 'list':
          children = (
            <span className="trait-tags">
              {shown.items.map((item, index) => (
                <Tag key={`${index}|${item}`}>{item}</Tag>
              ))}
            </span>
          )
          break
        case 'text':
          children = codeLabels[key]?.(shown.text) ?? shown.text
          break
      }
      items.push({ key, label: labels.traitKey(key), children })
    }
    return items
  }, [traits, t, fmt, labels])

  const charts = useMemo(() => {
    const revenueName = t('dashboard.charts.revenue')
    const ordersName = t('dashboard.charts.orders')
    const byMonth: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { data: [revenueName, ordersName], top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: orders.by_month.map((m) => m.month) },
      yAxis: [
        { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: revenueName,
          data: orders.by_month.map((m) => m.revenue),
          itemStyle: { color: '#5b8ff9', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 28,
          tooltip: { valueFormatter: (v) => fmt.money(Number(v)) },
        },
        {
          type: 'line',
          name: ordersName,
          yAxisIndex: 1,
          data: orders.by_month.map((m) => m.orders),
          itemStyle: { color: '#f6903d' },
          tooltip: { valueFormatter: (v) => fmt.number(Number(v)) },
        },
      ],
    }
    const channelMix = pieOption(
      fmt,
      ordersName,
      Object.entries(orders.channels).map(([channel, n]) => ({ name: labels.channel(channel), value: n })),
      ['36%', '60%'],
    )
    return { byMonth, channelMix }
  }, [orders, t, fmt, labels])

  const recentOrderColumns: TableProps<RecentOrder>['columns'] = [
    { key: 'order_id', dataIndex: 'order_id', title: t('profile.orderColumns.id') },
    {
      key: 'ordered_at',
      dataIndex: 'ordered_at',
      title: t('profile.orderColumns.time'),
      render: (v: string) => <span className="num">{fmt.dateTime(v)}</span>,
    },
    {
      key: 'amount',
      dataIndex: 'amount',
      title: t('profile.orderColumns.amount'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.money(v)}</span>,
    },
    { key: 'channel', dataIndex: 'channel', title: t('profile.orderColumns.channel'), render: (v: string | null) => labels.channel(v) },
    {
      key: 'is_return',
      dataIndex: 'is_return',
      title: t('profile.orderColumns.type'),
      render: (isReturn: boolean) =>
        isReturn ? (
          <Tag color="red">{t('profile.orderColumns.return')}</Tag>
        ) : (
          <Tag color="green">{t('profile.orderColumns.purchase')}</Tag>
        ),
    },
  ]
  const categoryColumns: TableProps<TopCategory>['columns'] = [
    { key: 'category', dataIndex: 'category', title: t('profile.categoryColumns.category') },
    {
      key: 'quantity',
      dataIndex: 'quantity',
      title: t('profile.categoryColumns.quantity'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.number(v)}</span>,
    },
    {
      key: 'revenue',
      dataIndex: 'revenue',
      title: t('profile.categoryColumns.revenue'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.money(v)}</span>,
    },
  ]
  const eventNameRows = Object.entries(events.by_name)
    .map(([eventName, count]) => ({ eventName, count }))
    .sort((a, b) => b.count - a.count)
  const recentEventColumns: TableProps<RecentEvent>['columns'] = [
    { key: 'type', dataIndex: 'type', title: t('profile.events.type'), render: (v: string) => <Tag>{v}</Tag> },
    { key: 'event', dataIndex: 'event', title: t('profile.events.name'), render: (v: string | null) => v ?? t('common.empty') },
    {
      key: 'timestamp',
      dataIndex: 'timestamp',
      title: t('profile.events.time'),
      render: (v: string) => <span className="num">{fmt.dateTime(v)}</span>,
    },
  ]
  const identityColumns: TableProps<Identity>['columns'] = [
    {
      key: 'kind',
      dataIndex: 'kind',
      title: t('profile.identities.kind'),
      render: (kind: string) => <Tag color={IDENTITY_COLORS[kind] ?? 'default'}>{labels.identityKind(kind)}</Tag>,
    },
    {
      key: 'value',
      dataIndex: 'value',
      title: t('profile.identities.value'),
      render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text>,
    },
    { key: 'source', dataIndex: 'source', title: t('profile.identities.source'), render: (v: string | null) => v ?? t('common.empty') },
    {
      key: 'first_seen_at',
      dataIndex: 'first_seen_at',
      title: t('profile.identities.firstSeen'),
      render: (v: string) => <span className="num">{fmt.date(v)}</span>,
    },
  ]
  const consentRows = Object.entries(profile.consents).map(([purpose, state]) => ({ purpose, ...state }))
  const consentColumns: TableProps<(typeof consentRows)[number]>['columns'] = [
    { key: 'purpose', dataIndex: 'purpose', title: t('profile.consents.purpose'), render: (v: string) => labels.consentPurpose(v) },
    {
      key: 'granted',
      dataIndex: 'granted',
      title: t('profile.consents.state'),
      render: (granted: boolean) =>
        granted ? <Tag color="success">{t('profile.consents.granted')}</Tag> : <Tag color="error">{t('profile.consents.denied')}</Tag>,
    },
    {
      key: 'recorded_at',
      dataIndex: 'recorded_at',
      title: t('profile.consents.recordedAt'),
      render: (v: string) => <span className="num">{fmt.dateTime(v)}</span>,
    },
    { key: 'source', dataIndex: 'source', title: t('profile.consents.source'), render: (v: string | null) => v ?? t('common.empty') },
  ]
  const mergeColumns: TableProps<MergeEntry>['columns'] = [
    { key: 'merge_id', dataIndex: 'merge_id', title: t('profile.merges.id'), render: (v: string) => <ShortId id={v} /> },
    {
      key: 'merged_at',
      dataIndex: 'merged_at',
      title: t('profile.merges.time'),
      render: (v: string) => <span className="num">{fmt.dateTime(v)}</span>,
    },
    { key: 'reason', dataIndex: 'reason', title: t('profile.merges.reason'), render: (v: string) => mergeReasonText(t, v) },
    {
      key: 'undone',
      dataIndex: 'undone',
      title: t('profile.merges.state'),
      render: (undone: boolean) =>
        undone ? <Tag>{t('profile.merges.undone')}</Tag> : <Tag color="processing">{t('profile.merges.active')}</Tag>,
    },
  ]
  const valueScores = shownValueScores(profile.scores)
  const scoreEntries = Object.entries(profile.scores).filter(([key]) => !valueScores.includes(key))

  const scoreText = (value: unknown): string => {
    if (typeof value === 'number') return fmt.number(value, 3)
    if (typeof value === 'string') return value
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no')
    if (value === null || value === undefined) return t('common.empty')
    return JSON.stringify(value)
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card variant="borderless" data-testid="profile-header">
        <Flex justify="space-between" align="flex-start" wrap gap={16}>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={1} className="page-title">
              {name ?? profile.customer_id}
            </Typography.Title>
            <Space wrap size={[12, 4]}>
              <Typography.Text type="secondary" copyable={{ text: profile.customer_id }} data-testid="profile-id">
                {profile.customer_id}
              </Typography.Text>
              <Typography.Text type="secondary">{t('profile.createdAt', { time: fmt.date(profile.created_at) })}</Typography.Text>
              <Typography.Text type="secondary">{t('profile.updatedAt', { time: fmt.date(profile.updated_at) })}</Typography.Text>
            </Space>
          </div>
          <Space wrap size={[4, 4]} data-testid="profile-sources">
            <Typography.Text type="secondary">{t('profile.sources.label')}</Typography.Text>
            {profile.sources.length === 0 && <Typography.Text type="secondary">{t('profile.sources.none')}</Typography.Text>}
            {profile.sources.map((source) => (
              <Tag key={source} color="blue">
                {source}
              </Tag>
            ))}
          </Space>
        </Flex>
        <Descriptions
          style={{ marginTop: 16 }}
          size="small"
          column={{ xs: 1, sm: 2, lg: 3, xl: 4 }}
          items={traitItems}
          data-testid="profile-traits"
        />
        {otherTraitItems && otherTraitItems.length > 0 && (
          <Descriptions
            style={{ marginTop: 16 }}
            size="small"
            title={<h2 className="card-title">{t('profile.sections.otherTraits')}</h2>}
            column={{ xs: 1, sm: 2, lg: 3, xl: 4 }}
            items={otherTraitItems}
            data-testid="profile-other-traits"
          />
        )}
      </Card>

      <Section title={t('profile.sections.orders')} testId="profile-orders">
        <Row gutter={[16, 16]}>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('profile.orders.count')} value={fmt.number(orders.count)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('profile.orders.revenue')} value={fmt.money(orders.revenue)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('profile.orders.averageOrderValue')} value={fmt.money(orders.avg_order_value)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('profile.orders.firstAt')} value={fmt.date(orders.first_at)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('profile.orders.lastAt')} value={fmt.date(orders.last_at)} />
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('profile.orders.returns')} value={fmt.number(orders.returns)} />
          </Col>
        </Row>
      </Section>

      {orders.count > 0 && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <Section title={t('profile.sections.ordersByMonth')}>
              {orders.by_month.length ? (
                <Chart
                  option={charts.byMonth}
                  ariaLabel={t('profile.sections.ordersByMonthAria')}
                  height={280}
                  testId="profile-chart-by-month"
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />
              )}
            </Section>
          </Col>
          <Col xs={24} xl={8}>
            <Section title={t('profile.sections.channelMix')}>
              {Object.keys(orders.channels).length ? (
                <Chart
                  option={charts.channelMix}
                  ariaLabel={t('profile.sections.channelMixAria')}
                  height={280}
                  testId="profile-chart-channels"
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />
              )}
            </Section>
          </Col>
        </Row>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Section title={t('profile.sections.recentOrders')}>
            <Table<RecentOrder>
              rowKey="order_id"
              size="small"
              columns={recentOrderColumns}
              dataSource={orders.recent}
              pagination={false}
              scroll={{ x: 560 }}
              locale={{ emptyText: t('profile.orders.none') }}
              data-testid="profile-recent-orders"
            />
          </Section>
        </Col>
        <Col xs={24} xl={10}>
          <Section title={t('profile.sections.topCategories')}>
            <Table<TopCategory>
              rowKey="category"
              size="small"
              columns={categoryColumns}
              dataSource={orders.top_categories}
              pagination={false}
              locale={{ emptyText: t('common.noData') }}
            />
          </Section>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Section title={t('profile.sections.events')} testId="profile-events">
            <Row gutter={16} style={{ marginBottom: 12 }}>
              <Col span={12}>
                <Statistic title={t('profile.events.count')} value={fmt.number(events.count)} />
              </Col>
              <Col span={12}>
                <Statistic title={t('profile.events.lastAt')} value={fmt.date(events.last_at)} />
              </Col>
            </Row>
            <Table
              rowKey="eventName"
              size="small"
              pagination={false}
              dataSource={eventNameRows}
              locale={{ emptyText: t('profile.events.none') }}
              columns={[
                { key: 'eventName', dataIndex: 'eventName', title: t('profile.events.name') },
                {
                  key: 'count',
                  dataIndex: 'count',
                  title: t('profile.events.times'),
                  align: 'right',
                  render: (v: number) => <span className="num">{fmt.number(v)}</span>,
                },
              ]}
            />
          </Section>
        </Col>
        <Col xs={24} xl={14}>
          <Section title={t('profile.sections.recentEvents')}>
            <Table<RecentEvent>
              rowKey={(row) => `${row.timestamp}|${row.type}|${row.event ?? ''}`}
              size="small"
              columns={recentEventColumns}
              dataSource={events.recent}
              pagination={false}
              locale={{ emptyText: t('profile.events.none') }}
            />
          </Section>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Section title={t('profile.sections.identities')} testId="profile-identities">
            <Table<Identity>
              rowKey={(row) => `${row.kind}|${row.value}`}
              size="small"
              columns={identityColumns}
              dataSource={profile.identities}
              pagination={false}
              scroll={{ x: 520 }}
              locale={{ emptyText: t('profile.identities.none') }}
            />
          </Section>
        </Col>
        <Col xs={24} xl={10}>
          <Section title={t('profile.sections.consents')} testId="profile-consents">
            <Table
              rowKey="purpose"
              size="small"
              columns={consentColumns}
              dataSource={consentRows}
              pagination={false}
              locale={{ emptyText: t('profile.consents.none') }}
            />
            <Can permission="privacy.manage">
              <ConsentHistory customerId={profile.customer_id} />
            </Can>
          </Section>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Section title={t('profile.sections.feedback')} testId="profile-feedback">
            {profile.feedback.length === 0 ? (
              <NoneText>{t('profile.feedback.none')}</NoneText>
            ) : (
              profile.feedback.map((item, index) => (
                <div className="feedback-item" key={`${item.created_at}-${index}`}>
                  <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>{item.text}</Typography.Paragraph>
                  <Space size={8} wrap>
                    {item.rating !== null && <Tag color="gold">{t('profile.feedback.rating', { rating: fmt.number(item.rating) })}</Tag>}
                    {item.channel && <Tag>{labels.channel(item.channel)}</Tag>}
                    <Typography.Text type="secondary" className="num">
                      {fmt.dateTime(item.created_at)}
                    </Typography.Text>
                  </Space>
                </div>
              ))
            )}
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section
            title={t('profile.sections.merges')}
            testId="profile-merges"
            extra={<Link to="/merges">{t('profile.merges.manage')}</Link>}
          >
            <Table<MergeEntry>
              rowKey="merge_id"
              size="small"
              columns={mergeColumns}
              dataSource={profile.merges}
              pagination={false}
              locale={{ emptyText: t('profile.merges.none') }}
            />
          </Section>
        </Col>
      </Row>

      <Section title={t('profile.sections.scores')} testId="profile-scores">
        <ProfileValueScores scores={profile.scores} />
        {scoreEntries.length === 0 ? (
          valueScores.length === 0 && <NoneText>{t('profile.scores.none')}</NoneText>
        ) : (
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={scoreEntries.map(([key, value]) => ({ key, label: labels.scoreKey(key), children: scoreText(value) }))}
          />
        )}
      </Section>
    </Space>
  )
}
