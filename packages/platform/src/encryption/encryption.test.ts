import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDbStore, EncryptionKeyError } from '@portrait/store'
import { tempPortrait } from '../testing/temp.js'
import { Portrait } from '../portrait.js'
import { seedDemo } from '../demo/seed.js'
import { generateDemoData } from '../demo/generate.js'
import { createSegment, segmentMembers } from '../segments/segments.js'
import { exportPersonalData, erasePersonalData } from '../privacy/privacy.js'
import { listAudit } from '../privacy/audit.js'
import { encryptionStatus, rotateEncryptionKeys } from './encryption.js'
import { keyFilePath } from './master-key.js'

type Temp = Awaited<ReturnType<typeof tempPortrait>>

const MARKER = 'PLAINMARKER-7Q4Z'
const PEOPLE = [
  { id: 'E-1', name: 'Liu Yang', email: 'liu.yang.enc@example.org', phone: '13811112222', address: '上海市徐汇区漕溪北路88号' },
  { id: 'E-2', name: '陈静', email: 'chen.jing.enc@example.net', phone: '13933334444', address: '北京市朝阳区建国路1号' },
  { id: 'E-3', name: 'Wang Lei', email: 'wang.lei.enc@example.com', phone: '+4420790001234', address: '10 Downing Street' },
]
const CUSTOMERS_CSV = `customer_id,name,email,phone,city,收货地址,campaign_note\n${PEOPLE.map(
  (p) => `${p.id},${p.name},${p.email},${p.phone},上海,${p.address},${MARKER}-${p.id}`,
).join('\n')}\n`
// The same person again from another source, matched by email: a merge with profile snapshots.
const CRM_CSV = `customer_id,name,email,phone,occupation\nCRM-77,Liu Yang,LIU.YANG.ENC@example.org,,engineer\n`
// Events whose user id is an email and whose identify traits carry contact data.
const EVENTS = [
  {
    messageId: 'ev-1',
    type: 'identify',
    userId: 'chen.jing.enc@example.net',
    timestamp: '2025-03-01T10:00:00Z',
    traits: { email: 'chen.jing.enc@example.net', phone: '13933334444' },
  },
  {
    messageId: 'ev-2',
    type: 'track',
    event: 'signup',
    userId: 'E-1',
    timestamp: '2025-03-02T10:00:00Z',
    context: { traits: { email: 'liu.yang.enc@example.org' } },
  },
]
  .map((e) => JSON.stringify(e))
  .join('\n')

const sql = (p: Portrait) => (p.store as DuckDbStore).sql

/** The raw bytes of the database file and its write-ahead log, if any. */
function rawDatabaseBytes(dbPath: string): Buffer {
  return Buffer.concat([dbPath, `${dbPath}.wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)))
}

const occurs = (bytes: Buffer, text: string): boolean => bytes.includes(Buffer.from(text, 'utf8'))

async function loadPeople(t: Temp): Promise<void> {
  const a = await t.portrait.import('customers', t.file('c.csv', CUSTOMERS_CSV), { source: 'shop' })
  expect(a.ok && a.value).toMatchObject({ imported: 3, rejected: 0 })
  const b = await t.portrait.import('customers', t.file('crm.csv', CRM_CSV), { source: 'crm' })
  expect(b.ok && b.value).toMatchObject({ merged: 1 })
  const e = await t.portrait.import('events', t.file('e.ndjson', EVENTS), { source: 'web' })
  expect(e.ok && e.value).toMatchObject({ imported: 2, rejected: 0 })
}

describe('personal data encrypted at rest', () => {
  let t: Temp
  let dbPath: string
  beforeEach(async () => {
    t = await tempPortrait()
    dbPath = t.portrait.store.location
  })
  afterEach(async () => t.cleanup())

  it('leaves no email, phone, name or address in the database files, while a plain trait is found by the same scan', async () => {
    // Uncompressed storage: any plaintext value would sit in the file byte for byte, so the scan
    // below can find it (the marker, a non-personal trait, proves it does).
    await sql(t.portrait).run("SET force_compression = 'uncompressed'")
    await loadPeople(t)
    // Before the checkpoint the rows are in the write-ahead log; after closing, in the file.
    const beforeCheckpoint = rawDatabaseBytes(dbPath)
    await t.portrait.close()
    const afterCheckpoint = rawDatabaseBytes(dbPath)
    for (const [when, bytes] of [
      ['before the checkpoint', beforeCheckpoint],
      ['after the checkpoint', afterCheckpoint],
    ] as const) {
      expect(occurs(bytes, `${MARKER}-E-2`), `${when}: the scan finds a plain trait`).toBe(true)
      for (const p of PEOPLE) {
        for (const value of [p.email, p.email.toUpperCase(), p.phone, p.name, p.address])
          expect(occurs(bytes, value), `${when}: ${value}`).toBe(false)
      }
    }
    t = { ...t, portrait: await Portrait.open({ dbPath }) }
  })

  it('leaves no demo email or phone in the files of a seeded database', async () => {
    await sql(t.portrait).run("SET force_compression = 'uncompressed'")
    const endDate = new Date(Date.UTC(2025, 11, 31))
    await seedDemo(t.portrait, { seed: 11, customers: 300, endDate })
    const data = generateDemoData({ seed: 11, customers: 300, endDate })
    await t.portrait.close()
    const bytes = rawDatabaseBytes(dbPath)
    const someId = data.customers.find((c) => c.customer_id)?.customer_id
    expect(someId && occurs(bytes, someId), 'the scan finds customer ids').toBe(true)
    const contacts = data.customers.flatMap((c) => [c.email, c.phone]).filter((v): v is string => typeof v === 'string' && v.length > 5)
    expect(contacts.length).toBeGreaterThan(100)
    const found = contacts.filter((v) => occurs(bytes, v.trim()) || occurs(bytes, v.trim().toLowerCase()))
    expect(found).toEqual([])
    t = { ...t, portrait: await Portrait.open({ dbPath }) }
  })

  it('finds people by exact email, phone and name, resolves identities and exports them in the clear', async () => {
    await loadPeople(t)
    const p = t.portrait
    for (const key of ['liu.yang.enc@example.org', 'Liu.Yang.ENC@example.org', '+86 138-1111-2222', '13811112222', 'CRM-77']) {
      const r = await p.profile(key)
      expect(r.ok && r.value.customer_id, key).toBe('E-1')
    }
    const profile = await p.profile('E-1')
    if (!profile.ok) throw new Error(profile.error.message)
    expect(profile.value.traits).toMatchObject({ name: 'Liu Yang', email: 'liu.yang.enc@example.org', 收货地址: PEOPLE[0]?.address })
    expect(profile.value.identities.map((i) => `${i.kind}:${i.value}`)).toContain('email:liu.yang.enc@example.org')
    for (const [q, id] of [
      ['chen.jing.enc@example.net', 'E-2'],
      ['13933334444', 'E-2'],
      ['陈静', 'E-2'],
      ['wang lei', 'E-3'],
      ['+44 20 7900 01234', 'E-3'],
    ] as const) {
      const list = await p.listCustomers({ q })
      expect(
        list.items.map((c) => c.customer_id),
        q,
      ).toEqual([id])
      expect(list.items[0]?.email).toBe(PEOPLE.find((x) => x.id === id)?.email)
    }
    // encrypted fields match whole values only
    expect((await p.listCustomers({ q: 'chen.jing' })).total).toBe(0)
    // an event whose user id is an email belongs to that person
    expect((await p.profile('E-2')).ok && (await p.profile('E-2'))).toMatchObject({ value: { events: { count: 1 } } })

    const doc = await exportPersonalData(p, 'chen.jing.enc@example.net')
    if (!doc.ok) throw new Error(doc.error.message)
    expect(doc.value.profile).toMatchObject({ name: '陈静', email: 'chen.jing.enc@example.net', phone: '13933334444' })
    expect(doc.value.events[0]).toMatchObject({
      user_id: 'chen.jing.enc@example.net',
      properties: { traits: { email: 'chen.jing.enc@example.net' } },
    })
    const merged = await exportPersonalData(p, 'E-1')
    if (!merged.ok) throw new Error(merged.error.message)
    expect(merged.value.merges[0]).toMatchObject({
      merged_profile: { name: 'Liu Yang', email: 'liu.yang.enc@example.org', occupation: 'engineer' },
    })

    const erased = await erasePersonalData(p, 'liu.yang.enc@example.org')
    expect(erased.ok).toBe(true)
    for (const key of ['liu.yang.enc@example.org', '13811112222', 'Liu Yang']) {
      expect(await p.store.resolveCustomer('default', key), key).toBeNull()
      expect((await p.listCustomers({ q: key })).total, key).toBe(0)
    }
  })

  it('answers exists and exact matches on encrypted fields in segments, and refuses other operators clearly', async () => {
    await loadPeople(t)
    const p = t.portrait
    const withAddress = await createSegment(p, { name: 'has an address', rule: { trait: 'traits.收货地址', op: 'exists' } })
    if (!withAddress.ok) throw new Error(withAddress.error.message)
    const members = await segmentMembers(p, withAddress.value.id, {})
    expect(members.ok && members.value.items.map((c) => c.customer_id).sort()).toEqual(['E-1', 'E-2', 'E-3'])
    expect(members.ok && members.value.items.map((c) => c.email).sort()).toEqual(PEOPLE.map((x) => x.email).sort())
    const byEmail = await createSegment(p, { name: 'one person', rule: { trait: 'email', op: 'in', value: ['WANG.LEI.ENC@example.com'] } })
    if (!byEmail.ok) throw new Error(byEmail.error.message)
    const one = await segmentMembers(p, byEmail.value.id, {})
    expect(one.ok && one.value.items.map((c) => c.customer_id)).toEqual(['E-3'])
    const refused = await createSegment(p, { name: 'bad', rule: { trait: 'phone', op: 'contains', value: '138' } })
    expect(!refused.ok && refused.error).toMatchObject({
      tag: 'InvalidInput',
      message: expect.stringContaining("phone is encrypted personal data: only exists, eq, neq, in, nin are supported, not 'contains'"),
    })
  })

  it('rotates the workspace keys: every value re-encrypted, the old key gone, lookups still work, audited', async () => {
    await loadPeople(t)
    const p = t.portrait
    const before = await encryptionStatus(p)
    expect(before.plaintext).toEqual({
      customer_names: 0,
      customer_emails: 0,
      customer_phones: 0,
      personal_traits: 0,
      identities: 0,
      merge_snapshots: 0,
      events: 0,
    })
    expect(before.encrypted).toMatchObject({
      customer_emails: 3,
      customer_phones: 3,
      personal_traits: 3,
      identities: 6,
      merge_snapshots: 1,
      events: 2,
    })
    const oldKey = before.keys[0]?.key_id ?? ''
    const r = await rotateEncryptionKeys(p)
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.old_key_ids).toEqual([oldKey])
    expect(r.value.rows).toMatchObject({ customers: 3, identities: 6, merges: 1, events: 2 })
    const after = await encryptionStatus(p)
    expect(after.keys.map((k) => k.key_id)).toEqual([r.value.new_key_id])
    expect(after.encrypted).toEqual(before.encrypted)
    const [{ n } = { n: -1 }] = await sql(p).all(
      `SELECT count(*) AS n FROM (SELECT CAST(t AS VARCHAR) AS s FROM customers t UNION ALL SELECT CAST(t AS VARCHAR) FROM identities t
       UNION ALL SELECT CAST(t AS VARCHAR) FROM merges t UNION ALL SELECT CAST(t AS VARCHAR) FROM events t) WHERE contains(s, $1)`,
      [`:${oldKey}:`],
    )
    expect(n).toBe(0)
    await p.close()
    const again = await Portrait.open({ dbPath })
    t = { ...t, portrait: again }
    for (const person of PEOPLE) {
      const found = await again.profile(person.email)
      expect(found.ok && found.value.traits).toMatchObject({ name: person.name, phone: person.phone, 收货地址: person.address })
      expect((await again.listCustomers({ q: person.name })).items.map((c) => c.customer_id)).toEqual([person.id])
    }
    const doc = await exportPersonalData(again, 'E-2')
    expect(doc.ok && doc.value.events[0]).toMatchObject({ user_id: 'chen.jing.enc@example.net' })
    const [audit] = await listAudit(again, { action: 'encryption.rotate' })
    expect(audit).toMatchObject({ target: 'default', details: { old_key_ids: [oldKey], new_key_id: r.value.new_key_id } })
  })

  it('rotates the master key in the key file atomically; the old key no longer opens the database', async () => {
    await loadPeople(t)
    const keyFile = keyFilePath(dbPath)
    const oldText = readFileSync(keyFile, 'utf8').trim()
    const r = await rotateEncryptionKeys(t.portrait, { master: true })
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.master_rotated).toBe(true)
    const newText = readFileSync(keyFile, 'utf8').trim()
    expect(newText).not.toBe(oldText)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    expect(readdirSync(t.dir).filter((f) => f.includes('.key.'))).toEqual([])
    await t.portrait.close()
    await expect(Portrait.open({ dbPath, masterKey: oldText })).rejects.toThrow(/the master key does not match the keys of this database/)
    const again = await Portrait.open({ dbPath })
    t = { ...t, portrait: again }
    expect((await again.profile('13933334444')).ok).toBe(true)
  })

  it('takes a master key from the environment value, and the next one from PORTRAIT_NEW_MASTER_KEY', async () => {
    await t.portrait.close()
    rmSync(join(t.dir), { recursive: true, force: true })
    const dir = t.dir
    const db = join(dir, 'env.duckdb')
    const keyA = Buffer.alloc(32, 7).toString('base64')
    const keyB = Buffer.alloc(32, 9).toString('hex')
    let p = await Portrait.open({ dbPath: db, masterKey: keyA })
    t = { ...t, portrait: p }
    expect(existsSync(keyFilePath(db))).toBe(false)
    expect((await encryptionStatus(p)).master_key).toBe('PORTRAIT_MASTER_KEY')
    const imported = await p.import('customers', t.file('c.csv', CUSTOMERS_CSV))
    expect(imported.ok).toBe(true)
    const missing = await rotateEncryptionKeys(p, { master: true })
    expect(!missing.ok && missing.error.message).toContain('PORTRAIT_NEW_MASTER_KEY')
    const bad = await rotateEncryptionKeys(p, { master: true, newMasterKey: 'not-a-key' })
    expect(!bad.ok && bad.error).toMatchObject({ tag: 'InvalidInput' })
    const r = await rotateEncryptionKeys(p, { master: true, newMasterKey: keyB })
    expect(r.ok && r.value.next_step).toContain('set PORTRAIT_MASTER_KEY')
    await p.close()
    await expect(Portrait.open({ dbPath: db, masterKey: keyA })).rejects.toBeInstanceOf(EncryptionKeyError)
    // without any key the database refuses to open, naming both ways to give it
    await expect(Portrait.open({ dbPath: db, masterKey: '' })).rejects.toThrow(/set PORTRAIT_MASTER_KEY, or put its key file back at/)
    p = await Portrait.open({ dbPath: db, masterKey: keyB })
    t = { ...t, portrait: p }
    expect((await p.profile('wang.lei.enc@example.com')).ok).toBe(true)
  })

  it('creates the key file with mode 0600, refuses a malformed key and a database whose key file is gone', async () => {
    const keyFile = keyFilePath(dbPath)
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    await loadPeople(t)
    await t.portrait.close()
    await expect(Portrait.open({ dbPath, masterKey: 'short' })).rejects.toThrow(
      /PORTRAIT_MASTER_KEY is not a master key: it must be 32 bytes/,
    )
    const saved = readFileSync(keyFile)
    rmSync(keyFile)
    await expect(Portrait.open({ dbPath, masterKey: '' })).rejects.toThrow(
      `the database ${dbPath} holds encrypted personal data but its master key is missing: set PORTRAIT_MASTER_KEY, or put its key file back at ${keyFile}`,
    )
    expect(existsSync(keyFile)).toBe(false)
    const { writeFileSync } = await import('node:fs')
    writeFileSync(keyFile, saved, { mode: 0o600 })
    t = { ...t, portrait: await Portrait.open({ dbPath, masterKey: '' }) }
    expect((await t.portrait.profile('liu.yang.enc@example.org')).ok).toBe(true)
  })

  it('upgrades a database written before encryption: values sealed, identities re-indexed, people still found', async () => {
    await loadPeople(t)
    const p = t.portrait
    // Put the database back to how it was before encryption: clear values, no keys, no key file.
    for (const person of PEOPLE) {
      await sql(p).run(
        `UPDATE customers SET name = $2, email = $3, phone = $4, name_bidx = NULL, email_bidx = NULL, phone_bidx = NULL,
           traits = json_merge_patch(traits, json_object('收货地址', $5::VARCHAR)) WHERE customer_id = $1`,
        [person.id, person.name, person.email, person.phone, person.address],
      )
      await sql(p).run("UPDATE identities SET value = $2, value_enc = NULL WHERE customer_id = $1 AND kind = 'email'", [
        person.id,
        person.email,
      ])
      await sql(p).run("UPDATE identities SET value = $2, value_enc = NULL WHERE customer_id = $1 AND kind = 'phone'", [
        person.id,
        person.phone,
      ])
    }
    await sql(p).run(
      `UPDATE events SET user_id = 'chen.jing.enc@example.net', properties = '{"traits":{"email":"chen.jing.enc@example.net","phone":"13933334444"}}'
       WHERE message_id = 'ev-1'`,
    )
    await sql(p).run(`UPDATE events SET context = '{"traits":{"email":"liu.yang.enc@example.org"}}' WHERE message_id = 'ev-2'`)
    const [kept] = await sql(p).all('SELECT CAST(kept_before AS VARCHAR) AS k FROM merges')
    const snapshot = JSON.parse(String(kept?.k)) as Record<string, unknown>
    const clearSnapshot = JSON.stringify({
      ...snapshot,
      name: 'Liu Yang',
      email: 'liu.yang.enc@example.org',
      phone: '13811112222',
      traits: {},
    })
    await sql(p).run('UPDATE merges SET kept_before = $1, merged_profile = NULL', [clearSnapshot])
    await sql(p).run('DELETE FROM encryption_keys')
    await p.close()
    rmSync(keyFilePath(dbPath))
    const upgraded = await Portrait.open({ dbPath, masterKey: '' })
    t = { ...t, portrait: upgraded }
    const s = await encryptionStatus(upgraded)
    expect(s.plaintext).toEqual({
      customer_names: 0,
      customer_emails: 0,
      customer_phones: 0,
      personal_traits: 0,
      identities: 0,
      merge_snapshots: 0,
      events: 0,
    })
    expect(s.encrypted).toMatchObject({ customer_emails: 3, identities: 6, merge_snapshots: 1, events: 2 })
    expect(await erasePersonalData(upgraded, 'nobody@example.org')).toMatchObject({ ok: false })
    const doc = await exportPersonalData(upgraded, 'E-1')
    expect(doc.ok && doc.value.merges[0]).toMatchObject({ kept_before: { email: 'liu.yang.enc@example.org', phone: '13811112222' } })
    expect(doc.ok && doc.value.events.find((e) => e.message_id === 'ev-2')).toMatchObject({
      context: { traits: { email: 'liu.yang.enc@example.org' } },
    })
    for (const person of PEOPLE) {
      const found = await upgraded.profile(person.email)
      expect(found.ok && found.value.traits, person.email).toMatchObject({
        name: person.name,
        email: person.email,
        收货地址: person.address,
      })
      expect((await upgraded.listCustomers({ q: person.phone })).items.map((c) => c.customer_id)).toEqual([person.id])
    }
    expect(existsSync(keyFilePath(dbPath))).toBe(true)
  })
})
