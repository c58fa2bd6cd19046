import {
  CATEGORICAL_FEATURES,
  NUMERIC_FEATURES,
  type BasketOptions,
  type CategoricalFeature,
  type CustomerFeatureTable,
  type FeatureOptions,
  type FeatureStore,
  type NumericFeature,
  type TransactionColumns,
} from '../features.js'
import type { DuckDbSql } from './duckdb-sql.js'

const DAY_MS = 86_400_000
const ymd = (d: Date): string => d.toISOString().slice(0, 10)

export class DuckDbFeatureStore implements FeatureStore {
  constructor(private readonly sql: DuckDbSql) {}

  async lastOrderAt(workspaceId: string): Promise<Date | null> {
    const [r] = await this.sql.all('SELECT max(ordered_at) AS last FROM orders WHERE workspace_id = $1', [workspaceId])
    return r?.last instanceof Date ? r.last : null
  }

  private async resolveAsOf(workspaceId: string, asOf?: Date): Promise<string> {
    if (asOf) return ymd(asOf)
    const last = await this.lastOrderAt(workspaceId)
    return ymd(new Date((last ?? new Date()).getTime() + DAY_MS))
  }

  async customerFeatures(workspaceId: string, options: FeatureOptions = {}): Promise<CustomerFeatureTable> {
    const asOf = await this.resolveAsOf(workspaceId, options.asOf)
    const rows = await this.sql.all(
      `WITH o AS (
         SELECT customer_id,
           count(*) FILTER (WHERE NOT is_return) AS frequency,
           count(*) FILTER (WHERE is_return) AS returns,
           sum(amount) AS monetary,
           max(ordered_at) FILTER (WHERE NOT is_return) AS last_at,
           min(ordered_at) AS first_at,
           count(*) FILTER (WHERE NOT is_return AND channel = 'online') AS n_online,
           count(*) FILTER (WHERE NOT is_return AND channel = 'store') AS n_store,
           count(*) FILTER (WHERE NOT is_return AND channel = 'wechat') AS n_wechat,
           count(*) FILTER (WHERE NOT is_return AND channel = 'app') AS n_app,
           mode(channel) FILTER (WHERE NOT is_return) AS main_channel
         FROM orders
         WHERE workspace_id = $1 AND customer_id IS NOT NULL AND ordered_at < $2::DATE
         GROUP BY customer_id
       ), l AS (
         SELECT customer_id, count(DISTINCT category) AS distinct_categories
         FROM order_lines WHERE workspace_id = $1 AND customer_id IS NOT NULL AND ordered_at < $2::DATE AND NOT is_return
         GROUP BY customer_id
       ), e AS (
         SELECT customer_id, count(*) AS events_total,
           count(*) FILTER (WHERE timestamp >= $2::DATE - INTERVAL 30 DAY) AS events_30d
         FROM events WHERE workspace_id = $1 AND customer_id IS NOT NULL AND timestamp < $2::DATE
         GROUP BY customer_id
       )
       SELECT c.customer_id,
         CASE WHEN o.last_at IS NULL THEN NULL ELSE date_diff('day', CAST(o.last_at AS DATE), $2::DATE) END AS recency_days,
         coalesce(o.frequency, 0) AS frequency,
         coalesce(o.monetary, 0) AS monetary,
         date_diff('day', CAST(coalesce(o.first_at, c.created_at) AS DATE), $2::DATE) AS tenure_days,
         CASE WHEN coalesce(o.frequency, 0) > 0 THEN o.monetary / o.frequency ELSE NULL END AS avg_order_value,
         coalesce(o.returns, 0) AS returns,
         coalesce(l.distinct_categories, 0) AS distinct_categories,
         coalesce(e.events_30d, 0) AS events_30d,
         coalesce(e.events_total, 0) AS events_total,
         CASE WHEN coalesce(o.frequency, 0) > 0 THEN o.n_online / o.frequency END AS share_online,
         CASE WHEN coalesce(o.frequency, 0) > 0 THEN o.n_store / o.frequency END AS share_store,
         CASE WHEN coalesce(o.frequency, 0) > 0 THEN o.n_wechat / o.frequency END AS share_wechat,
         CASE WHEN coalesce(o.frequency, 0) > 0 THEN o.n_app / o.frequency END AS share_app,
         c.age, c.income,
         c.gender, c.age_band, c.city_tier, c.province, c.education, c.occupation, c.family_status, o.main_channel
       FROM customers c
       LEFT JOIN o ON o.customer_id = c.customer_id
       LEFT JOIN l ON l.customer_id = c.customer_id
       LEFT JOIN e ON e.customer_id = c.customer_id
       WHERE c.workspace_id = $1 ${options.buyersOnly ? 'AND coalesce(o.frequency, 0) > 0' : ''}
       ORDER BY c.customer_id`,
      [workspaceId, asOf],
    )
    const n = rows.length
    const numeric = Object.fromEntries(NUMERIC_FEATURES.map((f) => [f, new Float64Array(n)])) as Record<NumericFeature, Float64Array>
    const categorical = Object.fromEntries(CATEGORICAL_FEATURES.map((f) => [f, new Array<string | null>(n)])) as Record<
      CategoricalFeature,
      (string | null)[]
    >
    const customerIds = new Array<string>(n)
    rows.forEach((r, i) => {
      customerIds[i] = String(r.customer_id)
      for (const f of NUMERIC_FEATURES) {
        const v = r[f]
        numeric[f][i] = v === null || v === undefined ? Number.NaN : Number(v)
      }
      for (const f of CATEGORICAL_FEATURES) {
        const v = r[f]
        categorical[f][i] = v === null || v === undefined ? null : String(v)
      }
    })
    return { customerIds, asOf, numeric, categorical }
  }

  async transactions(workspaceId: string, options: { until?: Date } = {}): Promise<TransactionColumns> {
    const params: unknown[] = [workspaceId]
    let until = ''
    if (options.until) {
      params.push(options.until.toISOString().replace('Z', ''))
      until = ' AND ordered_at <= $2::TIMESTAMP'
    }
    const rows = await this.sql.all(
      `SELECT customer_id, epoch_ms(ordered_at) AS at, amount FROM orders
       WHERE workspace_id = $1 AND customer_id IS NOT NULL AND NOT is_return${until}
       ORDER BY customer_id, ordered_at, order_id`,
      params,
    )
    const at = new Float64Array(rows.length)
    const amount = new Float64Array(rows.length)
    const customerIds = rows.map((r, i) => {
      at[i] = Number(r.at)
      amount[i] = Number(r.amount)
      return String(r.customer_id)
    })
    return { customerIds, at, amount }
  }

  async baskets(workspaceId: string, options: BasketOptions = {}): Promise<string[][]> {
    const level = options.level ?? 'sku'
    const column = level === 'category' ? 'category' : level === 'product_name' ? 'product_name' : 'sku'
    const params: unknown[] = [workspaceId]
    let filter = ''
    if (options.customerIds) {
      params.push([...options.customerIds])
      filter = ' AND customer_id IN (SELECT unnest($2::VARCHAR[]))'
    }
    const rows = await this.sql.all(
      `SELECT order_id, list(DISTINCT ${column} ORDER BY ${column}) AS items FROM order_lines
       WHERE workspace_id = $1 AND NOT is_return AND ${column} IS NOT NULL${filter}
       GROUP BY order_id ORDER BY order_id`,
      params,
    )
    return rows.map((r) => (Array.isArray(r.items) ? r.items.map(String) : []))
  }
}
