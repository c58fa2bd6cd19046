import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { ConsentHistoryResponse } from '@portrait/core'
import { SHOTS, startDemoApp, type DemoApp } from './browser.js'

/** A file name that would run script if the page rendered it as markup. */
const HOSTILE_NAME = '<img src=x onerror=window.__xss=1>.csv'

describe('audit log and consent history in a real browser', () => {
  let demo: DemoApp
  let consents: ConsentHistoryResponse

  beforeAll(async () => {
    demo = await startDemoApp({ name: 'privacy-web', seed: 3, customers: 200 })
    const { app, portrait } = demo
    const imported = await app.inject({
      method: 'POST',
      url: `/api/v1/imports/customers?filename=${encodeURIComponent(HOSTILE_NAME)}&source=crm`,
      headers: { 'content-type': 'text/csv' },
      payload: 'customer_id,name,email\nAUD-1,Zhou Min,zhou.min@example.cn\nAUD-2,Sun Li,sun.li@example.cn\n',
    })
    expect(imported.statusCode).toBe(200)
    for (const c of (await portrait.listCustomers({ limit: 200 })).items) {
      const h = (await app.inject({ url: `/api/v1/customers/${c.customer_id}/consents` })).json<ConsentHistoryResponse>()
      if (h.items.length >= 3 && new Set(h.items.map((i) => i.purpose)).size < h.items.length) {
        consents = h
        break
      }
    }
    expect(consents).toBeDefined()
  }, 180_000)

  afterAll(() => demo?.close())

  const open: DemoApp['open'] = (...args) => demo.open(...args)

  it('shows the import in the audit log, as text, in both languages, and filters by action', async () => {
    const page = await open('/audit')
    const rows = page.locator('[data-testid=audit-table] tbody tr[data-row-key]')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0)
    const first = rows.first()
    await expect.poll(() => first.locator('[data-action]').getAttribute('data-action')).toBe('import')
    const cells = await first.locator('td').allTextContents()
    // done with the test's admin API key: the log names the key by its prefix
    expect(cells[1]).toBe(`key:${demo.apiKey.slice(0, 'pt_admin_'.length + 8)}`)
    expect(cells[2]).toBe('导入')
    expect(cells[3]).toBe(HOSTILE_NAME)
    expect(cells[4]).toContain('kind: customers')
    expect(cells[4]).toContain('imported: 2')
    expect(await page.locator('[data-testid=audit-table] img').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(await page.locator('[data-testid=nav-audit]').getAttribute('class')).toContain('selected')
    await page.screenshot({ path: join(SHOTS, 'privacy-audit-zh.png'), fullPage: true })

    // Reading a profile through the API is a PII read: it appears once the list is refreshed.
    await page.request.get(`${demo.base}/api/v1/customers/AUD-1`)
    await page.getByRole('button', { name: '刷新' }).click()
    await expect.poll(() => first.locator('[data-action]').getAttribute('data-action')).toBe('profile.read')
    await page.locator('[data-testid=audit-action-filter]').click()
    await page.getByTitle('导入', { exact: true }).click()
    await expect.poll(() => rows.count()).toBe(1)
    expect(await first.locator('td').nth(3).textContent()).toBe(HOSTILE_NAME)
    expect(page.errors).toEqual([])
    await page.close()

    const en = await open('/audit', 'en')
    const enRows = en.locator('[data-testid=audit-table] tbody tr[data-row-key]')
    await expect.poll(() => enRows.count(), { timeout: 30_000 }).toBeGreaterThan(1)
    expect(await en.locator('h1').textContent()).toBe('Audit log')
    expect(await enRows.first().locator('td').nth(2).textContent()).toBe('Profile read')
    await en.screenshot({ path: join(SHOTS, 'privacy-audit-en.png'), fullPage: true })
    expect(en.errors).toEqual([])
    await en.close()
  })

  it('shows every consent record, newest first, under the consents card of the profile', async () => {
    const page = await open(`/customers/${encodeURIComponent(consents.customer_id)}`)
    const rows = page.locator('[data-testid=consent-history] tbody tr[data-row-key]')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(Math.min(10, consents.items.length))
    const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row-key')))
    expect(keys).toEqual(consents.items.slice(0, 10).map((c) => `${c.purpose}|${c.recorded_at}`))
    const states = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll('td')[2]?.textContent))
    expect(states).toEqual(consents.items.slice(0, 10).map((c) => (c.granted ? '已同意' : '已拒绝')))
    await page.locator('[data-testid=profile-consents]').scrollIntoViewIfNeeded()
    await page.locator('[data-testid=profile-consents]').screenshot({ path: join(SHOTS, 'privacy-consents-zh.png') })
    expect(page.errors).toEqual([])
    await page.close()

    const en = await open(`/customers/${encodeURIComponent(consents.customer_id)}`, 'en')
    await expect.poll(() => en.locator('[data-testid=consent-history] h3').textContent(), { timeout: 30_000 }).toBe('Consent history')
    await en.locator('[data-testid=profile-consents]').screenshot({ path: join(SHOTS, 'privacy-consents-en.png') })
    expect(en.errors).toEqual([])
    await en.close()
  })
})
