import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import type { ClusterResult, RfmResult } from '@portrait/core'
import { SHOTS, startDemoApp, type DemoApp } from './browser.js'

const digits = (s: string): number => Number(s.replace(/[^\d]/g, ''))

describe('RFM and clustering pages in a real browser', () => {
  let demo: DemoApp

  beforeAll(async () => {
    demo = await startDemoApp({ name: 'rfm-web' })
  }, 180_000)

  afterAll(() => demo?.close())

  const open: DemoApp['open'] = (...args) => demo.open(...args)

  const api = async <T>(path: string): Promise<T> => (await demo.app.inject(path)).json<T>()

  /** Picks an option of the antd Select with the given test id. */
  const choose = async (page: Page, testId: string, option: string): Promise<void> => {
    await page.getByTestId(testId).click()
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click()
  }

  it('runs RFM from the page and shows the figures the API reports', async () => {
    const page = await open('/rfm')
    await page.getByTestId('rfm-empty').waitFor({ timeout: 30_000 })
    await page.getByTestId('rfm-run').click()
    await page.getByTestId('rfm-classes').waitFor({ timeout: 30_000 })

    const rfm = await api<RfmResult>('/api/v1/rfm')
    expect(rfm.bins).toBe(5)
    expect(digits(await page.getByTestId('rfm-scored').innerText())).toBe(rfm.customers)
    expect(digits(await page.getByTestId('rfm-unscored').innerText())).toBe(rfm.unscored)
    for (const cls of rfm.classes) {
      expect(digits(await page.getByTestId(`rfm-class-count-${cls.key}`).innerText())).toBe(cls.count)
      expect(await page.getByTestId(`rfm-class-${cls.key}`).innerText()).toContain(cls.zh)
    }
    expect(await page.getByTestId('rfm-class-champions').innerText()).toContain(rfm.classes[0]?.action_zh)
    await expect.poll(() => page.locator('[data-testid=rfm-heatmap] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'rfm-zh.png'), fullPage: true })

    // Run again with 4 bins from the form: the page follows the new run.
    await choose(page, 'rfm-bins', '4 档')
    await page.getByTestId('rfm-run').click()
    await expect.poll(async () => (await api<RfmResult>('/api/v1/rfm')).bins, { timeout: 30_000 }).toBe(4)
    const again = await api<RfmResult>('/api/v1/rfm')
    await expect
      .poll(async () => digits(await page.getByTestId('rfm-class-count-hibernating').innerText()), { timeout: 20_000 })
      .toBe(again.classes[7]?.count)
    expect(await page.getByTestId('rfm-edges').locator('tbody tr.ant-table-row').count()).toBe(4)
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('shows the RFM page in English', async () => {
    const page = await open('/rfm', 'en')
    await page.getByTestId('rfm-classes').waitFor({ timeout: 30_000 })
    const text = await page.locator('body').innerText()
    expect(text).toContain('Champions')
    expect(text).toContain('R × F heat map')
    await expect.poll(() => page.locator('[data-testid=rfm-heatmap] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'rfm-en.png'), fullPage: true })
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('runs a clustering from the page with auto k, then with k = 4, and shows the API figures', async () => {
    const page = await open('/clusters')
    await page.getByTestId('clusters-empty').waitFor({ timeout: 30_000 })
    await page.getByTestId('cluster-run').click()
    await page.getByTestId('clusters-table').waitFor({ timeout: 60_000 })
    let latest = await api<ClusterResult>('/api/v1/clusters')
    expect(latest.curve).toHaveLength(9)
    expect(digits(await page.getByTestId('cluster-k-value').innerText())).toBe(latest.k)
    await expect.poll(() => page.locator('[data-testid=cluster-curve] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)

    await choose(page, 'cluster-k', '4')
    await page.getByTestId('cluster-run').click()
    await expect.poll(async () => (await api<ClusterResult>('/api/v1/clusters')).k, { timeout: 60_000 }).toBe(4)
    latest = await api<ClusterResult>('/api/v1/clusters')
    await expect.poll(async () => digits(await page.getByTestId('cluster-k-value').innerText()), { timeout: 20_000 }).toBe(4)
    for (let c = 0; c < 4; c++) expect(digits(await page.getByTestId(`cluster-size-${c}`).innerText())).toBe(latest.sizes[c])
    expect(digits(await page.getByTestId('cluster-n').innerText())).toBe(latest.n)
    const silhouette = Number((await page.getByTestId('cluster-silhouette').innerText()).trim())
    expect(silhouette).toBeCloseTo(latest.silhouette, 3)
    // The scatter shows this run's assignment, not the previous one's.
    await expect.poll(() => page.getByTestId('cluster-scatter-run').getAttribute('data-run'), { timeout: 20_000 }).toBe(latest.computedAt)
    expect(await page.locator('[data-testid=cluster-scatter] canvas').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('cluster-profile').locator('tbody tr.ant-table-row').count()).toBe(
      latest.overall.numeric.length + latest.overall.categorical.length,
    )
    await page.screenshot({ path: join(SHOTS, 'clusters-zh.png'), fullPage: true })

    // Save cluster 0 as a segment: either the segment is created with the cluster's members, or the page says
    // the server has no segments endpoint.
    await page.getByTestId('save-segment-0').click()
    const unavailable = page.getByTestId('segments-unavailable')
    const saved = page.locator('.ant-message-success', { hasText: '聚类 0（k=4' })
    await expect.poll(async () => (await unavailable.count()) + (await saved.count()), { timeout: 20_000 }).toBeGreaterThan(0)
    const probe = await demo.app.inject('/api/v1/segments')
    if ((await unavailable.count()) > 0) {
      expect(probe.statusCode).toBe(404)
      expect(await unavailable.innerText()).toContain('/api/v1/segments')
    } else {
      const segment = probe
        .json<{ items: { name: string; size: number; rule: unknown }[] }>()
        .items.find((s) => s.name.startsWith('聚类 0（k=4'))
      expect(segment?.rule).toEqual({ score: 'cluster', op: 'eq', value: 0 })
      expect(segment?.size).toBe(latest.sizes[0])
    }
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('shows the clustering page in English', async () => {
    const page = await open('/clusters', 'en')
    await page.getByTestId('clusters-table').waitFor({ timeout: 30_000 })
    const text = await page.locator('body').innerText()
    expect(text).toContain('Cluster profiles')
    expect(text).toContain('Save as segment')
    await expect.poll(() => page.locator('[data-testid=cluster-scatter] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'clusters-en.png'), fullPage: true })
    expect(page.errors).toEqual([])
    await page.close()
  })
})
