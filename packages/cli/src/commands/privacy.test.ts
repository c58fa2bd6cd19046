import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AuditListResponse, ErasureResult, PrivacyExport } from '@portrait/core'
import { runCli } from '../cli.js'

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

describe('portrait audit, privacy and retention commands', () => {
  let dir: string
  let db: string
  const file = (name: string, content: string): string => {
    const p = join(dir, name)
    writeFileSync(p, content)
    return p
  }
  const json = async <T = Record<string, unknown>>(args: string[]): Promise<T> => {
    const r = await cli(['--db', db, '--json', ...args])
    expect(r.code, r.err).toBe(0)
    return JSON.parse(r.out) as T
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-cli-privacy-'))
    db = join(dir, 'p.duckdb')
    await json([
      'import',
      'customers',
      file('c.csv', 'customer_id,name,email,phone\nK-1,Chen Jie,chen.jie@example.com,13700001111\nK-2,=cmd|calc,other@example.com,\n'),
    ])
    await json([
      'import',
      'orders',
      file('o.csv', 'order_id,customer_id,ordered_at,amount\nA-1,K-1,2024-01-01,120.5\nA-2,K-2,2024-02-01,30\n'),
    ])
    await json([
      'import',
      'events',
      file(
        'e.ndjson',
        [
          { type: 'track', event: 'Login', userId: 'K-1', timestamp: '2023-05-01T00:00:00Z', messageId: 'e1' },
          { type: 'track', event: 'Login', userId: 'K-2', timestamp: '2024-05-01T00:00:00Z', messageId: 'e2' },
          { type: 'track', event: 'Login', userId: 'K-2', timestamp: '2025-05-01T00:00:00Z', messageId: 'e3' },
        ]
          .map((e) => JSON.stringify(e))
          .join('\n'),
      ),
    ])
    await json([
      'import',
      'consents',
      file('k.csv', 'customer_id,purpose,granted,recorded_at\nK-1,email,true,2024-01-01\nK-1,email,false,2024-03-01\n'),
    ])
  }, 60_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('records every import in the audit log as actor cli, and exports it as injection-safe CSV', async () => {
    const { items } = await json<AuditListResponse>(['audit', '--action', 'import'])
    expect(items.map((e) => e.details?.kind)).toEqual(['consents', 'events', 'orders', 'customers'])
    expect(items[3]).toMatchObject({ actor: 'cli', action: 'import', target: join(dir, 'c.csv'), details: { imported: 2, rejected: 0 } })
    await json(['import', 'customers', file('=evil.csv', 'customer_id,name\nK-3,x\n')])
    const csvFile = join(dir, 'audit.csv')
    const r = await cli(['--db', db, 'audit', '--limit', '1', '--csv', csvFile])
    expect(r.code).toBe(0)
    expect(r.out).toContain('import')
    const csv = readFileSync(csvFile, 'utf-8').split('\n')
    expect(csv[0]).toBe('at,actor,action,target,details')
    expect(csv[1]).toMatch(/^[^,]+,cli,import,[^,]*=evil\.csv,/)
    expect((await cli(['--db', db, 'audit', '--limit', '0'])).code).toBe(2)
    const badSince = await cli(['--db', db, 'audit', '--since', 'soon'])
    expect(badSince.code).toBe(2)
    expect(badSince.err).toMatch(/--since must be a date/)
  })

  it('exports a person by an identity to a file, and audits it', async () => {
    const out = join(dir, 'k1.json')
    const r = await json(['privacy', 'export', '+86 137 0000 1111', '--out', out])
    expect(r).toEqual({ customer_id: 'K-1', out })
    const doc = JSON.parse(readFileSync(out, 'utf-8')) as PrivacyExport
    expect(doc).toMatchObject({ format: 'portrait.privacy-export/1', customer_id: 'K-1', profile: { name: 'Chen Jie' } })
    expect(doc.orders.map((o) => o.order_id)).toEqual(['A-1'])
    expect(doc.events.map((e) => e.message_id)).toEqual(['e1'])
    expect(doc.consents.map((c) => c.granted)).toEqual([false, true])
    const stdout = await cli(['--db', db, 'privacy', 'export', 'K-1'])
    expect(JSON.parse(stdout.out).customer_id).toBe('K-1')
    expect((await json(['audit', '--action', 'privacy.export'])).items).toHaveLength(2)
    const missing = await cli(['--db', db, 'privacy', 'export', 'nobody@example.com'])
    expect(missing.code).toBe(3)
    expect(missing.err).toBe("portrait: no customer with id or identity 'nobody@example.com'\n")
  })

  it('erases only with --yes; afterwards no identity finds the person', async () => {
    const refused = await cli(['--db', db, 'privacy', 'erase', 'chen.jie@example.com'])
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/run again with --yes/)
    expect((await json(['customers', '--count'])).count).toBe(3)

    const erased = await json<ErasureResult>(['privacy', 'erase', 'chen.jie@example.com', '--yes'])
    expect(erased.counts).toMatchObject({ customers: 1, events: 1, consents: 2, ordersDetached: 1 })
    for (const key of ['K-1', 'chen.jie@example.com', '13700001111']) {
      const r = await cli(['--db', db, 'profile', key])
      expect(r.code, key).toBe(3)
    }
    expect((await json(['customers', '--count'])).count).toBe(2)
    const text = await cli(['--db', db, 'audit', '--limit', '1'])
    expect(text.out).toContain(erased.erasure_id)
    expect(text.out).not.toContain('K-1')
    const all = JSON.stringify(await json(['audit', '--limit', '1000']))
    expect(all).not.toContain('chen.jie')
    expect(all).not.toContain('"K-1"')
  })

  it('deletes old raw events with --events-older-than or the stored retention_days', async () => {
    const dry = await json(['retention', '--events-older-than', '365', '--as-of', '2025-06-01', '--dry-run'])
    expect(dry).toEqual({ cutoff: '2024-06-01T00:00:00.000Z', days: 365, deleted: 1, dry_run: true })
    const none = await cli(['--db', db, 'retention'])
    expect(none.code).toBe(2)
    expect(none.err).toMatch(/no retention age/)
    expect((await cli(['--db', db, 'retention', '--events-older-than', 'ten'])).code).toBe(2)
    const saved = await json(['retention', '--events-older-than', '365', '--as-of', '2025-06-01', '--save'])
    expect(saved).toMatchObject({ deleted: 1, dry_run: false, saved_retention_days: 365 })
    const again = await cli(['--db', db, 'retention', '--as-of', '2026-06-01'])
    expect(again.code).toBe(0)
    expect(again.out).toBe('deleted 1 events before 2025-06-01T00:00:00.000Z (older than 365 days)\n')
    expect((await json<AuditListResponse>(['audit', '--action', 'retention'])).items.map((e) => e.details?.deleted)).toEqual([1, 1])
  })
})
