import { useMemo, useState, type ReactNode } from 'react'
import { App, Button, Card, Col, Empty, Flex, Form, Input, InputNumber, Row, Select, Statistic, Table, Tabs, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import { useTranslation } from 'react-i18next'
import type { AssociationRuleBody, CatalogueEntry, CrossSellEntry, RuleLevel, RulesRequest, RulesRun } from '@portrait/core'
import { useCrossSell } from '../api/useCrossSell'
import { useMineRules } from '../api/useMineRules'
import { useRules } from '../api/useRules'
import { Chart, type ChartOption } from '../components/Chart'
import { ErrorAlert, useErrorText } from '../components/ErrorAlert'
import { EmptyCard } from '../components/EmptyCard'
import { PageHeader } from '../components/PageHeader'
import { PageLoading } from '../components/PageLoading'
import { useFormat } from '../i18n/useFormat'
import { Can } from '../auth/SessionContext'

const LEVELS: readonly RuleLevel[] = ['sku', 'category', 'product_name']
const MAX_LENGTHS = [2, 3, 4, 5]
/** Edges drawn in the rules graph: more makes the force layout unreadable. */
const GRAPH_EDGES = 60
/** The SKU beside a product name: secondary, smaller. */
const ITEM_KEY_STYLE = { color: 'rgba(0, 0, 0, 0.45)', fontSize: 12 } as const
const CATEGORY_COLORS = ['#5b8ff9', '#5ad8a6', '#f6bd16', '#e86452', '#6dc8ec', '#945fb9', '#ff9845', '#1e9493', '#ff99c3', '#5d7092']

interface RuleRow extends AssociationRuleBody {
  key: string
}

type Describe = (item: string) => CatalogueEntry

function useDescribe(run: RulesRun | null | undefined): Describe {
  return useMemo(() => (item: string) => run?.items[item] ?? { name: item, category: null, orders: 0 }, [run])
}

/** An item as people know it: the product name, with the SKU beside it when they differ. */
function ItemTag({ item, describe }: { item: string; describe: Describe }) {
  const { name } = describe(item)
  return (
    <Tag style={{ marginInlineEnd: 0 }} title={name === item ? item : `${name} (${item})`}>
      {name}
      {name !== item && <span style={ITEM_KEY_STYLE}> {item}</span>}
    </Tag>
  )
}

function MineForm({ running, initial, onRun }: { running: boolean; initial: RulesRun | null; onRun: (request: RulesRequest) => void }) {
  const { t } = useTranslation()
  const [minSupport, setMinSupport] = useState<number>(initial?.params.minSupport ?? 0.002)
  const [minConfidence, setMinConfidence] = useState<number>(initial?.params.minConfidence ?? 0.2)
  const [maxLen, setMaxLen] = useState<number>(initial?.params.maxLen && initial.params.maxLen <= 5 ? initial.params.maxLen : 3)
  const [level, setLevel] = useState<RuleLevel>(initial?.params.level ?? 'sku')
  return (
    <Card variant="borderless" style={{ marginBottom: 16 }}>
      <Form layout="inline" onFinish={() => onRun({ minSupport, minConfidence, maxLen, level })}>
        <Form.Item label={t('crossSell.form.minSupport')} tooltip={t('crossSell.form.minSupportHelp')}>
          <InputNumber
            data-testid="rules-min-support"
            value={minSupport}
            onChange={(v) => v !== null && setMinSupport(v)}
            min={0.0001}
            max={1}
            step={0.001}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item label={t('crossSell.form.minConfidence')} tooltip={t('crossSell.form.minConfidenceHelp')}>
          <InputNumber
            data-testid="rules-min-confidence"
            value={minConfidence}
            onChange={(v) => v !== null && setMinConfidence(v)}
            min={0}
            max={1}
            step={0.05}
            style={{ width: 110 }}
          />
        </Form.Item>
        <Form.Item label={t('crossSell.form.maxLen')}>
          <Select
            data-testid="rules-max-len"
            value={maxLen}
            onChange={setMaxLen}
            style={{ width: 120 }}
            options={MAX_LENGTHS.map((n) => ({ value: n, label: t('crossSell.form.maxLenOption', { count: n }) }))}
          />
        </Form.Item>
        <Form.Item label={t('crossSell.form.level')}>
          <Select
            data-testid="rules-level"
            value={level}
            onChange={setLevel}
            style={{ width: 150 }}
            options={LEVELS.map((l) => ({ value: l, label: t(`crossSell.form.levels.${l}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={running} data-testid="rules-run">
            {t('crossSell.form.run')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  )
}

function matches(run: RulesRun, item: string, query: string): boolean {
  const entry = run.items[item]
  return [item, entry?.name ?? '', entry?.category ?? ''].some((text) => text.toLowerCase().includes(query))
}

function RulesTable({ run, describe }: { run: RulesRun; describe: Describe }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [query, setQuery] = useState('')
  const rows = useMemo<RuleRow[]>(() => {
    const q = query.trim().toLowerCase()
    return run.rules
      .filter((rule) => q === '' || [...rule.lhs, ...rule.rhs].some((item) => matches(run, item, q)))
      .map((rule) => ({ ...rule, key: `${rule.lhs.join('\u0000')}=>${rule.rhs.join('\u0000')}` }))
  }, [run, query])

  const columns = useMemo<TableProps<RuleRow>['columns']>(
    () => [
      {
        key: 'lhs',
        title: t('crossSell.table.lhs'),
        width: 300,
        render: (_: unknown, rule) => (
          <Flex wrap gap={4}>
            {rule.lhs.map((item) => (
              <ItemTag key={item} item={item} describe={describe} />
            ))}
          </Flex>
        ),
      },
      {
        key: 'rhs',
        title: t('crossSell.table.rhs'),
        width: 220,
        render: (_: unknown, rule) => (
          <Flex wrap gap={4}>
            {rule.rhs.map((item) => (
              <ItemTag key={item} item={item} describe={describe} />
            ))}
          </Flex>
        ),
      },
      {
        key: 'support',
        dataIndex: 'support',
        title: t('crossSell.table.support'),
        align: 'right',
        sorter: (a, b) => a.support - b.support,
        render: (v: number) => <span className="num">{fmt.percent(v, 2)}</span>,
      },
      {
        key: 'confidence',
        dataIndex: 'confidence',
        title: t('crossSell.table.confidence'),
        align: 'right',
        sorter: (a, b) => a.confidence - b.confidence,
        render: (v: number) => <span className="num">{fmt.percent(v, 1)}</span>,
      },
      {
        key: 'lift',
        dataIndex: 'lift',
        title: t('crossSell.table.lift'),
        align: 'right',
        sorter: (a, b) => a.lift - b.lift,
        defaultSortOrder: 'descend',
        render: (v: number) => <span className="num">{fmt.number(v, 2)}</span>,
      },
      {
        key: 'leverage',
        dataIndex: 'leverage',
        title: t('crossSell.table.leverage'),
        align: 'right',
        sorter: (a, b) => a.leverage - b.leverage,
        render: (v: number) => <span className="num">{fmt.number(v, 4)}</span>,
      },
      {
        key: 'conviction',
        dataIndex: 'conviction',
        title: t('crossSell.table.conviction'),
        align: 'right',
        sorter: (a, b) => (a.conviction ?? Infinity) - (b.conviction ?? Infinity) || 0,
        render: (v: number | null) =>
          v === null ? <span title={t('crossSell.table.infinite')}>∞</span> : <span className="num">{fmt.number(v, 2)}</span>,
      },
      {
        key: 'count',
        dataIndex: 'count',
        title: t('crossSell.table.count'),
        align: 'right',
        sorter: (a, b) => a.count - b.count,
        render: (v: number) => <span className="num">{fmt.number(v)}</span>,
      },
    ],
    [t, fmt, describe],
  )

  return (
    <>
      <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          data-testid="rules-filter"
          aria-label={t('crossSell.table.filterLabel')}
          placeholder={t('crossSell.table.filterPlaceholder')}
          onChange={(e) => setQuery(e.target.value)}
          onSearch={setQuery}
          style={{ maxWidth: 320 }}
        />
        <Typography.Text type="secondary">{t('crossSell.table.total', { count: rows.length })}</Typography.Text>
      </Flex>
      <Table<RuleRow>
        data-testid="rules-table"
        size="middle"
        columns={columns}
        dataSource={rows}
        scroll={{ x: 1080 }}
        locale={{ emptyText: t('crossSell.table.empty') }}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('crossSell.table.measuresHint')}
      </Typography.Paragraph>
    </>
  )
}

function CrossSellList({ entries }: { entries: readonly CrossSellEntry[] }) {
  const { t } = useTranslation()
  const fmt = useFormat()
  const [query, setQuery] = useState('')
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase()
    return q === '' ? entries : entries.filter((e) => [e.item, e.name, e.category ?? ''].some((text) => text.toLowerCase().includes(q)))
  }, [entries, query])
  const columns: TableProps<CrossSellEntry>['columns'] = [
    {
      key: 'item',
      title: t('crossSell.crossSell.item'),
      width: 280,
      render: (_: unknown, entry) => (
        <div>
          <Typography.Text strong>{t('crossSell.crossSell.bought', { item: entry.name })}</Typography.Text>
          <Flex gap={6} align="center" style={{ marginTop: 2, ...ITEM_KEY_STYLE }}>
            {entry.name !== entry.item && <span>{entry.item}</span>}
            {entry.category && entry.category !== entry.item && <Tag bordered={false}>{entry.category}</Tag>}
          </Flex>
        </div>
      ),
    },
    {
      key: 'offers',
      title: t('crossSell.crossSell.offers'),
      render: (_: unknown, entry) => (
        <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
          {entry.offers.map((offer) => (
            <li key={offer.item}>
              <Typography.Text type="secondary">{t('crossSell.crossSell.arrow')} </Typography.Text>
              <Typography.Text strong>{offer.name}</Typography.Text>
              {offer.name !== offer.item && <span style={ITEM_KEY_STYLE}> {offer.item}</span>}
              <span className="num" style={{ marginInlineStart: 8, color: 'rgba(0, 0, 0, 0.45)', fontSize: 12 }}>
                {t('crossSell.crossSell.offerStats', { confidence: fmt.percent(offer.confidence, 1), lift: fmt.number(offer.lift, 2) })}
              </span>
            </li>
          ))}
        </ul>
      ),
    },
  ]
  return (
    <>
      <Flex justify="space-between" align="center" gap={16} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          aria-label={t('crossSell.crossSell.filterPlaceholder')}
          placeholder={t('crossSell.crossSell.filterPlaceholder')}
          onChange={(e) => setQuery(e.target.value)}
          onSearch={setQuery}
          style={{ maxWidth: 320 }}
        />
        <Typography.Text type="secondary">{t('crossSell.crossSell.hint')}</Typography.Text>
      </Flex>
      <Table<CrossSellEntry>
        data-testid="cross-sell-list"
        rowKey="item"
        size="middle"
        columns={columns}
        dataSource={[...shown]}
        locale={{ emptyText: t('crossSell.crossSell.empty') }}
        pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
      />
    </>
  )
}

/** Items as nodes (size by orders, colour by category), single-item rules as arrows (width by lift). */
function rulesGraphOption(
  run: RulesRun,
  describe: Describe,
  labels: { orders: string; lift: string; confidence: string },
  format: { number: (v: number, digits?: number) => string; percent: (v: number, digits?: number) => string },
): ChartOption | null {
  const pairs = run.rules.filter((rule) => rule.lhs.length === 1 && rule.rhs.length === 1).slice(0, GRAPH_EDGES)
  if (pairs.length === 0) return null
  const categoryOf = (item: string): string => describe(item).category ?? '—'
  const items = [...new Set(pairs.flatMap((rule) => [rule.lhs[0] ?? '', rule.rhs[0] ?? '']))].sort((a, b) =>
    categoryOf(a) < categoryOf(b) ? -1 : categoryOf(a) > categoryOf(b) ? 1 : describe(b).orders - describe(a).orders,
  )
  const categories = [...new Set(items.map(categoryOf))]
  const maxOrders = Math.max(1, ...items.map((item) => describe(item).orders))
  const lifts = pairs.map((rule) => rule.lift)
  const minLift = Math.min(...lifts)
  const spread = Math.max(1e-9, Math.max(...lifts) - minLift)
  return {
    tooltip: {
      formatter: (params) => {
        const p = params as unknown as {
          dataType: string
          data: { name?: string; value?: number; source?: string; target?: string; confidence?: number }
        }
        if (p.dataType === 'edge') {
          const { source = '', target = '', value = 0, confidence = 0 } = p.data
          return `${describe(source).name} → ${describe(target).name}<br/>${labels.lift} ${format.number(value, 2)} · ${labels.confidence} ${format.percent(confidence, 1)}`
        }
        return `${p.data.name ?? ''}<br/>${labels.orders} ${format.number(p.data.value ?? 0)}`
      },
    },
    legend: { data: categories, top: 0, type: 'scroll' },
    color: CATEGORY_COLORS,
    series: [
      {
        type: 'graph',
        // A circle with the products grouped by category: deterministic, always inside the box, and
        // rules between categories stand out as long chords.
        layout: 'circular',
        circular: { rotateLabel: true },
        roam: true,
        top: 160,
        bottom: 110,
        left: 200,
        right: 200,
        categories: categories.map((name) => ({ name })),
        label: { show: true, position: 'right', fontSize: 11, formatter: '{b}' },
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 7,
        lineStyle: { color: 'source', opacity: 0.6, curveness: 0.3 },
        emphasis: { focus: 'adjacency', lineStyle: { width: 5 } },
        data: items.map((item) => {
          const entry = describe(item)
          return {
            id: item,
            name: entry.name,
            value: entry.orders,
            category: categories.indexOf(entry.category ?? '—'),
            symbolSize: 10 + 26 * Math.sqrt(entry.orders / maxOrders),
          }
        }),
        links: pairs.map((rule) => ({
          source: rule.lhs[0] ?? '',
          target: rule.rhs[0] ?? '',
          value: rule.lift,
          confidence: rule.confidence,
          lineStyle: { width: 1 + (5 * (rule.lift - minLift)) / spread },
        })),
      },
    ],
  }
}

function StatCard({ testId, title, value, note }: { testId?: string; title: string; value: string; note?: ReactNode }) {
  return (
    <Card variant="borderless" className="kpi-card" style={{ height: '100%' }}>
      <Statistic title={title} value={value} valueRender={(node) => <span data-testid={testId}>{node}</span>} />
      {note && <div className="kpi-note">{note}</div>}
    </Card>
  )
}

export default function CrossSellPage() {
  const { t } = useTranslation()
  const fmt = useFormat()
  const { message } = App.useApp()
  const errorText = useErrorText()
  const latest = useRules()
  const mine = useMineRules()
  const run = latest.data
  const describe = useDescribe(run)
  const crossSell = useCrossSell(Boolean(run))

  const graph = useMemo(
    () =>
      run
        ? rulesGraphOption(
            run,
            describe,
            { orders: t('crossSell.graph.orders'), lift: t('crossSell.graph.lift'), confidence: t('crossSell.graph.confidence') },
            fmt,
          )
        : null,
    [run, describe, t, fmt],
  )

  const onRun = (request: RulesRequest) =>
    mine.mutate(request, {
      onSuccess: (result) => void message.success(t('crossSell.form.success', { count: fmt.number(result.count) })),
      onError: (e) => void message.error(t('crossSell.form.failed', { message: errorText(e) })),
    })

  const header = <PageHeader title={t('crossSell.title')} subtitle={t('crossSell.subtitle')} />
  if (latest.isPending) {
    return (
      <>
        {header}
        <PageLoading />
      </>
    )
  }
  if (latest.error) {
    return (
      <>
        {header}
        <ErrorAlert error={latest.error} onRetry={() => void latest.refetch()} />
      </>
    )
  }

  return (
    <>
      {header}
      <Can permission="data.write">
        <MineForm running={mine.isPending} initial={run ?? null} onRun={onRun} />
      </Can>
      {mine.error && <ErrorAlert error={mine.error} title={t('crossSell.form.failedTitle')} />}
      {!run ? (
        <EmptyCard title={t('crossSell.empty.title')} description={t('crossSell.empty.description')} />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={12} lg={6}>
              <StatCard
                testId="rules-count"
                title={t('crossSell.summary.rules')}
                value={fmt.number(run.count)}
                note={
                  run.rules.length < run.count
                    ? t('crossSell.summary.truncated', { shown: fmt.number(run.rules.length) })
                    : t('crossSell.summary.computedAt', { time: fmt.dateTime(run.computedAt) })
                }
              />
            </Col>
            <Col xs={12} lg={6}>
              <StatCard testId="rules-transactions" title={t('crossSell.summary.transactions')} value={fmt.number(run.transactions)} />
            </Col>
            <Col xs={12} lg={6}>
              <StatCard
                title={t('crossSell.summary.minCount')}
                value={fmt.number(run.minCount)}
                note={t('crossSell.summary.minCountNote', { count: run.minCount })}
              />
            </Col>
            <Col xs={12} lg={6}>
              <StatCard
                title={t('crossSell.summary.items')}
                value={fmt.number(Object.keys(run.items).length)}
                note={t('crossSell.summary.params', {
                  support: fmt.percent(run.params.minSupport, 2),
                  confidence: fmt.percent(run.params.minConfidence, 1),
                  maxLen: run.params.maxLen,
                  level: t(`crossSell.form.levels.${run.params.level}`),
                })}
              />
            </Col>
          </Row>
          <Card variant="borderless">
            <Tabs
              items={[
                { key: 'rules', label: t('crossSell.tabs.rules'), children: <RulesTable run={run} describe={describe} /> },
                {
                  key: 'cross-sell',
                  label: <span data-testid="tab-cross-sell">{t('crossSell.tabs.crossSell')}</span>,
                  children: crossSell.error ? (
                    <ErrorAlert error={crossSell.error} onRetry={() => void crossSell.refetch()} />
                  ) : crossSell.data ? (
                    <CrossSellList entries={crossSell.data.items} />
                  ) : (
                    <PageLoading />
                  ),
                },
                {
                  key: 'graph',
                  label: <span data-testid="tab-graph">{t('crossSell.tabs.graph')}</span>,
                  children: graph ? (
                    <>
                      <Typography.Paragraph type="secondary">{t('crossSell.graph.hint', { count: GRAPH_EDGES })}</Typography.Paragraph>
                      <Chart option={graph} ariaLabel={t('crossSell.graph.aria')} height={740} testId="rules-graph" />
                    </>
                  ) : (
                    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('crossSell.graph.empty')} />
                  ),
                },
              ]}
            />
          </Card>
        </>
      )}
    </>
  )
}
