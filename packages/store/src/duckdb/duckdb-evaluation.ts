import { ok, type PortraitError, type Result, type SegmentFigures, type SegmentGrowth } from '@portrait/core'
import type { EvaluationOptions, EvaluationStore, SegmentEvaluationFigures, SegmentToEvaluate } from '../evaluation.js'
import type { SegmentStore } from '../segments.js'
import { SqlParams } from '../segments/dialect.js'
import { DUCKDB_DIALECT } from '../segments/duckdb-dialect.js'
import type { DuckDbSql } from './duckdb-sql.js'
import { all } from './duckdb-sql.js'
import { money, num } from './duckdb-values.js'

const utcText = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '')
const DAY_MS = 86_400_000
/** The consent purposes that make a customer reachable by marketing. */
const REACH_PURPOSES = ['email', 'sms', 'ads'] as const

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null)
const avgOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v))
const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)))

/** Size change of a segment from its snapshots (oldest first). */
export function growthFromSnapshots(snapshots: readonly { at: Date; size: number }[]): SegmentGrowth {
  const first = snapshots[0]
  const last = snapshots[snapshots.length - 1]
  if (!first || !last) return { snapshots: 0, first: null, last: null, change_30d: null, change_90d: null, rate: null }
  /** The last snapshot at least `days` before the last one. */
  const before = (days: number): { at: Date; size: number } | undefined =>
    snapshots.filter((s) => s.at.getTime() <= last.at.getTime() - days * DAY_MS).at(-1)
  const change = (from: { size: number } | undefined): number | null => (from && from.size > 0 ? (last.size - from.size) / from.size : null)
  const b30 = before(30)
  const b90 = before(90)
  return {
    snapshots: snapshots.length,
    first: { at: first.at.toISOString(), size: first.size },
    last: { at: last.at.toISOString(), size: last.size },
    change_30d: change(b30),
    change_90d: change(b90),
    rate: snapshots.length < 2 ? null : change(b90 ?? first),
  }
}

export class DuckDbEvaluationStore implements EvaluationStore {
  constructor(
    private readonly sql: DuckDbSql,
    private readonly segments: SegmentStore,
  ) {}

  async evaluate(
    workspaceId: string,
    segments: readonly SegmentToEvaluate[],
    options: EvaluationOptions,
  ): Promise<Result<SegmentEvaluationFigures, PortraitError>> {
    const days = Math.max(1, Math.floor(options.windowDays))
    const [latest] = await this.sql.all(
      `SELECT greatest(
         (SELECT max(ordered_at) FROM orders WHERE workspace_id = $1),
         (SELECT max("timestamp") FROM events WHERE workspace_id = $1)) AS t`,
      [workspaceId],
    )
    const end = options.windowEnd ?? (latest?.t ? toDate(latest.t) : null)
    const start = end ? new Date(end.getTime() - days * DAY_MS) : null

    const params = new SqlParams(DUCKDB_DIALECT, [workspaceId])
    const ctes: string[] = []
    for (const [i, s] of segments.entries()) {
      const m = await this.segments.membershipSql(workspaceId, s.rule, params, {
        selfId: s.id,
        ...(options.now ? { now: options.now } : {}),
        ...(options.timezone ? { timezone: options.timezone } : {}),
      })
      if (!m.ok) return m
      ctes.push(`m${i} AS (${m.value})`)
    }
    // an empty window (no orders or events at all) matches nothing
    const from = DUCKDB_DIALECT.timestamp(params.add(utcText(start ?? new Date(0))))
    const to = DUCKDB_DIALECT.timestamp(params.add(utcText(end ?? new Date(0))))
    const inWindow = (col: string): string => (end ? `${col} > ${from} AND ${col} <= ${to}` : 'false')
    const purposes = params.add([...REACH_PURPOSES])
    const viewed = params.add('Product Viewed')
    const members = segments.length
      ? segments.map((_, i) => `SELECT ${i} AS seg, customer_id FROM m${i}`).join(' UNION ALL ')
      : 'SELECT 0 AS seg, customer_id FROM customers WHERE false'
    const prefix = `WITH ${[
      ...ctes,
      `members AS (${members})`,
      `o AS (
        SELECT customer_id, sum(amount) AS revenue, count(*) FILTER (WHERE NOT is_return) AS orders,
          coalesce(sum(amount) FILTER (WHERE ${inWindow('ordered_at')}), 0) AS window_revenue,
          coalesce(bool_or(NOT is_return AND ${inWindow('ordered_at')}), false) AS active
        FROM orders WHERE workspace_id = $1 AND customer_id IS NOT NULL GROUP BY customer_id)`,
      `ev AS (
        SELECT customer_id, bool_or(coalesce(event, type) = ${viewed}) AS viewed FROM events
        WHERE workspace_id = $1 AND customer_id IS NOT NULL AND ${inWindow('"timestamp"')} GROUP BY customer_id)`,
      `sc AS (
        SELECT customer_id,
          max(TRY_CAST(json_extract_string(value, '$.clv') AS DOUBLE)) FILTER (WHERE name = 'clv') AS clv,
          max(TRY_CAST(json_extract_string(value, '$.p_alive') AS DOUBLE)) FILTER (WHERE name = 'clv') AS p_alive,
          max(TRY_CAST(json_extract_string(value, '$.probability') AS DOUBLE)) FILTER (WHERE name = 'churn') AS churn
        FROM customer_scores WHERE workspace_id = $1 AND name IN ('clv', 'churn') GROUP BY customer_id)`,
      `latest_consent AS (
        SELECT customer_id, purpose, granted FROM consents
        WHERE workspace_id = $1 AND purpose IN (SELECT unnest(${purposes}::VARCHAR[]))
        QUALIFY row_number() OVER (PARTITION BY customer_id, purpose ORDER BY recorded_at DESC) = 1)`,
      `reach AS (
        SELECT customer_id,
          bool_or(purpose = 'email' AND granted) AS email, bool_or(purpose = 'sms' AND granted) AS sms,
          bool_or(purpose = 'ads' AND granted) AS ads, bool_or(granted) AS any_purpose
        FROM latest_consent GROUP BY customer_id)`,
    ].join(',\n')}\n`

    return this.sql.withConnection(async (conn) => {
      const [totals] = await all(
        conn,
        `${prefix}SELECT (SELECT count(*) FROM customers WHERE workspace_id = $1) AS customers,
           (SELECT coalesce(sum(o.revenue), 0) FROM o JOIN customers c ON c.workspace_id = $1 AND c.customer_id = o.customer_id) AS revenue,
           (SELECT count(*) FROM o JOIN customers c ON c.workspace_id = $1 AND c.customer_id = o.customer_id WHERE o.active) AS active`,
        params.values,
      )
      const rows = await all(
        conn,
        `${prefix}SELECT m.seg, count(*) AS size, coalesce(sum(o.revenue), 0) AS revenue, coalesce(sum(o.orders), 0) AS orders,
           count(*) FILTER (WHERE o.orders > 0) AS buyers,
           count(sc.clv) AS clv_n, avg(sc.clv) AS clv, avg(sc.p_alive) AS p_alive, count(sc.churn) AS churn_n, avg(sc.churn) AS churn,
           count(ev.customer_id) AS engaged, count(*) FILTER (WHERE ev.viewed) AS viewed,
           count(*) FILTER (WHERE ev.customer_id IS NOT NULL AND o.active) AS converted,
           count(*) FILTER (WHERE reach.email) AS email, count(*) FILTER (WHERE reach.sms) AS sms,
           count(*) FILTER (WHERE reach.ads) AS ads, count(*) FILTER (WHERE reach.any_purpose) AS reachable,
           coalesce(sum(o.window_revenue), 0) AS window_revenue, count(*) FILTER (WHERE o.active) AS active
         FROM members m LEFT JOIN o ON o.customer_id = m.customer_id LEFT JOIN ev ON ev.customer_id = m.customer_id
           LEFT JOIN sc ON sc.customer_id = m.customer_id LEFT JOIN reach ON reach.customer_id = m.customer_id
         GROUP BY m.seg`,
        params.values,
      )
      const pairs = await all(
        conn,
        `${prefix}SELECT a.seg AS a, b.seg AS b, count(*) AS n FROM members a JOIN members b ON a.customer_id = b.customer_id GROUP BY 1, 2`,
        params.values,
      )
      const spendParams = [workspaceId, utcText(start ?? new Date(0)), utcText(end ?? new Date(0))]
      const [spendRow] = end
        ? await all(
            conn,
            `SELECT coalesce(sum(spend), 0) AS spend FROM costs
             WHERE workspace_id = $1 AND date > CAST($2::TIMESTAMP AS DATE) AND date <= CAST($3::TIMESTAMP AS DATE)`,
            spendParams,
          )
        : [{ spend: 0 }]
      const snapshotRows = await all(
        conn,
        `SELECT segment_id, computed_at, size FROM segment_snapshots
         WHERE workspace_id = $1 AND segment_id IN (SELECT unnest($2::VARCHAR[])) ORDER BY segment_id, computed_at`,
        [workspaceId, segments.map((s) => s.id)],
      )

      const customers = num(totals?.customers)
      const totalRevenue = money(totals?.revenue)
      const activeCustomers = num(totals?.active)
      const spend = money(spendRow?.spend)
      const costPerActive = spend > 0 && activeCustomers > 0 ? spend / activeCustomers : null
      const bySeg = new Map(rows.map((r) => [num(r.seg), r]))
      const snapshots = new Map<string, { at: Date; size: number }[]>()
      for (const r of snapshotRows) {
        const list = snapshots.get(String(r.segment_id)) ?? []
        list.push({ at: toDate(r.computed_at), size: num(r.size) })
        snapshots.set(String(r.segment_id), list)
      }
      const counts = segments.map(() => segments.map(() => 0))
      for (const r of pairs) {
        const row = counts[num(r.a)]
        if (row) row[num(r.b)] = num(r.n)
      }

      const figures: SegmentFigures[] = segments.map((s, i) => {
        const r = bySeg.get(i) ?? {}
        const size = num(r.size)
        const revenue = money(r.revenue)
        const orders = num(r.orders)
        const engaged = num(r.engaged)
        const reachable = num(r.reachable)
        const active = num(r.active)
        const windowRevenue = money(r.window_revenue)
        const allocated = costPerActive === null ? null : money(costPerActive * active)
        return {
          id: s.id,
          name: s.name,
          basis: s.basis,
          size,
          share: ratio(size, customers) ?? 0,
          revenue,
          revenue_share: ratio(revenue, totalRevenue) ?? 0,
          orders,
          buyers: num(r.buyers),
          average_order_value: ratio(revenue, orders),
          purchase_frequency: ratio(orders, size),
          revenue_per_member: ratio(revenue, size),
          scores: {
            clv_customers: num(r.clv_n),
            average_clv: avgOrNull(r.clv),
            average_p_alive: avgOrNull(r.p_alive),
            churn_customers: num(r.churn_n),
            average_churn_risk: avgOrNull(r.churn),
          },
          conversion: { engaged, viewed: num(r.viewed), converted: num(r.converted), rate: ratio(num(r.converted), engaged) },
          reach: { email: num(r.email), sms: num(r.sms), ads: num(r.ads), any: reachable, share: ratio(reachable, size) },
          growth: growthFromSnapshots(snapshots.get(s.id) ?? []),
          margin: {
            window_revenue: windowRevenue,
            active_members: active,
            allocated_cost: allocated,
            contribution: allocated === null ? null : money(windowRevenue - allocated),
          },
        }
      })
      return ok({
        customers,
        revenue: totalRevenue,
        window: { from: start ? start.toISOString() : null, to: end ? end.toISOString() : null, days },
        marketing: {
          spend,
          active_customers: activeCustomers,
          cost_per_active_customer: costPerActive,
          note:
            costPerActive === null
              ? 'no marketing spend or no active customers in the window: revenue after marketing is not computed'
              : 'marketing costs are recorded by channel and campaign, not by customer: the window’s spend is spread evenly over the customers who ordered in it; there is no product cost data, so this is revenue after marketing, not a gross margin',
        },
        segments: figures,
        overlap: { ids: segments.map((s) => s.id), counts },
      })
    })
  }
}
