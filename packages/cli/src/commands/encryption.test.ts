import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../cli.js'

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

describe('portrait encryption', () => {
  let dir: string
  let db: string
  const json = async <T = Record<string, unknown>>(args: string[]): Promise<T> => {
    const r = await cli(['--db', db, '--json', ...args])
    expect(r.code, r.err).toBe(0)
    return JSON.parse(r.out) as T
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-cli-encryption-'))
    db = join(dir, 'p.duckdb')
    const csv = join(dir, 'c.csv')
    writeFileSync(csv, 'customer_id,name,email,phone\nK-1,Chen Jie,chen.jie@example.com,13700001111\nK-2,Li Na,li.na@example.com,\n')
    await json(['import', 'customers', csv])
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  afterEach(() => {
    delete process.env.PORTRAIT_MASTER_KEY
    delete process.env.PORTRAIT_NEW_MASTER_KEY
  })

  it('creates the key file 0600 and finds people by email, phone and name', async () => {
    expect(statSync(join(dir, 'portrait.key')).mode & 0o777).toBe(0o600)
    const profile = await json<{ customer_id: string; traits: Record<string, unknown> }>(['profile', 'Chen.Jie@example.com'])
    expect(profile.customer_id).toBe('K-1')
    expect(profile.traits).toMatchObject({ name: 'Chen Jie', phone: '13700001111' })
    for (const q of ['13700001111', 'chen jie', 'chen.jie@example.com']) {
      const list = await json<{ items: { customer_id: string; email: string }[] }>(['customers', '--search', q])
      expect(
        list.items.map((c) => [c.customer_id, c.email]),
        q,
      ).toEqual([['K-1', 'chen.jie@example.com']])
    }
    const text = await cli(['--db', db, 'profile', '13700001111'])
    expect(text.out).toContain('email:chen.jie@example.com')
  })

  it('reports status and rotates the workspace keys, then the master key', async () => {
    const before = await json<{
      master_key: string
      keys: { key_id: string }[]
      encrypted: Record<string, number>
      plaintext: Record<string, number>
    }>(['encryption', 'status'])
    expect(before.master_key).toBe(`the key file ${join(dir, 'portrait.key')}`)
    expect(before.encrypted).toMatchObject({ customer_emails: 2, customer_phones: 1, identities: 3 })
    expect(Object.values(before.plaintext).every((n) => n === 0)).toBe(true)
    const text = await cli(['--db', db, 'encryption', 'status'])
    expect(text.out).toMatch(/customer emails\s+2\s+0/)

    const rotated = await json<{ old_key_ids: string[]; new_key_id: string; rows: { customers: number } }>(['encryption', 'rotate'])
    expect(rotated.old_key_ids).toEqual([before.keys[0]?.key_id])
    expect(rotated.rows.customers).toBe(2)
    const keyBefore = readFileSync(join(dir, 'portrait.key'), 'utf8')
    const master = await json<{ master_rotated: boolean; master_key: string }>(['encryption', 'rotate', '--master'])
    expect(master).toMatchObject({ master_rotated: true, master_key: join(dir, 'portrait.key') })
    expect(readFileSync(join(dir, 'portrait.key'), 'utf8')).not.toBe(keyBefore)
    expect((await json<{ customer_id: string }>(['profile', 'li.na@example.com'])).customer_id).toBe('K-2')
  })

  it('says in one line, with exit code 2, that a master key is wrong or malformed', async () => {
    process.env.PORTRAIT_MASTER_KEY = Buffer.alloc(32, 1).toString('base64')
    const wrong = await cli(['--db', db, 'customers'])
    expect(wrong.code).toBe(2)
    expect(wrong.err).toBe(
      'portrait: the master key does not match the keys of this database (master key from PORTRAIT_MASTER_KEY): use the key the database was created or last rotated with\n',
    )
    process.env.PORTRAIT_MASTER_KEY = 'hunter2'
    const malformed = await cli(['--db', db, 'customers'])
    expect(malformed.code).toBe(2)
    expect(malformed.err.trim().split('\n')).toHaveLength(1)
    expect(malformed.err).toContain('PORTRAIT_MASTER_KEY is not a master key')
  })

  it('rotates a master key from the environment to PORTRAIT_NEW_MASTER_KEY and says to switch', async () => {
    const envDb = join(dir, 'env', 'p.duckdb')
    process.env.PORTRAIT_MASTER_KEY = Buffer.alloc(32, 3).toString('hex')
    expect((await cli(['--db', envDb, '--json', 'encryption', 'status'])).code).toBe(0)
    const missing = await cli(['--db', envDb, 'encryption', 'rotate', '--master'])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('PORTRAIT_NEW_MASTER_KEY')
    process.env.PORTRAIT_NEW_MASTER_KEY = Buffer.alloc(32, 4).toString('base64')
    const r = await cli(['--db', envDb, 'encryption', 'rotate', '--master'])
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('set PORTRAIT_MASTER_KEY to the value of PORTRAIT_NEW_MASTER_KEY now')
    expect((await cli(['--db', envDb, 'customers'])).code).toBe(2)
    process.env.PORTRAIT_MASTER_KEY = process.env.PORTRAIT_NEW_MASTER_KEY
    expect((await cli(['--db', envDb, 'customers'])).code).toBe(0)
  })
})
