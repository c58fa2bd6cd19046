/**
 * The rule builder's editing model: the segment rule as a tree of nodes with ids (for React keys
 * and edits), and its conversions to and from the rule language. A node that is not filled in yet
 * makes the whole rule incomplete: the builder then neither counts nor saves it.
 */
import type {
  BehaviorCondition,
  BehaviorFilter,
  RuleOperator,
  RuleScalar,
  RuleValue,
  SegmentFieldsResponse,
  SegmentRule,
} from '@portrait/core'

export type FieldType = SegmentFieldsResponse['traits'][number]['type']
export type BehaviorSource = BehaviorCondition['behavior']
export type BehaviorMeasure = BehaviorCondition['measure']
/** What an editor holds: a scalar, a list (in, nin, between), or nothing yet. */
export type EditorValue = RuleValue | (RuleScalar | null)[] | null | undefined

export type WindowState =
  { mode: 'all' } | { mode: 'days'; days: number | null } | { mode: 'range'; from: string | null; to: string | null }

export interface GroupNode {
  id: string
  kind: 'group'
  join: 'and' | 'or'
  negate: boolean
  children: RuleNode[]
}
export interface TraitNode {
  id: string
  kind: 'trait'
  negate: boolean
  field: string | null
  op: RuleOperator
  value: EditorValue
}
export interface FilterNode {
  id: string
  field: string | null
  op: RuleOperator
  value: EditorValue
}
export interface BehaviorNode {
  id: string
  kind: 'behavior'
  negate: boolean
  behavior: BehaviorSource
  measure: BehaviorMeasure
  field: string | null
  op: RuleOperator
  value: EditorValue
  window: WindowState
  where: FilterNode[]
  event: string | null
}
export interface ScoreNode {
  id: string
  kind: 'score'
  negate: boolean
  score: string | null
  op: RuleOperator
  value: EditorValue
}
export interface SegmentRefNode {
  id: string
  kind: 'segment'
  negate: boolean
  segment: string | null
}
export type ConditionNode = TraitNode | BehaviorNode | ScoreNode | SegmentRefNode
export type RuleNode = GroupNode | ConditionNode

let nextId = 0
export const newId = (): string => `n${++nextId}`

export function newGroup(join: 'and' | 'or' = 'and', children: RuleNode[] = []): GroupNode {
  return { id: newId(), kind: 'group', join, negate: false, children }
}

export function newCondition(kind: ConditionNode['kind']): ConditionNode {
  switch (kind) {
    case 'trait':
      return { id: newId(), kind, negate: false, field: null, op: 'eq', value: undefined }
    case 'behavior':
      return {
        id: newId(),
        kind,
        negate: false,
        behavior: 'orders',
        measure: 'count',
        field: null,
        op: 'gte',
        value: 1,
        window: { mode: 'all' },
        where: [],
        event: null,
      }
    case 'score':
      return { id: newId(), kind, negate: false, score: null, op: 'gte', value: undefined }
    case 'segment':
      return { id: newId(), kind, negate: false, segment: null }
  }
}

export const newFilter = (): FilterNode => ({ id: newId(), field: null, op: 'eq', value: undefined })

// -- from the rule language ---------------------------------------------------------------------

function negated(node: RuleNode): RuleNode {
  return { ...node, negate: !node.negate }
}

const windowState = (w: BehaviorCondition['within']): WindowState =>
  !w ? { mode: 'all' } : 'days' in w ? { mode: 'days', days: w.days } : { mode: 'range', from: w.from ?? null, to: w.to ?? null }

export function fromRule(rule: SegmentRule): RuleNode {
  if ('and' in rule) return newGroup('and', rule.and.map(fromRule))
  if ('or' in rule) return newGroup('or', rule.or.map(fromRule))
  if ('not' in rule) return negated(fromRule(rule.not))
  if ('trait' in rule) return { id: newId(), kind: 'trait', negate: false, field: rule.trait, op: rule.op, value: rule.value }
  if ('score' in rule) return { id: newId(), kind: 'score', negate: false, score: rule.score, op: rule.op, value: rule.value }
  if ('segment' in rule) return { id: newId(), kind: 'segment', negate: false, segment: rule.segment }
  return {
    id: newId(),
    kind: 'behavior',
    negate: false,
    behavior: rule.behavior,
    measure: rule.measure,
    field: rule.field ?? null,
    op: rule.op,
    value: rule.value,
    window: windowState(rule.within),
    where: (rule.where ?? []).map((f) => ({ id: newId(), field: f.field, op: f.op, value: f.value })),
    event: rule.event ?? null,
  }
}

/** The root of the builder is always a group. */
export function rootFromRule(rule: SegmentRule): GroupNode {
  const node = fromRule(rule)
  return node.kind === 'group' ? node : newGroup('and', [node])
}

// -- to the rule language -----------------------------------------------------------------------

const filled = (v: RuleScalar | null | undefined): v is RuleScalar => v !== null && v !== undefined && v !== ''

/** The value as the rule language takes it for `op`, or undefined when it is not filled in. */
export function ruleValue(op: RuleOperator, value: EditorValue): RuleValue | undefined | 'incomplete' {
  if (op === 'exists') return value === false ? false : undefined
  if (op === 'in' || op === 'nin') {
    const list = (Array.isArray(value) ? value : filled(value as RuleScalar) ? [value as RuleScalar] : []).filter(filled)
    return list.length > 0 ? (list as RuleScalar[]) : 'incomplete'
  }
  if (op === 'between') {
    const [low, high] = Array.isArray(value) ? value : []
    return filled(low) && filled(high) ? ([low, high] as RuleScalar[]) : 'incomplete'
  }
  const scalar = Array.isArray(value) ? value[0] : value
  return filled(scalar) ? scalar : 'incomplete'
}

type Built = SegmentRule | 'incomplete'

function conditionRule(node: ConditionNode): Built {
  switch (node.kind) {
    case 'trait': {
      if (!node.field) return 'incomplete'
      const value = ruleValue(node.op, node.value)
      if (value === 'incomplete') return value
      return value === undefined ? { trait: node.field, op: node.op } : { trait: node.field, op: node.op, value }
    }
    case 'score': {
      if (!node.score) return 'incomplete'
      const value = ruleValue(node.op, node.value)
      if (value === 'incomplete') return value
      return value === undefined
        ? ({ score: node.score, op: node.op } as SegmentRule)
        : ({ score: node.score, op: node.op, value } as SegmentRule)
    }
    case 'segment':
      return node.segment ? { segment: node.segment } : 'incomplete'
    case 'behavior': {
      const value = ruleValue(node.op, node.value)
      if (value === 'incomplete') return value
      const rule: BehaviorCondition = { behavior: node.behavior, measure: node.measure, op: node.op }
      if (node.measure !== 'count' && node.field) rule.field = node.field
      if (node.measure === 'distinct' && !node.field) return 'incomplete'
      // events have no numeric column: sum, avg, min and max need an event property
      if (node.behavior === 'events' && node.measure !== 'count' && node.measure !== 'distinct' && !node.field) return 'incomplete'
      if (value !== undefined) rule.value = value as BehaviorCondition['value']
      if (node.window.mode === 'days') {
        if (!node.window.days || node.window.days < 1) return 'incomplete'
        rule.within = { days: node.window.days }
      } else if (node.window.mode === 'range') {
        if (!node.window.from && !node.window.to) return 'incomplete'
        rule.within = { ...(node.window.from ? { from: node.window.from } : {}), ...(node.window.to ? { to: node.window.to } : {}) }
      }
      const where: BehaviorFilter[] = []
      for (const f of node.where) {
        if (!f.field) return 'incomplete'
        const v = ruleValue(f.op, f.value)
        if (v === 'incomplete') return v
        where.push(v === undefined ? { field: f.field, op: f.op } : { field: f.field, op: f.op, value: v })
      }
      if (where.length > 0) rule.where = where
      if (node.behavior === 'events' && node.event) rule.event = node.event
      return rule
    }
  }
}

function build(node: RuleNode): Built {
  let rule: Built
  if (node.kind === 'group') {
    if (node.children.length === 0) return 'incomplete'
    const children = node.children.map(build)
    if (children.some((c) => c === 'incomplete')) return 'incomplete'
    const list = children as SegmentRule[]
    rule = list.length === 1 ? (list[0] as SegmentRule) : node.join === 'and' ? { and: list } : { or: list }
  } else {
    rule = conditionRule(node)
    if (rule === 'incomplete') return rule
  }
  return node.negate ? { not: rule } : rule
}

/** The rule the tree stands for, or null while something is not filled in. */
export function toRule(root: RuleNode): SegmentRule | null {
  const r = build(root)
  return r === 'incomplete' ? null : r
}

// -- edits --------------------------------------------------------------------------------------

/** The tree with node `id` replaced by `fn(node)`. */
export function updateNode(root: GroupNode, id: string, fn: (node: RuleNode) => RuleNode): GroupNode {
  const walk = (node: RuleNode): RuleNode => {
    if (node.id === id) return fn(node)
    if (node.kind !== 'group') return node
    return { ...node, children: node.children.map(walk) }
  }
  return walk(root) as GroupNode
}

/** The tree without node `id`. */
export function removeNode(root: GroupNode, id: string): GroupNode {
  const walk = (node: GroupNode): GroupNode => ({
    ...node,
    children: node.children.filter((c) => c.id !== id).map((c) => (c.kind === 'group' ? walk(c) : c)),
  })
  return walk(root)
}

/** The value an editor should hold after the operator changed: lists for in/nin/between, scalars otherwise. */
export function valueForOperator(op: RuleOperator, value: EditorValue): EditorValue {
  const list = Array.isArray(value) ? value : value === undefined || value === null || typeof value === 'boolean' ? [] : [value]
  if (op === 'exists') return true
  if (op === 'in' || op === 'nin') return list.filter(filled)
  if (op === 'between') return [list[0] ?? null, list[1] ?? null]
  const first = list[0]
  return first === null ? undefined : first
}
