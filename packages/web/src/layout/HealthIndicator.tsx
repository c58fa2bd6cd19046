import { Badge, Tooltip, Typography } from 'antd'
import ClockCircleOutlined from '@ant-design/icons/ClockCircleOutlined'
import { useTranslation } from 'react-i18next'
import { useHealth } from '../api/useHealth'
import { useWorkspaceTimeZone } from '../i18n/useFormat'
import { formatUtcOffset, timeZoneDisplayName } from '../i18n/format'
import { currentLanguage } from '../i18n'

/** The workspace time zone every date on the page is shown in: "Asia/Shanghai · UTC+8", details on hover. */
function TimeZoneTag({ timeZone }: { timeZone: string }) {
  const { t, i18n } = useTranslation()
  const lang = currentLanguage(i18n.resolvedLanguage ?? i18n.language)
  const offset = formatUtcOffset(timeZone)
  const hint = t('header.timezone.hint', { name: timeZoneDisplayName(timeZone, lang), offset: offset || timeZone })
  const text = offset ? `${timeZone} · ${offset}` : timeZone
  return (
    <Tooltip title={hint}>
      <span
        tabIndex={0}
        className="header-timezone"
        data-testid="timezone"
        aria-label={`${t('header.timezone.label', { zone: text })}. ${hint}`}
      >
        <ClockCircleOutlined aria-hidden="true" />
        <span className="header-timezone-text">{text}</span>
      </span>
    </Tooltip>
  )
}

/**
 * Green when GET /api/health answers, with the storage engine and database; red when it does not.
 * Next to it, the workspace time zone the dates are shown in.
 */
export function HealthIndicator() {
  const { t } = useTranslation()
  const { data, isPending, isError } = useHealth()
  const timeZone = useWorkspaceTimeZone()

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
        {t('header.health.version')}: {data.version}
      </div>
    </div>
  )
  return (
    <>
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
      {timeZone && <TimeZoneTag timeZone={timeZone} />}
    </>
  )
}
