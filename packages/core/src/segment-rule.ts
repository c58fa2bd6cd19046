/**
 * The segment rule language: a public JSON format that says which customers belong to a segment.
 *
 * ```
 * Rule = {"and":[Rule,…]} | {"or":[Rule,…]} | {"not":Rule}
 *      | {"trait": FIELD, "op": OP, "value": V}
 *      | {"behavior": "orders"|"order_lines"|"events", "measure": "count"|"sum"|"avg"|"min"|"max"|"distinct",
 *         "field": F?, "op": OP, "value": N, "within": {"days": N} | {"from": DATE, "to": DATE}?,
 *         "where": [{"field", "op", "value"}]?, "event": NAME?}
 *      | {"score": SCORE_FIELD, "op": OP, "value": V}
 *      | {"segment": ID}
 * ```
 *
 * A rule carries no `kind` tag: which key it has (`and`, `or`, `not`, `trait`, `behavior`, `score`,
 * `segment`) says what it is, and exactly one of them must be present. A stored rule may be wrapped
 * in a versioned document `{"version": 1, "rule": Rule}`; a bare rule is version 1.
 *
 * `parseSegmentRule` validates a rule and reports the first problems with their JSON path
 * ("and[1].op: unknown operator 'equals' (known: eq, neq, …)"); the zod schema `SegmentRule`
 * describes the same structure for the OpenAPI document. Pure: no I/O.
 */
import { z } from 'zod'
import { err, ok, portraitError, type PortraitError, type Result } from './result.js'

/** The version of the rule language this code reads and writes. */
export const SEGMENT_RULE_VERSION = 1

export const RULE_OPERATORS = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'exists'] as const
export type RuleOperator = (typeof RULE_OPERATORS)[number]

/** The keys that say what a rule is; a rule has exactly one of them. */
export const RULE_KINDS = ['and', 'or', 'not', 'trait', 'behavior', 'score', 'segment'] as const
export type RuleKind = (typeof RULE_KINDS)[number]

/**
 * The type of a field decides which operators apply and what a value must look like:
 * `list` is a set of strings (a customer's sources), `json` a value whose type the rule's value
 * decides (a number compares as a number, anything else as text), `boolean` a yes/no flag.
 */
export type RuleFieldType = 'text' | 'number' | 'date' | 'timestamp' | 'list' | 'boolean' | 'json'

/** Every typed column of a customer profile; any other profile field is `traits.<key>`. */
export const TRAIT_FIELDS = {
  customer_id: 'text',
  name: 'text',
  email: 'text',
  phone: 'text',
  gender: 'text',
  birth_date: 'date',
  age: 'number',
  age_band: 'text',
  income: 'number',
  education: 'text',
  occupation: 'text',
  city: 'text',
  city_tier: 'text',
  province: 'text',
  country: 'text',
  family_status: 'text',
  created_at: 'timestamp',
  sources: 'list',
} as const satisfies Record<string, RuleFieldType>
export type TraitField = keyof typeof TRAIT_FIELDS

/** The prefix of free-form profile fields kept in the customer's `traits` JSON. */
export const TRAIT_JSON_PREFIX = 'traits.'
/** The prefix of event properties (events only). */
export const EVENT_PROPERTY_PREFIX = 'properties.'

export const BEHAVIOR_SOURCES = ['orders', 'order_lines', 'events'] as const
export type BehaviorSource = (typeof BEHAVIOR_SOURCES)[number]

export const BEHAVIOR_MEASURES = ['count', 'sum', 'avg', 'min', 'max', 'distinct'] as const
export type BehaviorMeasure = (typeof BEHAVIOR_MEASURES)[number]

/**
 * The columns of each behaviour table a rule may use in `field` and `where`, with their types.
 * `numeric` lists the fields `sum`, `avg`, `min` and `max` accept (the first is the default);
 * `time` is the column `within` applies to.
 */
export const BEHAVIOR_TABLES = {
  orders: {
    time: 'ordered_at',
    columns: {
      order_id: 'text',
      amount: 'number',
      channel: 'text',
      store: 'text',
      currency: 'text',
      is_return: 'boolean',
      source: 'text',
    },
    numeric: ['amount'],
  },
  order_lines: {
    time: 'ordered_at',
    columns: {
      order_id: 'text',
      sku: 'text',
      product_name: 'text',
      category: 'text',
      quantity: 'number',
      unit_price: 'number',
      amount: 'number',
      channel: 'text',
      country: 'text',
      is_return: 'boolean',
      source: 'text',
    },
    numeric: ['amount', 'quantity', 'unit_price'],
  },
  events: {
    time: 'timestamp',
    columns: {
      type: 'text',
      event: 'text',
      source: 'text',
    },
    numeric: [],
  },
} as const satisfies Record<BehaviorSource, { time: string; columns: Record<string, RuleFieldType>; numeric: readonly string[] }>

/**
 * The score fields a rule may use, with their types. The store's `SCORE_FIELDS` maps each to the
 * score name and JSON field that hold it; a store test keeps the two lists identical.
 */
export const SCORE_RULE_FIELDS = {
  'rfm.r': 'number',
  'rfm.f': 'number',
  'rfm.m': 'number',
  'rfm.segment': 'text',
  cluster: 'number',
  clv: 'number',
  p_alive: 'number',
  churn_risk: 'number',
  lead_score: 'number',
  stage: 'text',
} as const satisfies Record<string, 'number' | 'text'>
export type ScoreRuleField = keyof typeof SCORE_RULE_FIELDS

/** The operators each field type accepts. */
export const OPERATORS_BY_TYPE: Readonly<Record<RuleFieldType, readonly RuleOperator[]>> = {
  text: ['eq', 'neq', 'in', 'nin', 'contains', 'exists'],
  number: ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
  timestamp: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'exists'],
  list: ['contains', 'in', 'nin', 'exists'],
  boolean: ['eq', 'neq', 'exists'],
  json: ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'exists'],
}

/** The operators a behaviour measure (always a number) accepts. */
export const MEASURE_OPERATORS: readonly RuleOperator[] = ['eq', 'neq', 'in', 'nin', 'gt', 'gte', 'lt', 'lte', 'between', 'exists']

export type RuleScalar = string | number | boolean
export type RuleValue = RuleScalar | RuleScalar[]

export interface TraitCondition {
  trait: string
  op: RuleOperator
  value?: RuleValue
}

export interface BehaviorFilter {
  field: string
  op: RuleOperator
  value?: RuleValue
}

/** `{"days": N}`: the last N days up to now; `{"from", "to"}`: calendar days, both included. */
export type BehaviorWindow = { days: number } | { from?: string; to?: string }

export interface BehaviorCondition {
  behavior: BehaviorSource
  measure: BehaviorMeasure
  field?: string
  op: RuleOperator
  value?: number | number[] | boolean
  within?: BehaviorWindow
  where?: BehaviorFilter[]
  event?: string
}

export interface ScoreCondition {
  score: ScoreRuleField
  op: RuleOperator
  value?: RuleValue
}

export interface SegmentReference {
  segment: string
}

export type SegmentRule =
  | { and: SegmentRule[] }
  | { or: SegmentRule[] }
  | { not: SegmentRule }
  | TraitCondition
  | BehaviorCondition
  | ScoreCondition
  | SegmentReference

/** A stored rule with the version of the language it is written in. */
export interface SegmentRuleDocument {
  version: number
  rule: SegmentRule
}

// ---------------------------------------------------------------------------------------------
// The zod schema (structure; used for the OpenAPI document and typed clients)

const Operator = z.enum(RULE_OPERATORS).describe('the comparison')
const Scalar = z.union([z.string(), z.number(), z.boolean()])
const ConditionValue = z
  .union([Scalar, z.array(Scalar)])
  .describe('a scalar; a list for in/nin; [low, high] for between (both included); true/false for exists (default true)')
const CalendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/)

export const BehaviorWindowSchema = z
  .union([
    z.strictObject({ days: z.number().int().min(1).describe('the last N days up to now') }),
    z
      .strictObject({ from: CalendarDay.optional(), to: CalendarDay.optional() })
      .describe('calendar days in the workspace time zone, both included'),
  ])
  .describe('the time window of the behaviour')

const TraitConditionSchema = z
  .strictObject({
    trait: z.string().describe(`a profile field (${Object.keys(TRAIT_FIELDS).join(', ')}) or traits.<key>`),
    op: Operator,
    value: ConditionValue.optional(),
  })
  .describe('a profile field compared with a value')

const BehaviorFilterSchema = z.strictObject({
  field: z.string().describe('a column of the behaviour table (events also properties.<key>)'),
  op: Operator,
  value: ConditionValue.optional(),
})

const BehaviorConditionSchema = z
  .strictObject({
    behavior: z.enum(BEHAVIOR_SOURCES),
    measure: z.enum(BEHAVIOR_MEASURES),
    field: z.string().optional().describe('the column measured by sum/avg/min/max (default amount) or distinct'),
    op: Operator,
    value: z.union([z.number(), z.array(z.number()), z.boolean()]).optional(),
    within: BehaviorWindowSchema.optional(),
    where: z.array(BehaviorFilterSchema).optional().describe('only rows that meet every filter'),
    event: z.string().optional().describe('events only: the event name'),
  })
  .describe("a measure of the customer's orders, order lines or events; customers without any count as 0")

const ScoreConditionSchema = z
  .strictObject({
    score: z.enum(Object.keys(SCORE_RULE_FIELDS) as [ScoreRuleField, ...ScoreRuleField[]]),
    op: Operator,
    value: ConditionValue.optional(),
  })
  .describe('a model score of the customer (RFM, cluster, CLV, churn, lead)')

const SegmentReferenceSchema = z
  .strictObject({ segment: z.string().min(1).describe('the id of another segment') })
  .describe('members of another segment')

export const SegmentRule: z.ZodType<SegmentRule> = z
  .lazy(() =>
    z.union([
      z.strictObject({ and: z.array(SegmentRule).min(1) }).describe('every rule holds'),
      z.strictObject({ or: z.array(SegmentRule).min(1) }).describe('at least one rule holds'),
      z.strictObject({ not: SegmentRule }).describe('the rule does not hold'),
      TraitConditionSchema,
      BehaviorConditionSchema,
      ScoreConditionSchema,
      SegmentReferenceSchema,
    ]),
  )
  .meta({ id: 'SegmentRule', description: 'a segment rule (see docs/segments.md)' })

// ---------------------------------------------------------------------------------------------
// Validation with JSON paths

/** One problem in a rule: where (a JSON path such as `and[1].op`) and what. */
export interface RuleIssue {
  readonly path: string
  readonly message: string
}

type PathPart = string | number

const formatPath = (parts: readonly PathPart[]): string =>
  parts.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '')

const show = (v: unknown): string => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v))

const listOf = (xs: readonly string[]): string => xs.join(', ')

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const isCalendarDay = (s: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

const isInstant = (s: string): boolean =>
  isCalendarDay(s) ||
  (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))))

/** The longest text a rule value, field key or name may be. */
const MAX_TEXT = 500
/** The most values an in/nin list may hold, and the most conditions in one rule. */
const MAX_LIST = 1000
const MAX_NODES = 500
const MAX_DEPTH = 32

/** A free-form key after `traits.` or `properties.`: printable, not empty, not too long. */
const validKey = (key: string): boolean => key.length > 0 && key.length <= 200 && ![...key].some((ch) => ch.charCodeAt(0) < 32)

/** The type of a trait field, or undefined when the field is unknown. */
export function traitFieldType(field: string): RuleFieldType | undefined {
  if (Object.hasOwn(TRAIT_FIELDS, field)) return TRAIT_FIELDS[field as TraitField]
  if (field.startsWith(TRAIT_JSON_PREFIX) && validKey(field.slice(TRAIT_JSON_PREFIX.length))) return 'json'
  return undefined
}

/** The type of a column of a behaviour table (events also take `properties.<key>`), or undefined. */
export function behaviorFieldType(source: BehaviorSource, field: string): RuleFieldType | undefined {
  const columns: Record<string, RuleFieldType> = BEHAVIOR_TABLES[source].columns
  if (Object.hasOwn(columns, field)) return columns[field]
  if (source === 'events' && field.startsWith(EVENT_PROPERTY_PREFIX) && validKey(field.slice(EVENT_PROPERTY_PREFIX.length))) return 'json'
  return undefined
}

/** The field a measure reads: its own `field`, or `amount` for sum/avg/min/max of orders and lines; none for count. */
export function measureField(c: Pick<BehaviorCondition, 'behavior' | 'measure' | 'field'>): string | undefined {
  if (c.measure === 'count') return undefined
  if (c.field !== undefined) return c.field
  if (c.measure === 'distinct') return undefined
  return BEHAVIOR_TABLES[c.behavior].numeric[0]
}

/** Which kind of rule this is (the one kind key it has). */
export function ruleKind(rule: SegmentRule): RuleKind {
  for (const k of RULE_KINDS) if (Object.hasOwn(rule, k)) return k
  throw new Error('not a segment rule', { cause: rule })
}

class RuleChecker {
  readonly issues: RuleIssue[] = []
  private nodes = 0

  issue(path: readonly PathPart[], message: string): void {
    if (this.issues.length < 20) this.issues.push({ path: formatPath(path), message })
  }

  /** Checks `keys` against the allowed ones, reporting unknown and missing keys. */
  private keys(
    v: Record<string, unknown>,
    path: readonly PathPart[],
    what: string,
    allowed: readonly string[],
    required: readonly string[],
  ): boolean {
    let fine = true
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) {
        this.issue(path, `unknown key ${show(k)} in ${what} (known: ${listOf(allowed)})`)
        fine = false
      }
    }
    for (const k of required) {
      if (v[k] === undefined) {
        this.issue([...path, k], `missing (${what} needs ${listOf(required)})`)
        fine = false
      }
    }
    return fine
  }

  rule(v: unknown, path: readonly PathPart[], depth: number): SegmentRule | undefined {
    if (++this.nodes > MAX_NODES) {
      if (this.nodes === MAX_NODES + 1) this.issue(path, `a rule may hold at most ${MAX_NODES} conditions`)
      return undefined
    }
    if (depth > MAX_DEPTH) {
      this.issue(path, `rules may nest at most ${MAX_DEPTH} levels deep`)
      return undefined
    }
    if (!isRecord(v)) {
      this.issue(
        path,
        `a rule must be an object with one of ${listOf(RULE_KINDS)}; got ${v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v}`,
      )
      return undefined
    }
    const kinds = RULE_KINDS.filter((k) => Object.hasOwn(v, k))
    if (kinds.length === 0) {
      const keys = Object.keys(v)
      this.issue(path, `a rule needs one of ${listOf(RULE_KINDS)}${keys.length ? `; found ${listOf(keys.map(show))}` : ''}`)
      return undefined
    }
    if (kinds.length > 1) {
      this.issue(path, `a rule has exactly one of ${listOf(RULE_KINDS)}; found ${listOf(kinds)}`)
      return undefined
    }
    const kind = kinds[0] as RuleKind
    switch (kind) {
      case 'and':
      case 'or': {
        if (!this.keys(v, path, `an '${kind}' group`, [kind], [kind])) return undefined
        const items = v[kind]
        if (!Array.isArray(items)) {
          this.issue([...path, kind], `expected a list of rules`)
          return undefined
        }
        if (items.length === 0) {
          this.issue([...path, kind], `an '${kind}' group needs at least one rule`)
          return undefined
        }
        const out = items.map((item, i) => this.rule(item, [...path, kind, i], depth + 1))
        if (out.some((x) => x === undefined)) return undefined
        return kind === 'and' ? { and: out as SegmentRule[] } : { or: out as SegmentRule[] }
      }
      case 'not': {
        if (!this.keys(v, path, "a 'not' rule", ['not'], ['not'])) return undefined
        const inner = this.rule(v.not, [...path, 'not'], depth + 1)
        return inner === undefined ? undefined : { not: inner }
      }
      case 'trait':
        return this.trait(v, path)
      case 'behavior':
        return this.behavior(v, path)
      case 'score':
        return this.score(v, path)
      case 'segment': {
        if (!this.keys(v, path, 'a segment reference', ['segment'], ['segment'])) return undefined
        const id = v.segment
        if (typeof id !== 'string' || id.trim() === '' || id.length > 200) {
          this.issue([...path, 'segment'], `expected the id of a segment (a non-empty string)`)
          return undefined
        }
        return { segment: id }
      }
    }
  }

  private operator(v: unknown, path: readonly PathPart[], allowed: readonly RuleOperator[], what: string): RuleOperator | undefined {
    if (typeof v !== 'string') {
      this.issue(path, `expected an operator (${listOf(RULE_OPERATORS)}); got ${show(v)}`)
      return undefined
    }
    if (!(RULE_OPERATORS as readonly string[]).includes(v)) {
      this.issue(path, `unknown operator ${show(v)} (known: ${listOf(RULE_OPERATORS)})`)
      return undefined
    }
    if (!allowed.includes(v as RuleOperator)) {
      this.issue(path, `operator ${show(v)} does not apply to ${what} (use ${listOf(allowed)})`)
      return undefined
    }
    return v as RuleOperator
  }

  /**
   * Checks a value against an operator and a field type. `json` fields take any scalar type, but
   * the values of one condition must share it.
   */
  private value(v: unknown, op: RuleOperator, type: RuleFieldType, path: readonly PathPart[], what: string): RuleValue | undefined | null {
    const p = [...path]
    if (op === 'exists') {
      if (v === undefined) return undefined
      if (typeof v !== 'boolean') {
        this.issue(p, `'exists' takes true or false (or no value, meaning true); got ${show(v)}`)
        return null
      }
      return v
    }
    if (v === undefined) {
      this.issue(p, `missing: operator '${op}' needs a value`)
      return null
    }
    const scalar = (x: unknown, at: readonly PathPart[]): RuleScalar | null => {
      const bad = (expected: string): null => {
        this.issue(at, `expected ${expected} for ${what}; got ${show(x)}`)
        return null
      }
      if (typeof x === 'string' && x.length > MAX_TEXT) {
        this.issue(at, `a value may be at most ${MAX_TEXT} characters long`)
        return null
      }
      if (typeof x === 'number' && !Number.isFinite(x)) return bad('a finite number')
      switch (type) {
        case 'number':
          return typeof x === 'number' ? x : bad('a number')
        case 'text':
        case 'list':
          return typeof x === 'string' ? x : bad('text (a string)')
        case 'boolean':
          return typeof x === 'boolean' ? x : bad('true or false')
        case 'date':
          return typeof x === 'string' && isCalendarDay(x) ? x : bad('a date as YYYY-MM-DD')
        case 'timestamp':
          return typeof x === 'string' && isInstant(x) ? x : bad('a date (YYYY-MM-DD) or an ISO date-time')
        case 'json':
          return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' ? x : bad('a string, a number or true/false')
      }
    }
    if (op === 'in' || op === 'nin' || op === 'between') {
      if (!Array.isArray(v)) {
        this.issue(p, op === 'between' ? `'between' takes [low, high]` : `'${op}' takes a list of values`)
        return null
      }
      if (op === 'between' && v.length !== 2) {
        this.issue(p, `'between' takes exactly two values [low, high]; got ${v.length}`)
        return null
      }
      if (v.length === 0) {
        this.issue(p, `'${op}' needs at least one value`)
        return null
      }
      if (v.length > MAX_LIST) {
        this.issue(p, `'${op}' takes at most ${MAX_LIST} values`)
        return null
      }
      const out = v.map((x, i) => scalar(x, [...p, i]))
      if (out.some((x) => x === null)) return null
      const values = out as RuleScalar[]
      if (new Set(values.map((x) => typeof x)).size > 1) {
        this.issue(p, `the values of '${op}' must all have the same type`)
        return null
      }
      if (op === 'between' && type === 'json' && typeof values[0] === 'boolean') {
        this.issue(p, `'between' compares numbers or text, not true/false`)
        return null
      }
      if (op === 'between' && (values[0] as RuleScalar) > (values[1] as RuleScalar)) {
        this.issue(p, `'between' takes [low, high] with low ≤ high; got ${show(values)}`)
        return null
      }
      return values
    }
    if (Array.isArray(v)) {
      this.issue(p, `'${op}' takes one value, not a list (use 'in' for a list)`)
      return null
    }
    const s = scalar(v, p)
    if (s === null) return null
    if (op === 'contains' && typeof s !== 'string') {
      this.issue(p, `'contains' looks for text; give a string`)
      return null
    }
    if ((op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') && typeof s === 'boolean') {
      this.issue(p, `'${op}' compares numbers or text, not true/false`)
      return null
    }
    return s
  }

  private trait(v: Record<string, unknown>, path: readonly PathPart[]): TraitCondition | undefined {
    if (!this.keys(v, path, 'a trait condition', ['trait', 'op', 'value'], ['trait', 'op'])) return undefined
    const field = v.trait
    if (typeof field !== 'string') {
      this.issue([...path, 'trait'], `expected a field name; got ${show(field)}`)
      return undefined
    }
    const type = traitFieldType(field)
    if (type === undefined) {
      this.issue([...path, 'trait'], `unknown field ${show(field)} (known: ${listOf(Object.keys(TRAIT_FIELDS))}, or traits.<key>)`)
      return undefined
    }
    const op = this.operator(v.op, [...path, 'op'], OPERATORS_BY_TYPE[type], `${type} field '${field}'`)
    if (op === undefined) return undefined
    const value = this.value(v.value, op, type, [...path, 'value'], `field '${field}'`)
    if (value === null) return undefined
    return value === undefined ? { trait: field, op } : { trait: field, op, value }
  }

  private filter(v: unknown, source: BehaviorSource, path: readonly PathPart[]): BehaviorFilter | undefined {
    if (!isRecord(v)) {
      this.issue(path, `a filter is an object {"field", "op", "value"}; got ${show(v)}`)
      return undefined
    }
    if (!this.keys(v, path, 'a filter', ['field', 'op', 'value'], ['field', 'op'])) return undefined
    const field = v.field
    const type = typeof field === 'string' ? behaviorFieldType(source, field) : undefined
    if (typeof field !== 'string' || type === undefined) {
      this.issue(
        [...path, 'field'],
        `unknown ${source} field ${show(field)} (known: ${listOf(Object.keys(BEHAVIOR_TABLES[source].columns))}${source === 'events' ? ', or properties.<key>' : ''})`,
      )
      return undefined
    }
    const op = this.operator(v.op, [...path, 'op'], OPERATORS_BY_TYPE[type], `${type} field '${field}'`)
    if (op === undefined) return undefined
    const value = this.value(v.value, op, type, [...path, 'value'], `field '${field}'`)
    if (value === null) return undefined
    return value === undefined ? { field, op } : { field, op, value }
  }

  private window(v: unknown, path: readonly PathPart[]): BehaviorWindow | undefined {
    if (!isRecord(v)) {
      this.issue(path, `expected {"days": N} or {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}; got ${show(v)}`)
      return undefined
    }
    if (Object.hasOwn(v, 'days')) {
      if (!this.keys(v, path, 'a window', ['days'], ['days'])) return undefined
      const days = v.days
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 36_600) {
        this.issue([...path, 'days'], `expected a whole number of days from 1 to 36600; got ${show(days)}`)
        return undefined
      }
      return { days }
    }
    if (!this.keys(v, path, 'a window', ['from', 'to'], [])) return undefined
    const from = v.from
    const to = v.to
    if (from === undefined && to === undefined) {
      this.issue(path, `a window needs "days", or "from" and/or "to"`)
      return undefined
    }
    for (const [k, d] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (d !== undefined && (typeof d !== 'string' || !isCalendarDay(d))) {
        this.issue([...path, k], `expected a date as YYYY-MM-DD; got ${show(d)}`)
        return undefined
      }
    }
    if (typeof from === 'string' && typeof to === 'string' && from > to) {
      this.issue(path, `"from" (${from}) is after "to" (${to})`)
      return undefined
    }
    return { ...(typeof from === 'string' ? { from } : {}), ...(typeof to === 'string' ? { to } : {}) }
  }

  private behavior(v: Record<string, unknown>, path: readonly PathPart[]): BehaviorCondition | undefined {
    const allowed = ['behavior', 'measure', 'field', 'op', 'value', 'within', 'where', 'event']
    if (!this.keys(v, path, 'a behaviour condition', allowed, ['behavior', 'measure', 'op'])) return undefined
    const source = v.behavior
    if (typeof source !== 'string' || !(BEHAVIOR_SOURCES as readonly string[]).includes(source)) {
      this.issue([...path, 'behavior'], `unknown behaviour ${show(source)} (known: ${listOf(BEHAVIOR_SOURCES)})`)
      return undefined
    }
    const behavior = source as BehaviorSource
    const measure = v.measure
    if (typeof measure !== 'string' || !(BEHAVIOR_MEASURES as readonly string[]).includes(measure)) {
      this.issue([...path, 'measure'], `unknown measure ${show(measure)} (known: ${listOf(BEHAVIOR_MEASURES)})`)
      return undefined
    }
    const m = measure as BehaviorMeasure
    const out: BehaviorCondition = { behavior, measure: m, op: 'eq' }
    const table = BEHAVIOR_TABLES[behavior]
    const field = v.field
    if (m === 'count') {
      if (field !== undefined) {
        this.issue([...path, 'field'], `'count' counts ${behavior}; it takes no field (use 'distinct' to count distinct values of a field)`)
        return undefined
      }
    } else if (m === 'distinct') {
      const type = typeof field === 'string' ? behaviorFieldType(behavior, field) : undefined
      if (typeof field !== 'string' || type === undefined) {
        this.issue(
          [...path, 'field'],
          `'distinct' needs a field of ${behavior} (known: ${listOf(Object.keys(table.columns))}${behavior === 'events' ? ', or properties.<key>' : ''})`,
        )
        return undefined
      }
      out.field = field
    } else {
      const numeric: readonly string[] = table.numeric
      const ok =
        field === undefined
          ? numeric.length > 0
          : typeof field === 'string' &&
            (numeric.includes(field) || (behavior === 'events' && behaviorFieldType('events', field) === 'json'))
      if (!ok) {
        this.issue(
          [...path, 'field'],
          behavior === 'events'
            ? `'${m}' of events needs a numeric event property (field "properties.<key>")`
            : `'${m}' needs a numeric field of ${behavior} (known: ${listOf(numeric)})`,
        )
        return undefined
      }
      if (typeof field === 'string') out.field = field
    }
    const op = this.operator(v.op, [...path, 'op'], MEASURE_OPERATORS, `the measure '${m}' (a number)`)
    if (op === undefined) return undefined
    out.op = op
    const value = this.value(v.value, op, 'number', [...path, 'value'], `the measure '${m}'`)
    if (value === null) return undefined
    if (value !== undefined) out.value = value as number | number[] | boolean
    if (v.within !== undefined) {
      const w = this.window(v.within, [...path, 'within'])
      if (w === undefined) return undefined
      out.within = w
    }
    if (v.where !== undefined) {
      if (!Array.isArray(v.where)) {
        this.issue([...path, 'where'], `expected a list of filters [{"field", "op", "value"}, …]`)
        return undefined
      }
      if (v.where.length > 50) {
        this.issue([...path, 'where'], `at most 50 filters`)
        return undefined
      }
      const filters = v.where.map((f, i) => this.filter(f, behavior, [...path, 'where', i]))
      if (filters.some((f) => f === undefined)) return undefined
      if (filters.length > 0) out.where = filters as BehaviorFilter[]
    }
    if (v.event !== undefined) {
      if (behavior !== 'events') {
        this.issue([...path, 'event'], `only events have an event name (this condition is on ${behavior})`)
        return undefined
      }
      if (typeof v.event !== 'string' || v.event.trim() === '' || v.event.length > MAX_TEXT) {
        this.issue([...path, 'event'], `expected an event name (a non-empty string)`)
        return undefined
      }
      out.event = v.event
    }
    return out
  }

  private score(v: Record<string, unknown>, path: readonly PathPart[]): ScoreCondition | undefined {
    if (!this.keys(v, path, 'a score condition', ['score', 'op', 'value'], ['score', 'op'])) return undefined
    const field = v.score
    if (typeof field !== 'string' || !Object.hasOwn(SCORE_RULE_FIELDS, field)) {
      this.issue([...path, 'score'], `unknown score ${show(field)} (known: ${listOf(Object.keys(SCORE_RULE_FIELDS))})`)
      return undefined
    }
    const score = field as ScoreRuleField
    const type = SCORE_RULE_FIELDS[score]
    const op = this.operator(v.op, [...path, 'op'], OPERATORS_BY_TYPE[type], `the ${type} score '${score}'`)
    if (op === undefined) return undefined
    const value = this.value(v.value, op, type, [...path, 'value'], `score '${score}'`)
    if (value === null) return undefined
    return value === undefined ? { score, op } : { score, op, value }
  }
}

const issuesError = (issues: readonly RuleIssue[]): PortraitError => {
  const lines = issues.map((i) => `${i.path || 'rule'}: ${i.message}`)
  const message = lines.length > 3 ? `${lines.slice(0, 3).join('; ')}; and ${lines.length - 3} more` : lines.join('; ')
  return portraitError('InvalidInput', message, { issues: issues.map((i) => ({ path: i.path, message: i.message })) })
}

/**
 * Validates a rule: structure, known fields and operators, values that fit their field. The error
 * is `InvalidInput` with a message such as "and[1].op: unknown operator 'equals' (known: …)" and
 * every issue (path, message) in `details.issues`.
 */
export function parseSegmentRule(input: unknown): Result<SegmentRule, PortraitError> {
  const checker = new RuleChecker()
  const rule = checker.rule(input, [], 0)
  if (rule === undefined || checker.issues.length > 0) {
    return err(issuesError(checker.issues.length ? checker.issues : [{ path: '', message: 'not a valid rule' }]))
  }
  return ok(rule)
}

/**
 * Reads a rule as stored or as a user's file gives it: a bare rule (version 1) or a versioned
 * document `{"version": 1, "rule": …}`.
 */
export function parseSegmentRuleDocument(input: unknown): Result<SegmentRuleDocument, PortraitError> {
  if (isRecord(input) && Object.hasOwn(input, 'version')) {
    const extra = Object.keys(input).filter((k) => k !== 'version' && k !== 'rule')
    if (extra.length > 0)
      return err(issuesError([{ path: '', message: `unknown key ${show(extra[0])} in a rule document (known: version, rule)` }]))
    if (input.version !== SEGMENT_RULE_VERSION)
      return err(
        issuesError([
          {
            path: 'version',
            message: `unsupported rule version ${show(input.version)} (this Portrait reads version ${SEGMENT_RULE_VERSION})`,
          },
        ]),
      )
    if (input.rule === undefined) return err(issuesError([{ path: 'rule', message: 'missing: a rule document needs a rule' }]))
    const r = parseSegmentRule(input.rule)
    if (!r.ok) {
      const issues = ((r.error.details?.issues as RuleIssue[] | undefined) ?? []).map((i) => ({
        path: i.path ? `rule.${i.path}` : 'rule',
        message: i.message,
      }))
      return err(issuesError(issues))
    }
    return ok({ version: SEGMENT_RULE_VERSION, rule: r.value })
  }
  const r = parseSegmentRule(input)
  return r.ok ? ok({ version: SEGMENT_RULE_VERSION, rule: r.value }) : r
}

/** The ids of the segments a rule refers to (`{"segment": ID}`), at any depth, in order of appearance. */
export function segmentReferences(rule: SegmentRule): string[] {
  const out: string[] = []
  const walk = (r: SegmentRule): void => {
    if ('and' in r) r.and.forEach(walk)
    else if ('or' in r) r.or.forEach(walk)
    else if ('not' in r) walk(r.not)
    else if ('segment' in r && !out.includes(r.segment)) out.push(r.segment)
  }
  walk(rule)
  return out
}

const OP_TEXT: Record<RuleOperator, string> = {
  eq: '=',
  neq: '≠',
  in: 'in',
  nin: 'not in',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  between: 'between',
  contains: 'contains',
  exists: 'exists',
}

const valueText = (op: RuleOperator, value: RuleValue | undefined): string => {
  if (op === 'exists') return value === false ? ' (no)' : ''
  if (Array.isArray(value)) return op === 'between' ? ` ${show(value[0])} and ${show(value[1])}` : ` [${value.map(show).join(', ')}]`
  return ` ${show(value)}`
}

const comparison = (subject: string, op: RuleOperator, value: RuleValue | undefined): string =>
  op === 'exists' && value === false ? `${subject} is missing` : `${subject} ${OP_TEXT[op]}${valueText(op, value)}`

/** The time window in words: "in the last 90 days", "from 2025-01-01 to 2025-03-31". */
export function describeWindow(w: BehaviorWindow): string {
  if ('days' in w) return `in the last ${w.days} days`
  const parts = [w.from ? `from ${w.from}` : '', w.to ? `to ${w.to}` : ''].filter(Boolean)
  return parts.join(' ')
}

/** One condition (or group) in English words, for the command line and logs. */
export function describeRule(rule: SegmentRule): string {
  if ('and' in rule)
    return rule.and.length === 1 ? describeRule(rule.and[0] as SegmentRule) : `(${rule.and.map(describeRule).join(' and ')})`
  if ('or' in rule) return rule.or.length === 1 ? describeRule(rule.or[0] as SegmentRule) : `(${rule.or.map(describeRule).join(' or ')})`
  if ('not' in rule) return `not ${describeRule(rule.not)}`
  if ('trait' in rule) return comparison(rule.trait, rule.op, rule.value)
  if ('score' in rule) return comparison(`score ${rule.score}`, rule.op, rule.value)
  if ('segment' in rule) return `in segment ${show(rule.segment)}`
  const field = measureField(rule)
  const rows = [
    rule.behavior,
    rule.event ? `named ${show(rule.event)}` : '',
    rule.where?.length ? `where ${rule.where.map((f) => comparison(f.field, f.op, f.value)).join(' and ')}` : '',
    rule.within ? describeWindow(rule.within) : '',
  ]
    .filter(Boolean)
    .join(' ')
  if (rule.op === 'exists') return rule.value === false ? `no ${rows}` : `any ${rows}`
  return comparison(`${rule.measure}${field ? `(${field})` : ''} of ${rows}`, rule.op, rule.value)
}
