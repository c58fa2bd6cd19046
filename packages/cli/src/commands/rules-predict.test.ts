import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSegment, csvLine, Portrait, seedDemo } from '@portrait/platform'
import { runCli } from '../cli.js'

const SHARED = resolve(fileURLToPath(new URL('../../../../', import.meta.url)), '../shared/data')
const GROCERIES = join(SHARED, 'groceries/groceries.csv')
const BANK = join(SHARED, 'bank-marketing/bank.csv')

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

interface RulesJson {
  count: number
  transactions: number
  rules: {
    lhs: string[]
    rhs: string[]
    support: number
    confidence: number
    lift: number
    leverage: number
    conviction: number | null
    count: number
  }[]
}

describe('portrait rules on files', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-rules-cli-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reproduces arules on Groceries: 5,668 rules at support 0.001 / confidence 0.5', async () => {
    const r = await cli(['--json', 'rules', '--transactions', GROCERIES, '--basket', '--min-support', '0.001', '--min-confidence', '0.5'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as RulesJson
    expect(Object.keys(json)).toEqual(['count', 'transactions', 'rules'])
    expect(json.count).toBe(5668)
    expect(json.transactions).toBe(9835)
    expect(json.rules).toHaveLength(5668)
    expect(Object.keys(json.rules[0] ?? {})).toEqual(['lhs', 'rhs', 'support', 'confidence', 'lift', 'leverage', 'conviction', 'count'])
    expect(json.rules[0]).toMatchObject({ lhs: ['Instant food products', 'soda'], rhs: ['hamburger meat'], count: 12 })
    // Rules that never fail have an infinite conviction, written as null.
    const certain = json.rules.filter((rule) => rule.confidence === 1)
    expect(certain.length).toBeGreaterThan(0)
    expect(certain.every((rule) => rule.conviction === null)).toBe(true)
  })

  it('reproduces Lantz: 463 rules at 0.006 / 0.25 with minimum length 2, {herbs} => {root vegetables} on top', async () => {
    const r = await cli([
      '--json',
      'rules',
      '--transactions',
      GROCERIES,
      '--basket',
      '--min-support',
      '0.006',
      '--min-confidence',
      '0.25',
      '--min-len',
      '2',
    ])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as RulesJson
    expect(json.count).toBe(463)
    expect(json.rules[0]).toMatchObject({ lhs: ['herbs'], rhs: ['root vegetables'], count: 69 })
    expect(json.rules[0]?.lift).toBeCloseTo(3.956477, 6)
    expect(json.rules[0]?.support).toBeCloseTo(0.00701576, 8)
    expect(json.rules[0]?.confidence).toBeCloseTo(0.43125, 8)
  })

  it('gives the same rules from the long format of the same baskets', async () => {
    const baskets = readFileSync(GROCERIES, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => line.split(','))
    const long = join(dir, 'groceries-long.csv')
    writeFileSync(
      long,
      [csvLine(['transaction_id', 'item']), ...baskets.flatMap((items, i) => items.map((item) => csvLine([String(i + 1), item])))].join(
        '\n',
      ),
    )
    const fromBaskets = JSON.parse(
      (await cli(['--json', 'rules', '--transactions', GROCERIES, '--basket', '--min-support', '0.006', '--min-confidence', '0.25'])).out,
    )
    const r = await cli(['--json', 'rules', '--transactions', long, '--min-support', '0.006', '--min-confidence', '0.25'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toEqual(fromBaskets)
  })

  it('keeps the first rules by the chosen measure', async () => {
    const r = await cli([
      '--json',
      'rules',
      '--transactions',
      GROCERIES,
      '--basket',
      '--min-support',
      '0.006',
      '--min-confidence',
      '0.25',
      '--sort',
      'support',
      '--limit',
      '3',
    ])
    const json = JSON.parse(r.out) as RulesJson
    expect(json.count).toBe(463)
    expect(json.rules.map((rule) => [rule.lhs, rule.rhs])).toEqual([
      // Equal support: the more confident direction first.
      [['other vegetables'], ['whole milk']],
      [['whole milk'], ['other vegetables']],
      [['rolls/buns'], ['whole milk']],
    ])
    const text = await cli([
      'rules',
      '--transactions',
      GROCERIES,
      '--basket',
      '--min-support',
      '0.006',
      '--min-confidence',
      '0.25',
      '--limit',
      '2',
    ])
    expect(text.out).toContain('463 rules from 9835 transactions (minimum support count 60)')
    expect(text.out).toContain('{herbs} => {root vegetables}')
  })

  it('exits 2 with one clear line for degenerate input', async () => {
    const one = join(dir, 'one-item.csv')
    writeFileSync(one, 'milk\nmilk\nmilk\n')
    const single = await cli(['rules', '--transactions', one, '--basket', '--min-support', '0.1', '--min-confidence', '0.1'])
    expect(single.code).toBe(2)
    expect(single.err).toBe(`portrait: ${one}: association rules need at least two distinct items, the transactions contain 1\n`)

    const header = join(dir, 'header-only.csv')
    writeFileSync(header, 'transaction_id,item\n')
    const none = await cli(['rules', '--transactions', header, '--min-support', '0.1', '--min-confidence', '0.1'])
    expect(none.code).toBe(2)
    expect(none.err).toBe(`portrait: ${header} has a header but no rows\n`)

    const support = await cli(['rules', '--transactions', GROCERIES, '--basket', '--min-support', '1.5', '--min-confidence', '0.1'])
    expect(support.code).toBe(2)
    expect(support.err).toBe('portrait: minimum support must be a number in (0, 1], got 1.5\n')
    expect((await cli(['rules', '--transactions', GROCERIES, '--basket', '--min-support', '0', '--min-confidence', '0.1'])).code).toBe(2)
    expect((await cli(['rules', '--transactions', GROCERIES, '--basket', '--min-support', 'lots', '--min-confidence', '0.1'])).code).toBe(2)

    const nothing = await cli(['rules', '--min-support', '0.1', '--min-confidence', '0.1'])
    expect(nothing.code).toBe(2)
    expect(nothing.err).toMatch(/exactly one of --transactions FILE, --segment ID or --all/)
    expect(support.out + single.out + none.out).toBe('')
  })
})

describe('portrait predict train on bank marketing', () => {
  // 10-fold stratified CV, seed 1, no penalty: the figures established by the analytics tests.
  it('gives AUC 0.888 with every column and 0.723 without the leaked duration', async () => {
    const all = await cli(['--json', 'predict', 'train', '--csv', BANK, '--target', 'y', '--folds', '10', '--seed', '1', '--lambda', '0'])
    expect(all.code).toBe(0)
    const leaky = JSON.parse(all.out)
    expect(Object.keys(leaky).slice(0, 6)).toEqual(['auc', 'meanAuc', 'sdAuc', 'logLoss', 'folds', 'features'])
    expect(leaky.auc).toBeCloseTo(0.8878186, 6)
    expect(leaky.logLoss).toBeCloseTo(0.2521739, 6)
    expect(leaky.folds).toHaveLength(10)
    expect(leaky.features).toContain('duration')
    expect(leaky).toMatchObject({ n: 4521, positives: 521, positive: 'yes', target: 'y' })
    expect(leaky.coefficients[0].term).toBe('duration')

    const honest = JSON.parse(
      (await cli(['--json', 'predict', 'train', '--csv', BANK, '--target', 'y', '--drop', 'duration', '--seed', '1', '--lambda', '0'])).out,
    )
    expect(honest.auc).toBeCloseTo(0.72288, 5)
    expect(honest.meanAuc).toBeCloseTo(0.7235567, 6)
    expect(honest.features).not.toContain('duration')
    expect(honest.top).toMatchObject({ k: 453, truePositives: 187 })
    expect(honest.gains).toHaveLength(10)
    expect(honest.gains[9].gain).toBeCloseTo(1, 12)
    expect(honest.calibration.reduce((n: number, bin: { count: number }) => n + bin.count, 0)).toBe(4521)
  })

  it('names the line and column of a non-numeric cell, and refuses a constant target', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portrait-predict-cli-'))
    try {
      const lines = readFileSync(BANK, 'utf8').split('\n')
      lines[41] = (lines[41] ?? '').replace(/;(-?\d+);"(yes|no)";"(yes|no)";"(cellular|unknown|telephone)"/, ';"n/a";"$2";"$3";"$4"')
      const broken = join(dir, 'bank-broken.csv')
      writeFileSync(broken, lines.join('\n'))
      const r = await cli(['predict', 'train', '--csv', broken, '--target', 'y'])
      expect(r.code).toBe(2)
      expect(r.err).toMatch(/^portrait: .*bank-broken\.csv, line 42, column 'balance': "n\/a" is not a number/)

      const constant = join(dir, 'constant.csv')
      writeFileSync(constant, 'age;y\n30;no\n40;no\n')
      const c = await cli(['predict', 'train', '--csv', constant, '--target', 'y'])
      expect(c.code).toBe(2)
      expect(c.err).toBe(
        `portrait: the target column 'y' of ${constant} has the same value 'no' in all 2 rows: a model needs both outcomes\n`,
      )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('portrait rules and predict on the demo database', () => {
  let dir: string
  let db: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-rules-predict-db-'))
    db = join(dir, 'p.duckdb')
    const portrait = await Portrait.open({ dbPath: db })
    try {
      await seedDemo(portrait, { seed: 21, customers: 1500, endDate: new Date('2026-10-31T00:00:00Z') })
      const segment = await createSegment(portrait, {
        id: 'tier1',
        name: '一线城市',
        rule: { trait: 'city_tier', op: 'eq', value: 'tier1' },
      })
      if (!segment.ok) throw new Error(segment.error.message)
    } finally {
      await portrait.close()
    }
  }, 120_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('finds the pairs the demo shop plants with lift above 1', async () => {
    const r = await cli(['--db', db, '--json', 'rules', '--all', '--min-support', '0.002', '--min-confidence', '0.1'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as RulesJson
    expect(Object.keys(json)).toEqual(['count', 'transactions', 'rules'])
    const lift = (a: string, b: string): number | undefined =>
      json.rules.find((rule) => rule.lhs.length === 1 && rule.lhs[0] === a && rule.rhs[0] === b)?.lift
    expect(lift('MY-1001', 'MY-1002')).toBeGreaterThan(1) // baby formula → diapers
    expect(lift('SM-1001', 'SM-1002')).toBeGreaterThan(1) // phone → phone case
    expect(lift('CW-1001', 'CW-1002')).toBeGreaterThan(1) // cat food → litter
    const text = await cli(['--db', db, 'rules', '--all', '--min-support', '0.002', '--min-confidence', '0.1', '--limit', '100'])
    expect(text.out).toMatch(/\{CW-1001 [^}]*猫粮[^}]*\} => \{CW-1002 [^}]*猫砂[^}]*\}/)
    const categories = JSON.parse(
      (await cli(['--db', db, '--json', 'rules', '--all', '--level', 'category', '--min-support', '0.01', '--min-confidence', '0.1'])).out,
    )
    expect(categories.rules.every((rule: { lhs: string[] }) => rule.lhs.every((item) => !/^[A-Z]{2}-\d{4}$/.test(item)))).toBe(true)
  })

  it('mines the orders of one segment, and exits 3 for an unknown segment', async () => {
    const all = JSON.parse(
      (await cli(['--db', db, '--json', 'rules', '--all', '--min-support', '0.005', '--min-confidence', '0.1'])).out,
    ) as RulesJson
    const r = await cli(['--db', db, '--json', 'rules', '--segment', 'tier1', '--min-support', '0.005', '--min-confidence', '0.1'])
    expect(r.code).toBe(0)
    const tier1 = JSON.parse(r.out) as RulesJson
    expect(tier1.transactions).toBeGreaterThan(0)
    expect(tier1.transactions).toBeLessThan(all.transactions)
    const unknown = await cli(['--db', db, 'rules', '--segment', 'nope', '--min-support', '0.005', '--min-confidence', '0.1'])
    expect(unknown.code).toBe(3)
    expect(unknown.err).toMatch(/^portrait: .*nope/)
  })

  it('trains a churn model well above chance and scores every customer who has bought', async () => {
    const train = await cli(['--db', db, '--json', 'predict', 'train', '--label', 'churn', '--horizon', '90'])
    expect(train.code).toBe(0)
    const model = JSON.parse(train.out)
    expect(model.auc).toBeGreaterThan(0.75)
    expect(model.folds).toHaveLength(10)
    expect(model).toMatchObject({ label: 'churn', horizon: 90, cutoff: '2026-08-03' })

    const score = await cli(['--db', db, '--json', 'predict', 'score', '--label', 'churn', '--horizon', '90'])
    expect(score.code).toBe(0)
    const scored = JSON.parse(score.out)
    const portrait = await Portrait.open({ dbPath: db })
    try {
      const buyers = await portrait.store.features.customerFeatures(portrait.workspaceId, { buyersOnly: true })
      expect(scored.written).toBe(buyers.customerIds.length)
      const rows = await portrait.store.scores.list(portrait.workspaceId, 'churn')
      expect(rows.map((row) => row.customer_id)).toEqual(buyers.customerIds)
      expect(rows.every((row) => typeof row.value.probability === 'number')).toBe(true)
      const profile = await portrait.profile(buyers.customerIds[0] ?? '')
      expect(profile.ok && profile.value.scores).toMatchObject({
        churn: { model: 'logistic-regression', horizon: 90, as_of: '2026-11-01' },
      })
    } finally {
      await portrait.close()
    }
    const wrong = await cli(['--db', db, 'predict', 'train', '--target', 'loyalty'])
    expect(wrong.code).toBe(2)
    expect(wrong.err).toMatch(/target is churn or purchase/)
  })
})
