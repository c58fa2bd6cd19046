import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { clvHoldoutOnDatabase, clvOverview } from '@portrait/platform'
import { SHOTS, startDemoApp, type DemoApp } from './browser.js'

const digits = (s: string): string => s.replace(/[^\d]/g, '')

describe('customer value page in a real browser', () => {
  let demo: DemoApp

  beforeAll(async () => {
    demo = await startDemoApp({ name: 'value', viewport: { width: 1440, height: 900 } })
  }, 180_000)

  afterAll(() => demo?.close())

  const open: DemoApp['open'] = (...args) => demo.open(...args)

  it('computes customer value from the page and shows the parameters, the charts and the customer lists', async () => {
    const page = await open('/value', 'zh-CN')
    await page.getByTestId('clv-controls').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('nav-value').innerText()).toContain('客户价值')
    // Nothing computed yet: the parameter card says so.
    expect(await page.getByTestId('clv-params').innerText()).toContain('还没有拟合模型')
    await page.getByTestId('clv-predict').click()
    await page.getByTestId('clv-params-bgnbd').waitFor({ timeout: 60_000 })

    const overview = await clvOverview(demo.portrait)
    const fit = overview.fit
    if (!fit || !fit.spend || !overview.scores) throw new Error('the page did not store a fit and scores')
    const params = await page.getByTestId('clv-params-bgnbd').innerText()
    for (const v of [fit.params.r, fit.params.alpha, fit.params.a, fit.params.b]) {
      expect(params).toContain(new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 8 }).format(Number(v.toPrecision(4))))
    }
    const spendParams = await page.getByTestId('clv-params-gamma-gamma').innerText()
    expect(spendParams).toContain(
      new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 8 }).format(Number(fit.spend.params.p.toPrecision(4))),
    )
    expect(await page.getByTestId('clv-diagnostics').innerText()).toContain('已收敛')
    expect(digits(await page.getByTestId('clv-kpi-customers').innerText())).toContain(String(overview.scores.n))

    await expect.poll(() => page.getByTestId('clv-histogram').locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('clv-heatmap').locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('clv-top-customers').locator('tbody tr a').count(), { timeout: 20_000 }).toBe(10)
    await page.getByTestId('clv-at-risk').waitFor()

    // The holdout check at the proposed calibration end, against the same check run on the platform.
    const calibrationEnd = await page.getByTestId('clv-holdout-date').inputValue()
    expect(calibrationEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    await page.getByTestId('clv-holdout-run').click()
    await page.getByTestId('clv-holdout-result').waitFor({ timeout: 60_000 })
    const check = await clvHoldoutOnDatabase(demo.portrait, { calibrationEnd, unit: 'week' })
    if (!check.ok) throw new Error(check.error.message)
    expect(digits(await page.getByTestId('clv-holdout-actual').innerText())).toBe(String(check.value.holdout.actualTotal))
    await expect.poll(() => page.getByTestId('clv-holdout-frequency').locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.getByTestId('clv-holdout-tracking').locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.waitForTimeout(800)
    await page.screenshot({ path: join(SHOTS, 'value-zh.png'), fullPage: true })
    expect(page.errors).toEqual([])

    // A top customer's profile shows the CLV score.
    await page.getByTestId('clv-top-customers').locator('tbody tr a').first().click()
    await page.getByTestId('profile-value-scores').waitFor({ timeout: 30_000 })
    const id = await page.getByTestId('profile-id').innerText()
    const stored = (await demo.portrait.store.scores.forCustomer(demo.portrait.workspaceId, id)).clv as { clv: number }
    expect(await page.getByTestId('profile-clv').innerText()).toBe(
      new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(stored.clv),
    )
    // A churn probability from the propensity model appears beside it.
    await demo.portrait.store.scores.replace(demo.portrait.workspaceId, 'churn', [{ customer_id: id, value: { probability: 0.372 } }], {
      model: 'logistic-regression',
      computedAt: new Date().toISOString(),
      n: 1,
    })
    await page.reload()
    await page.getByTestId('profile-churn').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('profile-churn').innerText()).toBe('37.2%')
    await page.getByTestId('profile-scores').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'value-profile-zh.png'), fullPage: true })
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('shows the stored results in English', async () => {
    const page = await open('/value', 'en')
    await page.getByTestId('clv-params-bgnbd').waitFor({ timeout: 30_000 })
    const body = await page.locator('body').innerText()
    expect(body).toContain('Customer lifetime value (CLV)')
    expect(body).toContain('Valuable customers at risk')
    await expect.poll(() => page.getByTestId('clv-heatmap').locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.getByTestId('clv-holdout-run').click()
    await page.getByTestId('clv-holdout-result').waitFor({ timeout: 60_000 })
    await page.waitForTimeout(800)
    await page.screenshot({ path: join(SHOTS, 'value-en.png'), fullPage: true })
    expect(page.errors).toEqual([])
    await page.close()
  })
})
