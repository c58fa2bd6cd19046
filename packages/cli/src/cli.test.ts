import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { execFileSync, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { runCli } from './cli.js'

const REPO = resolve(fileURLToPath(new URL('../../../', import.meta.url)))

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

describe('portrait CLI', () => {
  let dir: string
  let db: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-cli-'))
    db = join(dir, 'p.duckdb')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('imports with --json in the documented shape and exits 0', async () => {
    const file = join(dir, 'c.csv')
    writeFileSync(file, 'customer_id,name,email,phone\nC1,张伟,zw@qq.com,+86 138-0000-2629\nC2,坏,not-an-email,\n')
    const r = await cli(['--db', db, '--json', 'import', 'customers', file, '--source', 'crm'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out)
    expect(Object.keys(json)).toEqual(['imported', 'rejected', 'duplicates', 'merged', 'quarantine', 'errors'])
    expect(json).toMatchObject({
      imported: 1,
      rejected: 1,
      duplicates: 0,
      merged: 0,
      errors: [{ line: 3, reason: "malformed email 'not-an-email'" }],
    })
    expect(existsSync(json.quarantine)).toBe(true)
  })

  it('counts, lists and shows profiles', async () => {
    expect(JSON.parse((await cli(['--db', db, '--json', 'customers', '--count'])).out)).toEqual({ count: 1 })
    const list = await cli(['--db', db, 'customers', '--limit', '5'])
    expect(list.out).toContain('C1')
    const p = await cli(['--db', db, '--json', 'profile', '13800002629'])
    expect(p.code).toBe(0)
    expect(JSON.parse(p.out)).toMatchObject({ customer_id: 'C1', traits: { name: '张伟', phone: '13800002629' }, sources: ['crm'] })
  })

  it('fails with one line on stderr and exit 2 for an unreadable or empty file', async () => {
    const missing = await cli(['--db', db, 'import', 'customers', join(dir, 'nope.csv')])
    expect(missing.code).toBe(2)
    expect(missing.err.trim().split('\n')).toHaveLength(1)
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, '')
    const e = await cli(['--db', db, 'import', 'customers', empty])
    expect(e.code).toBe(2)
    expect(e.err).toMatch(/^portrait: .*empty/)
    expect(e.out).toBe('')
  })

  it('exits 3 for an unknown customer and 2 for an unknown kind', async () => {
    expect((await cli(['--db', db, 'profile', 'nobody'])).code).toBe(3)
    expect((await cli(['--db', db, 'import', 'planets', 'x.csv'])).code).toBe(2)
  })

  it('lists and undoes merges', async () => {
    const file = join(dir, 'shop.csv')
    writeFileSync(file, 'customer_id,email\nS9,ZW@qq.com\n')
    const r = JSON.parse((await cli(['--db', db, '--json', 'import', 'customers', file, '--source', 'shop'])).out)
    expect(r.merged).toBe(1)
    const merges = JSON.parse((await cli(['--db', db, '--json', 'merges', 'list'])).out).items
    expect(merges).toHaveLength(1)
    const undo = await cli(['--db', db, '--json', 'merges', 'undo', merges[0].merge_id])
    expect(JSON.parse(undo.out)).toMatchObject({ restored_customer_id: 'S9', kept_customer_id: 'C1' })
    expect((await cli(['--db', db, 'merges', 'undo', merges[0].merge_id])).code).toBe(4)
  })

  it('works through the installed launcher: npx portrait --help', () => {
    // `npm ci` builds the packages (prepare), so the launcher runs the compiled CLI.
    const help = execFileSync('npx', ['--no-install', 'portrait', '--help'], { cwd: REPO, encoding: 'utf-8' })
    expect(help).toContain('Usage: portrait')
    expect(help).toContain('import')
    const bad = spawnSync('node', [join(REPO, 'packages/cli/bin/portrait.js'), '--db', db, 'profile', 'nobody'], { encoding: 'utf-8' })
    expect(bad.status).toBe(3)
    expect(bad.stderr).toBe("portrait: no customer with id or identity 'nobody'\n")
  })
})
