/**
 * The segment rule compiler: one walk over a validated rule (`@portrait/core`'s `SegmentRule`)
 * that turns it into a SQL predicate over `customers c`, with every value a bound parameter and
 * every identifier from a whitelist. Engine differences live in the `SqlDialect`.
 *
 * Semantics, the same on every engine:
 * - each condition is two-valued: a missing value (NULL) does not meet it, and `not` is the exact
 *   complement (customers with a missing value are in `not {…}`);
 * - behaviour measures over no rows are 0 for count, distinct and sum, and missing for avg, min
 *   and max; so `orders count < 1` holds for customers who never ordered;
 * - returns (credit notes) are not purchases: count, distinct, avg, min, max and exists skip them,
 *   sum nets them, unless a `where` filter names `is_return` itself;
 * - `within: {days: N}` is the N days up to the anchor time (now, or the as-of time); calendar days
 *   (`from`/`to`, dates of timestamp fields) are days of the workspace time zone.
 */
import {
  BEHAVIOR_TABLES,
  TRAIT_FIELDS,
  TRAIT_JSON_PREFIX,
  EVENT_PROPERTY_PREFIX,
  behaviorFieldType,
  measureField,
  portraitError,
  err,
  ok,
  type BehaviorCondition,
  type BehaviorWindow,
  type PortraitError,
  type Result,
  type RuleFieldType,
  type RuleOperator,
  type RuleScalar,
  type RuleValue,
  type SegmentRule,
  type TraitField,
  isPersonalRuleField,
  personalFieldOperators,
  type PersonalField,
} from '@portrait/core'
import { SCORE_FIELDS } from '../scores.js'
import type { SqlDialect, SqlParams } from './dialect.js'

export interface CompileOptions {
  readonly dialect: SqlDialect
  readonly params: SqlParams
  /** The SQL that stands for the workspace id (a placeholder already in `params`). */
  readonly workspace: string
  /** The anchor of `within: {days: N}`; default now. */
  readonly now?: Date
  /** Historical evaluation: orders, lines and events after this time are ignored, and windows end here. */
  readonly asOf?: Date
  /** IANA zone of calendar days; default UTC. */
  readonly timezone?: string
  /** The rule of a saved segment, for `{"segment": ID}`; undefined when there is none. */
  readonly lookup: (id: string) => SegmentRule | undefined
  /** The id of the segment being compiled, so a reference back to it is caught as a cycle. */
  readonly selfId?: string
  /**
   * The blind index of a value of an encrypted field (`name`, `email`, `phone`): exact matches on
   * those fields compare indexes. Without it, encrypted fields only support `exists`.
   */
  readonly blind?: (field: PersonalField, value: string) => string
}

/** One condition ready for an explanation: its actual value and whether it is met, as SQL. */
export interface PlanLeaf {
  readonly value: string
  readonly met: string
}

/** The compiled shape of a rule, node by node, for explanations. */
export interface PlanNode {
  readonly path: string
  readonly rule: SegmentRule
  readonly kind: 'and' | 'or' | 'not' | 'trait' | 'behavior' | 'score' | 'segment'
  readonly children?: readonly PlanNode[]
  readonly leaf?: PlanLeaf
  /** For `{"segment": ID}`: the referenced id. */
  readonly segmentId?: string
}

const DAY_MS = 86_400_000

/** The offset of `tz` from UTC at `instant`, in milliseconds. */
function zoneOffsetMs(instant: number, tz: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant))
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(instant / 1000) * 1000
}

/** The instant at which the wall-clock time `wall` (given as if it were UTC) occurs in `tz`. */
function zonedInstant(wall: number, tz: string): Date {
  if (tz === 'UTC') return new Date(wall)
  let t = wall - zoneOffsetMs(wall, tz)
  t = wall - zoneOffsetMs(t, tz)
  return new Date(t)
}

/** The instant a calendar day starts in `tz`. */
export function zonedDayStart(day: string, tz: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return zonedInstant(Date.UTC(y, m - 1, d), tz)
}

/** A date-time as written in a rule: with a zone it is that instant, without one a wall-clock time of `tz`. */
export function ruleInstant(text: string, tz: string): Date {
  const s = text.replace(' ', 'T')
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(s)) return new Date(s)
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(s)
  if (!m) return new Date(s)
  const n = (i: number): number => Number(m[i] ?? 0)
  const ms = Number(`0.${m[7] ?? '0'}`) * 1000
  return zonedInstant(Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6), Math.round(ms)), tz)
}

/** Timestamps are stored as UTC wall-clock time without a zone. */
const utcText = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '')

const isDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s)

const fail = (path: string, message: string): PortraitError =>
  portraitError('InvalidInput', `${path || 'rule'}: ${message}`, { issues: [{ path, message }] })

const joinPath = (base: string, part: string | number): string =>
  typeof part === 'number' ? `${base}[${part}]` : base ? `${base}.${part}` : part

class Compiler {
  private readonly d: SqlDialect
  private readonly p: SqlParams
  private readonly anchor: Date
  private readonly tz: string

  constructor(private readonly o: CompileOptions) {
    this.d = o.dialect
    this.p = o.params
    this.anchor = o.asOf ?? o.now ?? new Date()
    this.tz = o.timezone ?? 'UTC'
  }

  private add(v: unknown): string {
    return this.p.add(v)
  }

  private ts(d: Date): string {
    return this.d.timestamp(this.add(utcText(d)))
  }

  /** Compiles `rule` at `path`; `stack` holds the segments being expanded (for cycles). */
  plan(rule: SegmentRule, path: string, stack: readonly string[]): Result<PlanNode, PortraitError> {
    if ('and' in rule || 'or' in rule) {
      const kind = 'and' in rule ? 'and' : 'or'
      const items = 'and' in rule ? rule.and : rule.or
      const children: PlanNode[] = []
      for (let i = 0; i < items.length; i++) {
        const c = this.plan(items[i] as SegmentRule, joinPath(joinPath(path, kind), i), stack)
        if (!c.ok) return c
        children.push(c.value)
      }
      return ok({ path, rule, kind, children })
    }
    if ('not' in rule) {
      const c = this.plan(rule.not, joinPath(path, 'not'), stack)
      return c.ok ? ok({ path, rule, kind: 'not', children: [c.value] }) : c
    }
    if ('segment' in rule) {
      const id = rule.segment
      const chain = [...stack, id]
      if (stack.includes(id)) return err(fail(joinPath(path, 'segment'), `segments refer to each other in a cycle: ${chain.join(' → ')}`))
      const target = this.o.lookup(id)
      if (target === undefined) return err(fail(joinPath(path, 'segment'), `no segment '${id}'`))
      const inner = this.plan(target, '', chain)
      if (!inner.ok) {
        const e = inner.error
        return err(fail(joinPath(path, 'segment'), `in segment '${id}': ${e.message}`))
      }
      return ok({ path, rule, kind: 'segment', segmentId: id, children: [inner.value] })
    }
    if ('trait' in rule) {
      if (isPersonalRuleField(rule.trait)) {
        const blind = this.o.blind
        const allowed = blind ? personalFieldOperators(rule.trait) : (['exists'] as const)
        if (!(allowed as readonly string[]).includes(rule.op))
          return err(
            fail(
              joinPath(path, 'op'),
              `${rule.trait} is encrypted personal data: only ${allowed.join(', ')} ${allowed.length === 1 ? 'is' : 'are'} supported, not '${rule.op}'`,
            ),
          )
        if (rule.op !== 'exists' && blind)
          return ok({ path, rule, kind: 'trait', leaf: this.blindTrait(rule.trait as PersonalField, rule.op, rule.value, blind) })
      }
      return ok({ path, rule, kind: 'trait', leaf: this.trait(rule.trait, rule.op, rule.value) })
    }
    if ('score' in rule) return ok({ path, rule, kind: 'score', leaf: this.score(rule.score, rule.op, rule.value) })
    return ok({ path, rule, kind: 'behavior', leaf: this.behavior(rule) })
  }

  /** The predicate of a planned node. */
  predicate(node: PlanNode): string {
    const children = node.children ?? []
    switch (node.kind) {
      case 'and':
        return children.length === 1 ? this.predicate(children[0] as PlanNode) : `(${children.map((c) => this.predicate(c)).join(' AND ')})`
      case 'or':
        return children.length === 1 ? this.predicate(children[0] as PlanNode) : `(${children.map((c) => this.predicate(c)).join(' OR ')})`
      case 'not':
        return `(NOT ${this.predicate(children[0] as PlanNode)})`
      case 'segment':
        return this.predicate(children[0] as PlanNode)
      default:
        return (node.leaf as PlanLeaf).met
    }
  }

  // -- comparisons ----------------------------------------------------------------------------

  /** `expr op value` for a field of `type`, two-valued (NULL → false). */
  private compare(expr: string, type: RuleFieldType, op: RuleOperator, value: RuleValue | undefined): string {
    return `coalesce(${this.rawCompare(expr, type, op, value)}, false)`
  }

  private rawCompare(expr: string, type: RuleFieldType, op: RuleOperator, value: RuleValue | undefined): string {
    const d = this.d
    if (op === 'exists') {
      const present =
        type === 'text' || type === 'json'
          ? `(${expr} IS NOT NULL AND ${expr} <> '')`
          : type === 'list'
            ? `coalesce(${d.jsonArrayLength(expr)}, 0) > 0`
            : `${expr} IS NOT NULL`
      return value === false ? `(NOT ${present})` : present
    }
    const values: RuleScalar[] = Array.isArray(value) ? value : value === undefined ? [] : [value]
    switch (type) {
      case 'list': {
        const texts = values.map(String)
        if (op === 'contains') return d.jsonArrayContains(expr, texts[0] ?? '', this.p)
        const any = d.jsonArrayHasAny(expr, texts, this.p)
        return op === 'nin' ? `(NOT ${any})` : any
      }
      case 'json': {
        const first = values[0]
        if (typeof first === 'number' && op !== 'contains') return this.scalarCompare(d.toNumber(expr), 'number', op, values)
        return this.scalarCompare(expr, 'text', op, values.map(String))
      }
      case 'timestamp':
        return this.timeCompare(expr, op, values as string[])
      case 'date':
        return this.scalarCompare(expr, 'date', op, values)
      default:
        return this.scalarCompare(expr, type, op, values)
    }
  }

  private scalarCompare(
    expr: string,
    type: 'text' | 'number' | 'date' | 'boolean',
    op: RuleOperator,
    values: readonly RuleScalar[],
  ): string {
    const v = (x: RuleScalar | undefined): string => (type === 'date' ? this.d.date(this.add(x)) : this.add(x))
    switch (op) {
      case 'eq':
        return `${expr} = ${v(values[0])}`
      case 'neq':
        return `${expr} <> ${v(values[0])}`
      case 'gt':
        return `${expr} > ${v(values[0])}`
      case 'gte':
        return `${expr} >= ${v(values[0])}`
      case 'lt':
        return `${expr} < ${v(values[0])}`
      case 'lte':
        return `${expr} <= ${v(values[0])}`
      case 'between':
        return `${expr} BETWEEN ${v(values[0])} AND ${v(values[1])}`
      case 'contains':
        return this.d.containsText(expr, String(values[0]), this.p)
      case 'in':
      case 'nin': {
        const list = this.d.inList(expr, values as (string | number)[], type === 'number' ? 'number' : 'text', this.p)
        return op === 'nin' ? `(NOT ${list})` : list
      }
      case 'exists':
        return `${expr} IS NOT NULL`
    }
  }

  /**
   * Timestamps against dates compare whole days of the workspace zone (`eq 2025-03-01` is that
   * day); against date-times, instants.
   */
  private timeCompare(expr: string, op: RuleOperator, values: readonly string[]): string {
    const start = (x: string): string => this.ts(ruleInstant(x, this.tz))
    const nextDay = (x: string): string => this.ts(zonedDayStart(addDays(x, 1), this.tz))
    const a = values[0] ?? ''
    switch (op) {
      case 'eq':
        return isDay(a) ? `(${expr} >= ${start(a)} AND ${expr} < ${nextDay(a)})` : `${expr} = ${start(a)}`
      case 'neq':
        return isDay(a) ? `(${expr} < ${start(a)} OR ${expr} >= ${nextDay(a)})` : `${expr} <> ${start(a)}`
      case 'gt':
        return isDay(a) ? `${expr} >= ${nextDay(a)}` : `${expr} > ${start(a)}`
      case 'gte':
        return `${expr} >= ${start(a)}`
      case 'lt':
        return `${expr} < ${start(a)}`
      case 'lte':
        return isDay(a) ? `${expr} < ${nextDay(a)}` : `${expr} <= ${start(a)}`
      case 'between': {
        const b = values[1] ?? a
        return `(${expr} >= ${start(a)} AND ${isDay(b) ? `${expr} < ${nextDay(b)}` : `${expr} <= ${start(b)}`})`
      }
      default:
        throw new Error(`operator ${op} does not apply to timestamps`)
    }
  }

  // -- conditions -----------------------------------------------------------------------------

  private traitExpr(field: string): { expr: string; type: RuleFieldType } {
    if (field.startsWith(TRAIT_JSON_PREFIX)) {
      return { expr: this.d.jsonText('c.traits', field.slice(TRAIT_JSON_PREFIX.length), this.p), type: 'json' }
    }
    if (!Object.hasOwn(TRAIT_FIELDS, field)) throw new Error(`unknown trait field ${field}`)
    return { expr: `c.${this.d.ident(field)}`, type: TRAIT_FIELDS[field as TraitField] }
  }

  private trait(field: string, op: RuleOperator, value: RuleValue | undefined): PlanLeaf {
    const { expr, type } = this.traitExpr(field)
    return { value: type === 'list' ? `CAST(${expr} AS VARCHAR)` : expr, met: this.compare(expr, type, op, value) }
  }

  /** An exact match on an encrypted column: its blind index against the indexes of the values. */
  private blindTrait(
    field: PersonalField,
    op: RuleOperator,
    value: RuleValue | undefined,
    blind: (f: PersonalField, v: string) => string,
  ): PlanLeaf {
    const values: RuleScalar[] = Array.isArray(value) ? value : value === undefined ? [] : [value]
    const indexes = values.map((v) => blind(field, String(v)))
    return {
      value: `c.${this.d.ident(field)}`,
      met: this.compare(`c.${this.d.ident(`${field}_bidx`)}`, 'text', op, op === 'in' || op === 'nin' ? indexes : indexes[0]),
    }
  }

  private score(field: keyof typeof SCORE_FIELDS, op: RuleOperator, value: RuleValue | undefined): PlanLeaf {
    const def = SCORE_FIELDS[field]
    const text = this.d.jsonText('s.value', def.field, this.p)
    const inner = def.type === 'number' ? this.d.toNumber(text) : text
    const expr = `(SELECT max(${inner}) FROM customer_scores s WHERE s.workspace_id = ${this.o.workspace} AND s.customer_id = c.customer_id AND s.name = ${this.add(def.name)})`
    return { value: expr, met: this.compare(expr, def.type, op, value) }
  }

  private windowFilter(column: string, within: BehaviorWindow | undefined): string[] {
    const out: string[] = []
    if (within && 'days' in within) {
      out.push(`${column} > ${this.ts(new Date(this.anchor.getTime() - within.days * DAY_MS))}`, `${column} <= ${this.ts(this.anchor)}`)
    } else {
      if (within?.from) out.push(`${column} >= ${this.ts(zonedDayStart(within.from, this.tz))}`)
      if (within?.to) out.push(`${column} < ${this.ts(zonedDayStart(addDays(within.to, 1), this.tz))}`)
      if (this.o.asOf) out.push(`${column} <= ${this.ts(this.o.asOf)}`)
    }
    return out
  }

  private behaviorField(source: BehaviorCondition['behavior'], field: string): { expr: string; type: RuleFieldType } {
    if (source === 'events' && field.startsWith(EVENT_PROPERTY_PREFIX)) {
      return { expr: this.d.jsonText('b.properties', field.slice(EVENT_PROPERTY_PREFIX.length), this.p), type: 'json' }
    }
    const type = behaviorFieldType(source, field)
    if (type === undefined) throw new Error(`unknown ${source} field ${field}`)
    return { expr: `b.${this.d.ident(field)}`, type }
  }

  private behavior(c: BehaviorCondition): PlanLeaf {
    const table = BEHAVIOR_TABLES[c.behavior]
    const time = `b.${this.d.ident(table.time)}`
    const filters = [`b.workspace_id = ${this.o.workspace}`, 'b.customer_id = c.customer_id']
    const namesReturns = c.where?.some((f) => f.field === 'is_return') ?? false
    if (c.behavior !== 'events' && !namesReturns && (c.measure !== 'sum' || c.op === 'exists')) filters.push('NOT b.is_return')
    filters.push(...this.windowFilter(time, c.within))
    for (const f of c.where ?? []) {
      const { expr, type } = this.behaviorField(c.behavior, f.field)
      filters.push(this.compare(expr, type, f.op, f.value))
    }
    if (c.event !== undefined) filters.push(`coalesce(b.event, b.type) = ${this.add(c.event)}`)

    const field = measureField(c)
    let aggregate: string
    if (c.op === 'exists' || c.measure === 'count') aggregate = 'count(*)'
    else {
      const { expr, type } = this.behaviorField(c.behavior, field as string)
      const num = type === 'json' ? this.d.toNumber(expr) : expr
      if (c.measure === 'distinct') aggregate = `count(DISTINCT ${expr})`
      else if (c.measure === 'sum') aggregate = `coalesce(sum(${num}), 0)`
      else aggregate = `${c.measure}(${num})`
    }
    const measure = `(SELECT ${aggregate} FROM ${this.d.ident(c.behavior)} b WHERE ${filters.join(' AND ')})`
    if (c.op === 'exists') return { value: measure, met: c.value === false ? `(${measure} = 0)` : `(${measure} > 0)` }
    return { value: measure, met: this.compare(measure, 'number', c.op, c.value) }
  }
}

function addDays(day: string, n: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + n * DAY_MS
  return new Date(t).toISOString().slice(0, 10)
}

/** Plans a rule: every condition compiled, nested segments expanded (missing ones and cycles are errors). */
export function planSegmentRule(rule: SegmentRule, options: CompileOptions): Result<{ plan: PlanNode; predicate: string }, PortraitError> {
  const c = new Compiler(options)
  const plan = c.plan(rule, '', options.selfId ? [options.selfId] : [])
  return plan.ok ? ok({ plan: plan.value, predicate: c.predicate(plan.value) }) : plan
}

/** Compiles a rule to a SQL predicate over `customers c` (the caller restricts c to the workspace). */
export function compileSegmentRule(rule: SegmentRule, options: CompileOptions): Result<string, PortraitError> {
  const r = planSegmentRule(rule, options)
  return r.ok ? ok(r.value.predicate) : r
}

/**
 * The members of a rule as a query with one column, `customer_id`: use it as a CTE or an `IN`
 * subquery to compute anything per segment in SQL.
 */
export function compileMembership(rule: SegmentRule, options: CompileOptions): Result<string, PortraitError> {
  const r = compileSegmentRule(rule, options)
  return r.ok ? ok(`SELECT c.customer_id FROM customers c WHERE c.workspace_id = ${options.workspace} AND ${r.value}`) : r
}
