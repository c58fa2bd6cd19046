/**
 * Dates for the demo data: China Standard Time (UTC+8, no daylight saving), the retail calendar
 * (618, 双11, 双12, 年货节, 春节, 三八节, 开学季) and the day-by-day demand curve built from it.
 */

export const CHINA_OFFSET_MS = 8 * 3600 * 1000
export const DAY_MS = 24 * 3600 * 1000

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** The China calendar date of an instant. */
export function chinaDateParts(date: Date): { year: number; month: number; day: number } {
  const shifted = new Date(date.getTime() + CHINA_OFFSET_MS)
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }
}

/** The instant of 00:00 China time on the given calendar date (month 1–12; overflow allowed). */
export function chinaMidnight(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) - CHINA_OFFSET_MS
}

/** `YYYY-MM-DDTHH:mm:ss+08:00` */
export function formatChinaIso(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET_MS)
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}+08:00`
  )
}

/** `YYYY-MM-DD` of the China calendar date. */
export function formatChinaDate(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

/** `YYYY-MM` of the China calendar date. */
export function formatChinaMonth(ms: number): string {
  const d = new Date(ms + CHINA_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`
}

/**
 * The last day of the month before the one `reference` falls in (China time), at 12:00 China time.
 * `lastDayOfPreviousMonth(new Date())` is the usual `endDate` for a demo that ends "now".
 */
export function lastDayOfPreviousMonth(reference: Date): Date {
  const { year, month } = chinaDateParts(reference)
  return new Date(chinaMidnight(year, month, 0) + 12 * 3600 * 1000)
}

/** 春节 (first day of the lunar year). */
const SPRING_FESTIVAL: Readonly<Record<number, readonly [number, number]>> = {
  2018: [2, 16],
  2019: [2, 5],
  2020: [1, 25],
  2021: [2, 12],
  2022: [2, 1],
  2023: [1, 22],
  2024: [2, 10],
  2025: [1, 29],
  2026: [2, 17],
  2027: [2, 6],
  2028: [1, 26],
  2029: [2, 13],
  2030: [2, 3],
  2031: [1, 23],
  2032: [2, 11],
  2033: [1, 31],
  2034: [2, 19],
  2035: [2, 8],
}

/** 00:00 China time on 春节 of `year` (an approximation, 5 February, outside 2018–2035). */
export function springFestival(year: number): number {
  const [month, day] = SPRING_FESTIVAL[year] ?? [2, 5]
  return chinaMidnight(year, month, day)
}

export interface DemoCampaign {
  /** As used in `costs.campaign` and `utm_campaign`. */
  readonly code: string
  readonly name: string
  readonly start: number
  /** Inclusive: 00:00 of the last day. */
  readonly end: number
}

/** The campaigns of one calendar year. */
function campaignsOfYear(year: number): DemoCampaign[] {
  const cny = springFestival(year)
  return [
    { code: `cny_${year}`, name: `${year}年货节`, start: cny - 24 * DAY_MS, end: cny - 8 * DAY_MS },
    { code: `womens_day_${year}`, name: `${year}三八女神节`, start: chinaMidnight(year, 3, 1), end: chinaMidnight(year, 3, 8) },
    { code: `618_${year}`, name: `${year}年中618大促`, start: chinaMidnight(year, 5, 25), end: chinaMidnight(year, 6, 18) },
    { code: `back_to_school_${year}`, name: `${year}开学季`, start: chinaMidnight(year, 8, 15), end: chinaMidnight(year, 9, 5) },
    { code: `double11_${year}`, name: `${year}双11狂欢节`, start: chinaMidnight(year, 10, 20), end: chinaMidnight(year, 11, 11) },
    { code: `double12_${year}`, name: `${year}双12`, start: chinaMidnight(year, 12, 8), end: chinaMidnight(year, 12, 12) },
  ]
}

export const ALWAYS_ON_CAMPAIGN = 'always_on'

export interface DemoCalendar {
  /** 00:00 China time of the first day. */
  readonly start: number
  readonly days: number
  /** Relative order volume of each day. */
  readonly weight: Float64Array
  /** Prefix sums of `weight` (length `days + 1`). */
  readonly cumulative: Float64Array
  /** Prefix sums of the weight of sale days only (the big promotions). */
  readonly saleCumulative: Float64Array
  /** A sale day: promotional prices, more campaign traffic. */
  readonly sale: Uint8Array
  /** The campaign running that day, or `always_on`. */
  readonly campaign: readonly string[]
  /** Index of the campaign's day 0 for 11.11 / 6.18 peaks (for hour-of-day peaks at midnight). */
  readonly peak: Uint8Array
  readonly campaigns: readonly DemoCampaign[]
}

/** Builds the demand curve of `days` days starting at `start` (00:00 China time). */
export function buildCalendar(start: number, days: number): DemoCalendar {
  const weight = new Float64Array(days)
  const sale = new Uint8Array(days)
  const peak = new Uint8Array(days)
  const campaign: string[] = new Array<string>(days).fill(ALWAYS_ON_CAMPAIGN)
  const first = new Date(start + CHINA_OFFSET_MS).getUTCFullYear()
  const last = new Date(start + (days - 1) * DAY_MS + CHINA_OFFSET_MS).getUTCFullYear()
  const campaigns: DemoCampaign[] = []
  for (let y = first - 1; y <= last + 1; y++) campaigns.push(...campaignsOfYear(y))
  const end = start + (days - 1) * DAY_MS
  const visible = campaigns.filter((c) => c.end >= start && c.start <= end)

  const cnyByYear = new Map<number, number>()
  for (let y = first - 1; y <= last + 1; y++) cnyByYear.set(y, springFestival(y))

  for (let i = 0; i < days; i++) {
    const ms = start + i * DAY_MS
    const d = new Date(ms + CHINA_OFFSET_MS)
    const year = d.getUTCFullYear()
    const month = d.getUTCMonth() + 1
    const day = d.getUTCDate()
    const weekday = d.getUTCDay()
    let w = weekday === 0 || weekday === 6 ? 1.12 : weekday === 1 ? 0.94 : 1
    let isSale = false
    let isPeak = false
    // 双11: deposits from 20 October, the sale from 1 November, the peak on 11 November.
    if (month === 10 && day >= 20) w *= 1.25
    if (month === 11 && day <= 10) {
      w *= 1.75
      isSale = true
    }
    if (month === 11 && day === 11) {
      w *= 6.5
      isSale = true
      isPeak = true
    }
    if (month === 11 && (day === 12 || day === 13)) w *= 1.2
    // 双12
    if (month === 12 && (day === 10 || day === 11)) w *= 1.2
    if (month === 12 && day === 12) {
      w *= 2.3
      isSale = true
    }
    // 618
    if ((month === 5 && day >= 31) || (month === 6 && day <= 15)) {
      w *= 1.5
      isSale = true
    }
    if (month === 6 && (day === 16 || day === 17)) {
      w *= 1.9
      isSale = true
    }
    if (month === 6 && day === 18) {
      w *= 5
      isSale = true
      isPeak = true
    }
    // 三八节
    if (month === 3 && (day === 7 || day === 8)) {
      w *= 1.8
      isSale = true
    } else if (month === 3 && day < 7) w *= 1.1
    // 520
    if (month === 5 && day === 20) w *= 1.4
    // 开学季
    if ((month === 8 && day >= 15) || (month === 9 && day <= 5)) w *= 1.12
    // 年货节 and the 春节 holiday (couriers and many shops close)
    for (const y of [year - 1, year, year + 1]) {
      const cny = cnyByYear.get(y)
      if (cny === undefined) continue
      const offset = Math.round((ms - cny) / DAY_MS)
      if (offset >= -24 && offset <= -9) {
        w *= 1.3
        if (offset >= -15 && offset <= -10) isSale = true
      } else if (offset >= -7 && offset <= 7) w *= 0.3
      else if ((offset >= 8 && offset <= 12) || offset === -8) w *= 0.7
    }
    weight[i] = w
    sale[i] = isSale ? 1 : 0
    peak[i] = isPeak ? 1 : 0
    for (const c of visible) {
      if (ms >= c.start && ms <= c.end) campaign[i] = c.code
    }
  }

  const cumulative = new Float64Array(days + 1)
  const saleCumulative = new Float64Array(days + 1)
  for (let i = 0; i < days; i++) {
    cumulative[i + 1] = (cumulative[i] ?? 0) + (weight[i] ?? 0)
    saleCumulative[i + 1] = (saleCumulative[i] ?? 0) + (sale[i] === 1 ? (weight[i] ?? 0) : 0)
  }
  return { start, days, weight, cumulative, saleCumulative, sale, campaign, peak, campaigns: visible }
}

/**
 * A day in [from, to] (inclusive day indices) drawn in proportion to the curve whose prefix sums
 * are `cumulative`; `null` when the curve is zero on the whole range.
 */
export function sampleDay(cumulative: Float64Array, from: number, to: number, u: number): number | null {
  const lo = cumulative[from] ?? 0
  const hi = cumulative[to + 1] ?? 0
  if (hi <= lo) return null
  const target = lo + u * (hi - lo)
  let a = from
  let b = to
  while (a < b) {
    const mid = (a + b) >> 1
    if ((cumulative[mid + 1] ?? 0) > target) b = mid
    else a = mid + 1
  }
  return a
}
