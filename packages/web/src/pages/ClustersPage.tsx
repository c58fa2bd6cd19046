import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { Alert, App, Button, Card, Col, Empty, Flex, Form, InputNumber, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ClusterResult, ClusterRunRequest, ClusterScale } from '@portrait/core'
import { ApiError } from '../api/client'
import { useClusterFeatures } from '../api/useClusterFeatures'
import { useClusterPoints } from '../api/useClusterPoints'
import { useClusters } from '../api/useClusters'
import { useRunClustering } from '../api/useRunClustering'
import { useSaveClusterSegment } from '../api/useSaveClusterSegment'
import { Chart, type ChartOption } from '../components/Chart'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { EmptyCard } from '../components/EmptyCard'
import { PageHeader } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import i18n from '../i18n'
import { useFormat } from '../i18n/useFormat'
import { Can, usePermission } from '../auth/SessionContext'
import { useLabels } from '../i18n/useLabels'

const DEFAULT_FEATURES = ['recency_days', 'frequency', 'monetary']
const K_CHOICES = Array.from({ length: 14 }, (_, i) => i + 2)
/** Cluster colours; cluster c uses CLUSTER_COLORS[c % length]. */
const CLUSTER_COLORS = ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e8684a', '#6dc8ec', '#9270ca', '#ff9d4d', '#269a99', '#ff99c3', '#5d7092']
const clusterColor = (c: number): string => CLUSTER_COLORS[c % CLUSTER_COLORS.length] as string
/** A standardised difference at least this large (in σ) makes a feature stand out for a cluster. */
const NOTABLE_Z = 0.5

/** The translated name of a customer feature; unknown names (e.g. CSV columns) are shown as they are. */
function useFeatureLabel(): (feature: string) => string {
  const { t } = useTranslation()
  return useMemo(() => {
    const translate = t as unknown as (key: string) => string
    return (feature) => (i18n.exists(`clusters.feature.${feature}`) ? translate(`clusters.feature.${feature}`) : feature)
  }, [t])
}

/** The translated label of a category value of a categorical feature. */
function useCategoryLabel(): (feature: string, value: string) => string {
  const labels = useLabels()
  return useMemo(() => {
    const groups: Record<string, (v: string) => string> = {
      gender: labels.gender,
      city_tier: labels.cityTier,
      age_band: labels.ageBand,
      main_channel: labels.channel,
      family_status: labels.familyStatus,
    }
    return (feature, value) => groups[feature]?.(value) ?? value
  }, [labels])
}

function ChartCard({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card title={<h2 className="card-title">{title}</h2>} extra={extra} variant="borderless" style={{ height: '100%' }}>
      {children}
    </Card>
  )
}

interface FormState {
  features: string[]
  k: number | 'auto'
  scale: ClusterScale
  seed: number
  restarts: number
}

function RunForm({
  initial,
  running,
  onRun,
}: {
  initial: ClusterResult | undefined
  running: boolean
  onRun: (request: ClusterRunRequest) => void
}) {
  const { t } = useTranslation()
  const featureLabel = useFeatureLabel()
  const available = useClusterFeatures()
  const [state, setState] = useState<FormState>({ features: DEFAULT_FEATURES, k: 'auto', scale: 'z', seed: 0, restarts: 10 })
  const [touched, setTouched] = useState(false)
  // Start from the settings of the latest run, so "run again" repeats it unless the user changes something.
  useEffect(() => {
    if (initial && !touched) {
      setState({
        features: initial.features,
        k: initial.curve ? 'auto' : initial.k,
        scale: initial.scale,
        seed: initial.seed,
        restarts: initial.restarts,
      })
    }
  }, [initial, touched])
  const change = (patch: Partial<FormState>) => {
    setTouched(true)
    setState((s) => ({ ...s, ...patch }))
  }
  const options = [
    {
      label: t('clusters.form.numeric'),
      options: (available.data?.numeric ?? DEFAULT_FEATURES).map((f) => ({ value: f, label: featureLabel(f) })),
    },
    {
      label: t('clusters.form.categorical'),
      options: (available.data?.categorical ?? []).map((f) => ({ value: f, label: featureLabel(f) })),
    },
  ]
  return (
    <Card variant="borderless" style={{ marginBottom: 16 }}>
      <Form
        layout="vertical"
        onFinish={() => onRun({ features: state.features, k: state.k, scale: state.scale, seed: state.seed, restarts: state.restarts })}
      >
        <Row gutter={16} align="bottom">
          <Col xs={24} xl={8}>
            <Form.Item label={t('clusters.form.features')} required>
              <Select
                data-testid="cluster-features"
                mode="multiple"
                allowClear
                value={state.features}
                onChange={(features: string[]) => change({ features })}
                placeholder={t('clusters.form.featuresPlaceholder')}
                options={options}
                optionFilterProp="label"
                maxTagCount="responsive"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item label={t('clusters.form.k')}>
              <Select
                data-testid="cluster-k"
                value={state.k}
                onChange={(k: number | 'auto') => change({ k })}
                options={[{ value: 'auto', label: t('clusters.form.kAuto') }, ...K_CHOICES.map((k) => ({ value: k, label: String(k) }))]}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6} xl={4}>
            <Form.Item label={t('clusters.form.scale')}>
              <Select
                data-testid="cluster-scale"
                value={state.scale}
                onChange={(scale: ClusterScale) => change({ scale })}
                options={[
                  { value: 'z', label: t('clusters.form.scaleZ') },
                  { value: 'minmax', label: t('clusters.form.scaleMinmax') },
                  { value: 'none', label: t('clusters.form.scaleNone') },
                ]}
                popupMatchSelectWidth={false}
              />
            </Form.Item>
          </Col>
          <Col xs={8} md={4} xl={2}>
            <Form.Item label={t('clusters.form.seed')}>
              <InputNumber
                data-testid="cluster-seed"
                min={0}
                max={2_147_483_647}
                precision={0}
                value={state.seed}
                onChange={(v) => change({ seed: typeof v === 'number' ? v : 0 })}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col xs={8} md={4} xl={2}>
            <Form.Item label={t('clusters.form.restarts')}>
              <InputNumber
                data-testid="cluster-restarts"
                min={1}
                max={100}
                precision={0}
                value={state.restarts}
                onChange={(v) => change({ restarts: typeof v === 'number' ? v : 10 })}
                style={{ width: '100%' }}
              />
            </Form.Item>
          </Col>
          <Col flex="none">
            <Form.Item>
              <Button type="primary" htmlType="submit" loading={running} disabled={state.features.length === 0} data-testid="cluster-run">
                {t('clusters.form.run')}
              </Button>
            </Form.Item>
          </Col>
        </Row>
        {state.features.length === 0 && <Typography.Text type="danger">{t('clusters.form.needFeature')}</Typography.Text>}
      </Form>
    </Card>
  )
}

function useClusterCharts(data: ClusterResult | undefined) {
  const { t } = useTranslation()
  const fmt = useFormat()
  return useMemo(() => {
    if (!data) return null
    const name = (c: number) => t('clusters.clusters.name', { index: c })
    const curve: ChartOption | null = data.curve && {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 40, bottom: 24, containLabel: true },
      xAxis: {
        type: 'category',
        name: t('clusters.curve.k'),
        nameLocation: 'middle',
        nameGap: 24,
        data: data.curve.map((c) => String(c.k)),
      },
      yAxis: [
        { type: 'value', name: t('clusters.curve.inertia'), axisLabel: { formatter: (v: number) => fmt.compact(v) } },
        {
          type: 'value',
          name: t('clusters.curve.silhouette'),
          splitLine: { show: false },
          axisLabel: { formatter: (v: number) => fmt.number(v, 2) },
        },
      ],
      series: [
        {
          type: 'line',
          name: t('clusters.curve.inertia'),
          yAxisIndex: 0,
          data: data.curve.map((c) => c.inertia),
          itemStyle: { color: '#5b8ff9' },
          tooltip: { valueFormatter: (v) => fmt.number(Number(v), 1) },
        },
        {
          type: 'line',
          name: t('clusters.curve.silhouette'),
          yAxisIndex: 1,
          data: data.curve.map((c) =>
            c.k === data.k ? { value: c.silhouette, symbolSize: 14, itemStyle: { color: '#f5222d' } } : { value: c.silhouette },
          ),
          itemStyle: { color: '#f6903d' },
          tooltip: { valueFormatter: (v) => fmt.number(Number(v), 3) },
        },
      ],
    }
    const sizes: ChartOption = {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: data.sizes.map((_, c) => name(c)), axisLabel: { interval: 0 } },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      series: [
        {
          type: 'bar',
          name: t('clusters.sizes.customers'),
          data: data.sizes.map((size, c) => ({ value: size, itemStyle: { color: clusterColor(c), borderRadius: [4, 4, 0, 0] } })),
          barMaxWidth: 48,
          label: { show: true, position: 'top', formatter: (p) => fmt.number(Number(p.value)) },
          tooltip: { valueFormatter: (v) => fmt.number(Number(v)) },
        },
      ],
    }
    return { curve, sizes }
  }, [data, t, fmt])
}

function Scatter({ data }: { data: ClusterResult }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const featureLabel = useFeatureLabel()
  const available = useClusterFeatures()
  const numeric = available.data?.numeric ?? data.overall.numeric.map((f) => f.feature)
  const usedNumeric = data.overall.numeric.filter((f) => f.used).map((f) => f.feature)
  const [x, setX] = useState<string | undefined>(undefined)
  const [y, setY] = useState<string | undefined>(undefined)
  const xFeature = x ?? usedNumeric[0] ?? 'frequency'
  const yFeature = y ?? usedNumeric[1] ?? (xFeature === 'monetary' ? 'frequency' : 'monetary')
  const points = useClusterPoints(xFeature, yFeature, data.computedAt)

  const option = useMemo<ChartOption | null>(() => {
    if (!points.data) return null
    const p = points.data
    return {
      tooltip: {
        trigger: 'item',
        formatter: (item) => {
          const v = (item as unknown as { value: [number, number]; seriesName: string }).value
          return `${(item as unknown as { seriesName: string }).seriesName}<br/>${featureLabel(p.x)}: ${fmt.number(v[0])}<br/>${featureLabel(p.y)}: ${fmt.number(v[1])}`
        },
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 40, bottom: 28, containLabel: true },
      xAxis: {
        type: 'value',
        name: featureLabel(p.x),
        nameLocation: 'middle',
        nameGap: 28,
        scale: true,
        axisLabel: { formatter: (v: number) => fmt.compact(v) },
      },
      yAxis: { type: 'value', name: featureLabel(p.y), scale: true, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
      series: data.sizes.map((_, c) => ({
        type: 'scatter' as const,
        name: t('clusters.clusters.name', { index: c }),
        symbolSize: 6,
        itemStyle: { color: clusterColor(c), opacity: 0.65 },
        data: p.points.filter((pt) => pt[2] === c).map((pt) => [pt[0], pt[1]]),
      })),
    }
  }, [points.data, data.sizes, featureLabel, fmt, t])

  const select = (value: string, onChange: (v: string) => void, testId: string) => (
    <Select
      data-testid={testId}
      size="small"
      value={value}
      onChange={onChange}
      style={{ width: 180 }}
      options={numeric.map((f) => ({ value: f, label: featureLabel(f) }))}
      popupMatchSelectWidth={false}
    />
  )
  return (
    <ChartCard title={t('clusters.scatter.title')}>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{t('clusters.scatter.x')}</span>
        {select(xFeature, setX, 'scatter-x')}
        <span>{t('clusters.scatter.y')}</span>
        {select(yFeature, setY, 'scatter-y')}
      </Space>
      {points.error ? (
        <ErrorAlert error={points.error} onRetry={() => void points.refetch()} />
      ) : option && points.data ? (
        <>
          <div data-testid="cluster-scatter-run" data-run={points.isPlaceholderData ? '' : data.computedAt}>
            <Chart
              option={option}
              ariaLabel={t('clusters.scatter.aria', { x: featureLabel(points.data.x), y: featureLabel(points.data.y) })}
              height={400}
              testId="cluster-scatter"
            />
          </div>
          <Typography.Text type="secondary">
            {points.data.points.length < points.data.total
              ? t('clusters.scatter.sampled', { shown: fmt.number(points.data.points.length), total: fmt.number(points.data.total) })
              : t('clusters.scatter.all', { total: fmt.number(points.data.total) })}
          </Typography.Text>
        </>
      ) : (
        <PageLoading />
      )}
    </ChartCard>
  )
}

interface ClusterRow {
  cluster: number
  size: number
  share: number
  notable: { feature: string; z: number }[]
}

function ClusterTable({ data }: { data: ClusterResult }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const featureLabel = useFeatureLabel()
  const save = useSaveClusterSegment()
  const [unavailable, setUnavailable] = useState(false)
  const [saving, setSaving] = useState<number | null>(null)

  const rows: ClusterRow[] = data.profiles.map((p) => ({
    cluster: p.cluster,
    size: p.size,
    share: p.share,
    notable: p.numeric
      .filter((f) => Math.abs(f.z) >= NOTABLE_Z)
      .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
      .slice(0, 3)
      .map((f) => ({ feature: f.feature, z: f.z })),
  }))

  const onSave = (row: ClusterRow) => {
    const name = t('clusters.clusters.segmentName', { index: row.cluster, k: data.k, time: fmt.dateTime(data.computedAt) })
    const description = t('clusters.clusters.segmentDescription', {
      index: row.cluster,
      k: data.k,
      size: fmt.number(row.size),
      features: data.features.map(featureLabel).join(', '),
    })
    setSaving(row.cluster)
    save.mutate(
      { name, description, cluster: row.cluster },
      {
        onSuccess: () => void message.success(t('clusters.clusters.saved', { name })),
        onError: (e) => {
          if (e instanceof ApiError && e.status === 404) {
            setUnavailable(true)
            void message.warning(t('clusters.clusters.unavailable'))
          } else void message.error(t('clusters.clusters.saveFailed', { message: errorText(e) }))
        },
        onSettled: () => setSaving(null),
      },
    )
  }

  const columns: TableProps<ClusterRow>['columns'] = [
    {
      title: t('clusters.clusters.cluster'),
      key: 'cluster',
      width: 130,
      render: (_, row) => (
        <Space style={{ whiteSpace: 'nowrap' }}>
          <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: clusterColor(row.cluster) }} />
          {t('clusters.clusters.name', { index: row.cluster })}
        </Space>
      ),
    },
    {
      title: t('clusters.clusters.size'),
      key: 'size',
      align: 'right',
      width: 110,
      render: (_, row) => <span data-testid={`cluster-size-${row.cluster}`}>{fmt.number(row.size)}</span>,
    },
    { title: t('clusters.clusters.share'), key: 'share', align: 'right', width: 90, render: (_, row) => fmt.percent(row.share) },
    {
      title: t('clusters.clusters.traits'),
      key: 'traits',
      render: (_, row) =>
        row.notable.length === 0 ? (
          <Typography.Text type="secondary">{t('clusters.clusters.typical')}</Typography.Text>
        ) : (
          <Flex gap={4} wrap>
            {row.notable.map((n) => (
              <Tag key={n.feature} color={n.z > 0 ? 'green' : 'orange'}>
                {t(n.z > 0 ? 'clusters.clusters.higher' : 'clusters.clusters.lower', { feature: featureLabel(n.feature) })}
              </Tag>
            ))}
          </Flex>
        ),
    },
    {
      title: '',
      key: 'save',
      align: 'right',
      width: 150,
      render: (_, row) => (
        <Can permission="data.write">
          <Button size="small" onClick={() => onSave(row)} loading={saving === row.cluster} data-testid={`save-segment-${row.cluster}`}>
            {t('clusters.clusters.save')}
          </Button>
        </Can>
      ),
    },
  ]
  return (
    <Card title={<h2 className="card-title">{t('clusters.clusters.title')}</h2>} variant="borderless" style={{ height: '100%' }}>
      {unavailable && (
        <Alert
          type="warning"
          showIcon
          title={t('clusters.clusters.unavailable')}
          style={{ marginBottom: 12 }}
          data-testid="segments-unavailable"
        />
      )}
      <Table<ClusterRow>
        data-testid="clusters-table"
        rowKey="cluster"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
      />
    </Card>
  )
}

interface ProfileRow {
  key: string
  feature: string
  used: boolean
  kind: 'numeric' | 'categorical'
}

function ProfileTable({ data }: { data: ClusterResult }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const featureLabel = useFeatureLabel()
  const categoryLabel = useCategoryLabel()
  const rows: ProfileRow[] = [
    ...data.overall.numeric.map((f) => ({ key: `n:${f.feature}`, feature: f.feature, used: f.used, kind: 'numeric' as const })),
    ...data.overall.categorical.map((f) => ({ key: `c:${f.feature}`, feature: f.feature, used: f.used, kind: 'categorical' as const })),
  ]
  const numericCell = (mean: number, z: number | null) => (
    <div>
      <div>{fmt.number(mean, 2)}</div>
      {z !== null && (
        <Typography.Text style={{ fontSize: 12 }} type={Math.abs(z) >= NOTABLE_Z ? (z > 0 ? 'success' : 'warning') : 'secondary'}>
          {t('clusters.profile.z', { z: `${z > 0 ? '+' : ''}${fmt.number(z, 1)}` })}
        </Typography.Text>
      )}
    </div>
  )
  const categoryCell = (feature: string, top: { category: string; share: number }[]) => {
    const first = top[0]
    return first
      ? t('clusters.profile.categoryShare', { category: categoryLabel(feature, first.category), share: fmt.percent(first.share, 0) })
      : t('common.empty')
  }
  const columns: TableProps<ProfileRow>['columns'] = [
    {
      title: t('clusters.profile.feature'),
      key: 'feature',
      fixed: 'left',
      width: 200,
      render: (_, row) => (
        <Space direction="vertical" size={0}>
          <span>{featureLabel(row.feature)}</span>
          <Tag color={row.used ? 'blue' : 'default'} style={{ fontSize: 11 }}>
            {row.used ? t('clusters.profile.input') : t('clusters.profile.describing')}
          </Tag>
        </Space>
      ),
    },
    ...data.profiles.map((p) => ({
      title: (
        <Space>
          <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: clusterColor(p.cluster) }} />
          {t('clusters.clusters.name', { index: p.cluster })}
        </Space>
      ),
      key: `c${p.cluster}`,
      render: (_: unknown, row: ProfileRow) => {
        if (row.kind === 'numeric') {
          const f = p.numeric.find((x) => x.feature === row.feature)
          return f ? numericCell(f.mean, f.z) : null
        }
        return categoryCell(row.feature, p.categorical.find((x) => x.feature === row.feature)?.top ?? [])
      },
    })),
    {
      title: t('clusters.profile.overall'),
      key: 'overall',
      render: (_: unknown, row: ProfileRow) => {
        if (row.kind === 'numeric') {
          const f = data.overall.numeric.find((x) => x.feature === row.feature)
          return f ? numericCell(f.mean, null) : null
        }
        return categoryCell(row.feature, data.overall.categorical.find((x) => x.feature === row.feature)?.top ?? [])
      },
    },
  ]
  return (
    <Card title={<h2 className="card-title">{t('clusters.profile.title')}</h2>} variant="borderless" style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('clusters.profile.hint')}</Typography.Paragraph>
      <Table<ProfileRow>
        data-testid="cluster-profile"
        rowKey="key"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  )
}

export default function ClustersPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const latest = useClusters()
  const run = useRunClustering()
  const canWrite = usePermission('data.write')
  const data = latest.data
  const charts = useClusterCharts(data)

  const onRun = (request: ClusterRunRequest) => {
    run.mutate(request, {
      onSuccess: (result) => void message.success(t('clusters.form.success', { k: result.k, count: fmt.number(result.n) })),
      onError: (e) => void message.error(t('clusters.form.failed', { message: errorText(e) })),
    })
  }

  const header = <PageHeader title={t('clusters.title')} subtitle={t('clusters.subtitle')} />
  // a run rewrites every customer's cluster: only for those who may write
  const form = canWrite ? <RunForm initial={data} running={run.isPending} onRun={onRun} /> : null
  if (latest.isPending)
    return (
      <>
        {header}
        <PageLoading />
      </>
    )
  if (!data || !charts) {
    const notYetRun = latest.error instanceof ApiError && latest.error.isNotFound
    return (
      <>
        {header}
        {form}
        {notYetRun ? (
          <EmptyCard testId="clusters-empty" title={t('clusters.empty.title')} description={t('clusters.empty.description')} />
        ) : (
          <ErrorAlert error={latest.error} onRetry={() => void latest.refetch()} />
        )}
      </>
    )
  }

  return (
    <>
      {header}
      {form}
      <Row gutter={[16, 16]} data-testid="cluster-summary">
        <Col flex="1 1 180px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic
              title={t('clusters.summary.k')}
              value={data.k}
              valueRender={(node) => <span data-testid="cluster-k-value">{node}</span>}
            />
            <div className="kpi-note">{data.curve ? t('clusters.summary.kAuto') : t('clusters.summary.kFixed')}</div>
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic
              title={t('clusters.summary.silhouette')}
              value={fmt.number(data.silhouette, 3)}
              valueRender={(node) => <span data-testid="cluster-silhouette">{node}</span>}
            />
            <div className="kpi-note">
              {data.silhouetteSample
                ? t('clusters.summary.silhouetteSampled', { count: fmt.number(data.silhouetteSample) })
                : t('clusters.summary.silhouetteNote')}
            </div>
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic title={t('clusters.summary.inertia')} value={fmt.number(data.inertia, 1)} />
            <div className="kpi-note">{t('clusters.summary.inertiaNote')}</div>
          </Card>
        </Col>
        <Col flex="1 1 180px">
          <Card className="kpi-card" variant="borderless" style={{ height: '100%' }}>
            <Statistic
              title={t('clusters.summary.clustered')}
              value={fmt.number(data.n)}
              valueRender={(node) => <span data-testid="cluster-n">{node}</span>}
            />
            <div className="kpi-note">
              {data.excluded > 0
                ? t('clusters.summary.excluded', { count: fmt.number(data.excluded) })
                : t('clusters.summary.noneExcluded')}
            </div>
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('clusters.summary.computedAt', { time: fmt.dateTime(data.computedAt), asOf: fmt.date(data.asOf) })}
      </Typography.Paragraph>

      <Row gutter={[16, 16]} style={{ marginTop: 8 }}>
        <Col xs={24} xl={12}>
          <ChartCard
            title={t('clusters.curve.title')}
            extra={data.curve ? <Tag color="red">{t('clusters.curve.chosen', { k: data.k })}</Tag> : undefined}
          >
            {charts.curve ? (
              <Chart option={charts.curve} ariaLabel={t('clusters.curve.aria')} height={300} testId="cluster-curve" />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clusters.curve.onlyAuto')} />
            )}
          </ChartCard>
        </Col>
        <Col xs={24} xl={12}>
          <ChartCard title={t('clusters.sizes.title')}>
            <Chart option={charts.sizes} ariaLabel={t('clusters.sizes.aria')} height={300} testId="cluster-sizes" />
          </ChartCard>
        </Col>
      </Row>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xxl={12}>
          <ClusterTable data={data} />
        </Col>
        <Col xs={24} xxl={12}>
          <Scatter data={data} />
        </Col>
      </Row>

      <ProfileTable data={data} />
    </>
  )
}
