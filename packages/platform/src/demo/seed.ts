import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { unwrap, type ImportKind, type ImportResult } from '@portrait/core'
import type { Portrait } from '../portrait.js'
import { generateDemoData, type DemoData } from './generate.js'
import { createDemoSegments } from '../segments/templates.js'

export interface SeedDemoOptions {
  readonly seed?: number
  readonly customers?: number
  /** The last day of the demo history; default: the end of last month. */
  readonly endDate?: Date
  readonly onStep?: (step: string, result: ImportResult) => void
}

export interface SeedDemoResult {
  readonly steps: { step: string; kind: ImportKind; source: string; result: ImportResult }[]
}

/**
 * Loads the demo data set through the real import pipeline — the same validation, cleaning and
 * identity resolution a user's files go through — one file per source and kind.
 */
export async function seedDemo(portrait: Portrait, options: SeedDemoOptions = {}): Promise<SeedDemoResult> {
  const now = new Date()
  const endDate = options.endDate ?? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0))
  const data: DemoData = generateDemoData({
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.customers !== undefined ? { customers: options.customers } : {}),
    endDate,
  })
  // The demo shop is in China: its months and days are Beijing time.
  const tz = await portrait.setTimezone('Asia/Shanghai')
  if (!tz.ok) throw new Error(tz.error.message)
  const dir = mkdtempSync(join(tmpdir(), 'portrait-demo-'))
  const steps: SeedDemoResult['steps'] = []
  const load = async (kind: ImportKind, source: string, rows: readonly object[]): Promise<void> => {
    if (rows.length === 0) return
    const file = join(dir, `${kind}-${source}.ndjson`)
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n'))
    const r = await portrait.import(kind, file, { source, name: `demo-${kind}-${source}.ndjson` })
    if (!r.ok) throw new Error(`demo ${kind} (${source}) did not import: ${r.error.message}`)
    const step = `${kind} (${source})`
    steps.push({ step, kind, source, result: r.value })
    options.onStep?.(step, r.value)
  }
  try {
    // Customers first, source by source, so identity resolution merges one person's records.
    const bySource = new Map<string, object[]>()
    for (const c of data.customers) {
      const { source, ...row } = c
      const key = source || 'crm'
      const list = bySource.get(key) ?? []
      list.push(row)
      bySource.set(key, list)
    }
    for (const [source, rows] of bySource) await load('customers', source, rows)
    await load('order-lines', 'orders', data.orderLines)
    await load('events', 'tracking', data.events)
    await load('consents', 'consent-center', data.consents)
    await load('feedback', 'reviews', data.feedback)
    await load('costs', 'ad-platforms', data.costs)
    unwrap(await createDemoSegments(portrait, { endDate }))
    return { steps }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
