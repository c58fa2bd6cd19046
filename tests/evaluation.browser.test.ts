import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { EVALUATION_CRITERIA, criterionValues, rankSegments, type SegmentEvaluationResponse } from '@portrait/core'
import { Portrait, seedDemo } from '@portrait/platform'
import { buildServer, defaultWebDir } from '@portrait/server'
import { launchBrowser } from './browser.js'

const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)))
const SHOTS = join(REPO, '.tmp/screenshots')
const digits = (s: string): number => Number(s.replace(/[^\d]/g, ''))

describe('segment evaluation page in a real browser', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance
  let browser: Browser
  let base: string
  let evaluation: SegmentEvaluationResponse

  beforeAll(async () => {
    const webDir = defaultWebDir()
    if (!webDir) throw new Error('the web app is not built: npm ci (or npm run build) builds it')
    dir = mkdtempSync(join(tmpdir(), 'portrait-eval-web-'))
    mkdirSync(SHOTS, { recursive: true })
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 7, customers: 600, endDate: new Date('2026-10-31T00:00:00Z') })
    app = await buildServer({ portrait, webDir })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    if (!addr || typeof addr === 'string') throw new Error('no port')
    base = `http://127.0.0.1:${addr.port}`
    browser = await launchBrowser()
    evaluation = (await app.inject({ method: 'POST', url: '/api/v1/segments/evaluate', payload: {} })).json<SegmentEvaluationResponse>()
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await app?.close()
    await portrait?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const open = async (path: string, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page & { errors: string[] }> => {
    const page = (await browser.newPage({ viewport: { width: 1400, height: 900 }, locale: lang })) as Page & { errors: string[] }
    await page.addInitScript((l) => window.localStorage.setItem('portrait.language', l), lang)
    page.errors = []
    page.on('pageerror', (e) => page.errors.push(e.message))
    await page.goto(`${base}${path}`)
    return page
  }

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
