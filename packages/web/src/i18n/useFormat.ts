import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useHealth } from '../api/useHealth'
import { useSession } from '../api/useSession'
import { currentLanguage } from './index'
import { formatCompact, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './format'

/**
 * The time zone (IANA name) of the signed-in workspace, from `GET /api/v1/session`; before
 * sign-in, the server's default workspace's as `GET /api/health` reports it; undefined until one
 * answers, in which case dates are shown in the browser's zone.
 */
export function useWorkspaceTimeZone(): string | undefined {
  const { data: health } = useHealth()
  const { data: session } = useSession()
  return session?.workspace.timezone || health?.timezone || undefined
}

/** The formatting functions bound to the current interface language and the workspace time zone. */
export function useFormat() {
  const { i18n } = useTranslation()
  const lang = currentLanguage(i18n.resolvedLanguage ?? i18n.language)
  const timeZone = useWorkspaceTimeZone()
  return useMemo(
    () => ({
      lang,
      timeZone,
      number: (v: number | null | undefined, maxDigits?: number) => formatNumber(v, lang, maxDigits),
      money: (v: number | null | undefined, currency?: string) => formatMoney(v, lang, currency),
      compact: (v: number | null | undefined) => formatCompact(v, lang),
      percent: (v: number | null | undefined, digits?: number) => formatPercent(v, lang, digits),
      /** "2026-11-01" in the workspace time zone. */
      date: (iso: string | null | undefined) => formatDate(iso, timeZone),
      /** "2026-11-01 00:30" in the workspace time zone. */
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, timeZone),
    }),
    [lang, timeZone],
  )
}
