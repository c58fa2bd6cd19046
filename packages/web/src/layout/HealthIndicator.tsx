import { Badge, Tooltip, Typography } from 'antd'
import { useTranslation } from 'react-i18next'
import { useHealth } from '../api/useHealth'

/** Green when GET /api/health answers, with the storage engine and database; red when it does not. */
export function HealthIndicator() {
  const { t } = useTranslation()
  const { data, isPending, isError } = useHealth()

  if (isPending) {
    return <Badge status="processing" text={t('header.health.checking')} data-testid="health" />
  }
  if (isError || !data) {
    return (
      <span role="status" data-testid="health" data-status="down">
        <Badge status="error" text={t('header.health.down')} />
      </span>
    )
  }
  const details = (
    <div>
      <div>
        {t('header.health.engine')}: {data.engine}
      </div>
      <div>
        {t('header.health.database')}: {data.database}
      </div>
      <div>
        {t('header.health.workspace')}: {data.workspace}
      </div>
      <div>
        {t('header.health.version')}: {data.version}
      </div>
    </div>
  )
  return (
    <Tooltip title={details}>
      <span
        role="status"
        tabIndex={0}
        aria-label={`${t('header.health.ok')}: ${data.engine} · ${data.database}`}
        data-testid="health"
        data-status="ok"
        className="health-indicator"
      >
        <Badge status="success" />
        <Typography.Text className="health-text">
          {data.engine} · {data.database}
        </Typography.Text>
      </span>
    </Tooltip>
  )
}
