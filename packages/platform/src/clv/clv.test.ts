/**
 * The CLV services on the CDNOW data of Fader, Hardie & Lee (2005): the 2,357-customer sample of
 * the 1997-Q1 cohort, calibration 1997-01-01..1997-09-30, holdout to 1998-06-30. Published
 * estimates: BG/NBD r = 0.243, α = 4.414, a = 0.793, b = 2.426; Gamma-Gamma p = 6.25, q = 3.74,
 * γ = 15.44.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ClvCustomersQuery, type ClvFitReport } from '@portrait/core'
import { discountedLifetimeValue, fitBgNbd, fitGammaGamma, summaryFromTransactions } from '@portrait/analytics/clv'
import { SHARED_DATA, tempPortrait } from '../testing/temp.js'
import {
  clvCustomers,
  clvHoldoutOnDatabase,
  clvOverview,
  fitClvOnDatabase,
  fitClvSummaryFile,
  fitClvTransactionsFile,
  predictClv,
  readClvTransactionsFile,
} from './index.js'

const CDNOW = join(SHARED_DATA, 'cdnow')
const SAMPLE = join(CDNOW, 'CDNOW_sample.txt')

/** CDNOW_sample.txt as [sample id, YYYYMMDD, dollars] rows. */
const sampleRows = (): [string, string, string][] =>
  readFileSync(SAMPLE, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [, id = '', date = '', , dollars = ''] = l.trim().split(/\s+/)
      return [String(Number(id)), date, dollars]
    })

const value = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

function expectPublishedPurchaseModel(fit: ClvFitReport): void {
  expect(fit.model).toBe('bgnbd')
  expect(fit.params.r.toPrecision(3)).toBe('0.243')
  expect(fit.params.alpha.toPrecision(3)).toBe('4.41')
  expect(fit.params.a.toPrecision(3)).toBe('0.793')
  expect(fit.params.b.toPrecision(3)).toBe('2.43')
  expect(fit.logLikelihood.toFixed(1)).toBe('-9582.4')
  expect(fit.n).toBe(2357)
  expect(fit.repeatCustomers).toBe(946)
  expect(fit.gradientNorm).toBeLessThan(1e-4)
  expect(fit.stdErrors?.r).toBeGreaterThan(0)
}

function expectPublishedSpendModel(fit: ClvFitReport): void {
  const spend = fit.spend
  if (!spend) throw new Error('no spend model')
  expect(spend.model).toBe('gamma-gamma')
  expect(spend.params.p.toFixed(2)).toBe('6.25')
  expect(spend.params.q.toFixed(2)).toBe('3.74')
  expect(Math.abs(spend.params.gamma - 15.44)).toBeLessThan(0.01)
  expect(spend.n).toBe(946)
  // The premise of the model: spend per purchase barely depends on the number of purchases.
  expect(Math.abs(spend.frequencyCorrelation ?? 1)).toBeLessThan(0.2)
}

/** Repeat purchases in weeks 40-78, counted straight from the file: distinct customer-days after 1997-09-30. */
function holdoutPurchasesInFile(): number {
  const days = new Set<string>()
  for (const [id, date] of sampleRows()) if (date > '19970930') days.add(`${id}|${date}`)
  return days.size
}

describe('CLV on files', () => {
  it('reproduces the published BG/NBD estimates from the frequency/recency/T summary', async () => {
    const fit = value(await fitClvSummaryFile(join(CDNOW, 'cdnow_customers_summary.csv')))
    expectPublishedPurchaseModel(fit)
    expect(fit.spend).toBeUndefined()
  })

  it('reproduces BG/NBD and Gamma-Gamma from the x/t_x/T/zbar summary', async () => {
    const fit = value(await fitClvSummaryFile(join(CDNOW, 'cdnow_customers_summary_with_transactions.csv')))
    expectPublishedPurchaseModel(fit)
    expectPublishedSpendModel(fit)
  })

  it('rebuilds the summary from CDNOW_sample.txt and checks the holdout period against the file', async () => {
    const fit = value(await fitClvTransactionsFile(SAMPLE, { calibrationEnd: '1997-09-30', unit: 'week' }))
    expectPublishedPurchaseModel(fit)
    expectPublishedSpendModel(fit)
    const holdout = fit.holdout
    if (!holdout) throw new Error('no holdout check')
    expect(holdout.observationEnd).toBe('1998-06-30')
    expect(holdout.duration).toBe(39)
    expect(holdout.actualTotal).toBe(holdoutPurchasesInFile())
    expect(holdout.actualTotal).toBe(1882)
    expect(Math.abs(holdout.predictedTotal / holdout.actualTotal - 1)).toBeLessThan(0.15)
    expect(holdout.byFrequency.map((b) => b.customers)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64])
    expect(holdout.tracking).toHaveLength(78)
    expect(holdout.calibrationPeriods).toBe(39)
    expect(holdout.tracking[0]?.start).toBe('1997-01-01')
    expect(holdout.tracking[38]?.actual).toBe(2457)
    expect(holdout.tracking[77]?.actual).toBe(2457 + 1882)
    expect(holdout.perCustomer.correlation).toBeGreaterThan(0.5)
  })

  it('fits the whole 1997-Q1 cohort of CDNOW_master.txt (23,570 customers), whose zero-value purchases carry no spend', async () => {
    const fit = value(await fitClvTransactionsFile(join(CDNOW, 'CDNOW_master.txt'), { calibrationEnd: '1997-09-30' }))
    expect(fit.n).toBe(23570)
    expect(fit.gradientNorm).toBeLessThan(1e-4)
    // The sample is a 1/10 sample of this cohort: the estimates agree within 1.5 standard errors of the sample's.
    const sample = { r: [0.2426, 0.0126], alpha: [4.4135, 0.3782], a: [0.7929, 0.1857], b: [2.4258, 0.7053] } as const
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      const [estimate, standardError] = sample[name]
      expect(Math.abs(fit.params[name] - estimate)).toBeLessThan(1.5 * standardError)
    }
    expect(fit.params.r.toPrecision(3)).toBe('0.252')
    // One repeat customer's repeat purchases are all worth $0: they inform the purchase model only.
    expect(fit.repeatCustomers).toBe(9451)
    expect(fit.spend?.n).toBe(9450)
    expect(fit.holdout?.customers).toBe(23570)
  })

  it('reads a semicolon CSV with the columns in another order, and a transaction CSV with a header', async () => {
    const t = await tempPortrait()
    try {
      const summary = readFileSync(join(CDNOW, 'cdnow_customers_summary_with_transactions.csv'), 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l) => {
          const [id, x, tx, T, zbar] = l.split(',')
          return [zbar, T, id, tx, x].join(';')
        })
        .join('\n')
      const reordered = value(await fitClvSummaryFile(t.file('summary.csv', summary)))
      expectPublishedPurchaseModel(reordered)
      expectPublishedSpendModel(reordered)

      const csv = [
        'customer_id,date,amount',
        ...sampleRows().map(([id, d, v]) => `${id},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${v}`),
      ]
      const fromCsv = value(
        await fitClvTransactionsFile(t.file('tx.csv', csv.join('\n')), { calibrationEnd: '1997-09-30', observationEnd: '1998-06-30' }),
      )
      expectPublishedPurchaseModel(fromCsv)
      expect(fromCsv.holdout?.actualTotal).toBe(1882)

      const master = value(await readClvTransactionsFile(join(CDNOW, 'CDNOW_master.txt')))
      expect(master.layout).toBe('whitespace')
      expect(master.transactions).toHaveLength(69659)
      expect(master.transactions[0]).toEqual({ customerId: '00001', at: Date.UTC(1997, 0, 1), amount: 11.77 })
    } finally {
      await t.cleanup()
    }
  })

  it('names the line and column of a bad cell, and refuses degenerate data with a reason', async () => {
    const t = await tempPortrait()
    try {
      const bad = await fitClvSummaryFile(t.file('bad.csv', 'ID,frequency,recency,T\n1,2,30.4,38.9\n2,1,abc,38.9\n'))
      expect(bad).toMatchObject({ ok: false, error: { tag: 'InvalidInput', message: "line 3, column 'recency': 'abc' is not a number" } })

      const missing = await fitClvSummaryFile(t.file('missing.csv', 'ID,frequency,T\n1,2,38.9\n'))
      expect(missing).toMatchObject({ ok: false, error: { tag: 'InvalidInput' } })
      expect(!missing.ok && missing.error.message).toMatch(/no column recency \(or t_x\)/)

      const empty = await fitClvSummaryFile(t.file('empty.csv', ''))
      expect(empty).toMatchObject({ ok: false, error: { tag: 'EmptyInput' } })
      const headerOnly = await fitClvSummaryFile(t.file('header.csv', 'frequency,recency,T\n'))
      expect(headerOnly).toMatchObject({ ok: false, error: { tag: 'DegenerateData' } })

      const noRepeat = await fitClvSummaryFile(t.file('norepeat.csv', 'frequency,recency,T\n0,0,30\n0,0,20\n0,0,10\n'))
      expect(noRepeat).toMatchObject({ ok: false, error: { tag: 'DegenerateData' } })
      expect(!noRepeat.ok && noRepeat.error.message).toMatch(/no customer made a repeat purchase/)

      // The CDNOW customers with every repeat customer's mean spend set to 10: BG/NBD is fine, Gamma-Gamma is not identified.
      const constant = readFileSync(join(CDNOW, 'cdnow_customers_summary_with_transactions.csv'), 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '')
        .map((l, i) => (i === 0 ? l : l.replace(/,[^,]*$/, l.startsWith('ID') || l.split(',')[1] === '0' ? ',0' : ',10')))
        .join('\n')
      const constantSpend = await fitClvSummaryFile(t.file('constant.csv', constant))
      expect(constantSpend).toMatchObject({ ok: false, error: { tag: 'DegenerateData' } })
      expect(!constantSpend.ok && constantSpend.error.message).toMatch(/same mean spend/)

      const negative = await fitClvTransactionsFile(t.file('neg.csv', 'customer_id,date,amount\nA,2020-01-01,5\nA,2020-02-01,-3\n'), {
        calibrationEnd: '2020-06-30',
      })
      expect(negative).toMatchObject({ ok: false, error: { tag: 'InvalidInput' } })
      expect(!negative.ok && negative.error.message).toMatch(/^line 3: the amount -3 is negative/)

      const badDate = await fitClvTransactionsFile(t.file('date.txt', 'A 20200101 5\nA 2020013x 6\n'), { calibrationEnd: '2020-06-30' })
      expect(!badDate.ok && badDate.error.message).toMatch(/^line 2: date '2020013x' is not a date/)

      const wrongEnd = await fitClvTransactionsFile(SAMPLE, { calibrationEnd: '1997-09-31' })
      expect(wrongEnd).toMatchObject({ ok: false, error: { tag: 'InvalidInput' } })
    } finally {
      await t.cleanup()
    }
  })
})

describe('CLV on the database (CDNOW imported as orders)', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>

  beforeAll(async () => {
    t = await tempPortrait()
    const lines = ['order_id,customer_id,ordered_at,amount']
    sampleRows().forEach(([id, d, v], i) => lines.push(`O${i + 1},${id},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${v}`))
    const imported = value(await t.portrait.import('orders', t.file('cdnow-orders.csv', lines.join('\n')), { source: 'cdnow' }))
    expect(imported.imported).toBe(6919)
  })
  afterAll(async () => t.cleanup())

  it('has nothing to show before a fit', async () => {
    const overview = await clvOverview(t.portrait)
    expect(overview.fit).toBeNull()
    expect(overview.scores).toBeNull()
    expect(overview.history).toEqual({ buyers: 2357, purchases: 6919, firstPurchase: '1997-01-01', lastPurchase: '1998-06-30' })
    const customers = await clvCustomers(t.portrait, ClvCustomersQuery.parse({}))
    expect(customers).toMatchObject({ ok: false, error: { tag: 'NotFound' } })
  })

  it('fits on the calibration period with the published estimates and checks the holdout period', async () => {
    const fit = value(await fitClvOnDatabase(t.portrait, { calibrationEnd: '1997-09-30', unit: 'week' }))
    expectPublishedPurchaseModel(fit)
    expectPublishedSpendModel(fit)
    expect(fit.calibrationEnd).toBe('1997-09-30')
    expect(fit.holdout?.actualTotal).toBe(holdoutPurchasesInFile())
    expect(fit.holdout?.actualTotal).toBe(1882)
    // The latest fit is stored for the API and the web page.
    const overview = await clvOverview(t.portrait)
    expect(overview.fit?.params).toEqual(fit.params)
    expect(overview.fit?.holdout?.tracking).toHaveLength(78)
  })

  it('runs the holdout check without storing it', async () => {
    const check = value(await clvHoldoutOnDatabase(t.portrait, { calibrationEnd: '1997-09-30' }))
    expect(check.holdout.actualTotal).toBe(1882)
    expect(check.holdout.byFrequency[0]).toMatchObject({ label: '0', customers: 1411 })
    expect(check).not.toHaveProperty('customers')
    const rows = value(await clvHoldoutOnDatabase(t.portrait, { calibrationEnd: '1997-09-30', withCustomers: true })).customers ?? []
    expect(rows).toHaveLength(2357)
    expect(rows.reduce((s, r) => s + r.actual, 0)).toBe(1882)
    expect(rows.reduce((s, r) => s + r.predicted, 0)).toBeCloseTo(check.holdout.predictedTotal, 6)
    expect(rows.find((r) => r.customer_id === '1')).toMatchObject({ frequency: 2, T: 38 + 6 / 7 })
    const none = await clvHoldoutOnDatabase(t.portrait, { calibrationEnd: '1998-06-30' })
    expect(none).toMatchObject({ ok: false, error: { tag: 'InvalidInput' } })
    const early = await clvHoldoutOnDatabase(t.portrait, { calibrationEnd: '1996-12-31' })
    expect(!early.ok && early.error.message).toMatch(/before the first purchase/)
  })

  it('scores every buyer with CLV, P(alive) and expected purchases', async () => {
    const result = value(await predictClv(t.portrait, { horizon: 52, discount: 0.01, unit: 'week' }))
    expect(result.scores.n).toBe(2357)
    expect(result.scores.asOf).toBe('1998-06-30')
    const rows = await t.portrait.store.scores.list(t.portrait.workspaceId, 'clv')
    expect(rows).toHaveLength(2357)
    for (const row of rows) {
      const v = row.value
      expect(Object.keys(v)).toEqual(expect.arrayContaining(['clv', 'p_alive', 'expected_purchases', 'expected_spend', 'horizon', 'unit']))
      expect(v.horizon).toBe(52)
      expect(v.unit).toBe('week')
      expect(Number(v.clv)).toBeGreaterThanOrEqual(0)
      expect(Number(v.p_alive)).toBeGreaterThan(0)
      expect(Number(v.p_alive)).toBeLessThanOrEqual(1)
    }
    const provenance = await t.portrait.store.scores.provenance(t.portrait.workspaceId, 'clv')
    expect(provenance).toMatchObject({ n: 2357, asOf: '1998-06-30', params: { horizon: 52, discount: 0.01, unit: 'week', n: 2357 } })
    expect(provenance?.params?.logLikelihood).toBe(result.fit.logLikelihood)

    // The expected purchases of the whole sample over the next year, from the model fitted on all 78 weeks.
    expect(result.scores.distribution.expectedPurchases).toBeGreaterThan(500)
    expect(result.scores.distribution.customers).toBe(2357)
    expect(result.scores.distribution.histogram.reduce((s, b) => s + b.customers, 0)).toBe(2357)
    const heat = result.scores.distribution.pAliveHeatmap
    expect(heat.cells.reduce((s, c) => s + c.customers, 0)).toBe(2357)
    // Customers without a repeat purchase are alive by the model's construction.
    for (const cell of heat.cells.filter((c) => c.frequency === 0)) expect(cell.meanPAlive).toBeCloseTo(1, 12)

    // The same values as the analytics package's discountedLifetimeValue on the summary rebuilt from the file.
    const transactions = sampleRows().map(([id, d, v]) => ({
      customerId: id,
      at: Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6))),
      amount: Number(v),
    }))
    const summary = value(summaryFromTransactions(transactions, { calibrationEnd: Date.UTC(1998, 5, 30), unit: 'week' }))
    const monetaryValue = summary.monetaryValue ?? new Float64Array(0)
    const reference = value(
      discountedLifetimeValue(
        value(fitBgNbd(summary)).parameters,
        value(fitGammaGamma({ x: summary.x, monetaryValue })).parameters,
        { ...summary, monetaryValue },
        { horizon: 52, discountRate: 0.01 },
      ),
    )
    const stored = new Map(rows.map((r) => [r.customer_id, Number(r.value.clv)]))
    let worst = 0
    summary.customerIds.forEach((id, i) => {
      worst = Math.max(worst, Math.abs((stored.get(id) ?? Number.NaN) / (reference[i] ?? Number.NaN) - 1))
    })
    expect(worst).toBeLessThan(1e-6)

    // The profile shows the score.
    const profile = value(await t.portrait.profile('1'))
    expect(profile.scores.clv).toMatchObject({ horizon: 52, unit: 'week' })
  })

  it('lists the top customers and the valuable customers who have probably lapsed', async () => {
    const top = value(await clvCustomers(t.portrait, ClvCustomersQuery.parse({ sort: 'clv', limit: 10 })))
    expect(top.items).toHaveLength(10)
    expect(top.total).toBe(2357)
    for (let i = 1; i < top.items.length; i++) expect(top.items[i - 1]?.clv ?? 0).toBeGreaterThanOrEqual(top.items[i]?.clv ?? 0)

    const atRisk = value(await clvCustomers(t.portrait, ClvCustomersQuery.parse({ atRisk: 'true', limit: 500 })))
    expect(atRisk.atRiskRule?.maxPAlive).toBe(0.5)
    expect(atRisk.total).toBeGreaterThan(0)
    for (const c of atRisk.items) {
      expect(c.p_alive).toBeLessThan(0.5)
      expect(c.revenue).toBeGreaterThanOrEqual(atRisk.atRiskRule?.minRevenue ?? Infinity)
      expect(c.last_purchase <= '1998-06-30').toBe(true)
    }
  })

  it('fits the whole history when no calibration end is given, in days too', async () => {
    const fit = value(await fitClvOnDatabase(t.portrait, { unit: 'day' }))
    expect(fit.calibrationEnd).toBe('1998-06-30')
    expect(fit.holdout).toBeUndefined()
    expect(fit.unit).toBe('day')
    // r, a, b do not depend on the time unit; α does, by the factor of 7 between weeks and days.
    const weekly = value(await fitClvOnDatabase(t.portrait, { unit: 'week' }))
    expect(fit.params.r / weekly.params.r).toBeCloseTo(1, 2)
    expect(fit.params.alpha / weekly.params.alpha).toBeCloseTo(7, 1)
  })
})

describe('CLV on an empty database', () => {
  it('says there are no purchases', async () => {
    const t = await tempPortrait()
    try {
      expect(await fitClvOnDatabase(t.portrait)).toMatchObject({ ok: false, error: { tag: 'DegenerateData' } })
      expect(await predictClv(t.portrait)).toMatchObject({ ok: false, error: { tag: 'DegenerateData' } })
      expect(await predictClv(t.portrait, { horizon: 0 })).toMatchObject({ ok: false, error: { tag: 'InvalidInput' } })
      expect((await clvOverview(t.portrait)).history.buyers).toBe(0)
    } finally {
      await t.cleanup()
    }
  })
})
