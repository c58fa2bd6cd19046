import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../demo/seed.js'
import { SHARED_DATA, tempPortrait } from '../testing/temp.js'
import { latestPrediction, scoreDatabaseModel, trainDatabaseModel } from './database-model.js'
import { trainFileModel } from './file-model.js'

const BANK = join(SHARED_DATA, 'bank-marketing/bank.csv')

describe('propensity models on a file', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    t = await tempPortrait()
  })
  afterAll(async () => t.cleanup())

  it('reads bank.csv as it is and infers the column kinds and the positive outcome', async () => {
    const r = await trainFileModel(BANK, { target: 'y', drop: ['duration'], lambda: 0, seed: 1, name: 'bank.csv' })
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value).toMatchObject({ n: 4521, positives: 521, positive: 'yes', target: 'y' })
    expect(r.value.features).not.toContain('duration')
    expect(r.value.features).toHaveLength(15)
    expect(r.value.auc).toBeCloseTo(0.72288, 5)
    expect(r.value.coefficients.find((c) => c.term === 'poutcome=success')?.reference).toBe('failure')
  })

  it('names the line and column of a non-numeric cell in a numeric column', async () => {
    const lines = readFileSync(BANK, 'utf8').split('\n')
    lines[18] = (lines[18] ?? '').replace(/^\d+;/, '"forty";')
    const file = t.file('bank-broken.csv', lines.join('\n'))
    const r = await trainFileModel(file, { target: 'y', name: 'bank-broken.csv' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.tag).toBe('InvalidInput')
      expect(r.error.message).toMatch(/^bank-broken\.csv, line 19, column 'age': "forty" is not a number/)
    }
    const asCategories = await trainFileModel(file, { target: 'y', categorical: ['age'], folds: 3 })
    expect(asCategories.ok).toBe(true)
  })

  it('refuses a constant target, an unknown column and an ambiguous outcome', async () => {
    const constant = t.file('constant.csv', 'x,y\n1,no\n2,no\n3,no\n')
    expect(await trainFileModel(constant, { target: 'y', name: 'constant.csv' })).toMatchObject({
      ok: false,
      error: {
        tag: 'DegenerateData',
        message: "the target column 'y' of constant.csv has the same value 'no' in all 3 rows: a model needs both outcomes",
      },
    })
    expect(await trainFileModel(BANK, { target: 'subscribed', name: 'bank.csv' })).toMatchObject({
      ok: false,
      error: {
        tag: 'InvalidInput',
        message: expect.stringMatching(/^target: bank\.csv has no column 'subscribed' \(columns: 'age', 'job'/),
      },
    })
    const three = t.file('three.csv', 'x,y\n1,a\n2,b\n3,c\n4,a\n')
    expect(await trainFileModel(three, { target: 'y' })).toMatchObject({
      ok: false,
      error: { tag: 'InvalidInput', message: expect.stringMatching(/--positive/) },
    })
  })
})

describe('churn and purchase models on the database', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    t = await tempPortrait()
    await seedDemo(t.portrait, { seed: 11, customers: 1500, endDate: new Date('2026-10-31T00:00:00Z') })
  }, 120_000)
  afterAll(async () => t.cleanup())

  it('trains a churn model whose cross-validated AUC is well above chance, and stores it', async () => {
    expect(await latestPrediction(t.portrait)).toEqual({ model: null, scoring: null })
    const r = await trainDatabaseModel(t.portrait, { label: 'churn', horizon: 90 })
    if (!r.ok) throw new Error(r.error.message)
    const model = r.value
    // The last order is on 2026-10-31 (UTC), so the data end on 2026-11-01 (exclusive) and the
    // 90-day label window starts 90 days earlier.
    expect(model).toMatchObject({ label: 'churn', horizon: 90, cutoff: '2026-08-03', labelEnd: '2026-11-01' })
    expect(model.auc).toBeGreaterThan(0.7)
    expect(model.folds).toHaveLength(10)
    expect(model.positives).toBeGreaterThan(0)
    expect(model.positives).toBeLessThan(model.n)
    expect(model.features).toEqual(
      expect.arrayContaining(['recency_days', 'frequency', 'monetary', 'tenure_days', 'share_online', 'events_total', 'gender']),
    )
    // Recency is the strongest sign of lapsing: the longer since the last purchase, the likelier.
    const recency = model.coefficients.find((c) => c.term === 'recency_days')
    expect(recency?.coefficient).toBeGreaterThan(0)
    expect((await latestPrediction(t.portrait)).model).toEqual(model)
  })

  it('scores every customer who has bought and records the provenance', async () => {
    const r = await scoreDatabaseModel(t.portrait, { label: 'churn', horizon: 90 })
    if (!r.ok) throw new Error(r.error.message)
    const buyers = await t.portrait.store.features.customerFeatures(t.portrait.workspaceId, { buyersOnly: true })
    expect(r.value.written).toBe(buyers.customerIds.length)
    expect(r.value.asOf).toBe('2026-11-01')
    const scores = await t.portrait.store.scores.list(t.portrait.workspaceId, 'churn')
    expect(scores).toHaveLength(buyers.customerIds.length)
    for (const { value } of scores) {
      expect(value).toEqual({ probability: expect.any(Number), model: 'logistic-regression', horizon: 90, as_of: '2026-11-01' })
      expect(value.probability).toBeGreaterThanOrEqual(0)
      expect(value.probability).toBeLessThanOrEqual(1)
    }
    expect(r.value.distribution.reduce((n, b) => n + b.count, 0)).toBe(r.value.written)
    const top = r.value.top.map((s) => s.probability)
    expect(top).toEqual([...top].sort((a, b) => b - a))
    const provenance = await t.portrait.store.scores.provenance(t.portrait.workspaceId, 'churn')
    expect(provenance?.params).toMatchObject({ auc: r.value.model.auc, trainingRows: r.value.model.n, features: r.value.model.features })
    expect((await latestPrediction(t.portrait, 'churn')).scoring).toEqual(r.value)
  })

  it('scores purchase propensity for every customer, buyers or not', async () => {
    const r = await scoreDatabaseModel(t.portrait, { label: 'purchase', horizon: 60 })
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.written).toBe(await t.portrait.countCustomers())
    expect(r.value.model.auc).toBeGreaterThan(0.6)
    expect((await latestPrediction(t.portrait)).model?.label).toBe('purchase')
  })

  it('explains a label window past the data and an unknown feature', async () => {
    expect(await trainDatabaseModel(t.portrait, { label: 'churn', horizon: 90, cutoff: '2026-09-01' })).toMatchObject({
      ok: false,
      error: { tag: 'InvalidInput', message: expect.stringMatching(/ends on 2026-11-30, after the data \(last order on 2026-10-31\)/) },
    })
    expect(await trainDatabaseModel(t.portrait, { label: 'churn', drop: ['shoe_size'] })).toMatchObject({
      ok: false,
      error: { tag: 'InvalidInput', message: expect.stringMatching(/^cannot drop 'shoe_size'/) },
    })
    expect(await trainDatabaseModel(t.portrait, { label: 'churn', cutoff: '2024-01-01' })).toMatchObject({
      ok: false,
      error: { tag: 'DegenerateData', message: expect.stringMatching(/no customer had bought before the cut-off 2024-01-01/) },
    })
  })
})
