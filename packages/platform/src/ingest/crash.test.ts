import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Portrait } from '../portrait.js'
import { REPO_ROOT, SHARED_DATA } from '../testing/temp.js'

/**
 * A large import killed with SIGKILL half-way: the database must hold nothing of it (the import
 * is one transaction), whatever DuckDB left in its write-ahead log must replay or be discarded on
 * the next open, and importing the same file again must give the complete result once.
 */

const FILE = join(SHARED_DATA, 'online-retail/online_retail.csv.gz')
const LINES = 541_909
/** The result of importing the file into an empty database (see online-retail.test.ts). */
const FULL = { imported: LINES - 2 - 5268, rejected: 2, duplicates: 5268, merged: 0 }
/** The built platform, which the child process runs (`npx tsc -b` builds it). */
const PLATFORM_DIST = join(REPO_ROOT, 'packages/platform/dist/index.js')

/** The child: opens the database, commits a small import, then imports the large file, printing progress. */
const CHILD = `
import { writeFileSync } from 'node:fs'
const { Portrait } = await import(process.env.PLATFORM_URL)
const p = await Portrait.open({ dbPath: process.env.DB })
const small = process.env.DB + '.customers.csv'
writeFileSync(small, 'customer_id,name\\n12346,Before Crash\\n12347,Also Before\\n')
const c = await p.import('customers', small, { source: 'crm' })
process.stdout.write(JSON.stringify({ committed: c.ok ? c.value.imported : -1 }) + '\\n')
let last = 0
await p.import('order-lines', process.env.FILE, {
  source: 'online-retail',
  onProgress: (read, total, rows) => {
    if (rows - last >= 10000) {
      last = rows
      process.stdout.write(JSON.stringify({ rows }) + '\\n')
    }
  },
})
process.stdout.write(JSON.stringify({ finished: true }) + '\\n')
`

describe('kill -9 during a large import', () => {
  let dir: string
  let db: string
  let rowsAtKill = 0
  let filesAfterKill: string[] = []

  beforeAll(async () => {
    if (!existsSync(PLATFORM_DIST)) throw new Error(`${PLATFORM_DIST} is missing: build the packages first (npx tsc -b)`)
    dir = mkdtempSync(join(tmpdir(), 'portrait-crash-'))
    db = join(dir, 'p.duckdb')
    const script = join(dir, 'child.mjs')
    writeFileSync(script, CHILD)
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, DB: db, FILE, PLATFORM_URL: pathToFileURL(PLATFORM_DIST).href },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    )
    // Kill once the child has read well over a third of the file (and long before it could commit).
    await new Promise<void>((resolve, reject) => {
      let buffered = ''
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) {
          const msg = JSON.parse(line) as { rows?: number; committed?: number; finished?: boolean }
          if (msg.committed !== undefined && msg.committed !== 2) reject(new Error(`the small import failed: ${line}`))
          if (msg.finished) reject(new Error('the import finished before it could be killed'))
          if (msg.rows !== undefined && msg.rows >= 200_000 && rowsAtKill === 0) {
            rowsAtKill = msg.rows
            child.kill('SIGKILL')
            resolve()
          }
        }
      })
      void exit.then(({ code }) => reject(new Error(`the child exited (${code}) before it was killed: ${stderr}`)))
    })
    const { signal } = await exit
    expect(signal).toBe('SIGKILL')
    filesAfterKill = readdirSync(dir)
  }, 180_000)

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('leaves nothing of the interrupted import, and keeps what was committed before it', async () => {
    expect(rowsAtKill).toBeGreaterThanOrEqual(200_000)
    expect(rowsAtKill).toBeLessThan(LINES)
    // DuckDB may leave its write-ahead log behind; opening the database must deal with it.
    expect(filesAfterKill).toContain('p.duckdb')
    const portrait = await Portrait.open({ dbPath: db })
    try {
      const overview = await portrait.overview()
      expect(overview.orders).toBe(0)
      expect(overview.revenue).toBe(0)
      expect(overview.customers).toBe(2)
      const before = await portrait.profile('12346')
      expect(before.ok && before.value.traits).toMatchObject({ name: 'Before Crash' })
    } finally {
      await portrait.close()
    }
  })

  it('imports the whole file on the next try, once, and a further import adds nothing', async () => {
    const portrait = await Portrait.open({ dbPath: db })
    try {
      const again = await portrait.import('order-lines', FILE, { source: 'online-retail' })
      if (!again.ok) throw new Error(again.error.message)
      expect(again.value).toMatchObject(FULL)
      const overview = await portrait.overview()
      expect(overview.orders).toBeGreaterThan(20_000)

      const third = await portrait.import('order-lines', FILE, { source: 'online-retail' })
      if (!third.ok) throw new Error(third.error.message)
      expect(third.value).toMatchObject({ imported: 0, rejected: 2, duplicates: LINES - 2 })
      const after = await portrait.overview()
      expect(after.orders).toBe(overview.orders)
      expect(after.revenue).toBeCloseTo(overview.revenue, 6)
    } finally {
      await portrait.close()
    }
  }, 120_000)
})
