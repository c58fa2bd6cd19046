import { Col, Progress, Row, Statistic, Typography } from 'antd'
import { Link } from 'react-router'
import { useTranslation } from 'react-i18next'
import { useValueFormat } from './useValueFormat'

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const record = (v: unknown): Record<string, unknown> | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null

/** The names of the scores this component shows for the customer; the profile page lists the others itself. */
export function shownValueScores(scores: Record<string, unknown>): string[] {
  const shown: string[] = []
  if (finite(record(scores.clv)?.clv) !== null) shown.push('clv')
  if (finite(record(scores.churn)?.probability) !== null) shown.push('churn')
  return shown
}

/**
 * A customer's lifetime value from `scores.clv` (CLV, P(alive), expected purchases and spend) and,
 * when the propensity model has scored them, the churn probability from `scores.churn`.
 */
export function ProfileValueScores({ scores }: { scores: Record<string, unknown> }) {
  const { t } = useTranslation()
  const fmt = useValueFormat()
  const clv = record(scores.clv)
  const value = finite(clv?.clv)
  const pAlive = finite(clv?.p_alive)
  const purchases = finite(clv?.expected_purchases)
  const spend = finite(clv?.expected_spend)
  const horizon = finite(clv?.horizon)
  const unit = clv?.unit === 'day' ? 'day' : 'week'
  const churn = finite(record(scores.churn)?.probability)
  if (value === null && churn === null) return null
  return (
    <div data-testid="profile-value-scores" style={{ marginBottom: 16 }}>
      <Row gutter={[16, 16]} align="bottom">
        {value !== null && (
          <Col xs={12} md={8} xl={5}>
            <Statistic
              title={t('value.profile.clv')}
              value={fmt.money(value)}
              valueRender={(node) => <span data-testid="profile-clv">{node}</span>}
            />
            {horizon !== null && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('value.profile.clvHorizon', { horizon: fmt.number(horizon), unit: t(`value.unit.${unit}`) })}
              </Typography.Text>
            )}
          </Col>
        )}
        {pAlive !== null && (
          <Col xs={12} md={8} xl={5}>
            <Typography.Text type="secondary">{t('value.profile.pAlive')}</Typography.Text>
            <Progress
              percent={Math.round(pAlive * 1000) / 10}
              strokeColor={pAlive >= 0.7 ? '#389e0d' : pAlive >= 0.4 ? '#d4b106' : '#cf1322'}
              format={() => <span data-testid="profile-p-alive">{fmt.probability(pAlive)}</span>}
            />
          </Col>
        )}
        {purchases !== null && (
          <Col xs={12} md={8} xl={4}>
            <Statistic title={t('value.profile.expectedPurchases')} value={fmt.number(purchases, 2)} />
          </Col>
        )}
        {spend !== null && (
          <Col xs={12} md={8} xl={5}>
            <Statistic title={t('value.profile.expectedSpend')} value={fmt.money(spend)} />
          </Col>
        )}
        {churn !== null && (
          <Col xs={12} md={8} xl={5}>
            <Statistic
              title={t('value.profile.churn')}
              value={fmt.probability(churn)}
              valueRender={(node) => <span data-testid="profile-churn">{node}</span>}
            />
          </Col>
        )}
      </Row>
      {value !== null && (
        <Link to="/value" style={{ display: 'inline-block', marginTop: 8 }}>
          {t('value.profile.more')}
        </Link>
      )}
    </div>
  )
}
