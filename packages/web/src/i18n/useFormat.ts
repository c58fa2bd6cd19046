import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useHealth } from '../api/useHealth'
import { currentLanguage } from './index'
import { formatCompact, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './format'

/**
 * The workspace time zone (IANA name) reported by `GET /api/health`; undefined until it answers,
 * in which case dates are shown in the browser's zone.
 */
export function useWorkspaceTimeZone(): string | undefined {
  const { data } = useHealth()
  return data?.timezone || undefined
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
