import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { PredictLatest, RulesRun } from '@portrait/core'
import { SHOTS, startDemoApp, type DemoApp } from './browser.js'

describe('cross-sell and predictions pages in a real browser', () => {
  let demo: DemoApp

  beforeAll(async () => {
    demo = await startDemoApp({ name: 'cross-sell', customers: 1000 })
  }, 180_000)

  afterAll(() => demo?.close())

  const open: DemoApp['open'] = (...args) => demo.open(...args)

  /** A full-page picture from the top, once the charts' entry animations are over. */
  const shot = async (page: Page, name: string): Promise<void> => {
    await page.evaluate(() => window.scrollTo(0, 0))
    await page.waitForTimeout(1200)
    await page.screenshot({ path: join(SHOTS, name), fullPage: true })
  }

  const api = <T>(path: string): Promise<T> => demo.api<T>(path)

  it('mines rules from the page and shows them in a table, as cross-sell lists and as a graph', async () => {
    const page = await open('/cross-sell')
    await page.getByTestId('rules-run').waitFor({ timeout: 30_000 })
    expect(await page.locator('body').innerText()).toContain('还没有关联规则')
    await page.getByTestId('nav-cross-sell').waitFor()
    expect(await page.getByTestId('nav-cross-sell').innerText()).toContain('关联推荐')

    await page.getByTestId('rules-run').click()
    const table = page.getByTestId('rules-table')
    await table.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 })
    const run = await api<RulesRun>('/api/v1/rules')
    expect(run.count).toBeGreaterThan(5)
    const digits = (s: string): string => s.replace(/[^\d]/g, '')
    expect(digits(await page.getByTestId('rules-count').innerText())).toBe(String(run.count))
    // The best rule by lift comes first, with product names.
    const top = run.rules[0]
    const firstRow = await table.locator('tbody tr.ant-table-row').first().innerText()
    expect(firstRow).toContain(run.items[top?.lhs[0] ?? '']?.name ?? 'missing')
    expect(firstRow).toContain(run.items[top?.rhs[0] ?? '']?.name ?? 'missing')

    await page.getByTestId('rules-filter').locator('input').fill('猫砂')
    await expect
      .poll(async () => (await table.locator('tbody tr.ant-table-row').allInnerTexts()).every((row) => row.includes('猫砂')), {
        timeout: 10_000,
      })
      .toBe(true)
    expect(await table.locator('tbody tr.ant-table-row').count()).toBeGreaterThan(0)
    await shot(page, 'cross-sell-rules-zh.png')

    await page.getByTestId('tab-cross-sell').click()
    const list = page.getByTestId('cross-sell-list')
    await list.locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 })
    expect(await list.innerText()).toMatch(/买了 .+/)
    expect(await list.innerText()).toContain('→ 推荐')
    await shot(page, 'cross-sell-list-zh.png')

    await page.getByTestId('tab-graph').click()
    await page.getByTestId('rules-graph').locator('canvas').waitFor({ timeout: 20_000 })
    await shot(page, 'cross-sell-graph-zh.png')
    expect(page.errors).toEqual([])
    await page.close()

    const en = await open('/cross-sell', 'en')
    await en.getByTestId('rules-table').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 })
    expect(await en.locator('body').innerText()).toContain('Cross-sell')
    await shot(en, 'cross-sell-rules-en.png')
    await en.getByTestId('tab-cross-sell').click()
    await en.getByTestId('cross-sell-list').locator('tbody tr.ant-table-row').first().waitFor({ timeout: 20_000 })
    expect(await en.getByTestId('cross-sell-list').innerText()).toMatch(/Bought .+/)
    await shot(en, 'cross-sell-list-en.png')
    expect(en.errors).toEqual([])
    await en.close()
  })

  it('trains a churn model from the page, showing the API’s AUC, then scores the customers', async () => {
    const page = await open('/predictions')
    // The form shows at once; the empty state once the API has said there is no model yet.
    await page.getByText('还没有训练模型').waitFor({ timeout: 30_000 })
    await page.getByTestId('predict-train').click()
    const auc = page.getByTestId('model-auc')
    await auc.waitFor({ timeout: 60_000 })
    const latest = await api<PredictLatest>('/api/v1/predict?label=churn')
    if (!latest.model) throw new Error('no model stored')
    expect(latest.model.auc).toBeGreaterThan(0.6)
    expect(await auc.innerText()).toBe(latest.model.auc.toFixed(4))
    for (const chart of ['chart-folds', 'chart-gains', 'chart-calibration', 'chart-importance']) {
      await page.getByTestId(chart).locator('canvas').waitFor({ timeout: 20_000 })
    }
    await shot(page, 'predictions-model-zh.png')

    await page.getByTestId('predict-score').click()
    const scored = page.getByTestId('scored-count')
    await scored.waitFor({ timeout: 60_000 })
    const after = await api<PredictLatest>('/api/v1/predict?label=churn')
    if (!after.scoring) throw new Error('no scoring stored')
    expect((await scored.innerText()).replace(/[^\d]/g, '')).toBe(String(after.scoring.written))
    const topRow = page.getByTestId('scored-top').locator('tbody tr.ant-table-row').first()
    await topRow.waitFor()
    expect(await topRow.innerText()).toContain(after.scoring.top[0]?.customer_id ?? 'missing')
    await shot(page, 'predictions-scored-zh.png')

    // The top customer links to the profile, which now shows the churn score.
    await topRow.locator('a').click()
    await page.getByTestId('profile-header').waitFor({ timeout: 30_000 })
    expect(page.url()).toContain(`/customers/${encodeURIComponent(after.scoring.top[0]?.customer_id ?? '')}`)
    await page.getByTestId('profile-scores').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('profile-scores').innerText()).toMatch(/流失/)
    await shot(page, 'predictions-profile-zh.png')
    expect(page.errors).toEqual([])
    await page.close()

    const en = await open('/predictions', 'en')
    await en.getByTestId('model-auc').waitFor({ timeout: 30_000 })
    expect(await en.getByTestId('model-auc').innerText()).toBe(latest.model.auc.toFixed(4))
    await en.getByTestId('scored-count').waitFor({ timeout: 30_000 })
    await shot(en, 'predictions-en.png')
    expect(en.errors).toEqual([])
    await en.close()
  })
})
