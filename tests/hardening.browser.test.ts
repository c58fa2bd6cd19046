import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { REPO, SHOTS, startDemoApp, type DemoApp } from './browser.js'

/**
 * The web app under its Content Security Policy, with hostile customer data: markup in names,
 * traits, feedback and a segment name must show as text and never run.
 */

const IMG = '<img src=x onerror=window.__xss=1>'
const SCRIPT = '<script>window.__xss=2</script>'
const SVG = '<svg onload=window.__xss=3>'
const LINK = 'javascript:window.__xss=4'

/** The pages of the app, read from its one route table (so a new page is covered without editing this test). */
function appPaths(): string[] {
  const source = readFileSync(join(REPO, 'packages/web/src/routes.tsx'), 'utf-8')
  return [...source.matchAll(/path: '(\/[^']*)'/g)].map((m) => m[1] as string)
}

type Watched = Page & { problems: string[] }

describe('hardening in a real browser', () => {
  let demo: DemoApp

  beforeAll(async () => {
    demo = await startDemoApp({
      name: 'hardening',
      seed: 5,
      customers: 200,
      beforeServe: async (portrait, dir) => {
        const csv = (name: string, text: string): string => {
          const path = join(dir, name)
          writeFileSync(path, text)
          return path
        }
        const q = (s: string): string => `"${s.replace(/"/g, '""')}"`
        const customers = [
          'customer_id,name,email,city,occupation,notes,homepage',
          ['XSS-1', IMG, 'xss1@example.com', '上海', SCRIPT, SVG, LINK].map(q).join(','),
          ['XSS-2', SCRIPT, 'xss2@example.com', '北京', IMG, IMG, LINK].map(q).join(','),
        ].join('\n')
        const imported = await portrait.import('customers', csv('xss-customers.csv', customers), { source: 'crm' })
        expect(imported.ok && imported.value.imported).toBe(2)
        const orders = 'order_id,customer_id,ordered_at,amount,channel\nXO-1,XSS-1,2026-10-01,99,web\nXO-2,XSS-2,2026-10-02,49,web\n'
        expect((await portrait.import('orders', csv('xss-orders.csv', orders), { source: 'shop' })).ok).toBe(true)
        const feedback = `customer_id,text,rating,created_at\nXSS-1,${q(`${IMG} ${SCRIPT}`)},2,2026-10-03\n`
        expect((await portrait.import('feedback', csv('xss-feedback.csv', feedback), { source: 'survey' })).ok).toBe(true)
      },
    })
    const segment = await demo.app.inject({
      method: 'POST',
      url: '/api/v1/segments',
      payload: {
        id: 'xss-segment',
        name: `${IMG} segment`,
        description: SCRIPT,
        rule: { trait: 'customer_id', op: 'in', value: ['XSS-1', 'XSS-2'] },
      },
    })
    expect(segment.statusCode).toBe(201)
  }, 180_000)

  afterAll(() => demo?.close())

  /** A page that records CSP violations, page errors and console errors about the policy. */
  const open = async (path: string, lang: 'zh-CN' | 'en' = 'en'): Promise<Watched> => {
    const page = (await demo.browser.newPage({ viewport: { width: 1400, height: 900 }, locale: lang })) as Watched
    await demo.signIn(page)
    page.problems = []
    await page.addInitScript((l) => {
      window.localStorage.setItem('portrait.language', l)
      document.addEventListener('securitypolicyviolation', (e) => {
        const w = window as unknown as { __csp?: string[] }
        ;(w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`)
      })
    }, lang)
    page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`))
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) page.problems.push(`console: ${m.text()}`)
    })
    await page.goto(`${demo.base}${path}`)
    return page
  }

  /** Waits for the app to settle, then collects every problem, including violations reported in the page. */
  const problemsOf = async (page: Watched): Promise<string[]> => {
    await page.waitForLoadState('networkidle')
    const csp = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])
    return [...page.problems, ...csp.map((c) => `violation: ${c}`)]
  }
  const xss = (page: Page): Promise<unknown> => page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)

  it('renders every page of the app under the Content Security Policy without a violation', async () => {
    const paths = appPaths().map((p) =>
      p.replace(':id/edit', 'xss-segment/edit').replace(':id', p.startsWith('/customers') ? 'XSS-1' : 'xss-segment'),
    )
    expect(paths.length).toBeGreaterThan(10)
    const problems: string[] = []
    for (const path of paths) {
      const page = await open(path)
      await page.locator('.ant-layout').first().waitFor({ timeout: 30_000 })
      for (const p of await problemsOf(page)) problems.push(`${path}: ${p}`)
      expect(await xss(page), path).toBeUndefined()
      await page.close()
    }
    expect(problems).toEqual([])
  }, 240_000)

  it('shows the Swagger UI under its own policy', async () => {
    const page = await open('/api/docs/')
    await page.locator('.swagger-ui .opblock').first().waitFor({ timeout: 30_000 })
    expect(await problemsOf(page)).toEqual([])
    await page.close()
  })

  it('shows hostile names, traits and feedback as text on the customers list and the profile', async () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const list = await open(`/customers?q=${encodeURIComponent('xss')}`, lang)
      const table = list.getByTestId('customers-table')
      await expect.poll(() => table.innerText(), { timeout: 30_000 }).toContain(IMG)
      expect(await table.innerText()).toContain(SCRIPT)
      expect(await table.locator('img[src="x"], script:not([src])').count()).toBe(0)
      await list.screenshot({ path: join(SHOTS, `hardening-customers-${lang}.png`) })
      expect(await xss(list)).toBeUndefined()
      expect(await problemsOf(list)).toEqual([])
      await list.close()

      const profile = await open('/customers/XSS-1', lang)
      const header = profile.getByTestId('profile-header')
      await expect.poll(() => header.innerText(), { timeout: 30_000 }).toContain(IMG)
      const body = profile.locator('body')
      await expect.poll(() => body.innerText(), { timeout: 20_000 }).toContain(SVG)
      expect(await body.innerText()).toContain(SCRIPT)
      await expect.poll(() => profile.getByTestId('profile-feedback').innerText(), { timeout: 20_000 }).toContain(`${IMG} ${SCRIPT}`)
      // The link-looking trait is text, not a javascript: link.
      expect(await profile.locator('a[href^="javascript:"]').count()).toBe(0)
      expect(await profile.locator('#root img[src="x"], #root svg[onload]').count()).toBe(0)
      await profile.screenshot({ path: join(SHOTS, `hardening-profile-${lang}.png`), fullPage: true })
      expect(await xss(profile)).toBeUndefined()
      expect(await problemsOf(profile)).toEqual([])
      await profile.close()
    }
  }, 120_000)

  it('shows a hostile segment name and its hostile members as text', async () => {
    const page = await open('/segments/xss-segment')
    const members = page.getByTestId('members-table')
    await expect.poll(() => members.innerText(), { timeout: 30_000 }).toContain(IMG)
    expect(await members.innerText()).toContain(SCRIPT)
    expect(await page.locator('body').innerText()).toContain(`${IMG} segment`)
    expect(await page.locator('#root img[src="x"]').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'hardening-segment-en.png'), fullPage: true })
    expect(await xss(page)).toBeUndefined()
    expect(await problemsOf(page)).toEqual([])
    await page.close()

    const list = await open('/segments')
    await expect.poll(() => list.locator('body').innerText(), { timeout: 30_000 }).toContain(`${IMG} segment`)
    expect(await xss(list)).toBeUndefined()
    await list.close()
  }, 120_000)
})
