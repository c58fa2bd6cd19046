import { useMemo, useState, type ReactNode } from 'react'
import { Link } from 'react-router'
import { Button, Card, Col, Empty, Flex, Row, Slider, Table, Typography } from 'antd'
import type { TableProps } from 'antd'
import { useTranslation } from 'react-i18next'
import {
  DEFAULT_EVALUATION_WEIGHTS,
  EVALUATION_CRITERIA,
  criterionValues,
  rankSegments,
  type EvaluationCriterion,
  type SegmentEvaluationResponse,
  type SegmentFigures,
} from '@portrait/core'
import { useSegmentEvaluation } from '../api/useSegmentEvaluation'
import { Chart, type ChartOption } from '../components/Chart'
import { ErrorAlert } from '../components/ErrorAlert'
import { PageHeader } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import { useFormat } from '../i18n/useFormat'

/** One colour per criterion, in EVALUATION_CRITERIA order. */
const CRITERION_COLORS: Record<EvaluationCriterion, string> = {
  size: '#1677ff',
  growth: '#52c41a',
  value_per_member: '#fa8c16',
  clv: '#d4380d',
  conversion: '#13c2c2',
  reachable: '#722ed1',
  low_churn: '#8c8c8c',
}
const MAX_SLIDER_WEIGHT = 5

type Weights = Record<EvaluationCriterion, number>

function Section({ title, extra, children, testId }: { title: string; extra?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Card title={title} extra={extra} size="small" data-testid={testId}>
      {children}
    </Card>
  )
}

function WeightSliders({
  weights,
  unavailable,
  onChange,
}: {
  weights: Weights
  unavailable: readonly EvaluationCriterion[]
  onChange: (w: Weights) => void
}) {
  const { t } = useTranslation()
  return (
    <Section
      title={t('evaluation.weights.title')}
      testId="evaluation-weights"
      extra={
        <Button size="small" onClick={() => onChange({ ...DEFAULT_EVALUATION_WEIGHTS })} data-testid="weights-reset">
          {t('evaluation.weights.reset')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('evaluation.weights.note')}</Typography.Paragraph>
      {EVALUATION_CRITERIA.map((c) => (
        <Row key={c} align="middle" gutter={12} data-testid={`weight-${c}`}>
          <Col span={9}>
            <Typography.Text type={unavailable.includes(c) ? 'secondary' : undefined}>{t(`evaluation.criteria.${c}`)}</Typography.Text>
          </Col>
          <Col span={12}>
            <Slider
              min={0}
              max={MAX_SLIDER_WEIGHT}
              step={0.5}
              value={weights[c]}
              disabled={unavailable.includes(c)}
              onChange={(v) => onChange({ ...weights, [c]: v })}
              aria-label={t(`evaluation.criteria.${c}`)}
            />
          </Col>
          <Col span={3}>
            <Typography.Text data-testid={`weight-value-${c}`}>{weights[c]}</Typography.Text>
          </Col>
        </Row>
      ))}
      {unavailable.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('evaluation.weights.unavailable', { list: unavailable.map((c) => t(`evaluation.criteria.${c}`)).join('、') })}
        </Typography.Paragraph>
      )}
    </Section>
  )
}

export default function SegmentEvaluationPage() {
  const { t } = useTranslation()
  const evaluation = useSegmentEvaluation()
  const header = <PageHeader title={t('evaluation.title')} subtitle={t('evaluation.subtitle')} testId="evaluation-page" />
  if (evaluation.isPending)
    return (
      <>
        {header}
        <PageLoading />
      </>
    )
  if (evaluation.isError)
    return (
      <>
        {header}
        <ErrorAlert error={evaluation.error} onRetry={() => void evaluation.refetch()} />
      </>
    )
  return (
    <>
      {header}
      {evaluation.data.segments.length === 0 ? (
        <Empty
          data-testid="evaluation-empty"
          description={
            <>
              <Typography.Title level={5}>{t('evaluation.empty.title')}</Typography.Title>
              <Link to="/segments">{t('evaluation.empty.description')}</Link>
            </>
          }
        />
      ) : (
        <EvaluationView data={evaluation.data} />
      )}
    </>
  )
}

function EvaluationView({ data }: { data: SegmentEvaluationResponse }) {
  const { t } = useTranslation()
  const f = useFormat()
  const [weights, setWeights] = useState<Weights>({ ...DEFAULT_EVALUATION_WEIGHTS })
  const values = useMemo(() => data.segments.map((s) => ({ id: s.id, values: criterionValues(s) })), [data])
  const ranked = useMemo(() => rankSegments(values, weights), [values, weights])
  const byId = useMemo(() => new Map(data.segments.map((s) => [s.id, s])), [data])
  const ranking = ranked?.ranking ?? []
  const rankOf = new Map(ranking.map((r) => [r.id, r]))
  const unavailable = ranked?.unavailable ?? data.unavailable
  const name = (id: string): string => byId.get(id)?.name ?? id
  const none = t('evaluation.scorecard.none')
  const pct = (v: number | null): string => (v === null ? none : f.percent(v, 1))
  const signedPct = (v: number | null): string => (v === null ? none : `${v > 0 ? '+' : ''}${f.percent(v, 1)}`)
  const money = (v: number | null): string => (v === null ? none : f.money(v))

  const useClv = data.segments.some((s) => s.scores.average_clv !== null)
  const yLabel = useClv ? t('evaluation.criteria.clv') : t('evaluation.criteria.value_per_member')

  const rankingOption: ChartOption = useMemo(() => {
    const order = [...ranking].reverse()
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, data: EVALUATION_CRITERIA.filter((c) => !unavailable.includes(c)).map((c) => t(`evaluation.criteria.${c}`)) },
      grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 1 },
      yAxis: { type: 'category', data: order.map((r) => `${r.rank}. ${name(r.id)}`) },
      series: EVALUATION_CRITERIA.filter((c) => !unavailable.includes(c)).map((c) => ({
        type: 'bar' as const,
        stack: 'score',
        name: t(`evaluation.criteria.${c}`),
        itemStyle: { color: CRITERION_COLORS[c] },
        data: order.map((r) => Number(r.contributions[c].toFixed(4))),
      })),
    }
  }, [ranking, unavailable, t, byId])

  const bubbleOption: ChartOption = useMemo(() => {
    const maxRevenue = Math.max(1, ...data.segments.map((s) => s.revenue))
    const growths = data.segments.map((s) => s.growth.rate).filter((g): g is number => g !== null)
    const g = Math.max(0.01, ...growths.map(Math.abs))
    return {
      tooltip: {
        formatter: (p: unknown) => {
          const s = byId.get(String((p as { data: { id: string } }).data.id))
          if (!s) return ''
          return [
            `<b>${s.name}</b>`,
            `${t('evaluation.bubble.x')}: ${f.number(s.size)}`,
            `${yLabel}: ${money(useClv ? s.scores.average_clv : s.revenue_per_member)}`,
            `${t('evaluation.bubble.revenue')}: ${f.money(s.revenue)}`,
            `${t('evaluation.bubble.growth')}: ${signedPct(s.growth.rate)}`,
          ].join('<br/>')
        },
      },
      grid: { left: 8, right: 90, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('evaluation.bubble.x'), scale: true },
      yAxis: { type: 'value', name: yLabel, scale: true },
      visualMap: {
        type: 'continuous',
        dimension: 3,
        min: -g,
        max: g,
        right: 0,
        top: 'middle',
        text: [t('evaluation.bubble.growth'), ''],
        inRange: { color: ['#cf1322', '#d9d9d9', '#389e0d'] },
        calculable: false,
        formatter: (v: unknown) => signedPct(Number(v)),
      },
      series: [
        {
          type: 'scatter',
          data: data.segments.map((s) => ({
            id: s.id,
            name: s.name,
            value: [s.size, (useClv ? s.scores.average_clv : s.revenue_per_member) ?? 0, s.revenue, s.growth.rate ?? 0],
          })),
          symbolSize: (v: number[]) => 12 + 48 * Math.sqrt(Math.max(0, v[2] ?? 0) / maxRevenue),
          label: { show: true, position: 'top', formatter: (p: { name: string }) => p.name, fontSize: 11 },
          itemStyle: { opacity: 0.85, borderColor: '#fff' },
        },
      ],
    }
  }, [data, byId, f, t, useClv, yLabel])

  const overlapOption: ChartOption = useMemo(() => {
    const ids = data.overlap.ids
    const cells: [number, number, number, number][] = []
    ids.forEach((_, i) => {
      const size = data.overlap.counts[i]?.[i] ?? 0
      ids.forEach((__, j) => {
        const n = data.overlap.counts[i]?.[j] ?? 0
        cells.push([j, i, size > 0 ? Number((n / size).toFixed(4)) : 0, n])
      })
    })
    return {
      tooltip: {
        formatter: (p: unknown) => {
          const [j, i, share, n] = (p as { data: number[] }).data
          return t('evaluation.overlap.cell', {
            row: name(ids[i ?? 0] ?? ''),
            col: name(ids[j ?? 0] ?? ''),
            count: f.number(n ?? 0),
            share: f.percent(share ?? 0, 1),
          })
        },
      },
      grid: { left: 8, right: 8, top: 8, bottom: 60, containLabel: true },
      xAxis: { type: 'category', data: ids.map(name), axisLabel: { rotate: 40, interval: 0 } },
      yAxis: { type: 'category', data: ids.map(name), inverse: true, axisLabel: { interval: 0 } },
      visualMap: { min: 0, max: 1, dimension: 2, show: false, inRange: { color: ['#f0f5ff', '#1d39c4'] } },
      series: [
        {
          type: 'heatmap',
          data: cells,
          label: {
            show: ids.length <= 10,
            formatter: (p: { data?: unknown }) => f.percent(Array.isArray(p.data) ? Number(p.data[2] ?? 0) : 0, 0),
            fontSize: 10,
          },
        },
      ],
    }
  }, [data, f, t, byId])

  const columns: TableProps<SegmentFigures>['columns'] = [
    {
      title: t('evaluation.ranking.rank'),
      key: 'rank',
      width: 70,
      fixed: 'left',
      render: (_, s) => <span data-testid="scorecard-rank">{rankOf.get(s.id)?.rank ?? none}</span>,
      sorter: (a, b) => (rankOf.get(a.id)?.rank ?? 0) - (rankOf.get(b.id)?.rank ?? 0),
    },
    {
      title: t('evaluation.scorecard.name'),
      key: 'name',
      fixed: 'left',
      width: 160,
      render: (_, s) => <Link to={`/segments/${encodeURIComponent(s.id)}`}>{s.name}</Link>,
      sorter: (a, b) => a.name.localeCompare(b.name),
    },
    {
      title: t('evaluation.ranking.score'),
      key: 'score',
      align: 'right',
      render: (_, s) => (rankOf.get(s.id)?.score ?? 0).toFixed(3),
      sorter: (a, b) => (rankOf.get(a.id)?.score ?? 0) - (rankOf.get(b.id)?.score ?? 0),
    },
    num(
      'size',
      t('evaluation.scorecard.size'),
      (s) => s.size,
      (v) => f.number(v),
    ),
    num('share', t('evaluation.scorecard.share'), (s) => s.share, pct),
    num('growth', t('evaluation.scorecard.growth'), (s) => s.growth.rate, signedPct),
    num('revenue', t('evaluation.scorecard.revenue'), (s) => s.revenue, money),
    num('revenue_share', t('evaluation.scorecard.revenueShare'), (s) => s.revenue_share, pct),
    num('aov', t('evaluation.scorecard.aov'), (s) => s.average_order_value, money),
    num(
      'frequency',
      t('evaluation.scorecard.frequency'),
      (s) => s.purchase_frequency,
      (v) => (v === null ? none : f.number(v, 2)),
    ),
    num('clv', t('evaluation.scorecard.clv'), (s) => s.scores.average_clv, money),
    num('p_alive', t('evaluation.scorecard.pAlive'), (s) => s.scores.average_p_alive, pct),
    num('churn', t('evaluation.scorecard.churn'), (s) => s.scores.average_churn_risk, pct),
    num('conversion', t('evaluation.scorecard.conversion'), (s) => s.conversion.rate, pct),
    num('reachable', t('evaluation.scorecard.reachable'), (s) => s.reach.share, pct),
    num('contribution', t('evaluation.scorecard.contribution'), (s) => s.margin.contribution, money),
  ]

  return (
    <Flex vertical gap={16}>
      <Typography.Text type="secondary" data-testid="evaluation-window">
        {t('evaluation.window', { from: f.date(data.window.from), to: f.date(data.window.to), days: data.window.days })}
        {' · '}
        {t('evaluation.customers', { count: data.customers, formatParams: {} })}
        {' · '}
        {data.marketing.cost_per_active_customer === null
          ? t('evaluation.marketingNone')
          : t('evaluation.marketing', {
              spend: f.money(data.marketing.spend),
              active: f.number(data.marketing.active_customers),
              cost: f.money(data.marketing.cost_per_active_customer),
            })}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={8}>
          <WeightSliders weights={weights} unavailable={unavailable} onChange={setWeights} />
        </Col>
        <Col xs={24} xl={16}>
          <Section title={t('evaluation.ranking.title')} testId="evaluation-ranking">
            <Typography.Paragraph type="secondary">{t('evaluation.ranking.note')}</Typography.Paragraph>
            <Chart
              option={rankingOption}
              ariaLabel={t('evaluation.ranking.title')}
              height={Math.max(260, 60 + ranking.length * 28)}
              testId="ranking-chart"
            />
            <ol data-testid="ranking-order" style={{ display: 'none' }}>
              {ranking.map((r) => (
                <li key={r.id} data-id={r.id}>
                  {name(r.id)}
                </li>
              ))}
            </ol>
          </Section>
        </Col>
      </Row>
      <Section title={t('evaluation.scorecard.title')} testId="evaluation-scorecard">
        <Table<SegmentFigures>
          rowKey="id"
          size="small"
          columns={columns}
          // unsorted, the rows follow the live ranking
          dataSource={ranking.map((r) => byId.get(r.id)).filter((x): x is SegmentFigures => x !== undefined)}
          pagination={false}
          scroll={{ x: 1700 }}
          data-testid="scorecard"
        />
      </Section>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Section title={t('evaluation.bubble.title')} testId="evaluation-bubble">
            <Typography.Paragraph type="secondary">{t('evaluation.bubble.note', { y: yLabel })}</Typography.Paragraph>
            <Chart option={bubbleOption} ariaLabel={t('evaluation.bubble.title')} height={420} testId="bubble-chart" />
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('evaluation.overlap.title')} testId="evaluation-overlap">
            <Typography.Paragraph type="secondary">{t('evaluation.overlap.note')}</Typography.Paragraph>
            <Chart
              option={overlapOption}
              ariaLabel={t('evaluation.overlap.title')}
              height={Math.max(420, 120 + data.overlap.ids.length * 24)}
              testId="overlap-chart"
            />
          </Section>
        </Col>
      </Row>
    </Flex>
  )
}

/** A sortable numeric column; nulls sort last. */
function num(
  key: string,
  title: string,
  get: (s: SegmentFigures) => number | null,
  show: (v: number | null) => string,
): NonNullable<TableProps<SegmentFigures>['columns']>[number] {
  return {
    title,
    key,
    align: 'right',
    render: (_, s) => show(get(s)),
    sorter: (a, b) => (get(a) ?? -Infinity) - (get(b) ?? -Infinity),
  }
}
