import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type {
  AuditListResponse,
  ConsentHistoryResponse,
  CustomerProfile,
  ErasureResult,
  OverviewStats,
  PrivacyExport,
} from '@portrait/core'
import { Portrait, seedDemo } from '@portrait/platform'
import { serverWithKey } from '../testing.js'

describe('privacy and audit API', () => {
  let dir: string
  let portrait: Portrait
  let app: FastifyInstance & { apiKey: string }
  /** How the audit log names the test's API key: `key:` and the key's prefix. */
  let keyActor = ''
  /** A demo customer with orders and several consent records. */
  let subject: { id: string; email: string; consents: number }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-server-privacy-'))
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, { seed: 5, customers: 200, endDate: new Date('2026-10-31T00:00:00Z') })
    app = await serverWithKey({ portrait })
    keyActor = `key:${app.apiKey.slice(0, 'pt_admin_'.length + 8)}`
    const list = await portrait.listCustomers({ limit: 200, sort: 'revenue', order: 'desc' })
    for (const c of list.items) {
      const history = await portrait.store.privacy.consentHistory(portrait.workspaceId, c.customer_id)
      if (c.email && c.orders > 0 && history.length >= 2) {
        subject = { id: c.customer_id, email: c.email, consents: history.length }
        break
      }
    }
    expect(subject).toBeDefined()
  }, 180_000)
  afterAll(async () => {
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const audit = async (query = ''): Promise<AuditListResponse> => (await app.inject({ url: `/api/v1/audit${query}` })).json()

  it('audits imports, profile reads and merge undos made through the API as the API key that made them', async () => {
    const up = await app.inject({
      method: 'POST',
      url: '/api/v1/imports/customers?filename=crm.csv&source=crm',
      headers: { 'content-type': 'text/csv' },
      payload: 'customer_id,name,email\nAPI-1,Wang Fang,wang.fang@example.net\nAPI-2,,wang.fang@example.net\n',
    })
    expect(up.statusCode).toBe(200)
    const [imported] = (await audit('?action=import')).items
    expect(imported).toMatchObject({
      actor: keyActor,
      action: 'import',
      target: 'crm.csv',
      details: { kind: 'customers', imported: 1, merged: 1 },
    })

    const read = await app.inject({ url: `/api/v1/customers/${encodeURIComponent(subject.email)}` })
    expect(read.statusCode).toBe(200)
    expect(read.json<CustomerProfile>().customer_id).toBe(subject.id)
    expect((await audit('?action=profile.read&limit=1')).items).toEqual([
      expect.objectContaining({ actor: keyActor, action: 'profile.read', target: subject.id, details: null }),
    ])
    const unknown = await app.inject({ url: '/api/v1/customers/nobody-at-all' })
    expect(unknown.statusCode).toBe(404)
    expect((await audit('?action=profile.read')).items).toHaveLength(1)

    const merge = (await portrait.listMerges()).find((m) => m.merged_customer_id === 'API-2' || m.kept_customer_id === 'API-2')!
    const undo = await app.inject({ method: 'POST', url: `/api/v1/merges/${merge.merge_id}/undo` })
    expect(undo.statusCode).toBe(200)
    expect((await audit('?action=merge.undo')).items[0]).toMatchObject({ actor: keyActor, target: merge.merge_id })
  })

  it('lists the audit log newest first, filtered and limited; rejects bad queries with 400', async () => {
    const all = (await audit('?limit=2')).items
    expect(all).toHaveLength(2)
    expect(all[0]!.at >= all[1]!.at).toBe(true)
    expect((await audit(`?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).items).toEqual([])
    for (const q of ['?limit=0', '?limit=abc', '?since=yesterday', "?action=x';drop"]) {
      const r = await app.inject({ url: `/api/v1/audit${q}` })
      expect(r.statusCode, q).toBe(400)
      expect(r.json().error.code).toBe('INVALID_INPUT')
    }
  })

  it('returns the consent history newest first', async () => {
    const r = await app.inject({ url: `/api/v1/customers/${encodeURIComponent(subject.email)}/consents` })
    expect(r.statusCode).toBe(200)
    const body = r.json<ConsentHistoryResponse>()
    expect(body.customer_id).toBe(subject.id)
    expect(body.items).toHaveLength(subject.consents)
    const times = body.items.map((c) => c.recorded_at)
    expect([...times].sort().reverse()).toEqual(times)
    expect((await app.inject({ url: '/api/v1/customers/nobody-at-all/consents' })).statusCode).toBe(404)
  })

  it('exports a person, then erases them: gone by every identity, revenue unchanged, one customer fewer', async () => {
    const exp = await app.inject({ url: `/api/v1/privacy/export/${encodeURIComponent(subject.email)}` })
    expect(exp.statusCode).toBe(200)
    const doc = exp.json<PrivacyExport>()
    expect(doc.customer_id).toBe(subject.id)
    expect(doc.orders.length).toBeGreaterThan(0)
    expect(doc.consents).toHaveLength(subject.consents)
    expect(doc.audit.map((a) => a.action)).toContain('profile.read')
    expect((await audit('?action=privacy.export')).items[0]).toMatchObject({ actor: keyActor, target: subject.id })

    const before = (await app.inject({ url: '/api/v1/stats/overview' })).json<OverviewStats>()
    const erase = await app.inject({ method: 'POST', url: `/api/v1/privacy/erase/${encodeURIComponent(subject.id)}` })
    expect(erase.statusCode).toBe(200)
    const result = erase.json<ErasureResult>()
    expect(result.counts.customers).toBe(1)
    expect(result.counts.ordersDetached).toBe(doc.orders.length)
    expect(result.counts.auditRedacted).toBeGreaterThanOrEqual(2)
    const after = (await app.inject({ url: '/api/v1/stats/overview' })).json<OverviewStats>()
    expect(after.customers).toBe(before.customers - 1)
    expect(after.revenue).toBe(before.revenue)
    expect(after.orders).toBe(before.orders)

    for (const identity of doc.identities) {
      const r = await app.inject({ url: `/api/v1/customers/${encodeURIComponent(String(identity.value))}` })
      expect(r.statusCode, String(identity.value)).toBe(404)
    }
    const entries = (await audit('?limit=1000')).items
    expect(entries[0]).toMatchObject({ actor: keyActor, action: 'privacy.erase', target: result.erasure_id })
    expect(JSON.stringify(entries)).not.toContain(subject.id)
    expect(entries.filter((e) => e.target === result.erasure_id).map((e) => e.action)).toEqual(
      expect.arrayContaining(['privacy.erase', 'privacy.export', 'profile.read']),
    )

    const again = await app.inject({ method: 'POST', url: `/api/v1/privacy/erase/${encodeURIComponent(subject.id)}` })
    expect(again.statusCode).toBe(404)
    expect((await app.inject({ method: 'POST', url: '/api/v1/privacy/erase/%20' })).statusCode).toBe(400)
  })
})
