// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import {
  formatCompact,
  formatDate,
  formatDateTime,
  formatMoney,
  formatNumber,
  formatPercent,
  formatUtcOffset,
  isIsoInstant,
  timeZoneDisplayName,
  toWallClock,
} from './format'

describe('number formatting', () => {
  it('groups thousands for both languages', () => {
    expect(formatNumber(1234567, 'zh-CN')).toBe('1,234,567')
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
    expect(formatNumber(3.14159, 'en')).toBe('3.14')
    expect(formatNumber(3.7, 'en', 0)).toBe('4')
  })

  it('shows a dash for missing or non-finite values', () => {
    expect(formatNumber(null, 'zh-CN')).toBe('—')
    expect(formatNumber(undefined, 'en')).toBe('—')
    expect(formatNumber(Number.NaN, 'en')).toBe('—')
    expect(formatMoney(Number.POSITIVE_INFINITY, 'en')).toBe('—')
  })

  it('always gives money two decimals', () => {
    expect(formatMoney(1234.5, 'zh-CN')).toBe('1,234.50')
    expect(formatMoney(0, 'en')).toBe('0.00')
    expect(formatMoney(-129, 'en')).toBe('-129.00')
    expect(formatMoney(0.005, 'en')).toBe('0.01')
    expect(formatMoney(99.999, 'zh-CN')).toBe('100.00')
  })

  it('adds the currency symbol when a currency is given', () => {
    expect(formatMoney(1234.5, 'zh-CN', 'CNY')).toBe('¥1,234.50')
    expect(formatMoney(1234.5, 'en', 'USD')).toBe('$1,234.50')
    expect(formatMoney(10, 'en', 'NOT-A-CODE')).toBe('10.00 NOT-A-CODE')
  })

  it('abbreviates large numbers the local way', () => {
    expect(formatCompact(12000, 'zh-CN')).toBe('1.2万')
    expect(formatCompact(12000, 'en')).toBe('12K')
    expect(formatCompact(350, 'zh-CN')).toBe('350')
  })

  it('formats ratios as percentages', () => {
    expect(formatPercent(0.256, 'en')).toBe('25.6%')
    expect(formatPercent(1, 'zh-CN')).toBe('100%')
  })

  it('formats dates and leaves unparseable text as it is', () => {
    expect(formatDate('2025-03-05T10:00:00')).toBe('2025-03-05')
    expect(formatDate(null)).toBe('—')
    expect(formatDate('not a date')).toBe('not a date')
  })
})

describe('dates in the workspace time zone', () => {
  it('shows a UTC instant as the calendar and clock read in the zone', () => {
    expect(formatDateTime('2026-10-31T16:30:00Z', 'Asia/Shanghai')).toBe('2026-11-01 00:30')
    expect(formatDate('2026-10-31T16:30:00Z', 'Asia/Shanghai')).toBe('2026-11-01')
    expect(formatDateTime('2026-10-31T16:30:00.000Z', 'UTC')).toBe('2026-10-31 16:30')
    expect(formatDate('2026-10-31T16:30:00Z', 'America/New_York')).toBe('2026-10-31')
    expect(formatDateTime('2026-01-15T12:00:00Z', 'America/New_York')).toBe('2026-01-15 07:00')
    expect(formatDateTime('2026-07-15T12:00:00Z', 'America/New_York')).toBe('2026-07-15 08:00')
    expect(formatDateTime('2026-03-01T00:10:00Z', 'Asia/Kolkata')).toBe('2026-03-01 05:40')
  })

  it('uses 00 rather than 24 for midnight', () => {
    expect(formatDateTime('2026-10-31T16:00:00Z', 'Asia/Shanghai')).toBe('2026-11-01 00:00')
  })

  it('converts instants written with an offset', () => {
    expect(formatDateTime('2024-06-19T17:52:11+08:00', 'Asia/Shanghai')).toBe('2024-06-19 17:52')
    expect(formatDateTime('2024-06-19T17:52:11+08:00', 'UTC')).toBe('2024-06-19 09:52')
    expect(formatDateTime('2024-06-19T17:52:11+0800', 'UTC')).toBe('2024-06-19 09:52')
    expect(formatDateTime('2024-06-19 01:00:00-05', 'UTC')).toBe('2024-06-19 06:00')
  })

  it('keeps calendar dates and wall-clock times without an offset as written', () => {
    expect(formatDate('1992-03-21', 'America/Los_Angeles')).toBe('1992-03-21')
    expect(formatDateTime('1992-03-21', 'Asia/Shanghai')).toBe('1992-03-21')
    expect(formatDateTime('2024-06-19 17:52:11', 'UTC')).toBe('2024-06-19 17:52')
    expect(formatDate('2025-03-05T10:00:00', 'Pacific/Auckland')).toBe('2025-03-05')
  })

  it('leaves other text alone and shows a dash for nothing', () => {
    expect(formatDateTime('yesterday', 'Asia/Shanghai')).toBe('yesterday')
    expect(formatDateTime(null, 'Asia/Shanghai')).toBe('—')
    expect(formatDate('', 'Asia/Shanghai')).toBe('—')
    expect(toWallClock('2026-13-45T99:00:00Z', 'UTC')).toBeNull()
  })

  it('falls back to UTC for a zone the browser does not know', () => {
    expect(formatDateTime('2026-10-31T16:30:00Z', 'Mars/Olympus_Mons')).toBe('2026-10-31 16:30')
  })

  it('tells instants from other text', () => {
    expect(isIsoInstant('2026-10-31T16:30:00Z')).toBe(true)
    expect(isIsoInstant('2024-06-19T17:52:11+08:00')).toBe(true)
    expect(isIsoInstant('2024-06-19')).toBe(false)
    expect(isIsoInstant('2024-06-19 17:52')).toBe(false)
    expect(isIsoInstant('C000123')).toBe(false)
  })

  it('names the zone and its offset', () => {
    const winter = Date.UTC(2026, 0, 15)
    const summer = Date.UTC(2026, 6, 15)
    expect(formatUtcOffset('Asia/Shanghai', winter)).toBe('UTC+8')
    expect(formatUtcOffset('UTC', winter)).toBe('UTC')
    expect(formatUtcOffset('America/New_York', winter)).toBe('UTC-5')
    expect(formatUtcOffset('America/New_York', summer)).toBe('UTC-4')
    expect(formatUtcOffset('Asia/Kolkata', winter)).toBe('UTC+5:30')
    expect(formatUtcOffset('Mars/Olympus_Mons', winter)).toBe('')
    expect(timeZoneDisplayName('Asia/Shanghai', 'zh-CN', winter)).toBe('中国标准时间')
    expect(timeZoneDisplayName('Asia/Shanghai', 'en', winter)).toBe('China Standard Time')
    expect(timeZoneDisplayName('Mars/Olympus_Mons', 'en', winter)).toBe('Mars/Olympus_Mons')
  })
})
