import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { Portrait, clvHoldoutOnDatabase, clvOverview, seedDemo } from '@portrait/platform'
import { buildServer, defaultWebDir } from '@portrait/server'
import { launchBrowser } from './browser.js'

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)))
const SHOTS = join(REPO, '.tmp/screenshots')

const digits = (s: string): string => s.replace(/[^\d]/g, '')

describe('customer value page in a real browser', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  let browser: Browser
  let base: string

  beforeAll(async () => {
    const webDir = defaultWebDir()
    if (!webDir) throw new Error('the web app is not built: npm ci (or npm run build) builds it')
    dir = mkdtempSync(join(tmpdir(), 'portrait-value-'))
    mkdirSync(SHOTS, { recursive: true })
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 7, customers: 600, endDate: new Date('2026-10-31T00:00:00Z') })
    app = await buildServer({ portrait, webDir })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    if (!addr || typeof addr === 'string') throw new Error('no port')
    base = `http://127.0.0.1:${addr.port}`
    browser = await launchBrowser()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await portrait?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const open = async (path: string, lang: 'zh-CN' | 'en'): Promise<Page & { errors: string[] }> => {
    const page = (await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: lang })) as Page & { errors: string[] }
    await page.addInitScript((l) => window.localStorage.setItem('portrait.language', l), lang)
    page.errors = []
    page.on('pageerror', (e) => page.errors.push(e.message))
    await page.goto(`${base}${path}`)
    return page
  }

  it('computes customer value from the page and shows the parameters, the charts and the customer lists', async () => {
    const page = await open('/value', 'zh-CN')
    await page.getByTestId('clv-controls').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('nav-value').innerText()).toContain('客户价值')
    // Nothing computed yet: the parameter card says so.
    expect(await page.getByTestId('clv-params').innerText()).toContain('还没有拟合模型')
    await page.getByTestId('clv-predict').click()
    await page.getByTestId('clv-params-bgnbd').waitFor({ timeout: 60_000 })

    const overview = await clvOverview(portrait)
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
    const check = await clvHoldoutOnDatabase(portrait, { calibrationEnd, unit: 'week' })
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
    const stored = (await portrait.store.scores.forCustomer(portrait.workspaceId, id)).clv as { clv: number }
    expect(await page.getByTestId('profile-clv').innerText()).toBe(
      new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(stored.clv),
    )
    // A churn probability from the propensity model appears beside it.
    await portrait.store.scores.replace(portrait.workspaceId, 'churn', [{ customer_id: id, value: { probability: 0.372 } }], {
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
