import dayjs from 'dayjs'

/**
 * Number, money and date formatting for the interface language. Pure functions of (value,
 * language) so they can be tested; components use them through `useFormat()`.
 */

const EMPTY = '—'
const formatters = new Map<string, Intl.NumberFormat>()

function numberFormat(lang: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang}|${JSON.stringify(options)}`
  let nf = formatters.get(key)
  if (!nf) {
    nf = new Intl.NumberFormat(lang, options)
    formatters.set(key, nf)
  }
  return nf
}

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value)
}

/** Grouped integer-or-decimal number: 1234567 → "1,234,567"; at most `maxDigits` decimals. */
export function formatNumber(value: number | null | undefined, lang: string, maxDigits = 2): string {
  if (!isNumber(value)) return EMPTY
  return numberFormat(lang, { maximumFractionDigits: maxDigits }).format(value)
}

/** Money always with exactly two decimals: 1234.5 → "1,234.50". With a currency code, its symbol too. */
export function formatMoney(value: number | null | undefined, lang: string, currency?: string): string {
  if (!isNumber(value)) return EMPTY
  const options: Intl.NumberFormatOptions = { minimumFractionDigits: 2, maximumFractionDigits: 2 }
  if (currency) {
    try {
      return numberFormat(lang, { ...options, style: 'currency', currency }).format(value)
    } catch {
      // unknown currency code: fall through to the plain amount with the code appended
      return `${numberFormat(lang, options).format(value)} ${currency}`
    }
  }
  return numberFormat(lang, options).format(value)
}

/** Short form for chart axes: 12000 → "1.2万" (zh-CN) / "12K" (en). */
export function formatCompact(value: number | null | undefined, lang: string): string {
  if (!isNumber(value)) return EMPTY
  return numberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(value)
}

/** A ratio as a percentage: 0.256 → "25.6%". */
export function formatPercent(ratio: number | null | undefined, lang: string, digits = 1): string {
  if (!isNumber(ratio)) return EMPTY
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: digits }).format(ratio)
}

/** ISO timestamp → "2024-03-05". */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return EMPTY
  const d = dayjs(iso)
  return d.isValid() ? d.format('YYYY-MM-DD') : iso
}

/** ISO timestamp → "2024-03-05 14:07" in the browser's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return EMPTY
  const d = dayjs(iso)
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso
}
