import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { gzipSync } from 'node:zlib'
import iconv from 'iconv-lite'
import { tempPortrait } from '../testing/temp.js'
import { erasePersonalData } from '../privacy/privacy.js'

type T = Awaited<ReturnType<typeof tempPortrait>>

const SHOP = `customer_id,name,email,phone,gender,birth_date,city,income,member_level
C001,张伟,Zhang.Wei@QQ.com,+86 138-0000-2629,男,1988-04-02,北京市,12000,gold
C002,李娜,lina@163.com,13900001111,女,1995-09-30,成都,8000,silver
C003,王芳,,13700002222,F,2001-01-15,无锡,,
`
// The store CRM knows two of the same people under its own ids, with their contact data written differently.
const CRM = `customer_id,name,email,phone,gender,occupation
CRM-9,张伟, zhang.wei@qq.com ,13800002629,M,工程师
CRM-10,李娜,LINA@163.COM,,女,教师
CRM-11,赵磊,zhaolei@126.com,13600003333,男,销售
`

describe('identity resolution', () => {
  let t: T
  beforeEach(async () => {
    t = await tempPortrait()
  })
  afterEach(async () => t.cleanup())

  it('merges another source’s records of the same people and keeps every source id', async () => {
    const a = await t.portrait.import('customers', t.file('shop.csv', SHOP), { source: 'shop' })
    expect(a.ok && a.value).toMatchObject({ imported: 3, merged: 0, rejected: 0, duplicates: 0 })
    const b = await t.portrait.import('customers', t.file('crm.csv', CRM), { source: 'crm' })
    expect(b.ok && b.value).toMatchObject({ imported: 1, merged: 2, rejected: 0, duplicates: 0 })
    expect(await t.portrait.countCustomers()).toBe(4)

    const p = await t.portrait.profile('CRM-9')
    if (!p.ok) throw new Error(p.error.message)
    expect(p.value.customer_id).toBe('C001')
    expect(p.value.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual(
      ['customer_id:C001', 'customer_id:CRM-9', 'email:zhang.wei@qq.com', 'phone:13800002629'].sort(),
    )
    expect(p.value.traits).toMatchObject({
      name: '张伟',
      city: '北京',
      city_tier: 'tier1',
      gender: 'male',
      occupation: '工程师',
      member_level: 'gold',
    })
    expect(p.value.sources).toEqual(['shop', 'crm'])
    // Found by any identity, as a person would type it.
    for (const key of ['C001', 'zhang.wei@qq.com', 'ZHANG.WEI@QQ.COM', '+86 138 0000 2629']) {
      const q = await t.portrait.profile(key)
      expect(q.ok && q.value.customer_id).toBe('C001')
    }
    const merges = await t.portrait.listMerges()
    expect(merges.map((m) => [m.kept_customer_id, m.merged_customer_id, m.matched_on]).sort()).toEqual([
      ['C001', 'CRM-9', 'email'],
      ['C002', 'CRM-10', 'email'],
    ])
  })

  it('re-importing the same file adds nothing', async () => {
    await t.portrait.import('customers', t.file('shop.csv', SHOP), { source: 'shop' })
    await t.portrait.import('customers', t.file('crm.csv', CRM), { source: 'crm' })
    const again = await t.portrait.import('customers', t.file('crm.csv', CRM), { source: 'crm' })
    expect(again.ok && again.value).toMatchObject({ imported: 0, merged: 0, duplicates: 3 })
    expect(await t.portrait.countCustomers()).toBe(4)
  })

  it('attaches orders placed under a merged id to the kept profile, and undo gives them back', async () => {
    await t.portrait.import('customers', t.file('shop.csv', SHOP), { source: 'shop' })
    const orders = `order_id,customer_id,ordered_at,amount,channel
O1,C001,2026-01-05,100,online
O2,CRM-9,2026-02-05,250.5,store
`
    // The CRM's order arrives before the CRM's customer file: it gets a minimal profile first.
    await t.portrait.import('orders', t.file('orders.csv', orders), { source: 'pos' })
    expect(await t.portrait.countCustomers()).toBe(4)
    const b = await t.portrait.import('customers', t.file('crm.csv', CRM), { source: 'crm' })
    expect(b.ok && b.value.merged).toBe(2)
    expect(await t.portrait.countCustomers()).toBe(4)
    const merged = await t.portrait.profile('C001')
    if (!merged.ok) throw new Error(merged.error.message)
    expect(merged.value.orders).toMatchObject({ count: 2, revenue: 350.5 })

    const m = (await t.portrait.listMerges()).find((x) => x.merged_customer_id === 'CRM-9')
    if (!m) throw new Error('no merge of CRM-9')
    const undo = await t.portrait.undoMerge(m.merge_id)
    expect(undo.ok).toBe(true)
    const back = await t.portrait.profile('CRM-9')
    if (!back.ok) throw new Error(back.error.message)
    expect(back.value.customer_id).toBe('CRM-9')
    expect(back.value.orders).toMatchObject({ count: 1, revenue: 250.5 })
    const kept = await t.portrait.profile('C001')
    expect(kept.ok && kept.value.orders).toMatchObject({ count: 1, revenue: 100 })
    expect(kept.ok && kept.value.identities.some((i) => i.value === 'CRM-9')).toBe(false)
    const twice = await t.portrait.undoMerge(m.merge_id)
    expect(!twice.ok && twice.error.tag).toBe('Conflict')
    expect((await t.portrait.listMerges()).find((x) => x.merge_id === m.merge_id)?.undone_at).not.toBeNull()
  })

  it('undoes a merge of a customer row back into its own profile', async () => {
    await t.portrait.import('customers', t.file('shop.csv', SHOP), { source: 'shop' })
    await t.portrait.import('customers', t.file('crm.csv', CRM), { source: 'crm' })
    const m = (await t.portrait.listMerges()).find((x) => x.merged_customer_id === 'CRM-10')
    if (!m) throw new Error('no merge')
    expect((await t.portrait.undoMerge(m.merge_id)).ok).toBe(true)
    expect(await t.portrait.countCustomers()).toBe(5)
    const lina = await t.portrait.profile('C002')
    expect(lina.ok && lina.value.traits.occupation).toBeUndefined()
    const crm = await t.portrait.profile('CRM-10')
    expect(crm.ok && crm.value.traits).toMatchObject({ occupation: '教师', email: 'lina@163.com' })
    expect(crm.ok && crm.value.identities.map((i) => i.kind).sort()).toEqual(['customer_id'])
  })

  it('refuses to undo a merge whose person was erased, with a conflict', async () => {
    await t.portrait.import('customers', t.file('shop.csv', SHOP), { source: 'shop' })
    await t.portrait.import('customers', t.file('crm.csv', CRM), { source: 'crm' })
    const m = (await t.portrait.listMerges()).find((x) => x.kept_customer_id === 'C001')
    if (!m) throw new Error('no merge')
    const erased = await erasePersonalData(t.portrait, 'C001')
    expect(erased.ok).toBe(true)
    const undo = await t.portrait.undoMerge(m.merge_id)
    expect(!undo.ok && undo.error.tag).toBe('Conflict')
    expect(!undo.ok && undo.error.message).toMatch(/erased/)
  })

  it('a row whose email and phone belong to two profiles joins them', async () => {
    await t.portrait.import('customers', t.file('a.csv', 'customer_id,email,phone\nA1,a@x.com,\nB1,,13511112222\n'), { source: 'a' })
    const r = await t.portrait.import('customers', t.file('b.csv', 'customer_id,email,phone\nA1,a@x.com,13511112222\n'), { source: 'a' })
    expect(r.ok && r.value.merged).toBe(1)
    expect(await t.portrait.countCustomers()).toBe(1)
    const p = await t.portrait.profile('13511112222')
    expect(p.ok && p.value.customer_id).toBe('A1')
  })
})

describe('import with bad input', () => {
  let t: T
  beforeEach(async () => {
    t = await tempPortrait()
  })
  afterEach(async () => t.cleanup())

  it('imports the good rows and reports each bad one with its line and reason', async () => {
    const csv = `customer_id,email,phone,birth_date,income
G1,good@x.com,,1990-01-01,5000
G2,bad-email,,1990-01-01,5000
G3,,,1990-13-45,
G4,,,,abc
,,,,
,"",,1980-01-01,
G5,,13811112222,,"3,500"
G6,,,1990-01-01
`
    const r = await t.portrait.import('customers', t.file('c.csv', csv))
    if (!r.ok) throw new Error(r.error.message)
    expect(r.value.imported).toBe(2)
    expect(r.value.rejected).toBe(6)
    expect(r.value.errors).toEqual([
      { line: 3, reason: "malformed email 'bad-email'" },
      { line: 4, reason: "birth_date '1990-13-45' is not a valid date" },
      { line: 5, reason: "income 'abc' is not a number" },
      { line: 6, reason: 'no identity: a customer needs a customer_id, email or phone' },
      { line: 7, reason: 'no identity: a customer needs a customer_id, email or phone' },
      { line: 9, reason: 'expected 5 fields, found 4' },
    ])
    expect(r.value.quarantine).toBeTruthy()
    const { readFileSync } = await import('node:fs')
    const q = readFileSync(r.value.quarantine ?? '', 'utf-8')
    expect(q.split('\n').filter(Boolean)).toHaveLength(7)
    expect(q).toContain('bad-email')
  })

  it('gives one clear error for an empty, missing or headerless file and keeps the database usable', async () => {
    const empty = await t.portrait.import('customers', t.file('empty.csv', ''))
    expect(!empty.ok && empty.error).toMatchObject({ tag: 'EmptyInput' })
    const missing = await t.portrait.import('customers', '/nonexistent/file.csv')
    expect(!missing.ok && missing.error.message).toMatch(/no such file/)
    const noCols = await t.portrait.import('orders', t.file('o.csv', 'foo,bar\n1,2\n'))
    expect(!noCols.ok && noCols.error.message).toMatch(/no order_id, ordered_at, amount column/)
    const ok = await t.portrait.import('customers', t.file('ok.csv', 'customer_id\nX1\n'))
    expect(ok.ok && ok.value.imported).toBe(1)
  })

  it('reads GBK, semicolons, BOM, gzip, NDJSON and JSON arrays', async () => {
    const gbk = iconv.encode('客户ID;姓名;手机;城市\nK1;陈静;13912345678;深圳市\n', 'gbk')
    const a = await t.portrait.import('customers', t.file('gbk.csv', gbk))
    expect(a.ok && a.value.imported).toBe(1)
    const p = await t.portrait.profile('K1')
    expect(p.ok && p.value.traits).toMatchObject({ name: '陈静', city: '深圳', city_tier: 'tier1', phone: '13912345678' })
    const bom = await t.portrait.import('customers', t.file('bom.csv', '\uFEFFcustomer_id,name\nK2,Bom\n'))
    expect(bom.ok && bom.value.imported).toBe(1)
    const gz = await t.portrait.import('customers', t.file('c.csv.gz', gzipSync('customer_id\tname\nK3,x\tTab\n')))
    expect(gz.ok && gz.value.imported).toBe(1)
    expect((await t.portrait.profile('K3,x')).ok).toBe(true)
    const nd = await t.portrait.import('customers', t.file('c.ndjson', '{"customer_id":"K4","age":30}\nnot json\n[1]\n'))
    expect(nd.ok && nd.value).toMatchObject({ imported: 1, rejected: 2 })
    const arr = await t.portrait.import('customers', t.file('c.json', '[{"customer_id":"K5"}, 3]'))
    expect(arr.ok && arr.value).toMatchObject({ imported: 1, rejected: 1 })
    const notArray = await t.portrait.import('customers', t.file('o.json', '{"customer_id":"K6"'))
    expect(!notArray.ok && notArray.error.tag).toBe('Unreadable')
  })

  it('maps other headers with --map and is one transaction', async () => {
    const csv = 'Kunde,Mail\nM1,m1@x.com\n'
    const bad = await t.portrait.import('customers', t.file('m.csv', csv), { map: { customer_id: 'Kundennummer' } })
    expect(!bad.ok && bad.error.message).toMatch(/does not have/)
    const r = await t.portrait.import('customers', t.file('m.csv', csv), { map: { customer_id: 'Kunde', email: 'Mail' } })
    expect(r.ok && r.value.imported).toBe(1)
    const p = await t.portrait.profile('m1@x.com')
    expect(p.ok && p.value.customer_id).toBe('M1')
  })
})
