import { isPersonalTraitKey } from '@portrait/core'

/**
 * Masking of personal fields for principals that may not read them (`pii.read`): enough is left
 * to tell records apart and to recognise a person one knows, not to contact or identify them.
 */
export function maskName(v: string): string {
  const chars = [...v.trim()]
  if (chars.length === 0) return v
  // Chinese names: the family name stays (张*, 欧阳**); Latin names: initials (J. S.)
  if (/\p{Script=Han}/u.test(chars[0] ?? ''))
    return (
      (chars.length >= 4 ? chars.slice(0, 2).join('') : (chars[0] ?? '')) +
      '*'.repeat(Math.max(1, chars.length - (chars.length >= 4 ? 2 : 1)))
    )
  return v
    .trim()
    .split(/\s+/)
    .map((w) => `${[...w][0] ?? ''}.`)
    .join(' ')
}

export function maskEmail(v: string): string {
  const at = v.lastIndexOf('@')
  if (at <= 0) return '***'
  return `${v[0]}***${v.slice(at)}`
}

export function maskPhone(v: string): string {
  const digits = v.replace(/\D/g, '')
  if (digits.length < 7) return '****'
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`
}

/** A birth date keeps its year (the age is shown anyway), not the day that identifies. */
export const maskBirthDate = (v: string): string => (/^\d{4}/.test(v) ? `${v.slice(0, 4)}-**-**` : '****')

const MASKERS: Record<string, (v: string) => string> = { name: maskName, email: maskEmail, phone: maskPhone, birth_date: maskBirthDate }

/**
 * A copy of an API answer with the personal fields of every customer record in it masked: objects
 * with a `customer_id` (their name, email, phone, birth date and personal traits) and identities of kind email
 * or phone. Everything else (segment names, event names, figures) is left as it is.
 */
export function maskPersonalData<T>(value: T): T {
  return walk(value) as T
}

function walk(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(walk)
  if (v === null || typeof v !== 'object' || v instanceof Date) return v
  const o = v as Record<string, unknown>
  const out: Record<string, unknown> = {}
  const isCustomer = 'customer_id' in o
  const isIdentity = typeof o.kind === 'string' && (o.kind === 'email' || o.kind === 'phone') && typeof o.value === 'string'
  for (const [k, x] of Object.entries(o)) {
    const masker = MASKERS[k]
    if (isCustomer && masker && typeof x === 'string') out[k] = masker(x)
    else if (isIdentity && k === 'value' && typeof x === 'string') out[k] = (o.kind === 'email' ? maskEmail : maskPhone)(x)
    else if (k === 'traits' && x && typeof x === 'object' && !Array.isArray(x))
      out[k] = Object.fromEntries(
        Object.entries(x).map(([tk, tv]) => {
          const traitMasker = MASKERS[tk]
          if (traitMasker && typeof tv === 'string') return [tk, traitMasker(tv)]
          return [tk, isPersonalTraitKey(tk) && tv !== null ? '***' : walk(tv)]
        }),
      )
    else out[k] = walk(x)
  }
  return out
}
