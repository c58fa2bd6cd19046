/**
 * Number, money and date formatting for the interface language. Pure functions of (value,
 * language) and, for dates, the workspace time zone, so they can be tested; components use them
 * through `useFormat()`, which supplies both.
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

/** A calendar date without a time of day ("1992-03-21"): shown as written, never shifted. */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** A date-time without an offset ("2024-06-19 17:52"): a wall-clock reading, shown as written. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/
/** A point in time: an ISO date-time with `Z` or an offset ("2026-10-31T16:30:00Z", "…+08:00"). */
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i

/** True for an ISO date-time that names a point in time (has `Z` or an offset). */
export function isIsoInstant(value: string): boolean {
  return INSTANT.test(value.trim())
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>()

/** A formatter giving year…minute in `timeZone`; an unknown zone falls back to UTC. */
function wallClockFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? ''
  let dtf = dateTimeFormats.get(key)
  if (!dtf) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }
    try {
      dtf = new Intl.DateTimeFormat('en-US', { ...options, timeZone })
    } catch {
      dtf = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' })
    }
    dateTimeFormats.set(key, dtf)
  }
  return dtf
}

interface WallClock {
  date: string
  /** `HH:mm`, or null for a calendar date that has no time of day. */
  time: string | null
}

/**
 * What a clock in `timeZone` showed at `value`. Instants (`Z` / offset) are converted; calendar
 * dates and date-times without an offset are already wall-clock readings and kept as they are.
 * Without `timeZone` the browser's zone is used. Null when the text is not an ISO date.
 */
export function toWallClock(value: string, timeZone?: string): WallClock | null {
  const text = value.trim()
  const date = CALENDAR_DATE.exec(text)
  if (date) return { date: text, time: null }
  const local = LOCAL_DATE_TIME.exec(text)
  if (local) return { date: `${local[1]}-${local[2]}-${local[3]}`, time: `${local[4]}:${local[5]}` }
  if (!INSTANT.test(text)) return null
  const normalized = text
    .replace(' ', 'T')
    .replace(/([+-]\d{2})$/, '$1:00')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
  const ms = Date.parse(normalized)
  if (!Number.isFinite(ms)) return null
  const parts: Record<string, string> = {}
  for (const part of wallClockFormat(timeZone).formatToParts(ms)) parts[part.type] = part.value
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

/** ISO timestamp → "2024-03-05" as the calendar reads in `timeZone`; other text is left as it is. */
export function formatDate(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return EMPTY
  return toWallClock(iso, timeZone)?.date ?? iso
}

/** ISO timestamp → "2024-03-05 14:07" in `timeZone`; a calendar date stays a date. */
export function formatDateTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return EMPTY
  const wall = toWallClock(iso, timeZone)
  if (!wall) return iso
  return wall.time === null ? wall.date : `${wall.date} ${wall.time}`
}

/** The zone's offset from UTC at `at`: "UTC+8", "UTC+5:30", "UTC". Empty when it cannot be worked out. */
export function formatUtcOffset(timeZone: string, at: number = Date.now()): string {
  try {
    const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value
    if (!name) return ''
    return name === 'GMT' || name === 'GMT+0' ? 'UTC' : name.replace(/^GMT/, 'UTC')
  } catch {
    return ''
  }
}

/** The zone's name in the interface language ("中国标准时间", "China Standard Time"), or the IANA name. */
export function timeZoneDisplayName(timeZone: string, lang: string, at: number = Date.now()): string {
  try {
    const name = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: 'long' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value
    return name && !/^(GMT|UTC)[+-]/.test(name) ? name : timeZone
  } catch {
    return timeZone
  }
}
