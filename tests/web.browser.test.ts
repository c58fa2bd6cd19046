import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { Portrait, seedDemo } from '@portrait/platform'
import { buildServer, defaultWebDir } from '@portrait/server'
import { launchBrowser } from './browser.js'

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)))
const SHOTS = join(REPO, '.tmp/screenshots')

describe('web app in a real browser', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  let browser: Browser
  let base: string
  let overview: Awaited<ReturnType<Portrait['overview']>>

  beforeAll(async () => {
    const webDir = defaultWebDir()
    if (!webDir) throw new Error('the web app is not built: npm ci (or npm run build) builds it')
    dir = mkdtempSync(join(tmpdir(), 'portrait-web-'))
    mkdirSync(SHOTS, { recursive: true })
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 7, customers: 600, endDate: new Date('2026-10-31T00:00:00Z') })
    overview = await portrait.overview()
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

  const open = async (path: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: lang })
    await page.addInitScript((l) => window.localStorage.setItem('portrait.language', l), lang)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}${path}`)
    ;(page as Page & { errors: string[] }).errors = errors
    return page
  }

  it('shows the dashboard with the real figures, in Chinese by default', async () => {
    const page = await open('/')
    const customers = page.getByTestId('kpi-customers')
    await customers.waitFor({ timeout: 30_000 })
    const digits = (s: string): string => s.replace(/[^\d]/g, '')
    expect(digits(await customers.innerText())).toContain(String(overview.customers))
    expect(digits(await page.getByTestId('kpi-orders').innerText())).toContain(String(overview.orders))
    await expect.poll(() => page.locator('canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    expect(await page.locator('body').innerText()).toMatch(/客户/)
    await page.screenshot({ path: join(SHOTS, 'dashboard-zh.png'), fullPage: true })
    expect((page as Page & { errors: string[] }).errors).toEqual([])
    await page.close()
  })

  it('switches to English', async () => {
    const page = await open('/', 'en')
    await page.getByTestId('kpi-customers').waitFor({ timeout: 30_000 })
    expect(await page.locator('body').innerText()).toMatch(/Customers/)
    await page.screenshot({ path: join(SHOTS, 'dashboard-en.png'), fullPage: true })
    await page.close()
  })

  it('lists customers and opens a profile from a shared link', async () => {
    const top = (await portrait.listCustomers({ limit: 1, sort: 'revenue', order: 'desc' })).items[0]
    if (!top) throw new Error('no customers')
    const page = await open('/customers')
    await page.getByTestId('customers-table').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('customers-table').innerText(), { timeout: 20_000 }).toContain(top.customer_id)
    await page.screenshot({ path: join(SHOTS, 'customers.png'), fullPage: true })
    await page.goto(`${base}/customers/${encodeURIComponent(top.customer_id)}`)
    const header = page.getByTestId('profile-header')
    await header.waitFor({ timeout: 30_000 })
    expect(await header.innerText()).toContain(top.customer_id)
    await page.screenshot({ path: join(SHOTS, 'profile.png'), fullPage: true })
    expect((page as Page & { errors: string[] }).errors).toEqual([])
    await page.close()
  })
})
