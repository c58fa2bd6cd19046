import { describe, expect, it } from 'vitest'
import type { SegmentRule } from '@portrait/core'
import {
  newCondition,
  newFilter,
  newGroup,
  removeNode,
  rootFromRule,
  toRule,
  updateNode,
  valueForOperator,
  type BehaviorNode,
  type TraitNode,
} from './ruleModel'

const rules: readonly SegmentRule[] = [
  { trait: 'age_band', op: 'eq', value: '25-34' },
  { and: [{ trait: 'gender', op: 'eq', value: 'female' }, { not: { segment: 'tier1' } }] },
  {
    or: [
      { score: 'rfm.segment', op: 'in', value: ['champions', 'promising'] },
      { trait: 'traits.lifestyle', op: 'exists', value: false },
    ],
  },
  {
    and: [
      { behavior: 'orders', measure: 'count', op: 'gte', value: 1 },
      { behavior: 'orders', measure: 'count', op: 'lt', value: 1, within: { days: 90 } },
      {
        behavior: 'order_lines',
        measure: 'sum',
        field: 'quantity',
        op: 'between',
        value: [2, 5],
        within: { from: '2025-01-01', to: '2025-06-30' },
        where: [{ field: 'category', op: 'in', value: ['美妆'] }],
      },
      { behavior: 'events', measure: 'count', event: 'Product Added', op: 'exists' },
      {
        not: {
          or: [
            { trait: 'age', op: 'between', value: [18, 24] },
            { trait: 'created_at', op: 'gte', value: '2025-01-01' },
          ],
        },
      },
    ],
  },
]

describe('the rule builder model', () => {
  it.each(rules)('turns %j into a tree and back unchanged', (rule) => {
    expect(toRule(rootFromRule(rule))).toEqual(rule)
  })

  it('keeps NOT on groups and conditions, and folds a double NOT', () => {
    const root = rootFromRule({ not: { not: { trait: 'age', op: 'gt', value: 3 } } })
    expect(toRule(root)).toEqual({ trait: 'age', op: 'gt', value: 3 })
  })

  it('is incomplete until every condition is filled in', () => {
    const trait = newCondition('trait') as TraitNode
    let root = newGroup('and', [trait])
    expect(toRule(root)).toBeNull()
    root = updateNode(root, trait.id, (n) => ({ ...n, field: 'city_tier' }) as TraitNode)
    expect(toRule(root)).toBeNull()
    root = updateNode(root, trait.id, (n) => ({ ...n, value: 'tier1' }) as TraitNode)
    expect(toRule(root)).toEqual({ trait: 'city_tier', op: 'eq', value: 'tier1' })

    const behaviour = newCondition('behavior') as BehaviorNode
    root = { ...root, children: [...root.children, behaviour] }
    expect(toRule(root)).toEqual({
      and: [
        { trait: 'city_tier', op: 'eq', value: 'tier1' },
        { behavior: 'orders', measure: 'count', op: 'gte', value: 1 },
      ],
    })
    const filter = newFilter()
    root = updateNode(root, behaviour.id, (n) => ({ ...n, where: [filter], window: { mode: 'days', days: null } }) as BehaviorNode)
    expect(toRule(root)).toBeNull()
    root = updateNode(
      root,
      behaviour.id,
      (n) => ({ ...n, where: [{ ...filter, field: 'channel', value: 'wechat' }], window: { mode: 'days', days: 30 } }) as BehaviorNode,
    )
    expect(toRule(root)).toEqual({
      and: [
        { trait: 'city_tier', op: 'eq', value: 'tier1' },
        {
          behavior: 'orders',
          measure: 'count',
          op: 'gte',
          value: 1,
          within: { days: 30 },
          where: [{ field: 'channel', op: 'eq', value: 'wechat' }],
        },
      ],
    })
    root = updateNode(root, behaviour.id, (n) => ({ ...n, behavior: 'events', measure: 'sum', field: null, where: [] }) as BehaviorNode)
    expect(toRule(root)).toBeNull()

    expect(toRule(removeNode(root, behaviour.id))).toEqual({ trait: 'city_tier', op: 'eq', value: 'tier1' })
    expect(toRule(newGroup('or'))).toBeNull()
  })

  it('reshapes values when the operator changes', () => {
    expect(valueForOperator('in', 'tier1')).toEqual(['tier1'])
    expect(valueForOperator('between', 5)).toEqual([5, null])
    expect(valueForOperator('eq', ['a', 'b'])).toBe('a')
    expect(valueForOperator('exists', 'a')).toBe(true)
    expect(valueForOperator('nin', [null, 'x'])).toEqual(['x'])
  })
})
