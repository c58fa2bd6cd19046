import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DuckDbStore, TABLES, MODEL_RUNS_TABLE } from '@portrait/store'
import { tempPortrait } from '../testing/temp.js'
import type { Portrait } from '../portrait.js'
import { createSegment, exportSegmentMembers } from '../segments/segments.js'
import { runRfm } from '../rfm/rfm.js'
import { auditCsv, listAudit, recordAudit, setAuditActor } from './audit.js'
import { consentAllows, consentHistory, erasePersonalData, exportPersonalData } from './privacy.js'
import { runRetention, setRetentionDays } from './retention.js'

type Temp = Awaited<ReturnType<typeof tempPortrait>>

/** The person to erase has two profiles merged by a shared email, distinctive ids and identities. */
const PERSON = {
  ids: ['P-ERASE-1', 'S-ERASE-9'],
  identities: ['erase.me@example.org', '13912345678', 'dev-erase-77'],
}
const OTHER = 'P-KEEP-2'

async function loadFixture(t: Temp): Promise<void> {
  const p = t.portrait
  const imports: [Parameters<Portrait['import']>[0], string, string][] = [
    [
      'customers',
      'crm.csv',
      'customer_id,name,email,phone,city,gender,age\n' +
        'P-ERASE-1,Zhang Wei,erase.me@example.org,13912345678,Shanghai,male,35\n' +
        'P-KEEP-2,Li Na,keep.me@example.org,13800000002,Beijing,female,29\n',
    ],
    ['customers', 'shop.csv', 'customer_id,email,city\nS-ERASE-9,Erase.Me@example.org,Shanghai\n'],
    [
      'orders',
      'orders.csv',
      'order_id,customer_id,ordered_at,amount,channel\n' +
        'O-1,P-ERASE-1,2024-01-05T10:00:00Z,100,online\n' +
        'O-2,S-ERASE-9,2024-02-05T10:00:00Z,50,store\n' +
        'O-3,P-KEEP-2,2024-03-01T10:00:00Z,70,online\n',
    ],
    [
      'order-lines',
      'lines.csv',
      'order_id,line_no,customer_id,ordered_at,sku,product_name,category,quantity,unit_price\n' +
        'O-1,1,P-ERASE-1,2024-01-05T10:00:00Z,SKU-1,Tea,Drinks,2,50\n' +
        'O-3,1,P-KEEP-2,2024-03-01T10:00:00Z,SKU-2,Cup,Home,1,70\n',
    ],
    [
      'events',
      'events.ndjson',
      // The NDJSON reader takes its columns from the first record: every record carries every key.
      [
        {
          type: 'page',
          event: 'Home',
          anonymousId: 'dev-erase-77',
          userId: 'P-ERASE-1',
          timestamp: '2024-01-02T00:00:00Z',
          messageId: 'm-2',
        },
        { type: 'track', event: 'Viewed', anonymousId: null, userId: 'P-ERASE-1', timestamp: '2024-01-01T00:00:00Z', messageId: 'm-1' },
        { type: 'track', event: 'Viewed', anonymousId: null, userId: OTHER, timestamp: '2025-01-01T00:00:00Z', messageId: 'm-3' },
        { type: 'track', event: 'Viewed', anonymousId: null, userId: OTHER, timestamp: '2023-01-01T00:00:00Z', messageId: 'm-4' },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    ],
    [
      'consents',
      'consents.csv',
      'customer_id,purpose,granted,recorded_at\n' +
        'P-ERASE-1,email,true,2024-01-01T00:00:00Z\n' +
        'P-ERASE-1,email,false,2024-06-01T00:00:00Z\n' +
        'P-ERASE-1,sms,true,2024-02-01T00:00:00Z\n' +
        'P-KEEP-2,email,true,2024-03-01T00:00:00Z\n' +
        'P-KEEP-2,sms,false,2024-03-01T00:00:00Z\n',
    ],
    [
      'feedback',
      'feedback.csv',
      'feedback_id,customer_id,text,rating,created_at\nF-1,P-ERASE-1,Tea was lovely,5,2024-01-10T00:00:00Z\nF-2,P-KEEP-2,Cup chipped,2,2024-03-10T00:00:00Z\n',
    ],
  ]
  for (const [kind, name, content] of imports) {
    const r = await p.import(kind, t.file(name, content))
    expect(r.ok && r.value.rejected, `${name}: ${JSON.stringify(r)}`).toBe(0)
  }
  // Surveys have no importer yet; their responses are written as the survey feature will write them.
  await sql(p).run(
    `INSERT INTO survey_responses VALUES ('default', 'S1', 'R-1', 'P-ERASE-1', '{"q1":"yes"}', '2024-04-01 00:00:00'),
       ('default', 'S1', 'R-2', '${OTHER}', '{"q1":"no"}', '2024-04-01 00:00:00')`,
  )
  const rfm = await runRfm(p, { asOf: '2024-12-31' } as Parameters<typeof runRfm>[1])
  expect(rfm.ok).toBe(true)
  const seg = await createSegment(p, { id: 'shanghai', name: 'Shanghai', rule: { trait: 'city', op: 'eq', value: '上海' } })
  expect(seg.ok).toBe(true)
  await recordAudit(p, { action: 'profile.read', target: 'P-ERASE-1', actor: 'api' })
}

const sql = (p: Portrait) => (p.store as DuckDbStore).sql

/** Rows of every table of the workspace whose text mentions `needle`. */
async function mentions(p: Portrait, needle: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {}
  for (const table of [...TABLES, MODEL_RUNS_TABLE].map((t) => t.name)) {
    const [r] = await sql(p).all(`SELECT count(*) AS n FROM "${table}" t WHERE contains(lower(CAST(t AS VARCHAR)), lower($1))`, [needle])
    if (Number(r?.n) > 0) found[table] = Number(r?.n)
  }
  return found
}

describe('privacy: export, erasure, consent history, retention, audit', () => {
  let t: Temp
  let subject: string
  beforeEach(async () => {
    t = await tempPortrait()
    setAuditActor(t.portrait, 'cli')
    await loadFixture(t)
    subject = (await t.portrait.store.resolveCustomer('default', 'erase.me@example.org'))!
    expect(PERSON.ids).toContain(subject)
  })
  afterEach(async () => t.cleanup())

  it('exports everything about a person found by any identity, and audits the export', async () => {
    const p = t.portrait
    const byPhone = await exportPersonalData(p, '+86 139 1234 5678')
    expect(byPhone.ok).toBe(true)
    if (!byPhone.ok) return
    const doc = byPhone.value
    expect(doc.customer_id).toBe(subject)
    expect(doc.profile).toMatchObject({ name: 'Zhang Wei', city: '上海' })
    expect(doc.identities.map((i) => i.value)).toEqual(expect.arrayContaining(['erase.me@example.org', '13912345678', ...PERSON.ids]))
    expect(doc.merges).toHaveLength(1)
    expect(doc.merges[0]).toHaveProperty('merged_profile')
    expect(doc.orders.map((o) => o.order_id).sort()).toEqual(['O-1', 'O-2'])
    expect(doc.order_lines.map((l) => l.sku)).toEqual(['SKU-1'])
    expect(doc.events.map((e) => e.message_id)).toEqual(['m-1', 'm-2'])
    expect(doc.consents.map((c) => [c.purpose, c.granted, c.recorded_at])).toEqual([
      ['email', false, '2024-06-01T00:00:00.000Z'],
      ['sms', true, '2024-02-01T00:00:00.000Z'],
      ['email', true, '2024-01-01T00:00:00.000Z'],
    ])
    expect(doc.feedback.map((f) => f.text)).toEqual(['Tea was lovely'])
    expect(doc.survey_responses).toEqual([expect.objectContaining({ response_id: 'R-1', answers: { q1: 'yes' } })])
    expect(doc.scores.map((s) => s.name)).toEqual(['rfm'])
    expect(doc.segments).toEqual([{ segment_id: 'shanghai', name: 'Shanghai' }])
    expect(doc.audit.map((a) => a.action)).toEqual(['profile.read'])
    // Nothing of the other customer leaks into the document.
    expect(JSON.stringify(doc)).not.toContain(OTHER)

    const [entry] = await listAudit(p, { action: 'privacy.export' })
    expect(entry).toMatchObject({ actor: 'cli', target: subject, details: { orders: 2, events: 2, consents: 3, segments: 1 } })
    expect(JSON.stringify(entry)).not.toContain('erase.me')

    const missing = await exportPersonalData(p, 'nobody@example.org')
    expect(!missing.ok && missing.error.tag).toBe('NotFound')
  })

  it('erases a person: no identity resolves, nothing of them is left, aggregates stay consistent', async () => {
    const p = t.portrait
    const before = await p.overview()
    const otherBefore = await p.profile(OTHER)
    await exportSegmentMembers(p, 'shanghai')
    for (const key of [...PERSON.ids, 'dev-erase-77']) expect(Object.keys(await mentions(p, key)).length, key).toBeGreaterThan(0)
    // emails and phones are encrypted at rest: no table holds them in the clear, even before the erasure
    for (const key of ['erase.me@example.org', '13912345678']) expect(await mentions(p, key), key).toEqual({})

    const r = await erasePersonalData(p, 'erase.me@example.org')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value.erasure_id).toMatch(/^erasure-[0-9a-f]{16}$/)
    expect(r.value.counts).toMatchObject({
      customers: 1,
      events: 2,
      consents: 3,
      feedback: 1,
      surveyResponses: 1,
      scores: 1,
      ordersDetached: 2,
      orderLinesDetached: 1,
      mergesRedacted: 1,
      auditRedacted: 1,
    })
    expect(r.value.counts.identities).toBeGreaterThanOrEqual(4)

    for (const key of [...PERSON.ids, ...PERSON.identities, 'Erase.Me@example.org', '+8613912345678']) {
      expect(await p.store.resolveCustomer('default', key), key).toBeNull()
      const profile = await p.profile(key)
      expect(!profile.ok && profile.error.tag).toBe('NotFound')
      expect(await mentions(p, key), key).toEqual({})
    }
    expect(await mentions(p, 'Zhang Wei')).toEqual({})
    expect(await mentions(p, 'Tea was lovely')).toEqual({})

    const after = await p.overview()
    expect(after.customers).toBe(before.customers - 1)
    expect(after.revenue).toBe(before.revenue)
    expect(after.orders).toBe(before.orders)
    expect(after.guestOrders).toBe(before.guestOrders + 2)
    expect(after.identifiedOrders).toBe(before.identifiedOrders - 2)
    expect(after.events).toBe(before.events - 2)
    // The other customer is untouched.
    expect(await p.profile(OTHER)).toEqual(otherBefore)

    const merges = await p.listMerges()
    expect(merges).toHaveLength(1)
    expect([merges[0]?.kept_customer_id, merges[0]?.merged_customer_id]).toEqual([r.value.erasure_id, r.value.erasure_id])

    const audit = await listAudit(p)
    expect(audit[0]).toMatchObject({ action: 'privacy.erase', actor: 'cli', target: r.value.erasure_id, details: r.value.counts })
    expect(audit.find((a) => a.action === 'profile.read')?.target).toBe(r.value.erasure_id)
    expect(audit.find((a) => a.action === 'segment.export')).toMatchObject({ target: 'shanghai', details: { rows: 1 } })

    const again = await erasePersonalData(p, 'erase.me@example.org')
    expect(!again.ok && again.error.tag).toBe('NotFound')
  })

  it('keeps every consent record, newest first, and allows a purpose only on a granting latest record', async () => {
    const p = t.portrait
    const h = await consentHistory(p, 'erase.me@example.org')
    expect(h.ok && h.value.items.map((c) => `${c.purpose}:${c.granted}:${c.recorded_at.slice(0, 10)}`)).toEqual([
      'email:false:2024-06-01',
      'sms:true:2024-02-01',
      'email:true:2024-01-01',
    ])
    const ids = [subject, OTHER, 'NO-SUCH-ID']
    expect([...(await consentAllows(p, ids, 'email'))]).toEqual([OTHER])
    expect([...(await consentAllows(p, ids, 'sms'))]).toEqual([subject])
    expect([...(await consentAllows(p, ids, 'ads'))]).toEqual([])
    expect([...(await consentAllows(p, ids, ' EMAIL '))]).toEqual([OTHER])
    expect([...(await consentAllows(p, [], 'email'))]).toEqual([])

    // A later record wins, whichever way it goes.
    await p.import(
      'consents',
      t.file(
        'c2.csv',
        `customer_id,purpose,granted,recorded_at\n${subject},email,true,2024-07-01T00:00:00Z\n${OTHER},email,false,2024-03-02T00:00:00Z\n`,
      ),
    )
    expect([...(await consentAllows(p, ids, 'email'))]).toEqual([subject])
  })

  it('deletes raw events past the retention age, counts them in a dry run, and audits real runs', async () => {
    const p = t.portrait
    const asOf = new Date('2025-06-01T00:00:00Z')
    // Events on 2023-01-01, 2024-01-01, 2024-01-02, 2025-01-01; 365 days before asOf is 2024-06-01.
    const dry = await runRetention(p, { days: 365, asOf, dryRun: true })
    expect(dry.ok && dry.value).toEqual({ cutoff: '2024-06-01T00:00:00.000Z', days: 365, deleted: 3, dry_run: true })
    expect((await p.overview()).events).toBe(4)
    expect(await listAudit(p, { action: 'retention' })).toEqual([])

    const none = await runRetention(p, { asOf })
    expect(!none.ok && none.error.tag).toBe('InvalidInput')
    const bad = await setRetentionDays(p, 0)
    expect(!bad.ok && bad.error.message).toMatch(/whole number of days/)
    expect((await setRetentionDays(p, 800)).ok).toBe(true)
    const stored = await runRetention(p, { asOf })
    expect(stored.ok && stored.value.deleted).toBe(1)
    const real = await runRetention(p, { days: 365, asOf })
    expect(real.ok && real.value.deleted).toBe(2)
    expect((await p.overview()).events).toBe(1)
    const audit = await listAudit(p, { action: 'retention' })
    expect(audit.map((a) => a.details?.deleted)).toEqual([2, 1])
    expect(audit[0]).toMatchObject({ actor: 'cli', target: 'events', details: { days: 365, cutoff: '2024-06-01T00:00:00.000Z' } })
  })

  it('lists audit entries newest first, filtered, and exports them as injection-safe CSV', async () => {
    const p = t.portrait
    await recordAudit(p, { action: 'import', target: '=HYPERLINK("http://x")', details: { file: '@evil.csv' } })
    const all = await listAudit(p, { limit: 2 })
    expect(all.map((a) => a.action)).toEqual(['import', 'profile.read'])
    expect((await listAudit(p, { action: 'profile.read' })).map((a) => a.target)).toEqual(['P-ERASE-1'])
    expect(await listAudit(p, { since: new Date(Date.now() + 60_000) })).toEqual([])
    const csv = auditCsv(all)
    expect(csv.split('\n')[0]).toBe('at,actor,action,target,details')
    expect(csv).toContain(`,import,"'=HYPERLINK(""http://x"")",`)
    expect(csv).not.toMatch(/,=HYPERLINK/)
  })
})
