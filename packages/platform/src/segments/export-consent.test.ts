import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempPortrait } from '../testing/temp.js'
import { listAudit } from '../privacy/audit.js'
import { createSegment, exportSegmentMembers } from './segments.js'

/**
 * Audience exports respect consent: contact fields only with the matching consent, and with a
 * purpose only the members who granted it. Latest record wins; no record means no.
 */
describe('consent in audience exports', () => {
  let t: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    t = await tempPortrait()
    const p = t.portrait
    const ok = async (r: Promise<{ ok: boolean }>) => expect((await r).ok).toBe(true)
    await ok(
      p.import(
        'customers',
        t.file(
          'c.csv',
          [
            'customer_id,name,email,phone,city',
            'C1,Both Granted,c1@example.com,13800000001,上海',
            'C2,Email Withdrawn,c2@example.com,13800000002,上海',
            'C3,No Records,c3@example.com,13800000003,上海',
            'C4,Ads Only,c4@example.com,13800000004,上海',
            'C5,Elsewhere,c5@example.com,13800000005,北京',
          ].join('\n'),
        ),
      ),
    )
    await ok(
      p.import(
        'consents',
        t.file(
          'consents.csv',
          [
            'customer_id,purpose,granted,recorded_at',
            'C1,email,true,2026-01-01',
            'C1,sms,true,2026-01-01',
            'C2,email,true,2026-01-01',
            'C2,sms,true,2026-01-01',
            'C2,email,false,2026-03-01',
            'C4,ads,true,2026-02-01',
            'C4,email,false,2026-02-01',
            'C5,email,true,2026-01-01',
          ].join('\n'),
        ),
      ),
    )
    await ok(createSegment(p, { id: 'shanghai', name: 'Shanghai', rule: { trait: 'city', op: 'eq', value: '上海' } }))
  }, 60_000)
  afterAll(async () => t.cleanup())

  const rows = (csv: string) =>
    csv
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 4).join(','))

  it('writes e-mails only with email consent and phones only with sms consent', async () => {
    const r = await exportSegmentMembers(t.portrait, 'shanghai')
    if (!r.ok) throw new Error(r.error.message)
    expect(rows(r.value.csv)).toEqual([
      'C1,Both Granted,c1@example.com,13800000001',
      // the later withdrawal wins over the earlier grant
      'C2,Email Withdrawn,,13800000002',
      'C3,No Records,,',
      'C4,Ads Only,,',
    ])
    expect(r.value).toMatchObject({ rows: 4, purpose: null, excluded: 0, withheld: { email: 3, phone: 2 } })
  })

  it('with a purpose, writes only the members who granted it', async () => {
    const email = await exportSegmentMembers(t.portrait, 'shanghai', { purpose: 'email' })
    if (!email.ok) throw new Error(email.error.message)
    expect(rows(email.value.csv)).toEqual(['C1,Both Granted,c1@example.com,13800000001'])
    expect(email.value).toMatchObject({ rows: 1, purpose: 'email', excluded: 3 })

    const ads = await exportSegmentMembers(t.portrait, 'shanghai', { purpose: 'ADS' })
    if (!ads.ok) throw new Error(ads.error.message)
    expect(rows(ads.value.csv)).toEqual(['C4,Ads Only,,'])

    const [entry] = await listAudit(t.portrait, { action: 'segment.export' })
    expect(entry?.details).toMatchObject({ rows: 1, purpose: 'ads', excluded: 3 })
  })

  it('refuses a purpose that is not one', async () => {
    const r = await exportSegmentMembers(t.portrait, 'shanghai', { purpose: 'spam' })
    expect(!r.ok && r.error).toMatchObject({
      tag: 'InvalidInput',
      message: expect.stringMatching(/purpose: 'spam' is not a consent purpose/),
    })
  })
})
