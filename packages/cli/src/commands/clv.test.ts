import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../cli.js'

const CDNOW = fileURLToPath(new URL('../../../../../shared/data/cdnow/', import.meta.url))
const SAMPLE = join(CDNOW, 'CDNOW_sample.txt')

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

/** The published BG/NBD estimates for CDNOW (Fader, Hardie & Lee 2005) to 3 significant digits. */
function expectPublished(json: { params: Record<string, number>; spend?: { params: Record<string, number> } }, withSpend: boolean): void {
  const p = json.params
  expect([p.r, p.alpha, p.a, p.b].map((v) => Number(v).toPrecision(3))).toEqual(['0.243', '4.41', '0.793', '2.43'])
  if (!withSpend) return
  const s = json.spend?.params ?? {}
  expect([s.p, s.q, s.gamma].map((v) => Number(v).toPrecision(3))).toEqual(['6.25', '3.74', '15.4'])
  // Published γ = 15.44; the summary file's z̄ is rounded to cents, which moves the estimate by 0.008.
  expect(Math.abs(Number(s.gamma) - 15.44)).toBeLessThan(0.01)
}

describe('portrait clv on files', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-clv-cli-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('fits a frequency/recency/T summary with --json in the documented shape', async () => {
    const r = await cli(['--json', 'clv', 'fit', '--summary', join(CDNOW, 'cdnow_customers_summary.csv')])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(Object.keys(json).slice(0, 5)).toEqual(['model', 'params', 'logLikelihood', 'stdErrors', 'n'])
    expect(json.model).toBe('bgnbd')
    expect(Object.keys(json.params)).toEqual(['r', 'alpha', 'a', 'b'])
    expect(Object.keys(json.stdErrors)).toEqual(['r', 'alpha', 'a', 'b'])
    expect(json.n).toBe(2357)
    expect(json.spend).toBeUndefined()
    expectPublished(json, false)
    // The published standard errors (FHL 2005): 0.013, 0.378, 0.186, 0.705.
    expect([json.stdErrors.r, json.stdErrors.alpha, json.stdErrors.a, json.stdErrors.b].map((v: number) => v.toFixed(3))).toEqual([
      '0.013',
      '0.378',
      '0.186',
      '0.705',
    ])
  })

  it('adds the Gamma-Gamma spend model when the summary has zbar', async () => {
    const r = await cli(['--json', 'clv', 'fit', '--summary', join(CDNOW, 'cdnow_customers_summary_with_transactions.csv')])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(Object.keys(json).slice(0, 6)).toEqual(['model', 'params', 'logLikelihood', 'stdErrors', 'n', 'spend'])
    expect(Object.keys(json.spend).slice(0, 4)).toEqual(['model', 'params', 'logLikelihood', 'n'])
    expect(json.spend).toMatchObject({ model: 'gamma-gamma', n: 946 })
    expect(Object.keys(json.spend.params)).toEqual(['p', 'q', 'gamma'])
    expectPublished(json, true)
  })

  it('builds the summary from CDNOW_sample.txt and reports the holdout check', async () => {
    const r = await cli(['--json', 'clv', 'fit', '--transactions', SAMPLE, '--calibration-end', '1997-09-30', '--unit', 'week'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expectPublished(json, true)
    expect(json.holdout).toMatchObject({ calibrationEnd: '1997-09-30', observationEnd: '1998-06-30', duration: 39, actualTotal: 1882 })
    expect(json.holdout.tracking).toHaveLength(78)

    const text = await cli(['clv', 'fit', '--transactions', SAMPLE, '--calibration-end', '1997-09-30'])
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/r\s+0\.24259\s+0\.012557/)
    expect(text.out).toMatch(/repeat purchases in the holdout period: actual 1882, predicted/)
    expect(text.out).toMatch(/7\+\s+64\s+6\.359/)
  })

  it('fails with exit 2 and one line naming the problem for bad input', async () => {
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'ID;frequency;recency;T\n1;2;30.43;38.86\n2;one;1.71;38.86\n')
    const cell = await cli(['clv', 'fit', '--summary', bad])
    expect(cell.code).toBe(2)
    expect(cell.err).toBe("portrait: line 3, column 'frequency': 'one' is not a number\n")
    expect(cell.out).toBe('')

    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, '')
    const e = await cli(['clv', 'fit', '--summary', empty])
    expect(e.code).toBe(2)
    expect(e.err).toMatch(/^portrait: .*empty/)

    const noRepeat = join(dir, 'tx.csv')
    writeFileSync(noRepeat, 'customer_id,date,amount\nA,2024-01-03,10\nB,2024-02-03,12\nC,2024-03-01,9\n')
    const degenerate = await cli(['clv', 'fit', '--transactions', noRepeat, '--calibration-end', '2024-06-30'])
    expect(degenerate.code).toBe(2)
    expect(degenerate.err).toMatch(/^portrait: no customer made a repeat purchase/)
    expect(degenerate.err.trim().split('\n')).toHaveLength(1)

    expect((await cli(['clv', 'fit', '--transactions', SAMPLE])).err).toMatch(/needs --calibration-end/)
    expect((await cli(['clv', 'fit', '--transactions', SAMPLE])).code).toBe(2)
    expect((await cli(['clv', 'fit', '--transactions', SAMPLE, '--calibration-end', '30/09/1997'])).code).toBe(2)
    expect((await cli(['clv', 'fit', '--summary', bad, '--transactions', SAMPLE])).code).toBe(2)
    expect((await cli(['clv', 'fit', '--summary', join(dir, 'missing.csv')])).code).toBe(2)
    expect((await cli(['clv', 'fit', '--transactions', SAMPLE, '--calibration-end', '1997-09-30', '--unit', 'month'])).code).toBe(2)
  })
})

describe('portrait clv on the database', () => {
  let dir: string
  let db: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-clv-db-'))
    db = join(dir, 'p.duckdb')
    // CDNOW_sample.txt as an orders file: order id, customer (the sample id), date, amount.
    const lines = ['order_id,customer_id,ordered_at,amount']
    readFileSync(SAMPLE, 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim() !== '')
      .forEach((l, i) => {
        const [, id = '', d = '', , amount = ''] = l.trim().split(/\s+/)
        lines.push(`O${i + 1},${Number(id)},${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)},${amount}`)
      })
    const orders = join(dir, 'orders.csv')
    writeFileSync(orders, lines.join('\n'))
    const imported = await cli(['--db', db, '--json', 'import', 'orders', orders, '--source', 'cdnow'])
    expect(JSON.parse(imported.out)).toMatchObject({ imported: 6919, rejected: 0 })
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('fits the calibration period to the published estimates', async () => {
    const r = await cli(['--db', db, '--json', 'clv', 'fit', '--calibration-end', '1997-09-30', '--unit', 'week'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expectPublished(json, true)
    expect(json.holdout.actualTotal).toBe(1882)
  })

  it('checks the holdout period and writes the per-customer comparison', async () => {
    const out = join(dir, 'holdout.csv')
    const r = await cli(['--db', db, 'clv', 'holdout', '--calibration-end', '1997-09-30', '--out', out])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/actual 1882, predicted 1653\.\d/)
    const rows = readFileSync(out, 'utf8').trim().split('\n')
    expect(rows[0]).toBe('customer_id,frequency,recency,T,predicted,actual')
    expect(rows).toHaveLength(2358)
    expect(rows.slice(1).reduce((s, row) => s + Number(row.split(',')[5]), 0)).toBe(1882)
  })

  it('stores scores.clv for every buyer', async () => {
    const r = await cli(['--db', db, '--json', 'clv', 'predict', '--horizon', '52', '--discount', '0.01'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(json.scores).toMatchObject({ n: 2357, horizon: 52, discount: 0.01, unit: 'week', asOf: '1998-06-30' })
    const profile = JSON.parse((await cli(['--db', db, '--json', 'profile', '1'])).out)
    expect(Object.keys(profile.scores.clv)).toEqual(
      expect.arrayContaining(['clv', 'p_alive', 'expected_purchases', 'expected_spend', 'horizon', 'unit']),
    )
    const text = await cli(['--db', db, 'clv', 'predict'])
    expect(text.out).toMatch(/^scored 2357 customers as of 1998-06-30/)
    expect(text.out).toMatch(/top customers by CLV/)
    expect((await cli(['--db', db, 'clv', 'predict', '--horizon', 'soon'])).code).toBe(2)
    expect((await cli(['--db', db, 'clv', 'predict', '--discount', '2'])).code).toBe(2)
  })

  it('says what is missing on an empty database', async () => {
    const empty = join(dir, 'empty.duckdb')
    const r = await cli(['--db', empty, 'clv', 'predict'])
    expect(r.code).toBe(2)
    expect(r.err).toBe('portrait: the workspace has no purchases: import orders (or order lines) first\n')
    expect((await cli(['--db', db, 'clv', 'holdout'])).code).toBe(2)
  })
})
