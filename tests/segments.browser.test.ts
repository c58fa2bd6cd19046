import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { countRule } from '@portrait/platform'
import { SHOTS, startDemoApp, type DemoApp } from './browser.js'

describe('segments in a real browser', () => {
  let demo: DemoApp

  beforeAll(async () => {
    demo = await startDemoApp({ name: 'web-seg', viewport: { width: 1440, height: 1000 } })
  }, 180_000)

  afterAll(() => demo?.close())

  const open: DemoApp['open'] = (...args) => demo.open(...args)

  /** The API's count of a rule, over HTTP like any client. */
  const apiCount = async (rule: unknown): Promise<number> => {
    const r = await fetch(`${demo.base}/api/v1/segments/count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...demo.authHeaders },
      body: JSON.stringify({ rule }),
    })
    expect(r.status).toBe(200)
    return ((await r.json()) as { size: number }).size
  }

  /** Waits for the live count to settle on the current rule and reads it. */
  const liveCount = async (page: Page): Promise<number> => {
    const card = page.getByTestId('builder-count-card')
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 20_000 }).toBe('ready')
    return Number((await page.getByTestId('builder-count').innerText()).replace(/[^\d]/g, ''))
  }

  const pick = async (page: Page, select: Locator, search: string, option: string | RegExp): Promise<void> => {
    await select.click()
    await input(select).fill(search)
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click()
  }

  /** The text input of an editor, whether the test id sits on the input itself or on its wrapper. */
  const input = (l: Locator): Locator => l.locator('xpath=descendant-or-self::input').first()

  const builtRule = async (page: Page): Promise<unknown> => {
    const json = page.getByTestId('builder-json')
    if (!(await json.isVisible())) await page.getByText('查看规则 JSON').click()
    return JSON.parse(await json.innerText())
  }

  it('builds a rule in the rule builder and shows the same member count as the API', async () => {
    const page = await open('/segments/new')
    await page.getByTestId('rule-root').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.getByTestId('builder-count-card').getAttribute('data-state')).toBe('incomplete')

    // 1. a profile condition: city tier = tier 1
    const first = page.getByTestId('condition').nth(0)
    await pick(page, first.getByTestId('condition-field'), '城市等级', '城市等级')
    await pick(page, first.getByTestId('condition-value'), '一线', /^一线$/)
    const tier1 = await liveCount(page)
    expect(tier1).toBe(await apiCount({ trait: 'city_tier', op: 'eq', value: 'tier1' }))

    // 2. and a behaviour: at least 2 orders in the last 365 days
    await page.getByTestId('rule-root').getByTestId('group-add-condition').first().click()
    await page.getByTestId('add-behavior').click()
    const behaviour = page.locator('[data-testid="condition"][data-kind="behavior"]')
    await input(behaviour.getByTestId('condition-value')).fill('2')
    await behaviour.getByTestId('behavior-window').getByText('最近 N 天').click()
    await input(behaviour.getByTestId('behavior-days')).fill('365')
    const expected = {
      and: [
        { trait: 'city_tier', op: 'eq', value: 'tier1' },
        { behavior: 'orders', measure: 'count', op: 'gte', value: 2, within: { days: 365 } },
      ],
    }
    const both = await liveCount(page)
    expect(await builtRule(page)).toEqual(expected)
    expect(both).toBe(await apiCount(expected))
    expect(both).toBeGreaterThan(0)
    expect(both).toBeLessThan(tier1)
    await page.screenshot({ path: join(SHOTS, 'segment-builder-zh.png'), fullPage: true })

    // 3. NOT on the behaviour: the rest of tier 1
    await behaviour.getByTestId('condition-not').click()
    const rest = await liveCount(page)
    expect(rest).toBe(tier1 - both)
    expect(rest).toBe(await apiCount({ and: [expected.and[0], { not: expected.and[1] }] }))
    await behaviour.getByTestId('condition-not').click()
    expect(await liveCount(page)).toBe(both)

    // 4. save it: the detail page shows the same size
    await page.getByTestId('builder-name').fill('一线城市复购客户')
    await page.getByTestId('builder-save').click()
    await page.getByTestId('segment-header').waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('segment-header').innerText()).toContain('一线城市复购客户')
    expect(Number((await page.getByTestId('segment-size').locator('.ant-statistic-content').innerText()).replace(/[^\d]/g, ''))).toBe(both)
    await expect
      .poll(() => page.getByTestId('members-table').locator('tbody tr.ant-table-row').count(), { timeout: 20_000 })
      .toBeGreaterThan(0)
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('reports a cycle live while a segment is edited, with the path', async () => {
    const page = await open('/segments/tier1-cities/edit')
    await page.getByTestId('rule-root').waitFor({ timeout: 30_000 })
    const size = await liveCount(page)
    expect(size).toBe(await apiCount({ trait: 'city_tier', op: 'eq', value: 'tier1' }))
    await page.getByTestId('rule-root').getByTestId('group-add-condition').first().click()
    await page.getByTestId('add-segment').click()
    const ref = page.locator('[data-testid="condition"][data-kind="segment"]')
    await pick(page, ref.getByTestId('condition-field'), '高频', '一线城市高频客户')
    const card = page.getByTestId('builder-count-card')
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 20_000 }).toBe('invalid')
    expect(await page.getByTestId('builder-count-error').innerText()).toContain(
      "and[1].segment: in segment 'tier1-frequent-buyers': and[0].segment: segments refer to each other in a cycle: tier1-cities → tier1-frequent-buyers → tier1-cities",
    )
    await page.screenshot({ path: join(SHOTS, 'segment-builder-cycle-zh.png'), fullPage: true })
    await ref.getByTestId('condition-remove').click()
    expect(await liveCount(page)).toBe(size)
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('starts from a template and nests a saved segment', async () => {
    const page = await open('/segments/new')
    await page.getByTestId('rule-root').waitFor({ timeout: 30_000 })
    await pick(page, page.getByTestId('builder-template'), '沉睡', '沉睡客户')
    const template = await liveCount(page)
    const rule = await builtRule(page)
    expect(rule).toEqual({
      and: [
        { behavior: 'orders', measure: 'count', op: 'gte', value: 1 },
        { behavior: 'orders', measure: 'count', op: 'lt', value: 1, within: { days: 90 } },
      ],
    })
    expect(template).toBe(await apiCount(rule))
    expect(await page.getByTestId('builder-name').inputValue()).toBe('沉睡客户')

    await page.getByTestId('rule-root').getByTestId('group-add-condition').first().click()
    await page.getByTestId('add-segment').click()
    const ref = page.locator('[data-testid="condition"][data-kind="segment"]')
    await pick(page, ref.getByTestId('condition-field'), '一线', '一线城市客户')
    const nested = await liveCount(page)
    expect(nested).toBe(await apiCount({ and: [...(rule as { and: unknown[] }).and, { segment: 'tier1-cities' }] }))
    expect(nested).toBeLessThanOrEqual(template)
    expect(page.errors).toEqual([])
    await page.close()

    const english = await open('/segments/top-spenders/edit', 'en')
    await english.getByTestId('rule-root').waitFor({ timeout: 30_000 })
    expect(await liveCount(english)).toBe(
      await apiCount({ behavior: 'orders', measure: 'sum', op: 'gte', value: 5000, within: { days: 365 } }),
    )
    expect(await english.locator('body').innerText()).toMatch(/Live count/)
    await english.screenshot({ path: join(SHOTS, 'segment-builder-en.png'), fullPage: true })
    expect(english.errors).toEqual([])
    await english.close()
  })

  it('lists the segments with sizes and trends, in both languages', async () => {
    const list = await countRule(demo.portrait, { trait: 'city_tier', op: 'eq', value: 'tier1' })
    if (!list.ok) throw new Error(list.error.message)
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await open('/segments', lang)
      const table = page.getByTestId('segments-table')
      await table.waitFor({ timeout: 30_000 })
      await page.waitForLoadState('networkidle')
      const row = table.locator('tr', { hasText: lang === 'en' ? '一线城市客户' : '一线城市客户' })
      await expect.poll(() => row.count(), { timeout: 20_000 }).toBeGreaterThan(0)
      expect(Number((await row.first().getByTestId('segment-row-size').innerText()).replace(/[^\d]/g, ''))).toBe(list.value.size)
      expect(await table.locator('svg.sparkline').count()).toBeGreaterThan(5)
      expect(await page.locator('body').innerText()).toMatch(lang === 'en' ? /Geographic/ : /地理/)
      await page.screenshot({ path: join(SHOTS, `segments-list-${lang}.png`), fullPage: true })
      expect(page.errors).toEqual([])
      await page.close()
    }
  })

  it('shows a segment with its growth, members and an explanation of one member', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const page = await open('/segments/tier1-frequent-buyers', lang)
      await page.getByTestId('segment-header').waitFor({ timeout: 30_000 })
      await expect.poll(() => page.locator('[data-testid="segment-growth"] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
      const rows = page.getByTestId('members-table').locator('tbody tr.ant-table-row')
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(0)
      await rows.first().getByRole('button').click()
      const result = page.getByTestId('explain-result')
      await result.waitFor({ timeout: 20_000 })
      expect(await result.getAttribute('data-member')).toBe('true')
      expect(await page.locator('[data-testid="explain-node"][data-met="false"]').count()).toBe(0)
      expect(await page.getByTestId('explain-actual').count()).toBeGreaterThan(1)
      await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }))
      await page.waitForTimeout(500)
      await page.screenshot({ path: join(SHOTS, `segment-detail-${lang}.png`), fullPage: true })

      // a customer outside the segment: the failed condition is marked, with its actual value
      await input(page.getByTestId('explain-input')).fill('nobody-at-all')
      await input(page.getByTestId('explain-input')).press('Enter')
      await expect.poll(() => page.getByTestId('explain-card').innerText(), { timeout: 20_000 }).toMatch(/nobody-at-all/)
      expect(page.errors).toEqual([])
      await page.close()
    }
  })
})
