import { useMemo, useState, type ReactNode } from 'react'
import { App, Button, Card, Col, Empty, Flex, Form, InputNumber, Row, Select, Space, Statistic, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ClvOverview, ClvUnit } from '@portrait/core'
import { useClvOverview } from '../api/useClvOverview'
import { useFitClv } from '../api/useFitClv'
import { usePredictClv } from '../api/usePredictClv'
import { Chart } from '../components/Chart'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { Can } from '../auth/SessionContext'
import { PageLoading } from '../components/PageLoading'
import { ClvCustomerTable } from './value/ClvCustomerTables'
import { ClvHoldoutCheck } from './value/ClvHoldoutCheck'
import { ClvParameters } from './value/ClvParameters'
import { histogramOption, pAliveHeatmapOption } from './value/clvCharts'
import { useValueFormat } from './value/useValueFormat'

function SectionCard({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string }) {
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

interface RunSettings {
  unit: ClvUnit
  horizon: number
  /** Percent per period, as the form shows it. */
  discountPercent: number
}

function Controls({ overview, settings, onChange }: { overview: ClvOverview; settings: RunSettings; onChange: (s: RunSettings) => void }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const predict = usePredictClv()
  const fit = useFitClv()
  const history = overview.history
  const run = () =>
    predict.mutate(
      { unit: settings.unit, horizon: settings.horizon, discount: settings.discountPercent / 100 },
      {
        onSuccess: (r) => void message.success(t('value.controls.predictSuccess', { count: fmt.number(r.scores.n) })),
        onError: (e) => void message.error(t('value.controls.failed', { message: errorText(e) })),
      },
    )
  const fitOnly = () =>
    fit.mutate(
      { unit: settings.unit },
      {
        onSuccess: (r) => void message.success(t('value.controls.fitSuccess', { count: fmt.number(r.n) })),
        onError: (e) => void message.error(t('value.controls.failed', { message: errorText(e) })),
      },
    )
  const busy = predict.isPending || fit.isPending
  return (
    <Card variant="borderless" style={{ marginBottom: 16 }} data-testid="clv-controls">
      <Form layout="inline" onFinish={run}>
        <Form.Item label={t('value.controls.unit')}>
          <Select<ClvUnit>
            data-testid="clv-unit"
            value={settings.unit}
            onChange={(unit) => onChange({ ...settings, unit })}
            style={{ width: 96 }}
            options={[
              { value: 'week', label: t('value.unit.week') },
              { value: 'day', label: t('value.unit.day') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('value.controls.horizon')}>
          <InputNumber
            data-testid="clv-horizon"
            min={1}
            max={520}
            precision={0}
            value={settings.horizon}
            onChange={(v) => onChange({ ...settings, horizon: v ?? 52 })}
            suffix={t('value.controls.horizonSuffix')}
            style={{ width: 130 }}
          />
        </Form.Item>
        <Form.Item label={t('value.controls.discount')}>
          <InputNumber
            data-testid="clv-discount"
            min={0}
            max={100}
            step={0.1}
            value={settings.discountPercent}
            onChange={(v) => onChange({ ...settings, discountPercent: v ?? 0 })}
            suffix="%"
            style={{ width: 120 }}
          />
        </Form.Item>
        <Can permission="data.write">
          <Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={predict.isPending} disabled={busy} data-testid="clv-predict">
                {t('value.controls.predict')}
              </Button>
              <Button onClick={fitOnly} loading={fit.isPending} disabled={busy} data-testid="clv-fit">
                {t('value.controls.fit')}
              </Button>
            </Space>
          </Form.Item>
        </Can>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }} data-testid="clv-history">
        {t('value.controls.history', {
          buyers: fmt.number(history.buyers),
          purchases: fmt.number(history.purchases),
          first: fmt.date(history.firstPurchase),
          last: fmt.date(history.lastPurchase),
        })}
        <br />
        {t('value.controls.hint')}
      </Typography.Paragraph>
    </Card>
  )
}

function Kpis({ overview }: { overview: ClvOverview }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  const scores = overview.scores
  if (!scores) return null
  const d = scores.distribution
  const items: { key: string; title: string; value: string }[] = [
    { key: 'customers', title: t('value.kpi.customers'), value: fmt.number(d.customers) },
    { key: 'total', title: t('value.kpi.totalClv'), value: fmt.money(d.totalClv) },
    { key: 'mean', title: t('value.kpi.meanClv'), value: fmt.money(d.meanClv) },
    { key: 'median', title: t('value.kpi.medianClv'), value: fmt.money(d.quantiles.p50) },
    { key: 'purchases', title: t('value.kpi.expectedPurchases'), value: fmt.number(d.expectedPurchases, 0) },
    {
      key: 'inactive',
      title: t('value.kpi.likelyInactive'),
      value: `${fmt.number(d.likelyInactive)} (${fmt.percent(d.customers > 0 ? d.likelyInactive / d.customers : 0)})`,
    },
  ]
  return (
    <div style={{ marginBottom: 16 }}>
      <Row gutter={[16, 16]}>
        {items.map((item) => (
          <Col key={item.key} xs={12} md={8} xl={4}>
            <Card className="kpi-card" variant="borderless" style={{ height: '100%' }} data-testid={`clv-kpi-${item.key}`}>
              <Statistic title={item.title} value={item.value} />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }} data-testid="clv-run">
        {t('value.kpi.run', {
          asOf: fmt.date(scores.asOf),
          horizon: fmt.number(scores.horizon),
          unit: t(`value.unit.${scores.unit}`),
          per: t(`value.perUnit.${scores.unit}`),
          discount: fmt.percent(scores.discount, 2),
          time: fmt.dateTime(scores.computedAt),
        })}
      </Typography.Text>
    </div>
  )
}

function Distribution({ overview }: { overview: ClvOverview }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  const scores = overview.scores
  const charts = useMemo(
    () =>
      scores
        ? {
            histogram: histogramOption(scores.distribution, t, fmt),
            heatmap: pAliveHeatmapOption(scores.distribution, scores.unit, t, fmt),
          }
        : null,
    [scores, t, fmt],
  )
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('value.empty.noScores')} />
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} xl={12}>
        <SectionCard title={t('value.charts.histogram')}>
          {charts ? (
            <Chart option={charts.histogram} ariaLabel={t('value.charts.histogramAria')} height={340} testId="clv-histogram" />
          ) : (
            empty
          )}
        </SectionCard>
      </Col>
      <Col xs={24} xl={12}>
        <SectionCard title={t('value.charts.heatmap')}>
          {charts ? (
            <>
              <Chart option={charts.heatmap} ariaLabel={t('value.charts.heatmapAria')} height={320} testId="clv-heatmap" />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('value.charts.heatmapNote')}
              </Typography.Text>
            </>
          ) : (
            empty
          )}
        </SectionCard>
      </Col>
    </Row>
  )
}

export default function ValuePage() {
  const { t } = useTranslation()
  const { data, error, isPending, refetch } = useClvOverview()
  const [settings, setSettings] = useState<RunSettings>({ unit: 'week', horizon: 52, discountPercent: 1 })
  const header = <PageHeader title={t('value.title')} subtitle={t('value.subtitle')} testId="value-header" />

  if (isPending)
    return (
      <>
        {header}
        <PageLoading />
      </>
    )
  if (error || !data)
    return (
      <>
        {header}
        <ErrorAlert error={error} onRetry={() => void refetch()} />
      </>
    )
  if (data.history.purchases === 0 || !data.history.firstPurchase || !data.history.lastPurchase) {
    return (
      <>
        {header}
        <Card variant="borderless">
          <Empty
            data-testid="clv-no-purchases"
            description={
              <Flex vertical gap={4}>
                <strong>{t('value.empty.noPurchases')}</strong>
                <span>{t('value.empty.noPurchasesDescription')}</span>
              </Flex>
            }
          />
        </Card>
      </>
    )
  }
  return (
    <>
      {header}
      <Controls overview={data} settings={settings} onChange={setSettings} />
      <Kpis overview={data} />
      <div style={{ marginBottom: 16 }}>
        <SectionCard title={t('value.params.title')} testId="clv-params">
          <ClvParameters fit={data.fit} />
        </SectionCard>
      </div>
      <Distribution overview={data} />
      {data.scores && (
        <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
          <Col xs={24} xxl={12}>
            <SectionCard
              title={t('value.customers.top')}
              extra={<Typography.Text type="secondary">{t('value.customers.topHint')}</Typography.Text>}
            >
              <ClvCustomerTable key={`top-${data.scores.computedAt}`} params={{ sort: 'clv', order: 'desc' }} testId="clv-top-customers" />
            </SectionCard>
          </Col>
          <Col xs={24} xxl={12}>
            <SectionCard title={t('value.customers.atRisk')}>
              <ClvCustomerTable
                key={`risk-${data.scores.computedAt}`}
                params={{ atRisk: true, sort: 'clv', order: 'desc' }}
                testId="clv-at-risk"
              />
            </SectionCard>
          </Col>
        </Row>
      )}
      <SectionCard title={t('value.holdout.title')} testId="clv-holdout">
        <ClvHoldoutCheck firstPurchase={data.history.firstPurchase} lastPurchase={data.history.lastPurchase} unit={settings.unit} />
      </SectionCard>
    </>
  )
}
