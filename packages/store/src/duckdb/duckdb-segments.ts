import {
  BEHAVIOR_TABLES,
  SEGMENT_RULE_VERSION,
  TRAIT_FIELDS,
  describeRule,
  isPersonalTraitKey,
  ok,
  parseSegmentRuleDocument,
  type CustomerListQuery,
  type CustomerListResponse,
  type PortraitError,
  type Result,
  type RuleExplanation,
  type SegmentRule,
} from '@portrait/core'
import { SCORE_FIELDS } from '../scores.js'
import type {
  MembershipOptions,
  RuleToMeasure,
  SegmentFieldCatalogue,
  SegmentMeasure,
  SegmentRecord,
  SegmentSnapshotRecord,
  SegmentStore,
} from '../segments.js'
import { SqlParams } from '../segments/dialect.js'
import { DUCKDB_DIALECT } from '../segments/duckdb-dialect.js'
import { planSegmentRule, type PlanNode } from '../segments/compile.js'
import type { DuckDbSql } from './duckdb-sql.js'
import type { DuckDbVaults } from './duckdb-encryption.js'
import { searchIndexes } from './duckdb-search.js'
import { openColumns } from '../crypto/personal.js'
import { isCiphertext } from '../crypto/vault.js'
import { all } from './duckdb-sql.js'
import { dateOnly, isoOrNull, money, num, parseJson, strOrNull } from './duckdb-values.js'

const utcText = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '')

/** The customer list's sort columns (the same as `listCustomers`). */
const SORT_COLUMNS: Record<CustomerListQuery['sort'], string> = {
  revenue: 'revenue',
  orders: 'orders',
  last_order_at: 'last_order_at',
  customer_id: 'c.customer_id',
  age: 'c.age',
}

/** Text profile fields worth offering as pickers (few distinct values). */
const PICKER_TRAITS = [
  'gender',
  'age_band',
  'education',
  'occupation',
  'city',
  'city_tier',
  'province',
  'country',
  'family_status',
] as const
/** Text behaviour columns worth offering as pickers. */
const PICKER_BEHAVIOR: readonly (readonly [keyof typeof BEHAVIOR_TABLES, string])[] = [
  ['orders', 'channel'],
  ['orders', 'store'],
  ['orders', 'currency'],
  ['orders', 'source'],
  ['order_lines', 'category'],
  ['order_lines', 'channel'],
  ['order_lines', 'country'],
  ['order_lines', 'source'],
  ['events', 'type'],
  ['events', 'event'],
  ['events', 'source'],
]
const PICKER_LIMIT = 40

function recordFromRow(r: Record<string, unknown>): SegmentRecord {
  const doc = parseSegmentRuleDocument(parseJson<unknown>(r.rule, null))
  if (!doc.ok) throw new Error(`stored segment ${String(r.segment_id)} has an unreadable rule: ${doc.error.message}`)
  return {
    segment_id: String(r.segment_id),
    name: String(r.name),
    description: strOrNull(r.description),
    basis: strOrNull(r.basis),
    rule: doc.value.rule,
    rule_version: doc.value.version,
    created_at: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
    updated_at: r.updated_at instanceof Date ? r.updated_at : new Date(String(r.updated_at)),
  }
}

/** A value read back for an explanation, as JSON: numbers as numbers, times as ISO text. */
function plainValue(v: unknown): unknown {
  if (v === null || v === undefined) return null
  if (v instanceof Date) return v.toISOString()
  if (typeof v === 'bigint') return Number(v)
  return v
}

export class DuckDbSegmentStore implements SegmentStore {
  constructor(
    private readonly sql: DuckDbSql,
    private readonly vaults: DuckDbVaults,
  ) {}

  async list(workspaceId: string): Promise<SegmentRecord[]> {
    const rows = await this.sql.all('SELECT * FROM segments WHERE workspace_id = $1 ORDER BY created_at, segment_id', [workspaceId])
    return rows.map(recordFromRow)
  }

  async get(workspaceId: string, segmentId: string): Promise<SegmentRecord | null> {
    const [r] = await this.sql.all('SELECT * FROM segments WHERE workspace_id = $1 AND segment_id = $2', [workspaceId, segmentId])
    return r ? recordFromRow(r) : null
  }

  private params(s: SegmentRecord): unknown[] {
    return [
      s.segment_id,
      s.name,
      s.description,
      s.basis,
      JSON.stringify({ version: SEGMENT_RULE_VERSION, rule: s.rule }),
      utcText(s.created_at),
      utcText(s.updated_at),
    ]
  }

  async insert(workspaceId: string, segment: SegmentRecord): Promise<void> {
    await this.sql.run('INSERT INTO segments VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP, $8::TIMESTAMP)', [
      workspaceId,
      ...this.params(segment),
    ])
  }

  async update(workspaceId: string, segment: SegmentRecord): Promise<void> {
    await this.sql.run(
      `UPDATE segments SET name = $3, description = $4, basis = $5, rule = $6, created_at = $7::TIMESTAMP, updated_at = $8::TIMESTAMP
       WHERE workspace_id = $1 AND segment_id = $2`,
      [workspaceId, ...this.params(segment)],
    )
  }

  async delete(workspaceId: string, segmentId: string): Promise<void> {
    await this.sql.transaction(async (conn) => {
      await all(conn, 'DELETE FROM segment_snapshots WHERE workspace_id = $1 AND segment_id = $2', [workspaceId, segmentId])
      await all(conn, 'DELETE FROM segments WHERE workspace_id = $1 AND segment_id = $2', [workspaceId, segmentId])
    })
  }

  /** The saved rules by id, for `{"segment": ID}`. */
  private async lookup(workspaceId: string): Promise<{ rules: Map<string, SegmentRule>; names: Map<string, string> }> {
    const rows = await this.list(workspaceId)
    return { rules: new Map(rows.map((s) => [s.segment_id, s.rule])), names: new Map(rows.map((s) => [s.segment_id, s.name])) }
  }

  private async plan(
    workspaceId: string,
    rule: SegmentRule,
    params: SqlParams,
    options: MembershipOptions,
    workspace = '$1',
  ): Promise<Result<{ plan: PlanNode; predicate: string; names: Map<string, string> }, PortraitError>> {
    const { rules, names } = await this.lookup(workspaceId)
    const vault = await this.vaults.vault(workspaceId)
    const r = planSegmentRule(rule, {
      dialect: DUCKDB_DIALECT,
      params,
      workspace,
      lookup: (id) => rules.get(id),
      blind: (field, value) => vault.blind(field, value),
      ...(options.now ? { now: options.now } : {}),
      ...(options.asOf ? { asOf: options.asOf } : {}),
      ...(options.timezone ? { timezone: options.timezone } : {}),
      ...(options.selfId ? { selfId: options.selfId } : {}),
    })
    return r.ok ? ok({ ...r.value, names }) : r
  }

  async check(workspaceId: string, rule: SegmentRule, options: MembershipOptions = {}): Promise<Result<void, PortraitError>> {
    const r = await this.plan(workspaceId, rule, new SqlParams(DUCKDB_DIALECT, [workspaceId]), options)
    return r.ok ? ok(undefined) : r
  }

  async membershipSql(
    workspaceId: string,
    rule: SegmentRule,
    params: SqlParams,
    options: MembershipOptions = {},
  ): Promise<Result<string, PortraitError>> {
    // the outer query uses the workspace parameter, so it is bound even when no condition needs it
    const ws = params.add(workspaceId)
    const r = await this.plan(workspaceId, rule, params, options, ws)
    if (!r.ok) return r
    return ok(`SELECT c.customer_id FROM customers c WHERE c.workspace_id = ${ws} AND ${r.value.predicate}`)
  }

  async measure(
    workspaceId: string,
    rules: readonly RuleToMeasure[],
    options: MembershipOptions = {},
  ): Promise<Result<{ customers: number; measures: SegmentMeasure[] }, PortraitError>> {
    const params = new SqlParams(DUCKDB_DIALECT, [workspaceId])
    const { rules: saved } = await this.lookup(workspaceId)
    const vault = await this.vaults.vault(workspaceId)
    const columns: string[] = []
    for (const [i, r] of rules.entries()) {
      const p = planSegmentRule(r.rule, {
        dialect: DUCKDB_DIALECT,
        params,
        workspace: '$1',
        lookup: (id) => saved.get(id),
        blind: (field, value) => vault.blind(field, value),
        ...(options.now ? { now: options.now } : {}),
        ...(options.asOf ? { asOf: options.asOf } : {}),
        ...(options.timezone ? { timezone: options.timezone } : {}),
        ...(r.selfId ? { selfId: r.selfId } : {}),
      })
      if (!p.ok) return p
      const pred = p.value.predicate
      columns.push(`count(*) FILTER (WHERE ${pred}) AS n${i}`, `coalesce(sum(rev.revenue) FILTER (WHERE ${pred}), 0) AS r${i}`)
    }
    const until = options.asOf ? ` AND ordered_at <= ${DUCKDB_DIALECT.timestamp(params.add(utcText(options.asOf)))}` : ''
    const [row] = await this.sql.all(
      `WITH rev AS (
         SELECT customer_id, sum(amount) AS revenue FROM orders
         WHERE workspace_id = $1 AND customer_id IS NOT NULL${until} GROUP BY customer_id
       )
       SELECT count(*) AS customers${columns.length ? `, ${columns.join(', ')}` : ''}
       FROM customers c LEFT JOIN rev ON rev.customer_id = c.customer_id
       WHERE c.workspace_id = $1`,
      params.values,
    )
    return ok({
      customers: num(row?.customers),
      measures: rules.map((_, i) => ({ size: num(row?.[`n${i}`]), revenue: money(row?.[`r${i}`]) })),
    })
  }

  async members(
    workspaceId: string,
    rule: SegmentRule,
    query: CustomerListQuery,
    options: MembershipOptions = {},
  ): Promise<Result<CustomerListResponse, PortraitError>> {
    const params = new SqlParams(DUCKDB_DIALECT, [workspaceId])
    const planned = await this.plan(workspaceId, rule, params, options)
    if (!planned.ok) return planned
    let where = `c.workspace_id = $1 AND ${planned.value.predicate}`
    const term = query.q?.trim()
    const vault = await this.vaults.vault(workspaceId)
    if (term) {
      // Personal fields match exactly, through their blind index; the others by substring.
      const exact = params.add(term)
      const like = params.add(`%${term.toLowerCase()}%`)
      const personal = options.personalMatch === false ? [] : searchIndexes(vault, term)
      const indexed = `(SELECT unnest(${params.add(personal)}::VARCHAR[]))`
      where += ` AND (c.customer_id = ${exact} OR lower(c.customer_id) LIKE ${like} OR lower(c.city) LIKE ${like}
        OR c.name_bidx IN ${indexed} OR c.email_bidx IN ${indexed} OR c.phone_bidx IN ${indexed}
        OR c.customer_id IN (SELECT customer_id FROM identities WHERE workspace_id = $1 AND (value = ${exact} OR value IN ${indexed})))`
    }
    const sort = SORT_COLUMNS[query.sort]
    const order = query.order === 'asc' ? 'ASC' : 'DESC'
    const limit = Math.max(1, Math.floor(query.limit))
    const offset = Math.max(0, Math.floor(query.offset))
    const base = `FROM customers c LEFT JOIN (
        SELECT customer_id, count(*) FILTER (WHERE NOT is_return) AS orders, sum(amount) AS revenue, max(ordered_at) AS last_order_at
        FROM orders WHERE workspace_id = $1 AND customer_id IS NOT NULL GROUP BY customer_id
      ) o ON o.customer_id = c.customer_id WHERE ${where}`
    return this.sql.withConnection(async (conn) => {
      const [countRow] = await all(conn, `SELECT count(*) AS n ${base}`, params.values)
      const rows = await all(
        conn,
        `SELECT c.customer_id, c.name, c.email, c.phone, c.gender, c.age, c.age_band, c.city, c.city_tier, c.country,
           c.sources, coalesce(o.orders, 0) AS orders, coalesce(o.revenue, 0) AS revenue, o.last_order_at
         ${base} ORDER BY ${sort} ${order} NULLS LAST, c.customer_id ASC LIMIT ${limit} OFFSET ${offset}`,
        params.values,
      )
      for (const r of rows) openColumns(vault, r)
      return ok({
        total: num(countRow?.n),
        limit,
        offset,
        items: rows.map((r) => ({
          customer_id: String(r.customer_id),
          name: strOrNull(r.name),
          email: strOrNull(r.email),
          phone: strOrNull(r.phone),
          gender: strOrNull(r.gender),
          age: r.age === null || r.age === undefined ? null : num(r.age),
          age_band: strOrNull(r.age_band),
          city: strOrNull(r.city),
          city_tier: strOrNull(r.city_tier),
          country: strOrNull(r.country),
          source: parseJson<string[]>(r.sources, [])[0] ?? null,
          orders: num(r.orders),
          revenue: money(r.revenue),
          last_order_at: isoOrNull(r.last_order_at),
        })),
      })
    })
  }

  async memberIds(workspaceId: string, rule: SegmentRule, options: MembershipOptions = {}): Promise<Result<string[], PortraitError>> {
    const params = new SqlParams(DUCKDB_DIALECT, [workspaceId])
    const planned = await this.plan(workspaceId, rule, params, options)
    if (!planned.ok) return planned
    const rows = await this.sql.all(
      `SELECT c.customer_id FROM customers c WHERE c.workspace_id = $1 AND ${planned.value.predicate} ORDER BY c.customer_id`,
      params.values,
    )
    return ok(rows.map((r) => String(r.customer_id)))
  }

  async explain(
    workspaceId: string,
    rule: SegmentRule,
    customerId: string,
    options: MembershipOptions = {},
  ): Promise<Result<RuleExplanation | null, PortraitError>> {
    const params = new SqlParams(DUCKDB_DIALECT, [workspaceId])
    const planned = await this.plan(workspaceId, rule, params, options)
    if (!planned.ok) return planned
    const leaves: PlanNode[] = []
    const collect = (n: PlanNode): void => {
      if (n.leaf) leaves.push(n)
      n.children?.forEach(collect)
    }
    collect(planned.value.plan)
    const customer = params.add(customerId)
    const select = leaves.flatMap((n, i) => [`${n.leaf?.value} AS v${i}`, `${n.leaf?.met} AS m${i}`])
    const [row] = await this.sql.all(
      `SELECT c.customer_id${select.length ? `, ${select.join(', ')}` : ''} FROM customers c WHERE c.workspace_id = $1 AND c.customer_id = ${customer}`,
      params.values,
    )
    if (!row) return ok(null)
    const vault = await this.vaults.vault(workspaceId)
    const names = planned.value.names
    const build = (n: PlanNode, prefix: string): RuleExplanation => {
      const path = n.path ? (prefix ? `${prefix}.${n.path}` : n.path) : prefix
      const children = n.children?.map((c) => build(c, n.kind === 'segment' ? `${path ? `${path}.` : ''}segment(${n.segmentId})` : prefix))
      const base = { path, kind: n.kind, description: describeRule(n.rule) }
      switch (n.kind) {
        case 'and':
          return { ...base, met: (children ?? []).every((c) => c.met), children: children ?? [] }
        case 'or':
          return { ...base, met: (children ?? []).some((c) => c.met), children: children ?? [] }
        case 'not':
          return { ...base, met: !(children?.[0]?.met ?? false), children: children ?? [] }
        case 'segment': {
          const id = n.segmentId ?? ''
          return { ...base, met: children?.[0]?.met ?? false, segment: { id, name: names.get(id) ?? id }, children: children ?? [] }
        }
        default: {
          const i = leaves.indexOf(n)
          const raw = row[`v${i}`]
          // an encrypted field's actual value is shown to whoever may read the profile: in the clear
          const field = 'trait' in n.rule ? n.rule.trait : ''
          const clear = isCiphertext(raw) ? vault.decrypt(field, raw) : raw
          const actual = isCiphertext(raw) && field.startsWith('traits.') ? (JSON.parse(String(clear)) as unknown) : this.actual(n, clear)
          return { ...base, met: row[`m${i}`] === true, actual, condition: n.rule }
        }
      }
    }
    return ok(build(planned.value.plan, ''))
  }

  /** The actual value as the condition sees it: numbers for numeric fields, lists for sources. */
  private actual(n: PlanNode, raw: unknown): unknown {
    const rule = n.rule
    // a calendar date stays a date, never a UTC midnight
    if ('trait' in rule && Object.hasOwn(TRAIT_FIELDS, rule.trait) && TRAIT_FIELDS[rule.trait as keyof typeof TRAIT_FIELDS] === 'date')
      return dateOnly(raw)
    const v = plainValue(raw)
    if (v === null) return null
    if ('trait' in rule && rule.trait === 'sources') return parseJson<unknown>(v, v)
    if ('trait' in rule && rule.trait.startsWith('traits.')) {
      const sample = Array.isArray(rule.value) ? rule.value[0] : rule.value
      return typeof sample === 'number' && typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : v
    }
    return v
  }

  async recordSnapshots(workspaceId: string, snapshots: readonly SegmentSnapshotRecord[]): Promise<void> {
    if (snapshots.length === 0) return
    await this.sql.transaction(async (conn) => {
      for (const s of snapshots) {
        // one snapshot per segment and instant: computing twice at the same millisecond keeps the last
        await all(conn, 'DELETE FROM segment_snapshots WHERE workspace_id = $1 AND segment_id = $2 AND computed_at = $3::TIMESTAMP', [
          workspaceId,
          s.segment_id,
          utcText(s.computed_at),
        ])
        await all(conn, 'INSERT INTO segment_snapshots VALUES ($1, $2, $3::TIMESTAMP, $4, $5)', [
          workspaceId,
          s.segment_id,
          utcText(s.computed_at),
          s.size,
          s.revenue,
        ])
      }
    })
  }

  async snapshots(
    workspaceId: string,
    segmentId: string,
    options: { perDay?: boolean; timezone?: string } = {},
  ): Promise<SegmentSnapshotRecord[]> {
    const tz = options.timezone ?? 'UTC'
    if (!/^[A-Za-z][A-Za-z0-9_+\-/]{1,60}$/.test(tz)) throw new Error(`invalid time zone ${tz}`)
    const rows = await this.sql.all(
      options.perDay
        ? `SELECT segment_id, computed_at, size, revenue FROM segment_snapshots WHERE workspace_id = $1 AND segment_id = $2
           QUALIFY row_number() OVER (PARTITION BY CAST(timezone($3, computed_at AT TIME ZONE 'UTC') AS DATE) ORDER BY computed_at DESC) = 1
           ORDER BY computed_at`
        : `SELECT segment_id, computed_at, size, revenue FROM segment_snapshots WHERE workspace_id = $1 AND segment_id = $2 ORDER BY computed_at`,
      options.perDay ? [workspaceId, segmentId, tz] : [workspaceId, segmentId],
    )
    return rows.map((r) => ({
      segment_id: String(r.segment_id),
      computed_at: r.computed_at instanceof Date ? r.computed_at : new Date(String(r.computed_at)),
      size: num(r.size),
      revenue: money(r.revenue),
    }))
  }

  async fieldCatalogue(workspaceId: string): Promise<SegmentFieldCatalogue> {
    const ident = DUCKDB_DIALECT.ident
    const top = (table: string, expr: string): string =>
      `SELECT '${table}' AS t, '${expr}' AS f, v, n FROM (
         SELECT CAST(${ident(expr)} AS VARCHAR) AS v, count(*) AS n FROM ${ident(table)}
         WHERE workspace_id = $1 AND ${ident(expr)} IS NOT NULL AND CAST(${ident(expr)} AS VARCHAR) <> '' GROUP BY 1
         ORDER BY n DESC, v LIMIT ${PICKER_LIMIT})`
    const parts = [...PICKER_TRAITS.map((f) => top('customers', f)), ...PICKER_BEHAVIOR.map(([t, f]) => top(t, f))]
    const [values, traitRows, eventRows, scoreRows] = await Promise.all([
      this.sql.all(parts.join('\nUNION ALL\n'), [workspaceId]),
      this.sql.all(
        `WITH kv AS (
           SELECT j.key AS k, json_type(j.value) AS ty, json_extract_string(j.value, '$') AS v
           FROM customers c, json_each(c.traits) j WHERE c.workspace_id = $1
         ), keys AS (
           SELECT k, count(*) AS n, bool_and(ty IN ('BIGINT', 'UBIGINT', 'DOUBLE')) AS numeric FROM kv GROUP BY k
         ), vals AS (
           SELECT k, v, count(*) AS n FROM kv WHERE ty = 'VARCHAR' AND v <> '' GROUP BY k, v
           QUALIFY row_number() OVER (PARTITION BY k ORDER BY count(*) DESC, v) <= ${PICKER_LIMIT}
         )
         SELECT keys.k, keys.n, keys.numeric, list(vals.v ORDER BY vals.n DESC, vals.v) FILTER (WHERE vals.v IS NOT NULL) AS vs,
           count(DISTINCT vals.v) AS distinct_values
         FROM keys LEFT JOIN vals ON vals.k = keys.k GROUP BY keys.k, keys.n, keys.numeric ORDER BY keys.n DESC, keys.k LIMIT 200`,
        [workspaceId],
      ),
      this.sql.all(
        `SELECT coalesce(event, type) AS name, count(*) AS n FROM events WHERE workspace_id = $1 GROUP BY 1 ORDER BY n DESC, name LIMIT 100`,
        [workspaceId],
      ),
      this.sql.all(`SELECT DISTINCT name FROM customer_scores WHERE workspace_id = $1`, [workspaceId]),
    ])
    const traitValues: Record<string, string[]> = {}
    const behaviorValues: Record<string, string[]> = {}
    for (const r of values) {
      const t = String(r.t)
      const target = t === 'customers' ? traitValues : behaviorValues
      const key = t === 'customers' ? String(r.f) : `${t}.${String(r.f)}`
      ;(target[key] ??= []).push(String(r.v))
    }
    const stored = new Set(scoreRows.map((r) => String(r.name)))
    const scores = Object.entries(SCORE_FIELDS)
      .filter(([, d]) => stored.has(d.name))
      .map(([k]) => k)
    const scoreValues: Record<string, string[]> = {}
    for (const [field, def] of Object.entries(SCORE_FIELDS)) {
      if (def.type !== 'text' || !stored.has(def.name)) continue
      const params = new SqlParams(DUCKDB_DIALECT, [workspaceId, def.name])
      const text = DUCKDB_DIALECT.jsonText('value', def.field, params)
      const rows = await this.sql.all(
        `SELECT ${text} AS v, count(*) AS n FROM customer_scores WHERE workspace_id = $1 AND name = $2 AND ${text} IS NOT NULL
         GROUP BY 1 ORDER BY n DESC, v LIMIT ${PICKER_LIMIT}`,
        params.values,
      )
      scoreValues[field] = rows.map((r) => String(r.v))
    }
    return {
      traitValues,
      traitKeys: traitRows.map((r) => ({
        key: String(r.k),
        numeric: r.numeric === true,
        // free text (names, dates) is not worth a picker; encrypted personal values never are
        values: Array.isArray(r.vs) && num(r.distinct_values) < PICKER_LIMIT && !isPersonalTraitKey(String(r.k)) ? r.vs.map(String) : [],
      })),
      behaviorValues,
      events: eventRows.map((r) => String(r.name)),
      scores,
      scoreValues,
    }
  }
}
