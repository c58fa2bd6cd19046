import { useMemo, useState } from 'react'
import { Button, Col, DatePicker, Form, Row, Spin, Statistic, Typography } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { useTranslation } from 'react-i18next'
import type { ClvUnit } from '@portrait/core'
import { useClvHoldout, type ClvHoldoutParams } from '../../api/useClvHoldout'
import { Chart } from '../../components/Chart'
import { ErrorAlert } from '../../components/ErrorAlert'
import { byFrequencyOption, trackingOption } from './clvCharts'
import { useValueFormat } from './useValueFormat'

/** Default calibration end: halfway through the purchase history, so both periods have data. */
function midpoint(first: string, last: string): Dayjs {
  const a = dayjs(first)
  const b = dayjs(last)
  return a.add(Math.floor(b.diff(a, 'day') / 2), 'day')
}

/**
 * The calibration/holdout check: the user picks a calibration end, the server fits on the purchases
 * up to it, and the page sets the forecast of the purchases after it against what happened.
 */
export function ClvHoldoutCheck({ firstPurchase, lastPurchase, unit }: { firstPurchase: string; lastPurchase: string; unit: ClvUnit }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  const [calibrationEnd, setCalibrationEnd] = useState<Dayjs | null>(() => midpoint(firstPurchase, lastPurchase))
  const [params, setParams] = useState<ClvHoldoutParams | null>(null)
  const { data, error, isFetching, refetch } = useClvHoldout(params)
  const holdout = data?.holdout
  const charts = useMemo(
    () => (holdout ? { byFrequency: byFrequencyOption(holdout, t, fmt), tracking: trackingOption(holdout, t, fmt) } : null),
    [holdout, t, fmt],
  )
  const unitName = t(`value.unit.${holdout?.unit ?? unit}`)
  return (
    <>
      <Typography.Paragraph type="secondary">{t('value.holdout.description')}</Typography.Paragraph>
      <Form
        layout="inline"
        style={{ marginBottom: 16 }}
        onFinish={() => calibrationEnd && setParams({ calibrationEnd: calibrationEnd.format('YYYY-MM-DD'), unit })}
      >
        <Form.Item label={t('value.holdout.calibrationEnd')}>
          <DatePicker
            data-testid="clv-holdout-date"
            value={calibrationEnd}
            onChange={setCalibrationEnd}
            allowClear={false}
            disabledDate={(d) => d.isBefore(dayjs(firstPurchase), 'day') || !d.isBefore(dayjs(lastPurchase), 'day')}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={isFetching} data-testid="clv-holdout-run">
            {t('value.holdout.run')}
          </Button>
        </Form.Item>
      </Form>
      {error && <ErrorAlert error={error} title={t('value.holdout.failed')} onRetry={() => void refetch()} />}
      {isFetching && !holdout && (
        <Spin>
          <div style={{ height: 120 }} aria-label={t('value.holdout.running')} />
        </Spin>
      )}
      {holdout && charts && (
        <div data-testid="clv-holdout-result">
          <Row gutter={[16, 16]} style={{ marginBottom: 8 }}>
            <Col xs={12} md={6}>
              <Statistic
                title={t('value.holdout.actual')}
                value={fmt.number(holdout.actualTotal)}
                valueRender={(node) => <span data-testid="clv-holdout-actual">{node}</span>}
              />
            </Col>
            <Col xs={12} md={6}>
              <Statistic
                title={t('value.holdout.predicted')}
                value={fmt.number(holdout.predictedTotal, 1)}
                valueRender={(node) => <span data-testid="clv-holdout-predicted">{node}</span>}
              />
              <Typography.Text type="secondary">
                {t('value.holdout.relativeError', { value: fmt.percent(holdout.predictedTotal / holdout.actualTotal - 1) })}
              </Typography.Text>
            </Col>
            <Col xs={24} md={12}>
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                {t('value.holdout.period', {
                  from: fmt.date(holdout.calibrationEnd),
                  to: fmt.date(holdout.observationEnd),
                  duration: fmt.number(holdout.duration, 1),
                  unit: unitName,
                })}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                {t('value.holdout.perCustomer', {
                  mae: fmt.number(holdout.perCustomer.meanAbsoluteError, 3),
                  rmse: fmt.number(holdout.perCustomer.rootMeanSquaredError, 3),
                  corr: fmt.number(holdout.perCustomer.correlation, 3),
                })}
              </Typography.Text>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={10}>
              <Typography.Title level={3} style={{ fontSize: 15 }}>
                {t('value.holdout.byFrequency')}
              </Typography.Title>
              <Chart
                option={charts.byFrequency}
                ariaLabel={t('value.holdout.byFrequencyAria')}
                height={300}
                testId="clv-holdout-frequency"
              />
            </Col>
            <Col xs={24} xl={14}>
              <Typography.Title level={3} style={{ fontSize: 15 }}>
                {t('value.holdout.tracking')}
              </Typography.Title>
              <Chart option={charts.tracking} ariaLabel={t('value.holdout.trackingAria')} height={300} testId="clv-holdout-tracking" />
            </Col>
          </Row>
        </div>
      )}
    </>
  )
}
