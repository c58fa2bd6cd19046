import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from '../cli.js'

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

describe('portrait segment', () => {
  let dir: string
  let db: string
  const file = (name: string, content: unknown): string => {
    const path = join(dir, name)
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content))
    return path
  }
  const json = async (args: string[]): Promise<Record<string, unknown>> => {
    const r = await cli(['--db', db, '--json', ...args])
    if (r.code !== 0) throw new Error(`${args.join(' ')} exited ${r.code}: ${r.err}`)
    return JSON.parse(r.out) as Record<string, unknown>
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-cli-seg-'))
    db = join(dir, 'p.duckdb')
    const init = await cli(['--db', db, '--json', 'init', '--demo', '--customers', '300', '--seed', '5'])
    if (init.code !== 0) throw new Error(init.err)
  }, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('lists the demo segments with their sizes', async () => {
    const list = await json(['segment', 'list'])
    const items = list.items as { id: string; size: number; basis: string }[]
    expect(items.map((s) => s.id)).toContain('tier1-cities')
    expect(new Set(items.map((s) => s.basis)).size).toBe(5)
    const text = await cli(['--db', db, 'segment', 'list'])
    expect(text.out).toMatch(/tier1-cities\s+一线城市客户\s+geographic\s+\d+\s+\d+\.\d%/)
  })

  it('creates, shows, counts, exports, explains, edits and deletes a segment', async () => {
    const rule = file('women.json', { and: [{ trait: 'gender', op: 'eq', value: 'female' }, { segment: 'tier1-cities' }] })
    const created = await json([
      'segment',
      'create',
      '--name',
      'Tier-1 women',
      '--rule',
      rule,
      '--basis',
      'demographic',
      '--description',
      'test',
    ])
    expect(created).toMatchObject({ id: 'tier-1-women', name: 'Tier-1 women', basis: 'demographic', description: 'test' })
    const size = created.size as number
    expect(size).toBeGreaterThan(0)

    const show = await cli(['--db', db, 'segment', 'show', 'tier-1-women'])
    expect(show.out).toMatch(new RegExp(`size: +${size} of \\d+ customers \\(\\d+\\.\\d%\\)`))
    expect(show.out).toContain("rule:     (gender = 'female' and in segment 'tier1-cities')")
    expect(await json(['segment', 'members', 'tier-1-women', '--count'])).toEqual({ count: size })
    const page = await json(['segment', 'members', 'tier-1-women', '--limit', '3'])
    expect((page.items as unknown[]).length).toBe(Math.min(3, size))
    expect(page.total).toBe(size)

    const csv = join(dir, 'members.csv')
    const exported = await json(['segment', 'members', 'tier-1-women', '--csv', csv])
    expect(exported).toMatchObject({ file: csv, rows: size, purpose: null, excluded: 0 })
    const lines = readFileSync(csv, 'utf-8').trimEnd().split('\n')
    expect(lines[0]?.startsWith('customer_id,name,email,phone,gender')).toBe(true)
    expect(lines).toHaveLength(size + 1)

    const member = String((page.items as { customer_id: string }[])[0]?.customer_id)
    const explain = await cli(['--db', db, 'segment', 'explain', 'tier-1-women', member])
    expect(explain.code).toBe(0)
    expect(explain.out).toContain(`${member} is a member of tier-1-women`)
    expect(explain.out).toContain('✓ gender = \'female\'  (actual: "female")')
    expect(explain.out).toContain('✓ in segment tier1-cities (一线城市客户):')
    const explained = await json(['segment', 'explain', 'tier-1-women', member])
    expect(explained).toMatchObject({ member: true, customer_id: member, explanation: { kind: 'and', met: true } })

    const narrower = file('narrower.json', {
      version: 1,
      rule: {
        and: [
          { trait: 'gender', op: 'eq', value: 'female' },
          { segment: 'tier1-cities' },
          { behavior: 'orders', measure: 'count', op: 'gte', value: 1 },
        ],
      },
    })
    const edited = await json(['segment', 'edit', 'tier-1-women', '--rule', narrower, '--name', 'Tier-1 women who bought'])
    expect(edited.name).toBe('Tier-1 women who bought')
    expect(edited.size as number).toBeLessThanOrEqual(size)
    const snapshots = (await json(['segment', 'snapshots', 'tier-1-women'])).items as { size: number }[]
    expect(snapshots.map((s) => s.size)).toEqual([size, size, edited.size])

    expect(await json(['segment', 'delete', 'tier-1-women'])).toEqual({ deleted: 'tier-1-women' })
    const gone = await cli(['--db', db, 'segment', 'show', 'tier-1-women'])
    expect(gone.code).toBe(3)
    expect(gone.err).toBe("portrait: no segment 'tier-1-women'\n")
  })

  it('exits 2 with the JSON path of a bad rule, and for unreadable rule files', async () => {
    const bad = file('bad.json', {
      and: [
        { trait: 'age', op: 'gte', value: 30 },
        { trait: 'age', op: 'equals', value: 40 },
      ],
    })
    const r = await cli(['--db', db, 'segment', 'create', '--name', 'bad', '--rule', bad])
    expect(r.code).toBe(2)
    expect(r.err).toBe(
      "portrait: and[1].op: unknown operator 'equals' (known: eq, neq, in, nin, gt, gte, lt, lte, between, contains, exists)\n",
    )
    expect(r.out).toBe('')
    const field = await cli(['--db', db, 'segment', 'count', '--rule', file('field.json', { trait: 'agee', op: 'eq', value: 1 })])
    expect(field.code).toBe(2)
    expect(field.err).toMatch(/^portrait: trait: unknown field 'agee' \(known: customer_id, name, .*traits\.<key>\)\n$/)
    const notJson = await cli(['--db', db, 'segment', 'create', '--name', 'x', '--rule', file('x.json', '{ "trait": ')])
    expect(notJson.code).toBe(2)
    expect(notJson.err).toMatch(/^portrait: the rule file .*x\.json is not JSON/)
    const missing = await cli(['--db', db, 'segment', 'create', '--name', 'x', '--rule', join(dir, 'nope.json')])
    expect(missing.code).toBe(2)
    expect(missing.err).toMatch(/^portrait: cannot read the rule file .*nope\.json: ENOENT\n$/)
    expect((await cli(['--db', db, 'segment', 'create', '--name', 'x', '--rule', bad, '--basis', 'astrology'])).code).toBe(2)
    expect((await cli(['--db', db, 'segment', 'members', 'tier1-cities', '--limit', '0'])).code).toBe(2)
    expect((await cli(['--db', db, 'segment', 'edit', 'tier1-cities'])).code).toBe(2)
  })

  it('exits 4 when deleting a segment another one uses, 3 for unknown ones', async () => {
    const r = await cli(['--db', db, 'segment', 'delete', 'tier1-cities'])
    expect(r.code).toBe(4)
    expect(r.err).toContain("segment 'tier1-cities' is used by 'tier1-frequent-buyers'")
    expect((await cli(['--db', db, 'segment', 'explain', 'nope', 'x'])).code).toBe(3)
    expect((await cli(['--db', db, 'segment', 'explain', 'tier1-cities', 'nobody'])).code).toBe(3)
  })

  it('counts an unsaved rule and lists the templates', async () => {
    const count = await json(['segment', 'count', '--rule', file('c.json', { trait: 'city_tier', op: 'eq', value: 'tier1' })])
    const tier1 = ((await json(['segment', 'list'])).items as { id: string; size: number }[]).find((s) => s.id === 'tier1-cities')
    expect(count.size).toBe(tier1?.size)
    const templates = (await json(['segment', 'templates'])).items as { key: string }[]
    expect(templates.map((t) => t.key)).toContain('lapsed-buyers')
  })
})
