import { toWallClock } from '../i18n/format'

/** How one "other attribute" of a profile is shown. */
export type TraitDisplay =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  /** An ISO date-time: shown as a date in the workspace time zone. */
  | { kind: 'dateTime'; iso: string }
  /** A `|`-separated list ("烘焙|音乐|美妆护肤"): shown as tags. */
  | { kind: 'list'; items: string[] }

/** Classifies a trait value from the API (any JSON value an import produced). */
export function traitDisplay(value: unknown): TraitDisplay {
  if (value === null || value === undefined) return { kind: 'empty' }
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'number', value } : { kind: 'text', text: String(value) }
  if (typeof value === 'boolean') return { kind: 'boolean', value }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    const items = value.map((v) => String(v).trim()).filter((v) => v !== '')
    return items.length ? { kind: 'list', items } : { kind: 'empty' }
  }
  if (typeof value !== 'string') return { kind: 'text', text: JSON.stringify(value) }
  const text = value.trim()
  if (text === '') return { kind: 'empty' }
  if (text.includes('|')) {
    const items = text
      .split('|')
      .map((v) => v.trim())
      .filter((v) => v !== '')
    if (items.length === 0) return { kind: 'empty' }
    return items.length === 1 ? { kind: 'text', text: items[0]! } : { kind: 'list', items }
  }
  const wall = toWallClock(text)
  if (wall && wall.time !== null) return { kind: 'dateTime', iso: text }
  return { kind: 'text', text }
}
