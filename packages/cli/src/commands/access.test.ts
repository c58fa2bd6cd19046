import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiKeyListResponse, UserListResponse, WorkspaceListResponse } from '@portrait/core'
import { authenticateKey, Portrait, signIn } from '@portrait/platform'
import { runCli } from '../cli.js'

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

describe('portrait workspace, users and keys commands', () => {
  let dir: string
  let db: string
  const run = (args: string[]) => cli(['--db', db, ...args])
  const json = async <T = Record<string, unknown>>(args: string[]): Promise<T> => {
    const r = await cli(['--db', db, '--json', ...args])
    expect(r.code, r.err).toBe(0)
    return JSON.parse(r.out) as T
  }
  /** Checks credentials against the database the way the server does. */
  const withDb = async <T>(fn: (p: Portrait) => Promise<T>): Promise<T> => {
    const p = await Portrait.open({ dbPath: db })
    try {
      return await fn(p)
    } finally {
      await p.close()
    }
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-cli-access-'))
    db = join(dir, 'p.duckdb')
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('init creates the first owner and prints a one-time password, or takes PORTRAIT_ADMIN_PASSWORD', async () => {
    const r = await run(['init'])
    expect(r.code, r.err).toBe(0)
    const m = /sign in as (admin@portrait\.local) with the one-time password (\S{20})/.exec(r.out)
    expect(m, r.out).not.toBeNull()
    const signedIn = await withDb((p) => signIn(p.store, { email: m?.[1] ?? '', password: m?.[2] ?? '' }))
    expect(signedIn.ok).toBe(true)
    // a second init creates nobody and shows no password
    expect((await run(['init'])).out).not.toMatch(/password/)

    const other = join(dir, 'other.duckdb')
    process.env.PORTRAIT_ADMIN_PASSWORD = 'from the environment'
    try {
      const o = JSON.parse((await cli(['--db', other, '--json', 'init'])).out) as { admin: { email: string; generated: boolean } }
      expect(o.admin).toMatchObject({ email: 'admin@portrait.local', generated: false })
      const p = await Portrait.open({ dbPath: other })
      try {
        expect((await signIn(p.store, { email: 'admin@portrait.local', password: 'from the environment' })).ok).toBe(true)
      } finally {
        await p.close()
      }
    } finally {
      delete process.env.PORTRAIT_ADMIN_PASSWORD
    }
  })

  it('creates workspaces and works in them by id or name', async () => {
    expect(await json(['workspace', 'create', '--name', 'East China'])).toEqual({ id: 'east-china', name: 'East China' })
    const cn = await json<{ id: string; name: string }>(['workspace', 'create', '--name', '华南区'])
    expect(cn.id).toMatch(/^ws-[0-9a-f]{8}$/)
    const dup = await run(['workspace', 'create', '--name', 'East China'])
    expect(dup.code).toBe(4)
    expect(dup.err).toMatch(/exists already/)
    const list = await json<WorkspaceListResponse>(['workspace', 'list'])
    expect(list.items.map((w) => w.id)).toEqual(['default', 'east-china', cn.id])

    writeFileSync(join(dir, 'east.csv'), 'customer_id,name\nE1,Eve\n')
    expect((await run(['--workspace', 'East China', 'import', 'customers', join(dir, 'east.csv')])).code).toBe(0)
    expect(await json(['--workspace', 'east-china', 'customers', '--count'])).toMatchObject({ count: 1 })
    expect(await json(['customers', '--count'])).toMatchObject({ count: 0 })
    const missing = await run(['--workspace', 'nowhere', 'customers'])
    expect(missing.code).toBe(3)
    expect(missing.err).toMatch(/no workspace 'nowhere'.*workspace create/)
  })

  it('creates, lists, updates and deletes users; refuses bad input', async () => {
    const made = await json<{ email: string; role: string }>([
      'users',
      'create',
      '--email',
      'Li.Na@Example.com',
      '--password',
      'long enough pw',
      '--role',
      'analyst',
    ])
    expect(made).toMatchObject({ email: 'li.na@example.com', role: 'analyst' })
    const bad = await run(['users', 'create', '--email', 'x@example.com', '--password', 'short', '--role', 'analyst'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/password: at least 10 characters/)
    expect((await run(['users', 'create', '--email', 'x@example.com', '--password', 'long enough pw', '--role', 'god'])).code).toBe(2)
    expect((await run(['users', 'create', '--email', 'li.na@example.com', '--password', 'long enough pw', '--role', 'viewer'])).code).toBe(
      4,
    )

    expect(await json(['users', 'update', 'li.na@example.com', '--role', 'viewer'])).toMatchObject({ role: 'viewer' })
    expect((await run(['users', 'update', 'li.na@example.com', '--password', 'a new password'])).code).toBe(0)
    expect((await withDb((p) => signIn(p.store, { email: 'li.na@example.com', password: 'a new password' }))).ok).toBe(true)
    expect((await withDb((p) => signIn(p.store, { email: 'li.na@example.com', password: 'long enough pw' }))).ok).toBe(false)

    const users = await json<UserListResponse>(['users', 'list'])
    expect(users.items.map((u) => `${u.email}:${u.role}`)).toEqual(['admin@portrait.local:owner', 'li.na@example.com:viewer'])
    expect((await run(['users', 'delete', 'admin@portrait.local'])).code).toBe(4)
    expect((await run(['users', 'delete', 'li.na@example.com'])).code).toBe(0)
    expect((await run(['users', 'delete', 'li.na@example.com'])).code).toBe(3)
  })

  it('creates keys as {"key": …} for a workspace, stores only their hash, lists and revokes them', async () => {
    const r = await run(['keys', 'create', '--kind', 'read', '--workspace', 'East China'])
    expect(r.code, r.err).toBe(0)
    const created = JSON.parse(r.out) as { key: string; id: string; workspace: string }
    expect(created.key).toMatch(/^pt_read_[A-Za-z0-9_-]{43}$/)
    expect(created.workspace).toBe('east-china')
    const principal = await withDb((p) => authenticateKey(p.store, created.key))
    expect(principal?.workspaceId).toBe('east-china')
    // the key itself is nowhere in the database, only its hash
    const stored = await withDb((p) => p.store.auth.listKeys('east-china'))
    expect(JSON.stringify(stored)).not.toContain(created.key)

    expect((await run(['keys', 'create', '--kind', 'superuser'])).code).toBe(2)
    expect((await run(['keys', 'create', '--kind', 'read', '--workspace', 'nowhere'])).code).toBe(3)

    const list = await json<ApiKeyListResponse>(['--workspace', 'east-china', 'keys', 'list'])
    expect(list.items).toHaveLength(1)
    expect(list.items[0]).toMatchObject({ id: created.id, kind: 'read', revoked_at: null })
    expect((await run(['--workspace', 'east-china', 'keys', 'revoke', created.id])).code).toBe(0)
    expect(await withDb((p) => authenticateKey(p.store, created.key))).toBeNull()
    expect((await run(['keys', 'revoke', created.id])).code).toBe(3)
  })
})
