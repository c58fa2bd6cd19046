import { describe, expect, it } from 'vitest'
import {
  SegmentRule,
  describeRule,
  parseSegmentRule,
  parseSegmentRuleDocument,
  ruleKind,
  segmentReferences,
  type SegmentRule as SegmentRuleType,
} from './segment-rule.js'

const message = (input: unknown): string => {
  const r = parseSegmentRule(input)
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`)
  return r.error.message
}

describe('the segment rule language', () => {
  const validRules: readonly unknown[] = [
    { trait: 'age_band', op: 'eq', value: '25-34' },
    { trait: 'city_tier', op: 'in', value: ['tier1', 'new_tier1'] },
    { trait: 'traits.lifestyle', op: 'exists' },
    { trait: 'created_at', op: 'gte', value: '2025-01-01' },
    { trait: 'created_at', op: 'lt', value: '2025-01-01T08:30:00+08:00' },
    { trait: 'sources', op: 'contains', value: 'crm' },
    { behavior: 'orders', measure: 'count', op: 'lt', value: 1 },
    { behavior: 'orders', measure: 'sum', op: 'gte', value: 1000, within: { days: 365 } },
    {
      behavior: 'order_lines',
      measure: 'distinct',
      field: 'category',
      op: 'gte',
      value: 3,
      within: { from: '2025-01-01', to: '2025-06-30' },
    },
    {
      behavior: 'events',
      measure: 'count',
      event: 'add_to_cart',
      op: 'gte',
      value: 2,
      where: [{ field: 'properties.sku', op: 'eq', value: 'S1' }],
    },
    { behavior: 'events', measure: 'sum', field: 'properties.value', op: 'between', value: [10, 20] },
    { score: 'rfm.segment', op: 'eq', value: 'champions' },
    { score: 'churn_risk', op: 'gte', value: 0.5 },
    { segment: 'tier1-buyers' },
    { and: [{ or: [{ trait: 'gender', op: 'eq', value: 'female' }] }, { not: { segment: 'x' } }] },
  ]

  it.each(validRules)('accepts %j, and so does the zod schema', (rule) => {
    const r = parseSegmentRule(rule)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.value).toEqual(rule)
    expect(SegmentRule.safeParse(rule).success).toBe(true)
  })

  const invalid: readonly [unknown, string][] = [
    [
      {
        and: [
          { trait: 'age', op: 'gt', value: 1 },
          { trait: 'age', op: 'equals', value: 1 },
        ],
      },
      "and[1].op: unknown operator 'equals' (known: eq, neq, in, nin, gt, gte, lt, lte, between, contains, exists)",
    ],
    [
      { trait: 'agee', op: 'eq', value: 1 },
      "trait: unknown field 'agee' (known: customer_id, name, email, phone, gender, birth_date, age, age_band, income, education, occupation, city, city_tier, province, country, family_status, created_at, sources, or traits.<key>)",
    ],
    [
      { or: [{ not: { score: 'rfm', op: 'eq', value: 1 } }] },
      "or[0].not.score: unknown score 'rfm' (known: rfm.r, rfm.f, rfm.m, rfm.segment, cluster, clv, p_alive, churn_risk, lead_score, stage)",
    ],
    [
      { trait: 'age', op: 'contains', value: '3' },
      "op: operator 'contains' does not apply to number field 'age' (use eq, neq, in, nin, gt, gte, lt, lte, between, exists)",
    ],
    [
      { trait: 'city', op: 'gt', value: 'a' },
      "op: operator 'gt' does not apply to text field 'city' (use eq, neq, in, nin, contains, exists)",
    ],
    [{ trait: 'age', op: 'eq', value: '30' }, "value: expected a number for field 'age'; got '30'"],
    [{ trait: 'age', op: 'eq' }, "value: missing: operator 'eq' needs a value"],
    [{ trait: 'age', op: 'in', value: 30 }, "value: 'in' takes a list of values"],
    [{ trait: 'age', op: 'in', value: [] }, "value: 'in' needs at least one value"],
    [{ trait: 'age', op: 'between', value: [1, 2, 3] }, "value: 'between' takes exactly two values [low, high]; got 3"],
    [{ trait: 'age', op: 'between', value: [40, 20] }, "value: 'between' takes [low, high] with low ≤ high; got [40,20]"],
    [{ trait: 'age', op: 'eq', value: [1] }, "value: 'eq' takes one value, not a list (use 'in' for a list)"],
    [{ trait: 'age', op: 'exists', value: 'yes' }, "value: 'exists' takes true or false (or no value, meaning true); got 'yes'"],
    [{ trait: 'traits.x', op: 'in', value: [1, 'a'] }, "value: the values of 'in' must all have the same type"],
    [
      { trait: 'birth_date', op: 'eq', value: '2025-02-30' },
      "value: expected a date as YYYY-MM-DD for field 'birth_date'; got '2025-02-30'",
    ],
    [{ trait: 'age', op: 'eq', value: 1, extra: true }, "rule: unknown key 'extra' in a trait condition (known: trait, op, value)"],
    [
      { trait: 'age', score: 'clv', op: 'eq', value: 1 },
      'rule: a rule has exactly one of and, or, not, trait, behavior, score, segment; found trait, score',
    ],
    [{ kind: 'trait' }, "rule: a rule needs one of and, or, not, trait, behavior, score, segment; found 'kind'"],
    ['age > 3', 'rule: a rule must be an object with one of and, or, not, trait, behavior, score, segment; got string'],
    [{ and: [] }, "and: an 'and' group needs at least one rule"],
    [{ and: {} }, 'and: expected a list of rules'],
    [
      { behavior: 'visits', measure: 'count', op: 'gt', value: 1 },
      "behavior: unknown behaviour 'visits' (known: orders, order_lines, events)",
    ],
    [
      { behavior: 'orders', measure: 'median', op: 'gt', value: 1 },
      "measure: unknown measure 'median' (known: count, sum, avg, min, max, distinct)",
    ],
    [
      { behavior: 'orders', measure: 'count', field: 'amount', op: 'gt', value: 1 },
      "field: 'count' counts orders; it takes no field (use 'distinct' to count distinct values of a field)",
    ],
    [
      { behavior: 'orders', measure: 'sum', field: 'channel', op: 'gt', value: 1 },
      "field: 'sum' needs a numeric field of orders (known: amount)",
    ],
    [
      { behavior: 'events', measure: 'avg', op: 'gt', value: 1 },
      `field: 'avg' of events needs a numeric event property (field "properties.<key>")`,
    ],
    [
      { behavior: 'orders', measure: 'distinct', op: 'gt', value: 1 },
      "field: 'distinct' needs a field of orders (known: order_id, amount, channel, store, currency, is_return, source)",
    ],
    [
      { behavior: 'orders', measure: 'count', op: 'contains', value: 1 },
      "op: operator 'contains' does not apply to the measure 'count' (a number) (use eq, neq, in, nin, gt, gte, lt, lte, between, exists)",
    ],
    [{ behavior: 'orders', measure: 'count', op: 'gt', value: '3' }, "value: expected a number for the measure 'count'; got '3'"],
    [
      { behavior: 'orders', measure: 'count', op: 'gt', value: 1, event: 'x' },
      'event: only events have an event name (this condition is on orders)',
    ],
    [
      { behavior: 'orders', measure: 'count', op: 'gt', value: 1, within: { days: 0 } },
      'within.days: expected a whole number of days from 1 to 36600; got 0',
    ],
    [
      { behavior: 'orders', measure: 'count', op: 'gt', value: 1, within: { from: '2025-03-01', to: '2025-01-01' } },
      'within: "from" (2025-03-01) is after "to" (2025-01-01)',
    ],
    [{ behavior: 'orders', measure: 'count', op: 'gt', value: 1, within: {} }, 'within: a window needs "days", or "from" and/or "to"'],
    [
      { behavior: 'orders', measure: 'count', op: 'gt', value: 1, within: { days: 3, from: '2025-01-01' } },
      "within: unknown key 'from' in a window (known: days)",
    ],
    [
      { behavior: 'orders', measure: 'count', op: 'gt', value: 1, where: [{ field: 'sku', op: 'eq', value: 'x' }] },
      "where[0].field: unknown orders field 'sku' (known: order_id, amount, channel, store, currency, is_return, source)",
    ],
    [
      { behavior: 'orders', measure: 'count', op: 'gt', value: 1, where: [{ field: 'is_return', op: 'eq', value: 'yes' }] },
      "where[0].value: expected true or false for field 'is_return'; got 'yes'",
    ],
    [{ segment: '' }, 'segment: expected the id of a segment (a non-empty string)'],
    [{ not: [] }, 'not: a rule must be an object with one of and, or, not, trait, behavior, score, segment; got a list'],
  ]

  it.each(invalid)('refuses %j with the path of the problem', (rule, expected) => {
    expect(message(rule)).toBe(expected)
  })

  it('reports every problem in details, and a summary in the message', () => {
    const r = parseSegmentRule({
      and: [{ trait: 'x', op: 'eq', value: 1 }, { trait: 'age', op: 'gt' }, { score: 'y', op: 'eq' }, { segment: 1 }],
    })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.error.tag).toBe('InvalidInput')
    expect((r.error.details?.issues as { path: string }[]).map((i) => i.path)).toEqual([
      'and[0].trait',
      'and[1].value',
      'and[2].score',
      'and[3].segment',
    ])
    expect(r.error.message).toMatch(/^and\[0\]\.trait: .*; and 1 more$/)
  })

  it('limits the depth and size of a rule', () => {
    let deep: unknown = { trait: 'age', op: 'gt', value: 1 }
    for (let i = 0; i < 40; i++) deep = { not: deep }
    expect(message(deep)).toContain('rules may nest at most 32 levels deep')
    const wide = { or: Array.from({ length: 600 }, () => ({ trait: 'age', op: 'gt', value: 1 })) }
    expect(message(wide)).toContain('a rule may hold at most 500 conditions')
  })

  it('reads versioned documents and bare rules alike', () => {
    const rule = { trait: 'age', op: 'gt', value: 1 }
    expect(parseSegmentRuleDocument(rule)).toEqual({ ok: true, value: { version: 1, rule } })
    expect(parseSegmentRuleDocument({ version: 1, rule })).toEqual({ ok: true, value: { version: 1, rule } })
    const v2 = parseSegmentRuleDocument({ version: 2, rule })
    expect(v2.ok || v2.error.message).toBe('version: unsupported rule version 2 (this Portrait reads version 1)')
    const bad = parseSegmentRuleDocument({ version: 1, rule: { and: [{ trait: 'age', op: 'equals', value: 1 }] } })
    expect(bad.ok || bad.error.message).toMatch(/^rule\.and\[0\]\.op: unknown operator 'equals'/)
  })

  it('says what a rule is, which segments it uses, and describes it in words', () => {
    const rule: SegmentRuleType = {
      and: [
        { segment: 'a' },
        { not: { or: [{ segment: 'b' }, { segment: 'a' }] } },
        { behavior: 'orders', measure: 'count', op: 'lt', value: 1, within: { days: 90 } },
      ],
    }
    expect(ruleKind(rule)).toBe('and')
    expect(segmentReferences(rule)).toEqual(['a', 'b'])
    expect(describeRule(rule)).toBe(
      "(in segment 'a' and not (in segment 'b' or in segment 'a') and count of orders in the last 90 days < 1)",
    )
    expect(describeRule({ trait: 'city_tier', op: 'in', value: ['tier1', 'new_tier1'] })).toBe("city_tier in ['tier1', 'new_tier1']")
    expect(describeRule({ trait: 'age', op: 'between', value: [25, 34] })).toBe('age between 25 and 34')
    expect(describeRule({ trait: 'traits.lifestyle', op: 'exists', value: false })).toBe('traits.lifestyle is missing')
    expect(
      describeRule({
        behavior: 'order_lines',
        measure: 'sum',
        op: 'gte',
        value: 500,
        where: [{ field: 'category', op: 'eq', value: '美妆' }],
        within: { from: '2025-01-01', to: '2025-06-30' },
      }),
    ).toBe("sum(amount) of order_lines where category = '美妆' from 2025-01-01 to 2025-06-30 ≥ 500")
    expect(describeRule({ behavior: 'events', measure: 'count', event: 'signup', op: 'exists', value: false })).toBe(
      "no events named 'signup'",
    )
    expect(describeRule({ score: 'rfm.r', op: 'gte', value: 4 })).toBe('score rfm.r ≥ 4')
  })
})
