import { describe, expect, it } from 'vitest'
import { summaryFromTransactions, type Transaction } from './index.js'

const DAY = 86_400_000
const start = Date.UTC(2024, 0, 1) // a Monday
const on = (day: number, hour = 12): number => start + day * DAY + hour * 3_600_000

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

// Calibration ends on day 15 (inclusive), observation on day 29.
const log: Transaction[] = [
  { customerId: 'a', at: on(14), amount: 30 },
  { customerId: 'a', at: on(0, 9), amount: 10 },
  { customerId: 'a', at: on(0, 18), amount: 5 }, // same day as the first purchase: merged
  { customerId: 'c', at: new Date(on(3)), amount: 8 },
  { customerId: 'a', at: on(7), amount: 12 },
  { customerId: 'a', at: on(7, 20), amount: 8 }, // same day: one repeat purchase worth 20
  { customerId: 'b', at: on(20), amount: 50 }, // first purchase in the holdout period
  { customerId: 'a', at: on(20), amount: 1 },
  { customerId: 'a', at: on(35), amount: 1 }, // after observation end: ignored
]
const options = { calibrationEnd: on(15, 23), observationEnd: on(29), unit: 'week' } as const

describe('summaryFromTransactions', () => {
  it('counts repeat purchase days, recency, age and mean repeat value as in FHL 2005', () => {
    const summary = unwrap(summaryFromTransactions(log, options))
    expect(summary.customerIds).toEqual(['a', 'c'])
    expect(Array.from(summary.x)).toEqual([2, 0])
    expect(Array.from(summary.tx)).toEqual([14 / 7, 0])
    expect(Array.from(summary.T)).toEqual([15 / 7, 12 / 7])
    // The first purchase (15 on day 0) is excluded; days 7 and 14 are worth 20 and 30.
    expect(Array.from(summary.monetaryValue ?? [])).toEqual([25, 0])
    expect(Array.from(summary.holdoutPurchases ?? [])).toEqual([1, 0])
    expect(summary.holdoutDuration).toBe(2)
    expect(summary.excludedCustomers).toBe(1)
  })

  it('records first-purchase offsets and weekly repeat purchases from the origin', () => {
    const summary = unwrap(summaryFromTransactions(log, options))
    expect(summary.origin).toBe(start)
    expect(Array.from(summary.firstPurchaseOffset)).toEqual([0, 3 / 7])
    // Weeks: days 0-6, 7-13, 14-20, 21-27, 28-29. Repeats on days 7, 14 and 20.
    expect(Array.from(summary.repeatPurchasesPerPeriod)).toEqual([0, 1, 2, 0, 0])
    expect(summary.calibrationPeriods).toBe(3)
  })

  it('measures in days, and without a holdout when no observation end is given', () => {
    const summary = unwrap(summaryFromTransactions(log, { calibrationEnd: on(15), unit: 'day' }))
    expect(Array.from(summary.tx)).toEqual([14, 0])
    expect(Array.from(summary.T)).toEqual([15, 12])
    expect(summary.holdoutPurchases).toBeNull()
    expect(summary.holdoutDuration).toBeNull()
    expect(summary.repeatPurchasesPerPeriod.length).toBe(16)
  })

  it('defines "the same day" in the calendar of the given UTC offset', () => {
    const lateAndEarly: Transaction[] = [
      { customerId: 'z', at: Date.UTC(2024, 0, 1, 23, 30) },
      { customerId: 'z', at: Date.UTC(2024, 0, 2, 0, 30) },
    ]
    const calibrationEnd = Date.UTC(2024, 0, 10)
    expect(unwrap(summaryFromTransactions(lateAndEarly, { calibrationEnd, unit: 'day' })).x[0]).toBe(1)
    // At UTC+1 both fall on 2 January.
    expect(unwrap(summaryFromTransactions(lateAndEarly, { calibrationEnd, unit: 'day', utcOffsetMinutes: 60 })).x[0]).toBe(0)
  })

  it('has no monetary value when no transaction carries an amount', () => {
    const summary = unwrap(
      summaryFromTransactions(
        [
          { customerId: 'q', at: on(1) },
          { customerId: 'q', at: on(4) },
        ],
        { calibrationEnd: on(10), unit: 'day' },
      ),
    )
    expect(summary.monetaryValue).toBeNull()
    expect(summary.x[0]).toBe(1)
  })

  it.each([
    ['empty input', [], options, 'DegenerateData', /empty/],
    ['an invalid date', [{ customerId: 'a', at: new Date('not a date') }], options, 'InvalidInput', /invalid date/],
    ['a NaN amount', [{ customerId: 'a', at: on(1), amount: Number.NaN }], options, 'InvalidInput', /amount/],
    ['a negative amount', [{ customerId: 'a', at: on(1), amount: -3 }], options, 'InvalidInput', /amount/],
    [
      'amounts on some transactions only',
      [
        { customerId: 'a', at: on(1), amount: 3 },
        { customerId: 'a', at: on(2) },
      ],
      options,
      'InvalidInput',
      /all or none/,
    ],
    ['observation end before calibration end', log, { ...options, observationEnd: on(10) }, 'InvalidInput', /observationEnd/],
    ['an origin after a first purchase', log, { ...options, origin: on(2) }, 'InvalidInput', /origin/],
    [
      'no customer active by the calibration end',
      [{ customerId: 'a', at: on(20), amount: 1 }],
      options,
      'DegenerateData',
      /calibration end/,
    ],
  ] as const)('rejects %s', (_name, transactions, opts, tag, message) => {
    const result = summaryFromTransactions(transactions, opts)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.tag).toBe(tag)
      expect(result.error.message).toMatch(message)
    }
  })
})
