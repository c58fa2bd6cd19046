/** Calendar days for the CLV services: day numbers (days since 1970-01-01) in a fixed-offset calendar. */

export const DAY_MS = 86_400_000

/** Day number of a YYYY-MM-DD date, or null when it is not a real calendar date. */
export function parseDay(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim())
  if (!m) return null
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(y, mo - 1, d)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null
  return ms / DAY_MS
}

/** YYYY-MM-DD of a day number. */
export const dayString = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** The day number of an instant in a calendar `offsetMinutes` ahead of UTC. */
export const dayOf = (ms: number, offsetMinutes: number): number => Math.floor((ms + offsetMinutes * 60_000) / DAY_MS)

/** The instant at which `day` starts in a calendar `offsetMinutes` ahead of UTC. */
export const startOfDay = (day: number, offsetMinutes: number): number => day * DAY_MS - offsetMinutes * 60_000

/**
 * Minutes `timeZone` is ahead of UTC at the instant `at` (480 for Asia/Shanghai). The CLV summary
 * draws its day boundaries with this one fixed offset; in a zone with daylight saving time, a
 * purchase within an hour of midnight in the other season can land on the neighbouring day.
 */
export function utcOffsetMinutes(timeZone: string, at: number): number {
  const parts: Record<string, number> = {}
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  })
  for (const part of format.formatToParts(at)) parts[part.type] = Number(part.value)
  const wallClock = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  )
  return Math.round((wallClock - (at - (((at % 1000) + 1000) % 1000))) / 60_000)
}
