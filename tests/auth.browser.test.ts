import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { ApiKeyCreated, CustomerListResponse, SegmentListResponse } from '@portrait/core'
import { SHOTS, TEST_PASSWORD, startDemoApp, testUserEmail, type DemoApp } from './browser.js'

describe('sign-in, roles and access settings in a real browser', () => {
  let demo: DemoApp

  beforeAll(async () => {
    demo = await startDemoApp({ name: 'auth' })
  }, 180_000)

  afterAll(() => demo?.close())

  /** Reloads the page recording every Content Security Policy violation; read them with `cspViolations`. */
  const watchCsp = async (page: Awaited<ReturnType<DemoApp['open']>>) => {
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) => {
        const w = window as unknown as { __csp?: string[] }
        ;(w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`)
      }),
    )
    await page.reload()
  }
  const cspViolations = (page: Awaited<ReturnType<DemoApp['open']>>) =>
    page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])

  /** The status of `path` fetched from inside the page, i.e. with the page's cookies. */
  const statusInPage = (page: Awaited<ReturnType<DemoApp['open']>>, path: string) =>
    page.evaluate(async (p) => (await fetch(p)).status, path)

  it('asks for a sign-in, refuses a wrong password, returns to the page asked for and signs out', async () => {
    const page = await demo.open('/customers', 'zh-CN', undefined, { as: null })
    const form = page.getByTestId('sign-in')
    await form.waitFor({ timeout: 30_000 })
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/customers')
    expect(await page.getByTestId('nav-menu').count()).toBe(0)
    expect(await page.locator('body').innerText()).toContain('Portrait 客户画像')
    await page.screenshot({ path: join(SHOTS, 'sign-in-zh.png'), fullPage: true })

    await page.getByTestId('sign-in-email').fill(testUserEmail('owner'))
    await page.getByTestId('sign-in-password').fill('not-the-password')
    await page.getByTestId('sign-in-submit').click()
    const error = page.getByTestId('sign-in-error')
    await error.waitFor({ timeout: 20_000 })
    expect(await error.innerText()).toContain('邮箱或密码不正确')
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    await page.screenshot({ path: join(SHOTS, 'sign-in-wrong-password-zh.png'), fullPage: true })

    await page.getByTestId('sign-in-password').fill(TEST_PASSWORD)
    await page.getByTestId('sign-in-submit').click()
    await page.getByTestId('customers-table').waitFor({ timeout: 30_000 })
    expect(new URL(page.url()).pathname).toBe('/customers')
    expect(await page.getByTestId('user-email').innerText()).toBe(testUserEmail('owner'))
    expect(await page.getByTestId('user-role').innerText()).toBe('所有者')
    expect(await statusInPage(page, '/api/v1/session')).toBe(200)

    await page.getByTestId('user-menu').click()
    await page.getByTestId('sign-out').click()
    await form.waitFor({ timeout: 20_000 })
    expect(new URL(page.url()).pathname).toBe('/sign-in')
    expect(await statusInPage(page, '/api/v1/session')).toBe(401)
    // the customer list is gone from the page along with the session
    expect(await page.getByTestId('customers-table').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('shows the sign-in page in English', async () => {
    const page = await demo.open('/', 'en', undefined, { as: null })
    await watchCsp(page)
    await page.getByTestId('sign-in').waitFor({ timeout: 30_000 })
    const text = await page.locator('body').innerText()
    expect(text).toContain('Sign in')
    expect(text).toContain('Password')
    expect(new URL(page.url()).search).toBe('')
    await page.screenshot({ path: join(SHOTS, 'sign-in-en.png'), fullPage: true })
    expect(await cspViolations(page)).toEqual([])
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('masks personal data for a viewer and offers none of the actions a viewer cannot take', async () => {
    const customers = await demo.api<CustomerListResponse>('/api/v1/customers?limit=200&sort=revenue&order=desc')
    const person = customers.items.find((c) => c.email && c.phone && c.phone.replace(/\D/g, '').length === 11)
    if (!person?.email || !person.phone) throw new Error('no demo customer with an email and a phone')
    const digits = person.phone.replace(/\D/g, '')
    const maskedEmail = `${person.email[0]}***${person.email.slice(person.email.lastIndexOf('@'))}`
    const maskedPhone = `${digits.slice(0, 3)}****${digits.slice(-4)}`

    const page = await demo.open(`/customers/${encodeURIComponent(person.customer_id)}`, 'zh-CN', undefined, { as: 'viewer' })
    await page.getByTestId('profile-header').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('body').innerText(), { timeout: 20_000 }).toContain(maskedEmail)
    const profileText = await page.locator('body').innerText()
    expect(profileText).toContain(maskedPhone)
    expect(profileText).not.toContain(person.email)
    expect(profileText).not.toContain(digits)
    expect(await page.getByTestId('user-role').innerText()).toBe('只读成员')
    await page.screenshot({ path: join(SHOTS, 'viewer-profile.png'), fullPage: true })

    // the menu: no import, audit log or settings
    await page.getByTestId('nav-customers').waitFor()
    for (const id of ['nav-import', 'nav-audit', 'nav-access-settings']) expect(await page.getByTestId(id).count()).toBe(0)

    // a segment: members can be looked at, not exported, edited or deleted
    const segment = (await demo.api<SegmentListResponse>('/api/v1/segments')).items[0]
    if (!segment) throw new Error('the demo has no segments')
    await page.goto(`${demo.base}/segments/${encodeURIComponent(segment.id)}`)
    await page.getByTestId('segment-header').waitFor({ timeout: 30_000 })
    for (const id of ['segment-export', 'segment-edit', 'segment-delete']) expect(await page.getByTestId(id).count()).toBe(0)
    await page.goto(`${demo.base}/segments`)
    await page.getByTestId('segments-table').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('segments-new').count()).toBe(0)

    // a bookmarked page the role cannot use
    await page.goto(`${demo.base}/import`)
    await page.getByTestId('no-access').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('no-access').innerText()).toContain('无权访问')
    expect(page.errors).toEqual([])
    await page.close()

    // the owner gets what the viewer did not
    const owner = await demo.open(`/segments/${encodeURIComponent(segment.id)}`)
    await owner.getByTestId('segment-export').waitFor({ timeout: 30_000 })
    expect(await owner.getByTestId('segment-edit').count()).toBe(1)
    expect(await owner.getByTestId('nav-import').count()).toBe(1)
    expect(await owner.getByTestId('nav-access-settings').count()).toBe(1)
    await owner.close()
  })

  it('lets the owner add a user, and create, use and revoke an API key shown only once', async () => {
    const page = await demo.open('/settings/access')
    const users = page.getByTestId('users-table')
    await expect.poll(() => users.innerText(), { timeout: 30_000 }).toContain(testUserEmail('viewer'))

    await page.getByTestId('create-user-email').fill('new.analyst@example.com')
    await page.getByTestId('create-user-password').fill('a-long-enough-password')
    await page.getByTestId('create-user-submit').click()
    await expect.poll(() => users.innerText(), { timeout: 20_000 }).toContain('new.analyst@example.com')
    // the default role of a new user is analyst (the admin API key the test holds may not list users)
    expect(await page.getByTestId('user-role-new.analyst@example.com').innerText()).toContain('分析师')

    await page.getByTestId('create-key-kind-read').click()
    await page.getByTestId('create-key-name').fill('BI 报表')
    await page.getByTestId('create-key-submit').click()
    const shown = page.getByTestId('new-key')
    await shown.waitFor({ timeout: 20_000 })
    const key = (await shown.innerText()).trim()
    expect(key.length).toBeGreaterThan(20)
    expect(await page.getByTestId('new-key-warning').innerText()).toContain('无法再次查看')
    expect(await shown.locator('.ant-typography-copy').count()).toBe(1)
    await page.screenshot({ path: join(SHOTS, 'settings-new-key-zh.png'), fullPage: true })

    // the key works as a read key
    const withKey = (path: string) => fetch(`${demo.base}${path}`, { headers: { authorization: `Bearer ${key}` } })
    expect((await withKey('/api/v1/customers?limit=1')).status).toBe(200)

    await page.getByTestId('new-key-close').click()
    // once closed, the key is gone from the page for good
    await expect.poll(() => page.locator('body').innerText(), { timeout: 10_000 }).not.toContain(key)
    expect(await page.content()).not.toContain(key)
    const listed = (await demo.api<{ items: ApiKeyCreated[] }>('/api/v1/keys')).items.find((k) => key.startsWith(k.prefix) && !k.revoked_at)
    if (!listed) throw new Error('the new key is not listed')
    const keys = page.getByTestId('keys-table')
    await expect.poll(() => keys.innerText(), { timeout: 20_000 }).toContain(listed.prefix)
    await page.screenshot({ path: join(SHOTS, 'settings-access-zh.png'), fullPage: true })

    await page.getByTestId(`revoke-key-${listed.prefix}`).click()
    await page.locator('.ant-popconfirm .ant-btn-dangerous').click()
    await page.locator('[data-state=revoked]').first().waitFor({ timeout: 20_000 })
    expect(await page.getByTestId(`revoke-key-${listed.prefix}`).count()).toBe(0)
    expect((await withKey('/api/v1/customers?limit=1')).status).toBe(401)
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('shows the settings page in English', async () => {
    const page = await demo.open('/settings/access', 'en')
    await watchCsp(page)
    await expect.poll(() => page.getByTestId('users-table').innerText(), { timeout: 30_000 }).toContain(testUserEmail('owner'))
    const text = await page.locator('body').innerText()
    expect(text).toContain('Users and API keys')
    expect(text).toContain('Owner')
    await page.screenshot({ path: join(SHOTS, 'settings-access-en.png'), fullPage: true })
    expect(await cspViolations(page)).toEqual([])
    expect(page.errors).toEqual([])
    await page.close()
  })
})
