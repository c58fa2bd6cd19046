import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { EVALUATION_CRITERIA, criterionValues, rankSegments, type SegmentEvaluationResponse } from '@portrait/core'
import { SHOTS, startDemoApp, type DemoApp } from './browser.js'

const digits = (s: string): number => Number(s.replace(/[^\d]/g, ''))

describe('segment evaluation page in a real browser', () => {
  let demo: DemoApp
  let evaluation: SegmentEvaluationResponse

  beforeAll(async () => {
    demo = await startDemoApp({ name: 'eval-web' })
    evaluation = (
      await demo.app.inject({ method: 'POST', url: '/api/v1/segments/evaluate', payload: {} })
    ).json<SegmentEvaluationResponse>()
  }, 180_000)

  afterAll(() => demo?.close())

  const open: DemoApp['open'] = (...args) => demo.open(...args)

  const rankingOrder = (page: Page): Promise<string[]> =>
    page.locator('[data-testid=ranking-order] li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-id') ?? ''))

  it('shows the API’s scorecard, and re-ranks when a weight moves', async () => {
    expect(evaluation.segments.length).toBeGreaterThan(5)
    const page = await open('/segments/evaluate')
    const rows = page.locator('[data-testid=scorecard] tbody tr[data-row-key]')
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(evaluation.segments.length)

    // the rows, in rank order, with the API's names, ranks and sizes
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => ({
        id: tr.getAttribute('data-row-key'),
        cells: Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? ''),
      })),
    )
    const byId = new Map(evaluation.segments.map((s) => [s.id, s]))
    expect(shown.map((r) => r.id)).toEqual(evaluation.ranking.map((r) => r.id))
    for (const [i, row] of shown.entries()) {
      const s = byId.get(row.id ?? '')
      expect(row.cells[0]).toBe(String(i + 1))
      expect(row.cells[1]).toBe(s?.name)
      expect(row.cells[2]).toBe(evaluation.ranking[i]?.score.toFixed(3))
      expect(digits(row.cells[3] ?? '')).toBe(s?.size)
    }
    expect(await rankingOrder(page)).toEqual(evaluation.ranking.map((r) => r.id))
    await expect.poll(() => page.locator('[data-testid=bubble-chart] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await expect.poll(() => page.locator('[data-testid=overlap-chart] canvas').count()).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'evaluation-zh.png'), fullPage: true })

    // every weight but size to 0: the ranking becomes the order of size
    for (const c of EVALUATION_CRITERIA) {
      if (c === 'size' || evaluation.unavailable.includes(c)) continue
      await page.locator(`[data-testid=weight-${c}] .ant-slider-handle`).focus()
      await page.keyboard.press('Home')
      await expect.poll(() => page.getByTestId(`weight-value-${c}`).innerText()).toBe('0')
    }
    const weights = Object.fromEntries(EVALUATION_CRITERIA.map((c) => [c, c === 'size' ? 1 : 0])) as Record<
      (typeof EVALUATION_CRITERIA)[number],
      number
    >
    const expected = rankSegments(
      evaluation.segments.map((s) => ({ id: s.id, values: criterionValues(s) })),
      weights,
    )?.ranking.map((r) => r.id)
    const bySize = [...evaluation.segments].sort((a, b) => b.size - a.size).map((s) => s.size)
    expect(expected?.map((id) => byId.get(id)?.size)).toEqual(bySize)
    expect(expected).not.toEqual(evaluation.ranking.map((r) => r.id))
    await expect.poll(() => rankingOrder(page)).toEqual(expected)
    const firstRow = await rows.first().getAttribute('data-row-key')
    expect(firstRow).toBe(expected?.[0])
    await page.screenshot({ path: join(SHOTS, 'evaluation-by-size-zh.png'), fullPage: true })
    expect(page.errors).toEqual([])
    await page.close()
  })

  it('speaks English', async () => {
    const page = await open('/segments/evaluate', 'en')
    await page.getByTestId('evaluation-scorecard').waitFor({ timeout: 30_000 })
    await expect.poll(() => page.locator('[data-testid=scorecard] tbody tr[data-row-key]').count()).toBe(evaluation.segments.length)
    expect(await page.getByTestId('evaluation-page').innerText()).toContain('Segment evaluation and targeting')
    expect(await page.getByTestId('evaluation-weights').innerText()).toContain('Revenue per member')
    await expect.poll(() => page.locator('[data-testid=bubble-chart] canvas').count(), { timeout: 20_000 }).toBeGreaterThan(0)
    await page.screenshot({ path: join(SHOTS, 'evaluation-en.png'), fullPage: true })
    expect(page.errors).toEqual([])
    await page.close()
  })
})
