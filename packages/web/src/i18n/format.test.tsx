// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { formatCompact, formatDate, formatMoney, formatNumber, formatPercent } from './format'

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
