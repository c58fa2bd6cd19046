import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { currentLanguage } from './index'
import { formatCompact, formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from './format'

/** The formatting functions bound to the current interface language. */
export function useFormat() {
  const { i18n } = useTranslation()
  const lang = currentLanguage(i18n.resolvedLanguage ?? i18n.language)
  return useMemo(
    () => ({
      lang,
      number: (v: number | null | undefined, maxDigits?: number) => formatNumber(v, lang, maxDigits),
      money: (v: number | null | undefined, currency?: string) => formatMoney(v, lang, currency),
      compact: (v: number | null | undefined) => formatCompact(v, lang),
      percent: (v: number | null | undefined, digits?: number) => formatPercent(v, lang, digits),
      date: formatDate,
      dateTime: formatDateTime,
    }),
    [lang],
  )
}
