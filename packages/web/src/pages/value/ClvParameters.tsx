import { Alert, Col, Descriptions, Empty, Row, Table, Tag, Typography } from 'antd'
import type { TableProps } from 'antd'
import { useTranslation } from 'react-i18next'
import type { ClvFitReport } from '@portrait/core'
import { useValueFormat } from './useValueFormat'

interface ParameterRow {
  name: string
  symbol: string
  meaning: string
  estimate: number
  stdError: number | null
}

/** Spend that moves with purchase frequency breaks the Gamma-Gamma premise; above this the page says so. */
const CORRELATION_WARNING = 0.3

function ParameterTable({ rows, testId }: { rows: ParameterRow[]; testId: string }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  const columns: TableProps<ParameterRow>['columns'] = [
    { key: 'symbol', dataIndex: 'symbol', title: t('value.params.parameter'), render: (v: string) => <strong>{v}</strong>, width: 72 },
    { key: 'meaning', dataIndex: 'meaning', title: t('value.params.meaning') },
    {
      key: 'estimate',
      dataIndex: 'estimate',
      title: t('value.params.estimate'),
      align: 'right',
      render: (v: number) => <span className="num">{fmt.parameter(v)}</span>,
    },
    {
      key: 'stdError',
      dataIndex: 'stdError',
      title: t('value.params.stdError'),
      align: 'right',
      render: (v: number | null) => <span className="num">{fmt.parameter(v)}</span>,
    },
  ]
  return <Table<ParameterRow> rowKey="name" size="small" pagination={false} columns={columns} dataSource={rows} data-testid={testId} />
}

/** The fitted parameters with their standard errors, what they imply, and the fit diagnostics. */
export function ClvParameters({ fit }: { fit: ClvFitReport | null }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  if (!fit) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('value.params.none')} />
  const { r, alpha, a, b } = fit.params
  const purchaseRows: ParameterRow[] = (['r', 'alpha', 'a', 'b'] as const).map((name) => ({
    name,
    symbol: name === 'alpha' ? 'α' : name,
    meaning: t(`value.params.${name}`),
    estimate: fit.params[name],
    stdError: fit.stdErrors?.[name] ?? null,
  }))
  const spend = fit.spend
  const spendRows: ParameterRow[] = spend
    ? (['p', 'q', 'gamma'] as const).map((name) => ({
        name,
        symbol: name === 'gamma' ? 'γ' : name,
        meaning: t(`value.params.${name}`),
        estimate: spend.params[name],
        stdError: spend.stdErrors?.[name] ?? null,
      }))
    : []
  const per = t(`value.perUnit.${fit.unit}`)
  return (
    <Row gutter={[24, 16]}>
      <Col xs={24} xl={12}>
        <Typography.Title level={3} className="card-subtitle" style={{ fontSize: 15 }}>
          {t('value.params.purchaseModel')}
        </Typography.Title>
        <ParameterTable rows={purchaseRows} testId="clv-params-bgnbd" />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 4 }}>
          {t('value.params.meanRate', { rate: fmt.number(r / alpha, 3), per })}
          <br />
          {t('value.params.meanDropout', { p: fmt.probability(a / (a + b)) })}
        </Typography.Paragraph>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          data-testid="clv-diagnostics"
          items={[
            {
              key: 'll',
              label: t('value.params.logLikelihood'),
              children: <span className="num">{fmt.number(fit.logLikelihood, 2)}</span>,
            },
            { key: 'n', label: t('value.params.customers'), children: <span className="num">{fmt.number(fit.n)}</span> },
            {
              key: 'repeat',
              label: t('value.params.repeatCustomers'),
              children: <span className="num">{fmt.number(fit.repeatCustomers)}</span>,
            },
            {
              key: 'gradient',
              label: t('value.params.gradient'),
              children: (
                <span>
                  <span className="num">{fit.gradientNorm.toExponential(1)}</span>{' '}
                  {fit.converged && <Tag color="success">{t('value.params.converged')}</Tag>}
                </span>
              ),
            },
            ...(fit.calibrationEnd
              ? [
                  {
                    key: 'calibration',
                    label: t('value.params.calibrationEnd'),
                    children: <span className="num">{fmt.date(fit.calibrationEnd)}</span>,
                  },
                ]
              : []),
            ...(fit.fittedAt
              ? [{ key: 'at', label: t('value.params.fittedAt'), children: <span className="num">{fmt.dateTime(fit.fittedAt)}</span> }]
              : []),
          ]}
        />
      </Col>
      <Col xs={24} xl={12}>
        <Typography.Title level={3} className="card-subtitle" style={{ fontSize: 15 }}>
          {t('value.params.spendModel')}
        </Typography.Title>
        {spend ? (
          <>
            <ParameterTable rows={spendRows} testId="clv-params-gamma-gamma" />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 4 }}>
              {spend.meanSpend !== null && t('value.params.meanSpend', { value: fmt.money(spend.meanSpend) })}
              <br />
              {spend.frequencyCorrelation !== null && t('value.params.correlation', { value: fmt.number(spend.frequencyCorrelation, 3) })}
            </Typography.Paragraph>
            {spend.frequencyCorrelation !== null && Math.abs(spend.frequencyCorrelation) > CORRELATION_WARNING && (
              <Alert type="warning" showIcon title={t('value.params.correlationWarning')} style={{ marginBottom: 8 }} />
            )}
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                {
                  key: 'll',
                  label: t('value.params.logLikelihood'),
                  children: <span className="num">{fmt.number(spend.logLikelihood, 2)}</span>,
                },
                { key: 'n', label: t('value.params.repeatCustomers'), children: <span className="num">{fmt.number(spend.n)}</span> },
                {
                  key: 'gradient',
                  label: t('value.params.gradient'),
                  children: <span className="num">{spend.gradientNorm.toExponential(1)}</span>,
                },
              ]}
            />
          </>
        ) : (
          <Typography.Text type="secondary">{t('value.params.noSpend')}</Typography.Text>
        )}
      </Col>
    </Row>
  )
}
