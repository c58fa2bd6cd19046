import { useMemo, type ReactNode } from 'react'
import { Button, Card, Col, Empty, Row, Statistic } from 'antd'
import { useNavigate } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { OverviewStats } from '@portrait/core'
import { useOverview } from '../api/useOverview'
import { Chart, type ChartOption } from '../components/Chart'
import { pieOption } from '../components/pieOption'
import { ErrorAlert } from '../components/ErrorAlert'
import { EmptyCard } from '../components/EmptyCard'
import { PageHeader } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import { useFormat } from '../i18n/useFormat'
import { Can } from '../auth/SessionContext'
import { useLabels } from '../i18n/useLabels'

/** Display order of the city tiers the API reports; tiers not listed here follow in API order. */
const CITY_TIER_ORDER = ['tier1', 'new_tier1', 'tier2', 'tier3', 'tier4', 'tier5', 'unclassified', 'unknown']

export function isEmptyOverview(stats: OverviewStats): boolean {
  return stats.customers === 0 && stats.orders === 0 && stats.events === 0
}

/** Sorts age bands by their first number ("18-24" before "25-34"); bands without a number go last. */
export function compareAgeBands(a: string, b: string): number {
  const na = Number.parseInt(a, 10)
  const nb = Number.parseInt(b, 10)
  const fa = Number.isFinite(na)
  const fb = Number.isFinite(nb)
  if (fa && fb) return na - nb
  if (fa !== fb) return fa ? -1 : 1
  return a.localeCompare(b)
}

function KpiCard({ testId, title, value, note }: { testId: string; title: string; value: string; note?: ReactNode }) {
  return (
    <Card className="kpi-card" data-testid={testId} variant="borderless" style={{ height: '100%' }}>
      <Statistic title={title} value={value} />
      <div className="kpi-note">{note}</div>
    </Card>
  )
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card title={<h2 className="card-title">{title}</h2>} variant="borderless" style={{ height: '100%' }}>
      {children}
    </Card>
  )
}

export default function DashboardPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const labels = useLabels()
  const navigate = useNavigate()
  const { data, error, isPending, refetch } = useOverview()

  const charts = useMemo(() => {
    if (!data) return null
    const revenueName = t('dashboard.charts.revenue')
    const ordersName = t('dashboard.charts.orders')
    const customersName = t('dashboard.charts.customers')

    const byMonth: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { data: [revenueName, ordersName], top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.revenueByMonth.map((m) => m.month) },
      yAxis: [
        { type: 'value', name: revenueName, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
        {
          type: 'value',
          name: ordersName,
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => fmt.compact(v) },
        },
      ],
      series: [
        {
          type: 'bar',
          name: revenueName,
          yAxisIndex: 0,
          data: data.revenueByMonth.map((m) => m.revenue),
          itemStyle: { color: '#5b8ff9', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 36,
          tooltip: { valueFormatter: (v) => fmt.money(Number(v)) },
        },
        {
          type: 'line',
          name: ordersName,
          yAxisIndex: 1,
          smooth: true,
          data: data.revenueByMonth.map((m) => m.orders),
          itemStyle: { color: '#f6903d' },
          tooltip: { valueFormatter: (v) => fmt.number(Number(v)) },
        },
      ],
    }

    const tiers = [...data.customersByCityTier].sort((a, b) => {
      const ia = CITY_TIER_ORDER.indexOf(a.tier)
      const ib = CITY_TIER_ORDER.indexOf(b.tier)
      return (ia === -1 ? CITY_TIER_ORDER.length : ia) - (ib === -1 ? CITY_TIER_ORDER.length : ib)
    })
    const cityTier: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: tiers.map((x) => labels.cityTier(x.tier)),
        axisLabel: { interval: 0, width: 72, overflow: 'break', lineHeight: 14 },
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      series: [
        {
          type: 'bar',
          name: customersName,
          data: tiers.map((x) => x.customers),
          itemStyle: { color: '#5ad8a6', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 48,
          label: { show: true, position: 'top', formatter: (p) => fmt.number(Number(p.value)) },
          tooltip: { valueFormatter: (v) => fmt.number(Number(v)) },
        },
      ],
    }

    const pie = (name: string, items: { name: string; value: number }[]): ChartOption => pieOption(fmt, name, items)

    const channel = pie(
      ordersName,
      data.ordersByChannel.map((c) => ({ name: labels.channel(c.channel), value: c.orders })),
    )
    const gender = pie(
      customersName,
      data.customersByGender.map((g) => ({ name: labels.gender(g.gender), value: g.customers })),
    )

    const bands = [...data.customersByAgeBand].sort((a, b) => compareAgeBands(a.ageBand, b.ageBand))
    const ageBand: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: {
        type: 'category',
        data: bands.map((b) => labels.ageBand(b.ageBand)),
        axisLabel: { interval: 0, width: 72, overflow: 'break', lineHeight: 14 },
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      series: [
        {
          type: 'bar',
          name: customersName,
          data: bands.map((b) => b.customers),
          itemStyle: { color: '#9270ca', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 48,
          tooltip: { valueFormatter: (v) => fmt.number(Number(v)) },
        },
      ],
    }
    return { byMonth, cityTier, channel, gender, ageBand }
  }, [data, t, fmt, labels])

  const header = <PageHeader title={t('dashboard.title')} subtitle={t('dashboard.subtitle')} />

  if (isPending)
    return (
      <>
        {header}
        <PageLoading />
      </>
    )
  if (error || !data || !charts)
    return (
      <>
        {header}
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      </>
    )

  if (isEmptyOverview(data)) {
    return (
      <>
        {header}
        <EmptyCard testId="dashboard-empty" title={t('dashboard.empty.title')} description={t('dashboard.empty.description')}>
          <Can permission="data.write">
            <Button type="primary" onClick={() => void navigate('/import')}>
              {t('dashboard.empty.action')}
            </Button>
          </Can>
        </EmptyCard>
      </>
    )
  }

  const noChartData = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('common.noData')} />
  const period =
    data.firstOrderAt && data.lastOrderAt
      ? t('dashboard.kpi.period', { from: fmt.date(data.firstOrderAt), to: fmt.date(data.lastOrderAt) })
      : t('dashboard.kpi.noOrders')

  return (
    <>
      {header}
      <Row gutter={[16, 16]}>
        <Col flex="1 1 200px">
          <KpiCard
            testId="kpi-customers"
            title={t('dashboard.kpi.customers')}
            value={fmt.number(data.customers)}
            note={t('dashboard.kpi.identifiedOrders', { value: fmt.number(data.identifiedOrders) })}
          />
        </Col>
        <Col flex="1 1 200px">
          <KpiCard
            testId="kpi-orders"
            title={t('dashboard.kpi.orders')}
            value={fmt.number(data.orders)}
            note={t('dashboard.kpi.guestOrders', { value: fmt.number(data.guestOrders) })}
          />
        </Col>
        <Col flex="1 1 200px">
          <KpiCard testId="kpi-revenue" title={t('dashboard.kpi.revenue')} value={fmt.money(data.revenue)} note={period} />
        </Col>
        <Col flex="1 1 200px">
          <KpiCard
            testId="kpi-aov"
            title={t('dashboard.kpi.averageOrderValue')}
            value={fmt.money(data.averageOrderValue)}
            note={t('dashboard.kpi.perOrder')}
          />
        </Col>
        <Col flex="1 1 200px">
          <KpiCard
            testId="kpi-events"
            title={t('dashboard.kpi.events')}
            value={fmt.number(data.events)}
            note={t('dashboard.kpi.tracked')}
          />
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <ChartCard title={t('dashboard.charts.revenueByMonth')}>
            {data.revenueByMonth.length ? (
              <Chart
                option={charts.byMonth}
                ariaLabel={t('dashboard.charts.revenueByMonthAria')}
                height={320}
                testId="chart-revenue-by-month"
              />
            ) : (
              noChartData
            )}
          </ChartCard>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <ChartCard title={t('dashboard.charts.channel')}>
            {data.ordersByChannel.length ? (
              <Chart option={charts.channel} ariaLabel={t('dashboard.charts.channelAria')} height={320} testId="chart-channel" />
            ) : (
              noChartData
            )}
          </ChartCard>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <ChartCard title={t('dashboard.charts.cityTier')}>
            {data.customersByCityTier.length ? (
              <Chart option={charts.cityTier} ariaLabel={t('dashboard.charts.cityTierAria')} height={280} testId="chart-city-tier" />
            ) : (
              noChartData
            )}
          </ChartCard>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <ChartCard title={t('dashboard.charts.gender')}>
            {data.customersByGender.length ? (
              <Chart option={charts.gender} ariaLabel={t('dashboard.charts.genderAria')} height={280} testId="chart-gender" />
            ) : (
              noChartData
            )}
          </ChartCard>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <ChartCard title={t('dashboard.charts.ageBand')}>
            {data.customersByAgeBand.length ? (
              <Chart option={charts.ageBand} ariaLabel={t('dashboard.charts.ageBandAria')} height={280} testId="chart-age-band" />
            ) : (
              noChartData
            )}
          </ChartCard>
        </Col>
      </Row>
    </>
  )
}
