import { useMemo, useState, type ReactNode } from 'react'
import { App, Button, Card, Col, Empty, Flex, Form, InputNumber, Row, Segmented, Statistic, Table, Typography } from 'antd'
import type { TableProps } from 'antd'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import type { PredictLabel, PredictModel, PredictScoreResult, PredictScored } from '@portrait/core'
import i18n from '../i18n'
import { usePrediction } from '../api/usePrediction'
import { useScoreCustomers } from '../api/useScoreCustomers'
import { useTrainModel } from '../api/useTrainModel'
import { Chart, type ChartOption } from '../components/Chart'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { EmptyCard } from '../components/EmptyCard'
import { PageHeader } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import { useFormat } from '../i18n/useFormat'
import { Can } from '../auth/SessionContext'
import { useLabels } from '../i18n/useLabels'

const LABELS: readonly PredictLabel[] = ['churn', 'purchase']
/** Terms in the feature importance chart. */
const IMPORTANCE_TERMS = 15
const POSITIVE = '#e8684a'
const NEGATIVE = '#5b8ff9'

/** AUC and log loss with four decimals, the same figure the API and the CLI give. */
const fixed4 = (v: number): string => v.toFixed(4)

function ChartCard({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={<h2 className="card-title">{title}</h2>} extra={extra} variant="borderless" style={{ height: '100%' }}>
      {children}
    </Card>
  )
}

function StatCard({ testId, title, value, note }: { testId?: string; title: string; value: string; note?: ReactNode }) {
  return (
    <Card variant="borderless" className="kpi-card" style={{ height: '100%' }}>
      <Statistic title={title} value={value} valueRender={(node) => <span data-testid={testId}>{node}</span>} />
      {note && <div className="kpi-note">{note}</div>}
    </Card>
  )
}

/** A model term in words: `gender=female` → "性别 = 女", `age_missing` → "年龄缺失". */
function useTermLabel(): (term: string) => string {
  const { t } = useTranslation()
  const labels = useLabels()
  return useMemo(() => {
    const translate = t as unknown as (key: string, options?: Record<string, unknown>) => string
    const feature = (name: string): string => {
      const key = `predictions.features.${name}`
      return i18n.exists(key) ? translate(key) : name
    }
    const level = (name: string, value: string): string => {
      if (value === 'unknown') return translate('common.unknown')
      if (name === 'gender') return labels.gender(value)
      if (name === 'main_channel') return labels.channel(value)
      if (name === 'city_tier') return labels.cityTier(value)
      if (name === 'age_band') return labels.ageBand(value)
      if (name === 'family_status') return labels.familyStatus(value)
      return value
    }
    return (term: string) => {
      const split = term.indexOf('=')
      if (split > 0) return `${feature(term.slice(0, split))} = ${level(term.slice(0, split), term.slice(split + 1))}`
      if (term.endsWith('_missing'))
        return translate('predictions.features.missing', { feature: feature(term.slice(0, -'_missing'.length)) })
      return feature(term)
    }
  }, [t, labels])
}

function ModelCharts({ model }: { model: PredictModel }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const termLabel = useTermLabel()

  const charts = useMemo(() => {
    const foldName = t('predictions.charts.folds')
    const pooledName = t('predictions.charts.pooled')
    const lowest = Math.min(0.5, ...model.folds.map((f) => f.auc))
    const folds: ChartOption = {
      tooltip: { trigger: 'axis', valueFormatter: (v) => fixed4(Number(v)) },
      legend: { data: [foldName, pooledName], top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: model.folds.map((f) => t('predictions.charts.fold', { n: f.fold })) },
      yAxis: { type: 'value', min: Math.floor(lowest * 10) / 10, max: 1 },
      series: [
        {
          type: 'bar',
          name: foldName,
          data: model.folds.map((f) => f.auc),
          itemStyle: { color: '#5b8ff9', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 32,
        },
        {
          type: 'line',
          name: pooledName,
          data: model.folds.map(() => model.auc),
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#e8684a' },
          itemStyle: { color: '#e8684a' },
        },
      ],
    }

    const gainName = t('predictions.charts.gain')
    const liftName = t('predictions.charts.lift')
    const randomName = t('predictions.charts.random')
    const shares = model.gains.map((g) => g.cumulativeRows / model.n)
    const gains: ChartOption = {
      tooltip: { trigger: 'axis' },
      legend: { data: [gainName, randomName, liftName], top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 24, containLabel: true },
      xAxis: {
        type: 'category',
        name: t('predictions.charts.share'),
        nameLocation: 'middle',
        nameGap: 28,
        data: shares.map((s) => fmt.percent(s, 0)),
      },
      yAxis: [
        { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmt.percent(v, 0) } },
        { type: 'value', name: liftName, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: liftName,
          yAxisIndex: 1,
          data: model.gains.map((g) => g.lift),
          itemStyle: { color: '#d3e3fd', borderRadius: [3, 3, 0, 0] },
          barMaxWidth: 28,
          tooltip: { valueFormatter: (v) => fmt.number(Number(v), 2) },
        },
        {
          type: 'line',
          name: gainName,
          data: model.gains.map((g) => g.gain),
          itemStyle: { color: '#1f6feb' },
          tooltip: { valueFormatter: (v) => fmt.percent(Number(v), 1) },
        },
        {
          type: 'line',
          name: randomName,
          data: shares,
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          tooltip: { valueFormatter: (v) => fmt.percent(Number(v), 1) },
        },
      ],
    }

    const observedName = t('predictions.charts.observed')
    const perfectName = t('predictions.charts.perfect')
    const calibration: ChartOption = {
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const value = (p as unknown as { value: [number, number] }).value
          return `${t('predictions.charts.predicted')} ${fmt.percent(value[0], 1)}<br/>${observedName} ${fmt.percent(value[1], 1)}`
        },
      },
      legend: { data: [observedName, perfectName], top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 24, containLabel: true },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: t('predictions.charts.predicted'),
        nameLocation: 'middle',
        nameGap: 28,
        axisLabel: { formatter: (v: number) => fmt.percent(v, 0) },
      },
      yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => fmt.percent(v, 0) } },
      series: [
        {
          type: 'line',
          name: perfectName,
          data: [
            [0, 0],
            [1, 1],
          ],
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#8c8c8c' },
          itemStyle: { color: '#8c8c8c' },
          tooltip: { show: false },
        },
        {
          type: 'line',
          name: observedName,
          data: model.calibration.map((bin) => [bin.meanPredicted, bin.observedRate]),
          symbolSize: 8,
          itemStyle: { color: '#1f6feb' },
        },
      ],
    }

    const terms = [...model.coefficients].slice(0, IMPORTANCE_TERMS).reverse()
    const importance: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt.number(Number(v), 3) },
      grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
      xAxis: { type: 'value', name: t('predictions.charts.coefficient'), nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: terms.map((term) => termLabel(term.term)), axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          name: t('predictions.charts.coefficient'),
          data: terms.map((term) => ({
            value: term.standardizedCoefficient,
            itemStyle: { color: term.standardizedCoefficient >= 0 ? POSITIVE : NEGATIVE },
          })),
          barMaxWidth: 18,
        },
      ],
    }
    return { folds, gains, calibration, importance }
  }, [model, t, fmt, termLabel])

  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} xl={12}>
        <ChartCard title={t('predictions.charts.folds')}>
          <Chart option={charts.folds} ariaLabel={t('predictions.charts.foldsAria')} testId="chart-folds" />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('predictions.charts.gains')}>
          <Chart option={charts.gains} ariaLabel={t('predictions.charts.gainsAria')} testId="chart-gains" />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('predictions.charts.calibration')}>
          <Chart option={charts.calibration} ariaLabel={t('predictions.charts.calibrationAria')} testId="chart-calibration" />
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('predictions.charts.importance')}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            {t('predictions.charts.importanceHint')}
          </Typography.Paragraph>
          <Chart option={charts.importance} ariaLabel={t('predictions.charts.importanceAria')} height={380} testId="chart-importance" />
        </ChartCard>
      </Col>
    </Row>
  )
}

function Scoring({
  label,
  scoring,
  running,
  onScore,
}: {
  label: PredictLabel
  scoring: PredictScoreResult | null
  running: boolean
  onScore: () => void
}) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const distribution = useMemo<ChartOption | null>(() => {
    if (!scoring) return null
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => fmt.number(Number(v)) },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: scoring.distribution.map((bin) => `${fmt.percent(bin.lower, 0)}–${fmt.percent(bin.upper, 0)}`) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      series: [
        {
          type: 'bar',
          name: t('predictions.charts.customers'),
          data: scoring.distribution.map((bin) => bin.count),
          itemStyle: { color: label === 'churn' ? '#e8684a' : '#5ad8a6', borderRadius: [4, 4, 0, 0] },
          barMaxWidth: 40,
        },
      ],
    }
  }, [scoring, label, t, fmt])

  const columns: TableProps<PredictScored>['columns'] = [
    {
      key: 'customer',
      title: t('predictions.score.customer'),
      dataIndex: 'customer_id',
      render: (id: string) => <Link to={`/customers/${encodeURIComponent(id)}`}>{id}</Link>,
    },
    {
      key: 'probability',
      title: t('predictions.score.probability'),
      dataIndex: 'probability',
      align: 'right',
      render: (v: number) => <span className="num">{fmt.percent(v, 1)}</span>,
    },
    {
      key: 'recency',
      title: t('predictions.score.recency'),
      dataIndex: 'recency_days',
      align: 'right',
      render: (v: number | null) => <span className="num">{v === null ? t('common.empty') : fmt.number(v)}</span>,
    },
    {
      key: 'frequency',
      title: t('predictions.score.frequency'),
      dataIndex: 'frequency',
      align: 'right',
      render: (v: number) => <span className="num">{fmt.number(v)}</span>,
    },
    {
      key: 'monetary',
      title: t('predictions.score.monetary'),
      dataIndex: 'monetary',
      align: 'right',
      render: (v: number) => <span className="num">{fmt.money(v)}</span>,
    },
  ]

  return (
    <Card
      variant="borderless"
      title={<h2 className="card-title">{t('predictions.score.title')}</h2>}
      extra={
        <Can permission="data.write">
          <Button type="primary" onClick={onScore} loading={running} data-testid="predict-score">
            {t('predictions.form.score')}
          </Button>
        </Can>
      }
    >
      <Typography.Paragraph type="secondary">{t('predictions.score.hint', { score: `scores.${label}` })}</Typography.Paragraph>
      {!scoring ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('predictions.score.none')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              <Col span={12}>
                <Statistic
                  title={t('predictions.score.written')}
                  value={fmt.number(scoring.written)}
                  valueRender={(node) => <span data-testid="scored-count">{node}</span>}
                />
                <div className="kpi-note">{t('predictions.score.asOf', { date: fmt.date(scoring.asOf) })}</div>
              </Col>
              <Col span={12}>
                <Statistic title={t('predictions.score.mean')} value={fmt.percent(scoring.meanProbability, 1)} />
                <div className="kpi-note">{t('predictions.score.computedAt', { time: fmt.dateTime(scoring.computedAt) })}</div>
              </Col>
            </Row>
            {distribution && (
              <Chart option={distribution} ariaLabel={t('predictions.charts.distributionAria')} height={240} testId="chart-distribution" />
            )}
          </Col>
          <Col xs={24} xl={14}>
            <h2 className="card-title" style={{ marginBottom: 8 }}>
              {label === 'churn' ? t('predictions.score.top') : t('predictions.score.topPurchase')}
            </h2>
            <Table<PredictScored>
              data-testid="scored-top"
              rowKey="customer_id"
              size="small"
              columns={columns}
              dataSource={scoring.top}
              pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
            />
          </Col>
        </Row>
      )}
    </Card>
  )
}

export default function PredictionsPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const [label, setLabel] = useState<PredictLabel>('churn')
  const [horizon, setHorizon] = useState(90)
  const latest = usePrediction(label)
  const train = useTrainModel()
  const score = useScoreCustomers()
  const model = latest.data?.model ?? null
  const scoring = latest.data?.scoring ?? null

  const onTrain = () =>
    train.mutate(
      { label, horizon },
      {
        onSuccess: (result) => void message.success(t('predictions.form.trainSuccess', { auc: fixed4(result.auc) })),
        onError: (e) => void message.error(t('predictions.form.trainFailed', { message: errorText(e) })),
      },
    )
  const onScore = () =>
    score.mutate(
      { label, horizon: model?.horizon ?? horizon },
      {
        onSuccess: (result) => void message.success(t('predictions.form.scoreSuccess', { count: fmt.number(result.written) })),
        onError: (e) => void message.error(t('predictions.form.scoreFailed', { message: errorText(e) })),
      },
    )

  return (
    <>
      <PageHeader title={t('predictions.title')} subtitle={t('predictions.subtitle')} />
      <Card variant="borderless" style={{ marginBottom: 16 }}>
        <Form layout="inline" onFinish={onTrain}>
          <Form.Item label={t('predictions.form.label')}>
            <Segmented<PredictLabel>
              data-testid="predict-label"
              value={label}
              onChange={setLabel}
              options={LABELS.map((l) => ({ value: l, label: t(`predictions.form.labels.${l}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('predictions.form.horizon')}>
            <InputNumber
              data-testid="predict-horizon"
              value={horizon}
              min={1}
              max={3650}
              precision={0}
              onChange={(v) => v !== null && setHorizon(v)}
              suffix={t('predictions.form.horizonUnit')}
              style={{ width: 130 }}
            />
          </Form.Item>
          <Can permission="data.write">
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={train.isPending} data-testid="predict-train">
                {t('predictions.form.train')}
              </Button>
            </Form.Item>
          </Can>
        </Form>
        <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
          {t(`predictions.definition.${label}`, { horizon })}
        </Typography.Paragraph>
      </Card>

      {train.error && <ErrorAlert error={train.error} title={t('predictions.form.trainFailedTitle')} />}
      {latest.isPending ? (
        <PageLoading />
      ) : latest.error ? (
        <ErrorAlert error={latest.error} onRetry={() => void latest.refetch()} />
      ) : !model ? (
        <EmptyCard title={t('predictions.empty.title')} description={t('predictions.empty.description')} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} lg={6}>
              <StatCard
                testId="model-auc"
                title={t('predictions.metrics.auc')}
                value={fixed4(model.auc)}
                note={t('predictions.metrics.aucNote', { mean: fixed4(model.meanAuc), sd: fixed4(model.sdAuc) })}
              />
            </Col>
            <Col xs={12} lg={6}>
              <StatCard
                testId="model-log-loss"
                title={t('predictions.metrics.logLoss')}
                value={fixed4(model.logLoss)}
                note={t('predictions.metrics.logLossNote')}
              />
            </Col>
            <Col xs={12} lg={6}>
              <StatCard
                title={t('predictions.metrics.top')}
                value={fmt.percent(model.top.precision, 1)}
                note={t('predictions.metrics.topNote', {
                  recall: fmt.percent(model.top.recall, 1),
                  base: fmt.percent(model.positives / model.n, 1),
                })}
              />
            </Col>
            <Col xs={12} lg={6}>
              <StatCard
                testId="model-rows"
                title={t('predictions.metrics.rows')}
                value={fmt.number(model.n)}
                note={t('predictions.metrics.rowsNote', { positives: fmt.number(model.positives) })}
              />
            </Col>
          </Row>
          <Flex gap={16} wrap style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary" data-testid="model-window">
              {t('predictions.definition.window', { cutoff: fmt.date(model.cutoff), end: fmt.date(model.labelEnd) })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('predictions.metrics.computedAt', { time: fmt.dateTime(model.computedAt) })}
            </Typography.Text>
          </Flex>
          <ModelCharts model={model} />
          <Scoring label={label} scoring={scoring} running={score.isPending} onScore={onScore} />
        </>
      )}
    </>
  )
}
