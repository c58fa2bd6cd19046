import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Portrait } from '@portrait/platform'
import { SHOTS, startDemoApp, type DemoApp } from './browser.js'

describe('web app in a real browser', () => {
  let demo: DemoApp
  let overview: Awaited<ReturnType<Portrait['overview']>>

  beforeAll(async () => {
    demo = await startDemoApp({
      name: 'web',
      beforeServe: async (portrait) => {
        overview = await portrait.overview()
      },
    })
  }, 180_000)

  afterAll(() => demo?.close())

  const open: DemoApp['open'] = (...args) => demo.open(...args)

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
    expect(page.errors).toEqual([])
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
    const top = (await demo.portrait.listCustomers({ limit: 1, sort: 'revenue', order: 'desc' })).items[0]
    if (!top) throw new Error('no customers')
    const page = await open('/customers')
    await page.getByTestId('customers-table').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('customers-table').innerText(), { timeout: 20_000 }).toContain(top.customer_id)
    await page.screenshot({ path: join(SHOTS, 'customers.png'), fullPage: true })
    await page.goto(`${demo.base}/customers/${encodeURIComponent(top.customer_id)}`)
    const header = page.getByTestId('profile-header')
    await header.waitFor({ timeout: 30_000 })
    expect(await header.innerText()).toContain(top.customer_id)
    await page.screenshot({ path: join(SHOTS, 'profile.png'), fullPage: true })
    expect(page.errors).toEqual([])
    await page.close()
  })
})
