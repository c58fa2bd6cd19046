import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SegmentEvaluationResponse } from '@portrait/core'
import { runCli } from '../cli.js'

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await runCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, version: '0.0.0-test' })
  return { code, out, err }
}

describe('portrait segment evaluate', () => {
  let dir: string
  let db: string
  const evaluate = async (args: string[]): Promise<SegmentEvaluationResponse> => {
    const r = await cli(['--db', db, '--json', 'segment', 'evaluate', ...args])
    if (r.code !== 0) throw new Error(`evaluate ${args.join(' ')} exited ${r.code}: ${r.err}`)
    return JSON.parse(r.out) as SegmentEvaluationResponse
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portrait-cli-eval-'))
    db = join(dir, 'p.duckdb')
    const init = await cli(['--db', db, '--json', 'init', '--demo', '--customers', '300', '--seed', '5'])
    if (init.code !== 0) throw new Error(init.err)
  }, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('evaluates every demo segment and ranks them', async () => {
    const all = await evaluate([])
    const list = JSON.parse((await cli(['--db', db, '--json', 'segment', 'list'])).out) as { items: { id: string; size: number }[] }
    expect(all.segments.map((s) => s.id)).toEqual(list.items.map((s) => s.id))
    expect(all.segments.map((s) => s.size)).toEqual(list.items.map((s) => s.size))
    expect(all.ranking.map((r) => r.rank)).toEqual(all.segments.map((_, i) => i + 1))
    const scores = all.ranking.map((r) => r.score)
    expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    // the demo has events, consents and costs: conversion, reach and revenue after marketing are measured
    expect(all.segments.some((s) => s.conversion.engaged > 0)).toBe(true)
    expect(all.segments.some((s) => (s.reach.share ?? 0) > 0)).toBe(true)
    expect(all.marketing.cost_per_active_customer).toBeGreaterThan(0)
    const text = await cli(['--db', db, 'segment', 'evaluate'])
    expect(text.code).toBe(0)
    expect(text.out).toMatch(/^\d+ segments of \d+ customers; window \d{4}-\d\d-\d\d – \d{4}-\d\d-\d\d \(90 days\)/)
    expect(text.out).toMatch(/rank\s+score\s+id\s+name\s+size/)
  })

  it('evaluates the named segments, and size-only weights rank by size', async () => {
    const list = JSON.parse((await cli(['--db', db, '--json', 'segment', 'list'])).out) as { items: { id: string; size: number }[] }
    const ids = list.items.slice(0, 4).map((s) => s.id)
    const r = await evaluate([...ids, '--weights', 'size=1,growth=0,value_per_member=0,clv=0,conversion=0,reachable=0,low_churn=0'])
    expect(r.segments.map((s) => s.id)).toEqual(ids)
    const bySize = [...r.segments].sort((a, b) => b.size - a.size).map((s) => s.size)
    expect(r.ranking.map((x) => r.segments.find((s) => s.id === x.id)?.size)).toEqual(bySize)
    expect(r.overlap.ids).toEqual(ids)
    expect(r.overlap.counts.map((row, i) => row[i])).toEqual(r.segments.map((s) => s.size))
  })

  it('exits 2 on bad weights and 3 on an unknown segment', async () => {
    const unknown = await cli(['--db', db, 'segment', 'evaluate', '--weights', 'sise=2'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/--weights: unknown criterion 'sise' \(known: size, growth, value_per_member/)
    const syntax = await cli(['--db', db, 'segment', 'evaluate', '--weights', 'size'])
    expect(syntax.code).toBe(2)
    const missing = await cli(['--db', db, 'segment', 'evaluate', 'no-such-segment'])
    expect(missing.code).toBe(3)
    expect(missing.err).toMatch(/no segment 'no-such-segment'/)
  })
})
