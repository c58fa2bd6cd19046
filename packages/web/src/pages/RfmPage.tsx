import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { App, Button, Card, Col, DatePicker, Flex, Form, Row, Select, Statistic, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import type { Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import type { RfmClassSummary, RfmResult, RfmScoreRange } from '@portrait/core'
import { ApiError } from '../api/client'
import { useRfm } from '../api/useRfm'
import { useRunRfm } from '../api/useRunRfm'
import { Chart, type ChartOption } from '../components/Chart'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { EmptyCard } from '../components/EmptyCard'
import { PageHeader } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import { useFormat } from '../i18n/useFormat'
import { usePermission } from '../auth/SessionContext'

const BIN_CHOICES = [3, 4, 5, 6, 8, 10]

/** One colour per class, in RFM_CLASSES order: warm for the 重要 (high-M) classes, cool for the 一般 ones. */
const CLASS_COLORS: Record<RfmClassSummary['key'], string> = {
  champions: '#d4380d',
  potential: '#fa8c16',
  atRiskLoyal: '#d48806',
  winBack: '#ad4e00',
  loyalLowSpend: '#1677ff',
  promising: '#13c2c2',
  needsAttention: '#597ef7',
  hibernating: '#8c8c8c',
}

function ChartCard({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={<h2 className="card-title">{title}</h2>} extra={extra} variant="borderless" style={{ height: '100%' }}>
      {children}
    </Card>
  )
}

interface RunRequest {
  bins: number
  asOf?: string
  threshold: 'mean' | 'median'
}

function RunForm({ initial, running, onRun }: { initial: RfmResult | undefined; running: boolean; onRun: (request: RunRequest) => void }) {
  const { t } = useTranslation()
  const [bins, setBins] = useState(5)
  const [asOf, setAsOf] = useState<Dayjs | null>(null)
  const [threshold, setThreshold] = useState<'mean' | 'median'>('mean')
  const [touched, setTouched] = useState(false)
  // Start from the latest run's settings, so the form describes what the page shows until the user changes it.
  useEffect(() => {
    if (!initial || touched) return
    setBins(initial.bins)
    if (initial.threshold === 'mean' || initial.threshold === 'median') setThreshold(initial.threshold)
  }, [initial, touched])
  return (
    <Card variant="borderless" style={{ marginBottom: 16 }}>
      <Form layout="inline" onFinish={() => onRun({ bins, threshold, ...(asOf ? { asOf: asOf.format('YYYY-MM-DD') } : {}) })}>
        <Form.Item label={t('rfm.form.bins')}>
          <Select
            data-testid="rfm-bins"
            value={bins}
            onChange={(b: number) => {
              setTouched(true)
              setBins(b)
            }}
            style={{ width: 110 }}
            options={BIN_CHOICES.map((b) => ({ value: b, label: t('rfm.form.binsOption', { count: b }) }))}
          />
        </Form.Item>
        <Form.Item label={t('rfm.form.asOf')}>
          <DatePicker
            data-testid="rfm-as-of"
            value={asOf}
            onChange={setAsOf}
            placeholder={t('rfm.form.asOfPlaceholder')}
            style={{ width: 250 }}
          />
        </Form.Item>
        <Form.Item label={t('rfm.form.threshold')}>
          <Select
            data-testid="rfm-threshold"
            value={threshold}
            onChange={(v: 'mean' | 'median') => {
              setTouched(true)
              setThreshold(v)
            }}
            style={{ width: 200 }}
            options={[
              { value: 'mean', label: t('rfm.form.thresholdMean') },
              { value: 'median', label: t('rfm.form.thresholdMedian') },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={running} data-testid="rfm-run">
            {t('rfm.form.run')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  )
}

function ClassCard({ cls }: { cls: RfmClassSummary }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const english = fmt.lang === 'en'
  const level = (l: 'high' | 'low') => (l === 'high' ? `${t('rfm.classes.high')}↑` : `${t('rfm.classes.low')}↓`)
  return (
    <Card
      variant="borderless"
      data-testid={`rfm-class-${cls.key}`}
      style={{ height: '100%', borderTop: `3px solid ${CLASS_COLORS[cls.key]}` }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 8, height: '100%' } }}
    >
      <Flex justify="space-between" align="baseline" gap={8} wrap>
        <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
          {english ? cls.en : cls.zh}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {english ? cls.zh : cls.en}
        </Typography.Text>
      </Flex>
      <div>
        <Tag color={CLASS_COLORS[cls.key]}>{t('rfm.classes.levels', { r: level(cls.r), f: level(cls.f), m: level(cls.m) })}</Tag>
      </div>
      <Row gutter={[12, 8]}>
        <Col span={12}>
          <Statistic
            title={t('rfm.classes.count')}
            value={fmt.number(cls.count)}
            styles={{ content: { fontSize: 22 } }}
            valueRender={(node) => <span data-testid={`rfm-class-count-${cls.key}`}>{node}</span>}
          />
        </Col>
        <Col span={12}>
          <Statistic title={t('rfm.classes.share')} value={fmt.percent(cls.share)} styles={{ content: { fontSize: 22 } }} />
        </Col>
        <Col span={24}>
          <Statistic title={t('rfm.classes.revenue')} value={fmt.money(cls.revenue)} styles={{ content: { fontSize: 18 } }} />
        </Col>
      </Row>
      <Typography.Paragraph style={{ margin: 0 }} type="secondary">
        <strong>{t('rfm.classes.action')}</strong> {english ? cls.action_en : cls.action_zh}
      </Typography.Paragraph>
    </Card>
  )
}

function useRfmCharts(data: RfmResult | undefined) {
  const { t } = useTranslation()
  const fmt = useFormat()
  return useMemo(() => {
    if (!data) return null
    const counts = data.heatmap.counts
    const max = Math.max(1, ...counts.flat())
    const heatmap: ChartOption = {
      tooltip: {
        position: 'top',
        formatter: (p) => {
          const [fi, ri, count] = (p as unknown as { value: [number, number, number] }).value
          return t('rfm.heatmap.tooltip', { r: data.heatmap.r[ri], f: data.heatmap.f[fi], count: fmt.number(count) })
        },
      },
      // Room for the axis names (containLabel does not count them) and for the colour scale on the right.
      grid: { left: 36, right: 72, top: 8, bottom: 36, containLabel: true },
      xAxis: {
        type: 'category',
        name: t('rfm.heatmap.f'),
        nameLocation: 'middle',
        nameGap: 28,
        data: data.heatmap.f.map(String),
        splitArea: { show: true },
      },
      yAxis: {
        type: 'category',
        name: t('rfm.heatmap.r'),
        nameLocation: 'middle',
        nameGap: 28,
        data: data.heatmap.r.map(String),
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max,
        calculable: true,
        orient: 'vertical',
        right: 0,
        top: 'middle',
        itemHeight: 200,
        inRange: { color: ['#f0f5ff', '#1d39c4'] },
      },
      series: [
        {
          type: 'heatmap',
          name: t('rfm.heatmap.title'),
          data: counts.flatMap((row, ri) => row.map((count, fi) => [fi, ri, count])),
          label: { show: true, formatter: (p) => fmt.number((p.value as number[])[2]) },
          emphasis: { itemStyle: { shadowBlur: 8, shadowColor: 'rgba(0, 0, 0, 0.3)' } },
        },
      ],
    }
    const scoreNames = data.edges.recency.map((e) => String(e.score))
    const bar = (name: string, ranges: RfmScoreRange[], color: string) => ({
      type: 'bar' as const,
      name,
      data: ranges.map((e) => e.count),
      itemStyle: { color, borderRadius: [3, 3, 0, 0] },
      tooltip: { valueFormatter: (v: unknown) => fmt.number(Number(v)) },
    })
    const distribution: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 24, containLabel: true },
      xAxis: { type: 'category', name: t('rfm.distribution.score'), nameLocation: 'middle', nameGap: 24, data: scoreNames },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      series: [
        bar(t('rfm.distribution.r'), data.edges.recency, '#5b8ff9'),
        bar(t('rfm.distribution.f'), data.edges.frequency, '#5ad8a6'),
        bar(t('rfm.distribution.m'), data.edges.monetary, '#f6903d'),
      ],
    }
    const sums: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 8, top: 16, bottom: 24, containLabel: true },
      xAxis: {
        type: 'category',
        name: t('rfm.distribution.sum'),
        nameLocation: 'middle',
        nameGap: 24,
        data: data.scoreSums.map((s) => String(s.sum)),
      },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      series: [
        {
          type: 'bar',
          name: t('rfm.distribution.customers'),
          data: data.scoreSums.map((s) => s.count),
          itemStyle: { color: '#9270ca', borderRadius: [3, 3, 0, 0] },
          tooltip: { valueFormatter: (v) => fmt.number(Number(v)) },
        },
      ],
    }
    return { heatmap, distribution, sums }
  }, [data, t, fmt])
}

interface EdgeRow {
  score: number
  recency: RfmScoreRange
  frequency: RfmScoreRange
  monetary: RfmScoreRange
}

export default function RfmPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const latest = useRfm()
  const run = useRunRfm()
  const canWrite = usePermission('data.write')
  const data = latest.data
  const charts = useRfmCharts(data)

  const onRun = (request: RunRequest) => {
    run.mutate(request, {
      onSuccess: (result) => void message.success(t('rfm.form.success', { count: fmt.number(result.customers) })),
      onError: (e) => void message.error(t('rfm.form.failed', { message: errorText(e) })),
    })
  }

  const edgeColumns: TableProps<EdgeRow>['columns'] = useMemo(() => {
    const range = (r: RfmScoreRange, show: (x: number) => string) =>
      r.count === 0 || r.min === null || r.max === null ? (
        <Typography.Text type="secondary">{t('rfm.edges.empty')}</Typography.Text>
      ) : r.min === r.max ? (
        show(r.min)
      ) : (
        t('rfm.edges.range', { min: show(r.min), max: show(r.max) })
      )
    return [
      { title: t('rfm.edges.score'), dataIndex: 'score', key: 'score', width: 80 },
      { title: t('rfm.edges.recency'), key: 'recency', render: (_, row) => range(row.recency, (x) => fmt.number(x)) },
      { title: t('rfm.edges.frequency'), key: 'frequency', render: (_, row) => range(row.frequency, (x) => fmt.number(x)) },
      { title: t('rfm.edges.monetary'), key: 'monetary', render: (_, row) => range(row.monetary, (x) => fmt.money(x)) },
    ]
  }, [t, fmt])

  const header = <PageHeader title={t('rfm.title')} subtitle={t('rfm.subtitle')} />
  // running RFM rewrites every customer's scores: only for those who may write
  const form = canWrite ? <RunForm initial={data} running={run.isPending} onRun={onRun} /> : null
  const notYetRun = latest.error instanceof ApiError && latest.error.isNotFound

  if (latest.isPending)
    return (
      <>
        {header}
        <PageLoading />
      </>
    )
  if (!data || !charts)
    return (
      <>
        {header}
        {form}
        {notYetRun ? (
          <EmptyCard testId="rfm-empty" title={t('rfm.empty.title')} description={t('rfm.empty.description')} />
        ) : (
          <ErrorAlert error={latest.error} onRetry={() => void latest.refetch()} />
        )}
      </>
    )

  const edgeRows: EdgeRow[] = data.edges.recency.map((recency, i) => ({
    score: recency.score,
    recency,
    frequency: data.edges.frequency[i] as RfmScoreRange,
    monetary: data.edges.monetary[i] as RfmScoreRange,
  }))
  const cut = (x: number) => fmt.number(x, 2)

  return (
    <>
      {header}
      {form}
      <Row gutter={[16, 16]} data-testid="rfm-summary">
        <Col flex="1 1 200px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic
              title={t('rfm.summary.scored')}
              value={fmt.number(data.customers)}
              valueRender={(node) => <span data-testid="rfm-scored">{node}</span>}
            />
            <div className="kpi-note">{t('rfm.summary.computedAt', { time: fmt.dateTime(data.computedAt) })}</div>
          </Card>
        </Col>
        <Col flex="1 1 200px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic
              title={t('rfm.summary.unscored')}
              value={fmt.number(data.unscored)}
              valueRender={(node) => <span data-testid="rfm-unscored">{node}</span>}
            />
            <div className="kpi-note">{t('rfm.summary.unscoredNote')}</div>
          </Card>
        </Col>
        <Col flex="1 1 200px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic
              title={t('rfm.summary.asOf')}
              value={fmt.date(data.asOf)}
              valueRender={(node) => <span data-testid="rfm-as-of-value">{node}</span>}
            />
            <div className="kpi-note">{t('rfm.form.binsOption', { count: data.bins })}</div>
          </Card>
        </Col>
        <Col flex="1 1 200px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic
              title={t('rfm.summary.thresholds')}
              value={`${cut(data.thresholds.r)} / ${cut(data.thresholds.f)} / ${cut(data.thresholds.m)}`}
            />
            <div className="kpi-note">
              {data.threshold === 'median'
                ? t('rfm.form.thresholdMedian')
                : data.threshold === 'mean'
                  ? t('rfm.form.thresholdMean')
                  : t('rfm.summary.thresholdsNote')}
            </div>
          </Card>
        </Col>
        <Col flex="1 1 200px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic title={t('rfm.summary.revenue')} value={fmt.money(data.revenue)} />
            <div className="kpi-note">{t('rfm.summary.revenueNote')}</div>
          </Card>
        </Col>
      </Row>

      <Typography.Title level={2} className="card-title" style={{ margin: '24px 0 12px' }}>
        {t('rfm.classes.title')}
      </Typography.Title>
      <Row gutter={[16, 16]} data-testid="rfm-classes">
        {data.classes.map((cls) => (
          <Col key={cls.key} xs={24} sm={12} xl={6}>
            <ClassCard cls={cls} />
          </Col>
        ))}
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={12}>
          <ChartCard title={t('rfm.heatmap.title')}>
            <Chart option={charts.heatmap} ariaLabel={t('rfm.heatmap.aria')} height={380} testId="rfm-heatmap" />
            <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
              {t('rfm.heatmap.hint')}
            </Typography.Paragraph>
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('rfm.distribution.title')}>
            <Chart option={charts.distribution} ariaLabel={t('rfm.distribution.aria')} height={220} testId="rfm-distribution" />
            <Typography.Text strong>{t('rfm.distribution.sumTitle')}</Typography.Text>
            <Chart option={charts.sums} ariaLabel={t('rfm.distribution.sumAria')} height={170} testId="rfm-score-sums" />
          </ChartCard>
        </Col>
      </Row>

      <Card title={<h2 className="card-title">{t('rfm.edges.title')}</h2>} variant="borderless" style={{ marginTop: 16 }}>
        <Table<EdgeRow>
          data-testid="rfm-edges"
          rowKey="score"
          size="small"
          pagination={false}
          columns={edgeColumns}
          dataSource={[...edgeRows].reverse()}
        />
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          {t('rfm.edges.note')}
        </Typography.Paragraph>
      </Card>
    </>
  )
}
