/**
 * Field cleaning: every function takes a raw cell and returns either the canonical value, `null`
 * for an empty cell, or an `Invalid` naming what is wrong. A row with any invalid field is
 * rejected whole, with that reason.
 */
export class Invalid {
  constructor(readonly reason: string) {}
}
export type Cleaned<T> = T | null | Invalid

/** Trims, folds full-width spaces, and maps the usual spellings of "no value" to empty. */
export function text(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null
  const s = (typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw)).replace(/\u3000/g, ' ').trim()
  if (s === '' || /^(null|nan|n\/a|na|none|-|—|无)$/i.test(s)) return null
  return s
}

// A pragmatic RFC 5322 subset: what mail systems accept in practice.
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/

export function email(raw: unknown): Cleaned<string> {
  const s = text(raw)
  if (s === null) return null
  const e = s.replace(/\s+/g, '').toLowerCase()
  if (e.length > 254 || !EMAIL.test(e)) return new Invalid(`malformed email '${truncate(s)}'`)
  return e
}

/**
 * Phones: Chinese mobile numbers become 11 digits (`+86 138-0000-2629` → `13800002629`); other
 * numbers keep their digits with a leading `+` when one was given. Letters make a phone invalid.
 */
export function phone(raw: unknown): Cleaned<string> {
  const s = text(raw)
  if (s === null) return null
  if (/[a-z]/i.test(s.replace(/\s*(ext|x)\.?\s*\d+$/i, ''))) return new Invalid(`malformed phone '${truncate(s)}'`)
  const plus = s.startsWith('+') || s.startsWith('00')
  let digits = s.replace(/\D/g, '')
  if (digits.startsWith('00')) digits = digits.slice(2)
  const cnMobile = digits.match(/^(?:86)?(1[3-9]\d{9})$/)
  if (cnMobile?.[1]) return cnMobile[1]
  if (digits.length < 5 || digits.length > 15) return new Invalid(`malformed phone '${truncate(s)}'`)
  return plus ? `+${digits}` : digits
}

const GENDERS: Record<string, 'female' | 'male' | 'other' | 'unknown'> = {
  f: 'female',
  female: 'female',
  woman: 'female',
  w: 'female',
  女: 'female',
  女性: 'female',
  女士: 'female',
  '2': 'female',
  m: 'male',
  male: 'male',
  man: 'male',
  男: 'male',
  男性: 'male',
  先生: 'male',
  '1': 'male',
  other: 'other',
  o: 'other',
  x: 'other',
  'non-binary': 'other',
  nonbinary: 'other',
  其他: 'other',
  其它: 'other',
  unknown: 'unknown',
  u: 'unknown',
  未知: 'unknown',
  保密: 'unknown',
  '0': 'unknown',
}

export function gender(raw: unknown): Cleaned<'female' | 'male' | 'other' | 'unknown'> {
  const s = text(raw)
  if (s === null) return null
  const g = GENDERS[s.toLowerCase()]
  return g ?? new Invalid(`unknown gender '${truncate(s)}' (use female/male/other/unknown, F/M, 女/男)`)
}

export function number(raw: unknown, field: string): Cleaned<number> {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : new Invalid(`${field} is not a finite number`)
  const s = text(raw)
  if (s === null) return null
  // Thousands separators and currency signs are common in exports; anything else is not a number.
  const cleaned = s.replace(/[,，\s]/g, '').replace(/^[¥￥$€£]|元$/g, '')
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return new Invalid(`${field} '${truncate(s)}' is not a number`)
  return Number(cleaned)
}

export function integer(raw: unknown, field: string): Cleaned<number> {
  const n = number(raw, field)
  if (n === null || n instanceof Invalid) return n
  return Number.isInteger(n) ? n : new Invalid(`${field} '${n}' is not a whole number`)
}

const TRUE = new Set(['true', 't', 'yes', 'y', '1', '是', '同意', 'granted', 'opt-in', 'optin'])
const FALSE = new Set(['false', 'f', 'no', 'n', '0', '否', '不同意', 'denied', 'revoked', 'withdrawn', 'opt-out', 'optout'])

export function boolean(raw: unknown, field: string): Cleaned<boolean> {
  if (typeof raw === 'boolean') return raw
  const s = text(raw)
  if (s === null) return null
  const l = s.toLowerCase()
  if (TRUE.has(l)) return true
  if (FALSE.has(l)) return false
  return new Invalid(`${field} '${truncate(s)}' is not true/false`)
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1000 || y > 9999) return false
  const dt = new Date(Date.UTC(y, m - 1, d))
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
}

/**
 * Timestamps in the common formats: ISO 8601 (with or without zone; without one the time is
 * taken as UTC), `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYY年M月D日`, `YYYYMMDD`, `M/D/YYYY` (read as
 * day/month when the first number is above 12), each with an optional `HH:MM[:SS]`, and unix
 * epoch seconds or milliseconds.
 */
export function timestamp(raw: unknown, field: string): Cleaned<Date> {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? new Invalid(`${field} is not a valid date`) : raw
  if (typeof raw === 'number') return epoch(raw, field)
  const s = text(raw)
  if (s === null) return null
  if (/^\d{10}(\d{3})?$/.test(s) && !/^(19|20)\d{6}$/.test(s)) return epoch(Number(s), field)
  let m = s.match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i)
  let y: number, mo: number, d: number
  if (m) {
    ;[y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  } else if ((m = s.match(/^(\d{4})(\d{2})(\d{2})(?:[T\s]?(\d{2}):?(\d{2})(?::?(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i))) {
    ;[y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  } else if (
    (m = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i))
  ) {
    const a = Number(m[1])
    const b = Number(m[2])
    y = Number(m[3])
    ;[mo, d] = a > 12 ? [b, a] : [a, b]
  } else {
    return new Invalid(`${field} '${truncate(s)}' is not a date`)
  }
  if (!validYmd(y, mo, d)) return new Invalid(`${field} '${truncate(s)}' is not a valid date`)
  const hh = Number(m[4] ?? 0)
  const mi = Number(m[5] ?? 0)
  const ss = Number(m[6] ?? 0)
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0
  if (hh > 23 || mi > 59 || ss > 59) return new Invalid(`${field} '${truncate(s)}' has an invalid time`)
  let t = Date.UTC(y, mo - 1, d, hh, mi, ss, ms)
  const zone = m[8]
  if (zone && zone.toUpperCase() !== 'Z') {
    const zm = zone.match(/^([+-])(\d{2}):?(\d{2})$/)
    if (zm) t -= (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3])) * 60_000
  }
  return new Date(t)
}

function epoch(n: number, field: string): Cleaned<Date> {
  const ms = n > 1e11 ? n : n * 1000
  const d = new Date(ms)
  return Number.isFinite(n) && d.getUTCFullYear() > 1970 && d.getUTCFullYear() < 2200
    ? d
    : new Invalid(`${field} '${n}' is not a plausible timestamp`)
}

export function date(raw: unknown, field: string): Cleaned<string> {
  const t = timestamp(raw, field)
  if (t === null || t instanceof Invalid) return t
  return t.toISOString().slice(0, 10)
}

/** Age in whole years on `at`. */
export function ageOn(birthDate: string, at: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number]
  let age = at.getUTCFullYear() - y
  if (at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d)) age--
  return age
}

/** The age bands used across Portrait's reports. */
export const AGE_BANDS = ['<18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const
export function ageBand(age: number): (typeof AGE_BANDS)[number] {
  if (age < 18) return '<18'
  if (age < 25) return '18-24'
  if (age < 35) return '25-34'
  if (age < 45) return '35-44'
  if (age < 55) return '45-54'
  if (age < 65) return '55-64'
  return '65+'
}

export function truncate(s: string, n = 60): string {
  return s.length > n ? `${s.slice(0, n)}…` : s
}
