import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { DuckDbSql, all, run } from './duckdb-sql.js'
import type { CustomerListQuery, CustomerListResponse, CustomerProfile, MergeRecord, OverviewStats } from '@portrait/core'
import type { LookupOptions, ReportOptions, Store, StoreTransaction, WorkspaceSettings } from '../store.js'
import type { ScoreStore } from '../scores.js'
import type { FeatureStore } from '../features.js'
import { DuckDbScoreStore } from './duckdb-scores.js'
import { DuckDbFeatureStore } from './duckdb-features.js'
import { DuckDbSegmentStore } from './duckdb-segments.js'
import type { SegmentStore } from '../segments.js'
import type { EvaluationStore } from '../evaluation.js'
import { DuckDbEvaluationStore } from './duckdb-evaluation.js'
import { DuckDbModelRunStore } from './duckdb-model-runs.js'
import { DuckDbCatalogueStore } from './duckdb-catalogue.js'
import type { ModelRunStore } from '../model-runs.js'
import type { CatalogueStore } from '../catalogue.js'
import type { AuditStore } from '../audit.js'
import type { PrivacyStore } from '../privacy.js'
import { DuckDbAuditStore } from './duckdb-audit.js'
import { DuckDbEncryptionStore, DuckDbVaults, sealSnapshot } from './duckdb-encryption.js'
import { identityLookupVariants, searchIndexes } from './duckdb-search.js'
import type { EncryptionStore } from '../encryption.js'
import { CUSTOMER_BLIND_INDEX_COLUMNS, IDENTITY_SEALED_COLUMN } from '../encryption.js'
import { isPersonalIdentityKind, isEmailLike, openColumns, openCustomer, sealCustomer, transformPayload } from '../crypto/personal.js'
import { isBlindIndex, type MasterKey, type Vault } from '../crypto/vault.js'
import { DuckDbPrivacyStore } from './duckdb-privacy.js'
import { DuckDbAuthStore } from './duckdb-auth.js'
import type { AuthStore } from '../auth.js'
import { CUSTOMER_COLUMNS, tableDef, type ColumnDef } from '../schema.js'
import type {
  CustomerRecord,
  EventRecord,
  IdentityRecord,
  ImportRunRecord,
  MergeRow,
  StagedRecords,
  StagedResult,
  StagedTable,
} from '../records.js'
import { DUCKDB_MIGRATIONS } from './duckdb-migrations.js'
import { appendTyped, dateOnly, isoOrNull, money, num, parseJson, strOrNull } from './duckdb-values.js'
import { duckDbType } from './duckdb-migrations.js'

export interface DuckDbStoreOptions {
  /** A file path, or `:memory:`. */
  readonly path: string
  /** Wraps the per-workspace keys that encrypt personal data; the store cannot be opened without one. */
  readonly masterKey: MasterKey
}

/** Thrown (as a cause) when another process holds the database file. */
export class DatabaseLockedError extends Error {
  constructor(path: string, options?: ErrorOptions) {
    super(`the database ${path} is in use by another process (is \`portrait serve\` running on it?): stop it or use another --db`, options)
    this.name = 'DatabaseLockedError'
  }
}

/** Columns of a staged table, in the order the appender writes them (workspace and load time excluded). */
function stagedColumns(table: StagedTable): ColumnDef[] {
  return tableDef(table).columns.filter((c) => c.name !== 'workspace_id' && c.name !== 'imported_at' && c.name !== 'received_at')
}

/** The natural key of each staged table: what makes a re-imported row a duplicate. */
const NATURAL_KEYS: Record<StagedTable, readonly string[]> = {
  orders: ['order_id'],
  order_lines: ['order_id', 'line_key'],
  events: ['message_id'],
  consents: ['customer_id', 'purpose', 'recorded_at'],
  feedback: ['feedback_id'],
  costs: ['date', 'channel', 'campaign'],
}

const LOAD_TIME_COLUMN: Partial<Record<StagedTable, string>> = {
  orders: 'imported_at',
  order_lines: 'imported_at',
  events: 'received_at',
}

const q = (id: string): string => `"${id.replace(/"/g, '""')}"`

/**
 * Timestamps are stored in UTC; reports bucket them by the workspace's wall-clock time. The zone
 * name is validated (IANA names only) before it reaches SQL as a literal.
 */
function localTime(column: string, timezone: string): string {
  if (timezone === 'UTC') return column
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{1,60}$/.test(timezone)) throw new Error(`invalid time zone ${timezone}`)
  return `timezone('${timezone}', ${column} AT TIME ZONE 'UTC')`
}

function customerFromRow(r: Record<string, unknown>): CustomerRecord {
  return {
    customer_id: String(r.customer_id),
    name: strOrNull(r.name),
    email: strOrNull(r.email),
    phone: strOrNull(r.phone),
    gender: strOrNull(r.gender),
    birth_date: dateOnly(r.birth_date),
    age: r.age === null || r.age === undefined ? null : num(r.age),
    age_band: strOrNull(r.age_band),
    income: r.income === null || r.income === undefined ? null : num(r.income),
    education: strOrNull(r.education),
    occupation: strOrNull(r.occupation),
    city: strOrNull(r.city),
    city_tier: strOrNull(r.city_tier),
    province: strOrNull(r.province),
    country: strOrNull(r.country),
    family_status: strOrNull(r.family_status),
    traits: parseJson<Record<string, unknown>>(r.traits, {}),
    sources: parseJson<string[]>(r.sources, []),
    created_at: r.created_at instanceof Date ? r.created_at : new Date(String(r.created_at)),
    updated_at: r.updated_at instanceof Date ? r.updated_at : new Date(String(r.updated_at)),
  }
}

function reviveCustomer(v: unknown): CustomerRecord | null {
  if (v === null || v === undefined) return null
  const o = parseJson<Record<string, unknown> | null>(v, null)
  if (!o) return null
  return customerFromRow(o)
}

const SORT_COLUMNS: Record<CustomerListQuery['sort'], string> = {
  revenue: 'revenue',
  orders: 'orders',
  last_order_at: 'last_order_at',
  customer_id: 'c.customer_id',
  age: 'c.age',
}

/** The embedded engine: one DuckDB file. */
export class DuckDbStore implements Store {
  readonly engine = 'duckdb' as const
  readonly location: string
  /** SQL access for the feature repositories below. */
  readonly sql: DuckDbSql
  readonly scores: ScoreStore
  readonly features: FeatureStore
  readonly segments: SegmentStore
  readonly evaluation: EvaluationStore
  readonly modelRuns: ModelRunStore
  readonly catalogue: CatalogueStore
  readonly audit: AuditStore
  readonly privacy: PrivacyStore
  readonly encryption: EncryptionStore
  private readonly vaults: DuckDbVaults
  readonly auth: AuthStore

  private constructor(
    private readonly instance: DuckDBInstance,
    location: string,
    masterKey: MasterKey,
  ) {
    this.location = location
    this.sql = new DuckDbSql(instance)
    this.vaults = new DuckDbVaults(this.sql, masterKey)
    this.encryption = new DuckDbEncryptionStore(this.sql, this.vaults)
    this.scores = new DuckDbScoreStore(this.sql)
    this.features = new DuckDbFeatureStore(this.sql)
    this.segments = new DuckDbSegmentStore(this.sql, this.vaults)
    this.evaluation = new DuckDbEvaluationStore(this.sql, this.segments)
    this.modelRuns = new DuckDbModelRunStore(this.sql)
    this.catalogue = new DuckDbCatalogueStore(this.sql)
    this.audit = new DuckDbAuditStore(this.sql)
    this.privacy = new DuckDbPrivacyStore(this.sql, this.vaults)
    this.auth = new DuckDbAuthStore(this.sql)
  }

  static async open(options: DuckDbStoreOptions): Promise<DuckDbStore> {
    const path = options.path === ':memory:' ? ':memory:' : resolve(options.path)
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    try {
      const instance = await DuckDBInstance.create(path)
      return new DuckDbStore(instance, path, options.masterKey)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (/lock/i.test(message)) throw new DatabaseLockedError(path, { cause: e })
      throw new Error(`cannot open the database ${path}: ${message}`, { cause: e })
    }
  }

  private withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.sql.withConnection(fn)
  }

  async migrate(): Promise<number> {
    return this.withConnection(async (conn) => {
      await run(
        conn,
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
      )
      const done = new Set((await all(conn, 'SELECT version FROM schema_migrations')).map((r) => num(r.version)))
      let current = done.size ? Math.max(...done) : 0
      for (const m of DUCKDB_MIGRATIONS) {
        if (done.has(m.version)) continue
        await run(conn, 'BEGIN TRANSACTION')
        try {
          for (const s of m.statements) await run(conn, s)
          await run(conn, 'INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [m.version, m.name])
          await run(conn, 'COMMIT')
        } catch (e) {
          await run(conn, 'ROLLBACK')
          throw new Error(`migration ${m.version} (${m.name}) failed`, { cause: e })
        }
        current = Math.max(current, m.version)
      }
      return current
    })
  }

  async close(): Promise<void> {
    this.instance.closeSync()
  }

  async workspaceSettings(workspaceId: string): Promise<WorkspaceSettings> {
    return this.withConnection(async (conn) => {
      const [r] = await all(conn, 'SELECT settings FROM workspaces WHERE workspace_id = $1', [workspaceId])
      return parseJson<WorkspaceSettings>(r?.settings, {})
    })
  }

  async updateWorkspaceSettings(workspaceId: string, patch: WorkspaceSettings): Promise<WorkspaceSettings> {
    const next = { ...(await this.workspaceSettings(workspaceId)), ...patch }
    await this.withConnection((conn) =>
      run(conn, 'UPDATE workspaces SET settings = $2 WHERE workspace_id = $1', [workspaceId, JSON.stringify(next)]),
    )
    return next
  }

  async ensureWorkspace(workspaceId: string, name: string): Promise<void> {
    await this.withConnection(async (conn) => {
      const rows = await all(conn, 'SELECT 1 FROM workspaces WHERE workspace_id = $1', [workspaceId])
      if (rows.length === 0) {
        await run(conn, 'INSERT INTO workspaces VALUES ($1, $2, NULL, now()::TIMESTAMP)', [workspaceId, name])
      }
    })
  }

  async transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.withConnection(async (conn) => {
      await run(conn, 'BEGIN TRANSACTION')
      const tx = new DuckDbTransaction(conn, this.vaults)
      try {
        const result = await fn(tx)
        await run(conn, 'COMMIT')
        return result
      } catch (e) {
        await run(conn, 'ROLLBACK').catch(() => undefined)
        throw e
      } finally {
        await tx.dropStaging()
      }
    })
  }

  async countCustomers(workspaceId: string): Promise<number> {
    return this.withConnection(async (conn) => {
      const [r] = await all(conn, 'SELECT count(*) AS n FROM customers WHERE workspace_id = $1', [workspaceId])
      return num(r?.n)
    })
  }

  async listCustomers(workspaceId: string, query: CustomerListQuery, options: LookupOptions = {}): Promise<CustomerListResponse> {
    const vault = await this.vaults.vault(workspaceId)
    return this.withConnection(async (conn) => {
      const params: unknown[] = [workspaceId]
      let where = 'c.workspace_id = $1'
      const term = query.q?.trim()
      if (term) {
        // Personal fields match exactly, through their blind index; the others by substring.
        params.push(term, `%${term.toLowerCase()}%`, options.personalMatch === false ? [] : searchIndexes(vault, term))
        const indexed = '(SELECT unnest($4::VARCHAR[]))'
        where += ` AND (lower(c.customer_id) LIKE $3 OR lower(c.city) LIKE $3
          OR c.name_bidx IN ${indexed} OR c.email_bidx IN ${indexed} OR c.phone_bidx IN ${indexed}
          OR c.customer_id IN (SELECT customer_id FROM identities WHERE workspace_id = $1 AND (value = $2 OR value IN ${indexed})))`
      }
      const sort = SORT_COLUMNS[query.sort]
      const order = query.order === 'asc' ? 'ASC' : 'DESC'
      const base = `FROM customers c LEFT JOIN (
          SELECT customer_id, count(*) FILTER (WHERE NOT is_return) AS orders, sum(amount) AS revenue, max(ordered_at) AS last_order_at
          FROM orders WHERE workspace_id = $1 AND customer_id IS NOT NULL GROUP BY customer_id
        ) o ON o.customer_id = c.customer_id WHERE ${where}`
      const [countRow] = await all(conn, `SELECT count(*) AS n ${base}`, params)
      const rows = await all(
        conn,
        `SELECT c.customer_id, c.name, c.email, c.phone, c.gender, c.age, c.age_band, c.city, c.city_tier, c.country,
           c.sources, coalesce(o.orders, 0) AS orders, coalesce(o.revenue, 0) AS revenue, o.last_order_at
         ${base} ORDER BY ${sort} ${order} NULLS LAST, c.customer_id ASC LIMIT ${query.limit} OFFSET ${query.offset}`,
        params,
      )
      for (const r of rows) openColumns(vault, r)
      return {
        total: num(countRow?.n),
        limit: query.limit,
        offset: query.offset,
        items: rows.map((r) => ({
          customer_id: String(r.customer_id),
          name: strOrNull(r.name),
          email: strOrNull(r.email),
          phone: strOrNull(r.phone),
          gender: strOrNull(r.gender),
          age: r.age === null ? null : num(r.age),
          age_band: strOrNull(r.age_band),
          city: strOrNull(r.city),
          city_tier: strOrNull(r.city_tier),
          country: strOrNull(r.country),
          source: parseJson<string[]>(r.sources, [])[0] ?? null,
          orders: num(r.orders),
          revenue: money(r.revenue),
          last_order_at: isoOrNull(r.last_order_at),
        })),
      }
    })
  }

  async resolveCustomer(workspaceId: string, key: string, options: LookupOptions = {}): Promise<string | null> {
    return this.withConnection(async (conn) => {
      const direct = await all(conn, 'SELECT customer_id FROM customers WHERE workspace_id = $1 AND customer_id = $2', [workspaceId, key])
      if (direct[0]) return String(direct[0].customer_id)
      const vault = await this.vaults.vault(workspaceId)
      const typed = identityLookupVariants(key)
      const blinded = options.personalMatch === false ? [] : typed.flatMap((v) => [vault.blind('email', v), vault.blind('phone', v)])
      const variants = [...typed, ...blinded]
      const rows = await all(
        conn,
        `SELECT customer_id FROM identities WHERE workspace_id = $1 AND value IN (SELECT unnest($2::VARCHAR[]))
         ORDER BY CASE kind WHEN 'customer_id' THEN 0 WHEN 'external' THEN 1 WHEN 'email' THEN 2 WHEN 'phone' THEN 3 ELSE 4 END LIMIT 1`,
        [workspaceId, variants],
      )
      return rows[0] ? String(rows[0].customer_id) : null
    })
  }

  async getProfile(workspaceId: string, customerId: string, options: ReportOptions = {}): Promise<CustomerProfile | null> {
    const tz = options.timezone ?? 'UTC'
    return this.withConnection(async (conn) => {
      const p = [workspaceId, customerId]
      const [row] = await all(conn, 'SELECT * FROM customers WHERE workspace_id = $1 AND customer_id = $2', p)
      if (!row) return null
      const vault = await this.vaults.vault(workspaceId)
      const customer = openCustomer(vault, customerFromRow(row))
      const identities = (
        await all(
          conn,
          'SELECT kind, value, value_enc, source, first_seen_at FROM identities WHERE workspace_id = $1 AND customer_id = $2 ORDER BY first_seen_at, kind, value',
          p,
        )
      ).map((i) => openIdentity(vault, i))
      const [o] = await all(
        conn,
        `SELECT count(*) FILTER (WHERE NOT is_return) AS n, count(*) FILTER (WHERE is_return) AS returns, coalesce(sum(amount), 0) AS revenue,
           min(ordered_at) AS first_at, max(ordered_at) AS last_at
         FROM orders WHERE workspace_id = $1 AND customer_id = $2`,
        p,
      )
      const channels = await all(
        conn,
        `SELECT coalesce(channel, 'unknown') AS channel, count(*) AS n FROM orders WHERE workspace_id = $1 AND customer_id = $2 AND NOT is_return GROUP BY 1 ORDER BY 2 DESC`,
        p,
      )
      const recent = await all(
        conn,
        'SELECT order_id, ordered_at, amount, channel, is_return FROM orders WHERE workspace_id = $1 AND customer_id = $2 ORDER BY ordered_at DESC, order_id LIMIT 20',
        p,
      )
      const categories = await all(
        conn,
        `SELECT coalesce(category, product_name, sku, 'unknown') AS category, sum(quantity) AS quantity, sum(amount) AS revenue
         FROM order_lines WHERE workspace_id = $1 AND customer_id = $2 GROUP BY 1 ORDER BY revenue DESC LIMIT 10`,
        p,
      )
      const byMonth = await all(
        conn,
        `SELECT strftime(${localTime('ordered_at', tz)}, '%Y-%m') AS month, count(*) FILTER (WHERE NOT is_return) AS orders, sum(amount) AS revenue
         FROM orders WHERE workspace_id = $1 AND customer_id = $2 GROUP BY 1 ORDER BY 1`,
        p,
      )
      const eventsByName = await all(
        conn,
        `SELECT coalesce(event, type) AS name, count(*) AS n, max(timestamp) AS last_at FROM events WHERE workspace_id = $1 AND customer_id = $2 GROUP BY 1 ORDER BY 2 DESC`,
        p,
      )
      const recentEvents = await all(
        conn,
        'SELECT type, event, timestamp FROM events WHERE workspace_id = $1 AND customer_id = $2 ORDER BY timestamp DESC LIMIT 20',
        p,
      )
      const consents = await all(
        conn,
        `SELECT purpose, granted, recorded_at, source FROM consents WHERE workspace_id = $1 AND customer_id = $2
         QUALIFY row_number() OVER (PARTITION BY purpose ORDER BY recorded_at DESC) = 1 ORDER BY purpose`,
        p,
      )
      const feedback = await all(
        conn,
        'SELECT text, rating, created_at, channel FROM feedback WHERE workspace_id = $1 AND customer_id = $2 ORDER BY created_at DESC LIMIT 50',
        p,
      )
      const merges = await all(
        conn,
        `SELECT merge_id, merged_at, reason, undone_at FROM merges WHERE workspace_id = $1 AND (kept_customer_id = $2 OR merged_customer_id = $2) ORDER BY merged_at DESC`,
        p,
      )
      const scores = await all(
        conn,
        'SELECT name, value FROM customer_scores WHERE workspace_id = $1 AND customer_id = $2 ORDER BY name',
        p,
      )

      const count = num(o?.n)
      const revenue = money(o?.revenue)
      const traits: Record<string, unknown> = {}
      for (const col of CUSTOMER_COLUMNS) {
        if (['customer_id', 'traits', 'sources', 'created_at', 'updated_at'].includes(col.name)) continue
        const v = customer[col.name as keyof CustomerRecord]
        if (v !== null && v !== undefined) traits[col.name] = v
      }
      Object.assign(traits, customer.traits)
      return {
        customer_id: customer.customer_id,
        identities: identities.map((i) => ({
          kind: String(i.kind),
          value: String(i.value),
          source: strOrNull(i.source),
          first_seen_at: isoOrNull(i.first_seen_at) ?? '',
        })),
        traits,
        sources: customer.sources,
        created_at: customer.created_at.toISOString(),
        updated_at: customer.updated_at.toISOString(),
        orders: {
          count,
          revenue,
          returns: num(o?.returns),
          first_at: isoOrNull(o?.first_at),
          last_at: isoOrNull(o?.last_at),
          avg_order_value: count > 0 ? money(revenue / count) : 0,
          channels: Object.fromEntries(channels.map((c) => [String(c.channel), num(c.n)])),
          recent: recent.map((r) => ({
            order_id: String(r.order_id),
            ordered_at: isoOrNull(r.ordered_at) ?? '',
            amount: money(r.amount),
            channel: strOrNull(r.channel),
            is_return: Boolean(r.is_return),
          })),
          top_categories: categories.map((c) => ({ category: String(c.category), quantity: num(c.quantity), revenue: money(c.revenue) })),
          by_month: byMonth.map((m) => ({ month: String(m.month), orders: num(m.orders), revenue: money(m.revenue) })),
        },
        events: {
          count: eventsByName.reduce((s, e) => s + num(e.n), 0),
          by_name: Object.fromEntries(eventsByName.map((e) => [String(e.name), num(e.n)])),
          last_at: isoOrNull(recentEvents[0]?.timestamp),
          recent: recentEvents.map((e) => ({ type: String(e.type), event: strOrNull(e.event), timestamp: isoOrNull(e.timestamp) ?? '' })),
        },
        consents: Object.fromEntries(
          consents.map((c) => [
            String(c.purpose),
            { granted: Boolean(c.granted), recorded_at: isoOrNull(c.recorded_at) ?? '', source: strOrNull(c.source) },
          ]),
        ),
        feedback: feedback.map((f) => ({
          text: String(f.text),
          rating: f.rating === null ? null : num(f.rating),
          created_at: isoOrNull(f.created_at) ?? '',
          channel: strOrNull(f.channel),
        })),
        merges: merges.map((m) => ({
          merge_id: String(m.merge_id),
          merged_at: isoOrNull(m.merged_at) ?? '',
          reason: String(m.reason),
          undone: m.undone_at !== null,
        })),
        scores: Object.fromEntries(scores.map((s) => [String(s.name), parseJson<unknown>(s.value, null)])),
      }
    })
  }

  async overview(workspaceId: string, options: ReportOptions = {}): Promise<OverviewStats> {
    const tz = options.timezone ?? 'UTC'
    return this.withConnection(async (conn) => {
      const w = [workspaceId]
      const [c] = await all(conn, 'SELECT count(*) AS n FROM customers WHERE workspace_id = $1', w)
      const [o] = await all(
        conn,
        `SELECT count(*) FILTER (WHERE NOT is_return) AS orders,
           count(*) FILTER (WHERE NOT is_return AND customer_id IS NOT NULL) AS identified,
           count(*) FILTER (WHERE NOT is_return AND customer_id IS NULL) AS guest,
           coalesce(sum(amount), 0) AS revenue, min(ordered_at) AS first_at, max(ordered_at) AS last_at
         FROM orders WHERE workspace_id = $1`,
        w,
      )
      const [e] = await all(conn, 'SELECT count(*) AS n FROM events WHERE workspace_id = $1', w)
      const months = await all(
        conn,
        `SELECT strftime(${localTime('ordered_at', tz)}, '%Y-%m') AS month, count(*) FILTER (WHERE NOT is_return) AS orders, sum(amount) AS revenue,
           count(DISTINCT customer_id) AS customers
         FROM orders WHERE workspace_id = $1 GROUP BY 1 ORDER BY 1`,
        w,
      )
      const tiers = await all(
        conn,
        `SELECT coalesce(city_tier, 'unknown') AS tier, count(*) AS n FROM customers WHERE workspace_id = $1 GROUP BY 1 ORDER BY 2 DESC`,
        w,
      )
      const channels = await all(
        conn,
        `SELECT coalesce(channel, 'unknown') AS channel, count(*) FILTER (WHERE NOT is_return) AS orders, sum(amount) AS revenue
         FROM orders WHERE workspace_id = $1 GROUP BY 1 ORDER BY 3 DESC`,
        w,
      )
      const genders = await all(
        conn,
        `SELECT coalesce(gender, 'unknown') AS gender, count(*) AS n FROM customers WHERE workspace_id = $1 GROUP BY 1 ORDER BY 2 DESC`,
        w,
      )
      const ages = await all(
        conn,
        `SELECT coalesce(age_band, 'unknown') AS band, count(*) AS n FROM customers WHERE workspace_id = $1 GROUP BY 1 ORDER BY 1`,
        w,
      )
      const orders = num(o?.orders)
      const revenue = money(o?.revenue)
      return {
        customers: num(c?.n),
        orders,
        identifiedOrders: num(o?.identified),
        guestOrders: num(o?.guest),
        revenue,
        averageOrderValue: orders > 0 ? money(revenue / orders) : 0,
        events: num(e?.n),
        firstOrderAt: isoOrNull(o?.first_at),
        lastOrderAt: isoOrNull(o?.last_at),
        revenueByMonth: months.map((m) => ({
          month: String(m.month),
          orders: num(m.orders),
          revenue: money(m.revenue),
          customers: num(m.customers),
        })),
        customersByCityTier: tiers.map((t) => ({ tier: String(t.tier), customers: num(t.n) })),
        ordersByChannel: channels.map((ch) => ({ channel: String(ch.channel), orders: num(ch.orders), revenue: money(ch.revenue) })),
        customersByGender: genders.map((g) => ({ gender: String(g.gender), customers: num(g.n) })),
        customersByAgeBand: ages.map((a) => ({ ageBand: String(a.band), customers: num(a.n) })),
      }
    })
  }

  async listMerges(workspaceId: string, limit = 500): Promise<MergeRecord[]> {
    return this.withConnection(async (conn) => {
      const rows = await all(
        conn,
        `SELECT merge_id, kept_customer_id, merged_customer_id, matched_on, reason, source, merged_at, undone_at
         FROM merges WHERE workspace_id = $1 ORDER BY merged_at DESC, merge_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
        [workspaceId],
      )
      return rows.map((r) => ({
        merge_id: String(r.merge_id),
        kept_customer_id: String(r.kept_customer_id),
        merged_customer_id: String(r.merged_customer_id),
        matched_on: String(r.matched_on),
        reason: String(r.reason),
        source: strOrNull(r.source),
        merged_at: isoOrNull(r.merged_at) ?? '',
        undone_at: isoOrNull(r.undone_at),
      }))
    })
  }
}

export { identityLookupVariants } from './duckdb-search.js'

/** An identity row for display: email and phone identities show their sealed original. */
function openIdentity(vault: Vault, r: Record<string, unknown>): Record<string, unknown> {
  const kind = String(r.kind)
  if (!isPersonalIdentityKind(kind) || typeof r.value_enc !== 'string') return r
  return { ...r, value: vault.decrypt(`identity.${kind}`, r.value_enc) }
}

/** The stored `value` of an identity: email and phone as their blind index, other kinds as they are. */
const identityIndexValue = (vault: Vault, kind: string, value: string): string =>
  isPersonalIdentityKind(kind) && !isBlindIndex(value) ? vault.blind(kind, value) : value

/** How an identity is stored: email and phone as their blind index, with the original sealed beside it. */
function sealIdentity(vault: Vault, r: IdentityRecord): IdentityRecord & { value_enc: string | null } {
  if (!isPersonalIdentityKind(r.kind) || isBlindIndex(r.value)) return { ...r, value_enc: null }
  return { ...r, value: vault.blind(r.kind, r.value), value_enc: vault.encrypt(`identity.${r.kind}`, r.value) }
}

/**
 * An event as stored: personal values of its payload sealed, and a user id that is an email (as
 * tracking libraries allow) replaced by its blind index, like the email identity it resolves to.
 */
function sealEvent(vault: Vault, e: EventRecord): EventRecord {
  const blindUser = e.user_id !== null && isEmailLike(e.user_id) ? vault.blind('email', e.user_id) : e.user_id
  return {
    ...e,
    user_id: blindUser,
    customer_id: e.customer_id !== null && e.customer_id === e.user_id ? blindUser : e.customer_id,
    properties: transformPayload(vault, e.properties, 'seal'),
    context: transformPayload(vault, e.context, 'seal'),
  }
}

class DuckDbTransaction implements StoreTransaction {
  private readonly staged = new Set<StagedTable>()
  constructor(
    private readonly conn: DuckDBConnection,
    private readonly vaults: DuckDbVaults,
  ) {}

  async dropStaging(): Promise<void> {
    for (const t of this.staged) await run(this.conn, `DROP TABLE IF EXISTS temp.${q(`stage_${t}`)}`).catch(() => undefined)
    this.staged.clear()
  }

  async identityIndex(workspaceId: string): Promise<Map<string, string>> {
    const rows = await all(this.conn, 'SELECT kind, value, customer_id FROM identities WHERE workspace_id = $1', [workspaceId])
    const index = new Map<string, string>()
    for (const r of rows) index.set(`${String(r.kind)}:${String(r.value)}`, String(r.customer_id))
    return index
  }

  async identityKeys(workspaceId: string): Promise<(kind: string, value: string) => string> {
    const vault = await this.vaults.vault(workspaceId)
    return (kind, value) => (isPersonalIdentityKind(kind) ? vault.blind(kind, value) : value)
  }

  async getCustomers(workspaceId: string, customerIds: readonly string[]): Promise<CustomerRecord[]> {
    if (customerIds.length === 0) return []
    const vault = await this.vaults.vault(workspaceId)
    const rows = await all(this.conn, 'SELECT * FROM customers WHERE workspace_id = $1 AND customer_id IN (SELECT unnest($2::VARCHAR[]))', [
      workspaceId,
      [...customerIds],
    ])
    return rows.map((r) => openCustomer(vault, customerFromRow(r)))
  }

  async upsertCustomers(workspaceId: string, records: readonly CustomerRecord[]): Promise<void> {
    if (records.length === 0) return
    await this.deleteCustomers(
      workspaceId,
      records.map((r) => r.customer_id),
    )
    const vault = await this.vaults.vault(workspaceId)
    await this.appendRows(
      'customers',
      [...tableDef('customers').columns, ...CUSTOMER_BLIND_INDEX_COLUMNS],
      records.map((r) => ({ workspace_id: workspaceId, ...sealCustomer(vault, r) })),
    )
  }

  async deleteCustomers(workspaceId: string, customerIds: readonly string[]): Promise<void> {
    if (customerIds.length === 0) return
    await run(this.conn, 'DELETE FROM customers WHERE workspace_id = $1 AND customer_id IN (SELECT unnest($2::VARCHAR[]))', [
      workspaceId,
      [...customerIds],
    ])
  }

  async insertIdentities(workspaceId: string, rows: readonly IdentityRecord[]): Promise<void> {
    if (rows.length === 0) return
    const vault = await this.vaults.vault(workspaceId)
    await this.appendRows(
      'identities',
      [...tableDef('identities').columns, IDENTITY_SEALED_COLUMN],
      rows.map((r) => ({ workspace_id: workspaceId, ...sealIdentity(vault, r) })),
    )
  }

  async moveIdentities(
    workspaceId: string,
    keys: readonly { kind: string; value: string }[],
    customerId: string,
    mergeId: string | null,
  ): Promise<void> {
    if (keys.length === 0) return
    await run(
      this.conn,
      `UPDATE identities SET customer_id = $2, merge_id = $3 WHERE workspace_id = $1 AND (kind || ':' || value) IN (SELECT unnest($4::VARCHAR[]))`,
      [workspaceId, customerId, mergeId, keys.map((k) => `${k.kind}:${k.value}`)],
    )
  }

  async reassignActivity(
    workspaceId: string,
    fromCustomerId: string,
    toCustomerId: string,
    onlySourceIds?: readonly string[],
  ): Promise<void> {
    const filter = onlySourceIds ? ' AND source_customer_id IN (SELECT unnest($4::VARCHAR[]))' : ''
    const params: unknown[] = [workspaceId, toCustomerId, fromCustomerId]
    if (onlySourceIds) params.push([...onlySourceIds])
    for (const t of ['orders', 'order_lines']) {
      await run(this.conn, `UPDATE ${t} SET customer_id = $2 WHERE workspace_id = $1 AND customer_id = $3${filter}`, params)
    }
    const eventFilter = onlySourceIds ? ' AND (user_id IN (SELECT unnest($4::VARCHAR[])))' : ''
    await run(this.conn, `UPDATE events SET customer_id = $2 WHERE workspace_id = $1 AND customer_id = $3${eventFilter}`, params)
    if (!onlySourceIds) {
      for (const t of ['consents', 'feedback', 'survey_responses']) {
        await run(this.conn, `UPDATE ${t} SET customer_id = $2 WHERE workspace_id = $1 AND customer_id = $3`, params)
      }
    }
  }

  async insertMerges(workspaceId: string, rows: readonly MergeRow[]): Promise<void> {
    if (rows.length === 0) return
    const vault = await this.vaults.vault(workspaceId)
    await this.appendRows(
      'merges',
      tableDef('merges').columns,
      rows.map((r) => ({
        workspace_id: workspaceId,
        ...r,
        kept_before: r.kept_before && sealSnapshot(vault, r.kept_before),
        merged_profile: r.merged_profile && sealSnapshot(vault, r.merged_profile),
        moved_identities: r.moved_identities.map((k) => ({ kind: k.kind, value: identityIndexValue(vault, k.kind, k.value) })),
      })),
    )
  }

  async getMerge(workspaceId: string, mergeId: string): Promise<MergeRow | null> {
    const [r] = await all(this.conn, 'SELECT * FROM merges WHERE workspace_id = $1 AND merge_id = $2', [workspaceId, mergeId])
    if (!r) return null
    // An erasure removes the snapshots: such a merge is history only and cannot be undone.
    const vault = await this.vaults.vault(workspaceId)
    const open = (v: unknown): CustomerRecord | null => {
      const c = reviveCustomer(v)
      return c && openCustomer(vault, c)
    }
    const merged = open(r.merged_profile)
    return {
      merge_id: String(r.merge_id),
      kept_customer_id: String(r.kept_customer_id),
      merged_customer_id: String(r.merged_customer_id),
      matched_on: String(r.matched_on),
      reason: String(r.reason),
      source: strOrNull(r.source),
      kept_before: open(r.kept_before),
      merged_profile: merged,
      moved_identities: parseJson<{ kind: string; value: string }[]>(r.moved_identities, []),
      merged_at: r.merged_at instanceof Date ? r.merged_at : new Date(String(r.merged_at)),
      undone_at: r.undone_at instanceof Date ? r.undone_at : null,
    }
  }

  async markMergeUndone(workspaceId: string, mergeId: string, at: Date): Promise<void> {
    await run(this.conn, 'UPDATE merges SET undone_at = $3 WHERE workspace_id = $1 AND merge_id = $2', [
      workspaceId,
      mergeId,
      at.toISOString(),
    ])
  }

  private async appendRows(
    table: string,
    columns: readonly ColumnDef[],
    rows: readonly Record<string, unknown>[],
    schema?: string,
  ): Promise<void> {
    const appender = await this.conn.createAppender(table, schema === 'temp' ? 'main' : null, schema === 'temp' ? 'temp' : null)
    try {
      for (const row of rows) {
        for (const col of columns) appendTyped(appender, col.type, row[col.name])
        appender.endRow()
      }
      appender.flushSync()
    } finally {
      appender.closeSync()
    }
  }

  async stage<K extends StagedTable>(workspaceId: string, table: K, rows: readonly StagedRecords[K][]): Promise<void> {
    const vault = table === 'events' ? await this.vaults.vault(workspaceId) : null
    const records = vault ? (rows as readonly EventRecord[]).map((e) => sealEvent(vault, e)) : rows
    const cols = stagedColumns(table)
    const name = `stage_${table}`
    if (!this.staged.has(table)) {
      const ddl = cols.map((c) => `${q(c.name)} ${duckDbType(c.type)}`).join(', ')
      await run(this.conn, `CREATE OR REPLACE TEMP TABLE ${q(name)} (_seq BIGINT, ${ddl})`)
      this.staged.add(table)
      this.seq.set(table, 0)
    }
    let seq = this.seq.get(table) ?? 0
    const seqCol: ColumnDef = { name: '_seq', type: 'bigint' }
    const withSeq = records.map((r) => ({ ...(r as object), _seq: seq++ }))
    this.seq.set(table, seq)
    await this.appendRows(name, [seqCol, ...cols], withSeq, 'temp')
  }
  private readonly seq = new Map<StagedTable, number>()

  async finishStaged(workspaceId: string, table: StagedTable): Promise<StagedResult> {
    if (!this.staged.has(table)) return { inserted: 0, duplicates: 0, createdCustomers: 0 }
    const cols = stagedColumns(table)
    const key = NATURAL_KEYS[table]
    const stage = `temp.${q(`stage_${table}`)}`
    const [{ n: stagedCount } = { n: 0 }] = await all(this.conn, `SELECT count(*) AS n FROM ${stage}`)

    // A real order replaces one that was only derived from its lines.
    if (table === 'orders') {
      await run(this.conn, `DELETE FROM orders WHERE workspace_id = $1 AND derived AND order_id IN (SELECT order_id FROM ${stage})`, [
        workspaceId,
      ])
    }
    const keyMatch = key.map((k) => `t.${q(k)} IS NOT DISTINCT FROM s.${q(k)}`).join(' AND ')
    const loadCol = LOAD_TIME_COLUMN[table]
    const colList = cols.map((c) => q(c.name)).join(', ')
    await run(
      this.conn,
      `CREATE OR REPLACE TEMP TABLE fresh AS
       SELECT * FROM ${stage} s
       WHERE NOT EXISTS (SELECT 1 FROM ${q(table)} t WHERE t.workspace_id = $1 AND ${keyMatch})
       QUALIFY row_number() OVER (PARTITION BY ${key.map((k) => `s.${q(k)}`).join(', ')} ORDER BY s._seq) = 1`,
      [workspaceId],
    )
    await run(
      this.conn,
      `INSERT INTO ${q(table)} (workspace_id, ${colList}${loadCol ? `, ${q(loadCol)}` : ''})
       SELECT $1, ${colList}${loadCol ? ', now()::TIMESTAMP' : ''} FROM temp.fresh ORDER BY _seq`,
      [workspaceId],
    )
    const [{ n: insertedCount } = { n: 0 }] = await all(this.conn, 'SELECT count(*) AS n FROM temp.fresh')
    if (table === 'order_lines') await this.deriveOrders(workspaceId)
    const createdCustomers = await this.createMissingCustomers(workspaceId, table)
    await run(this.conn, 'DROP TABLE IF EXISTS temp.fresh')
    // A finished batch is gone: staging the same table again in this transaction starts afresh.
    await run(this.conn, `DROP TABLE IF EXISTS ${stage}`)
    this.staged.delete(table)
    const inserted = num(insertedCount)
    return { inserted, duplicates: num(stagedCount) - inserted, createdCustomers }
  }

  /** Orders derived from the lines just loaded, for orders no orders file has described. */
  private async deriveOrders(workspaceId: string): Promise<void> {
    const affected = `(SELECT DISTINCT order_id FROM temp.fresh)`
    await run(this.conn, `DELETE FROM orders WHERE workspace_id = $1 AND derived AND order_id IN ${affected}`, [workspaceId])
    await run(
      this.conn,
      `INSERT INTO orders (workspace_id, order_id, customer_id, source_customer_id, ordered_at, amount, currency, channel, store, is_return, derived, source, imported_at)
       SELECT $1, l.order_id, any_value(l.customer_id), any_value(l.source_customer_id), min(l.ordered_at), sum(l.amount), NULL,
              any_value(l.channel), NULL, bool_and(l.is_return), true, any_value(l.source), now()::TIMESTAMP
       FROM order_lines l
       WHERE l.workspace_id = $1 AND l.order_id IN ${affected}
         AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.workspace_id = $1 AND o.order_id = l.order_id)
       GROUP BY l.order_id`,
      [workspaceId],
    )
  }

  /**
   * Activity may name customers no customer file has described yet (an orders export before the
   * CRM export): they get a minimal profile, with their id as an identity, so nothing is orphaned.
   */
  private async createMissingCustomers(workspaceId: string, table: StagedTable): Promise<number> {
    if (table === 'costs') return 0
    const idCol = table === 'events' ? 'customer_id' : 'customer_id'
    const countryExpr = table === 'order_lines' ? 'any_value(country)' : 'NULL'
    await run(
      this.conn,
      `CREATE OR REPLACE TEMP TABLE missing AS
       SELECT f.${idCol} AS customer_id, ${countryExpr} AS country, any_value(f.source) AS source
       FROM temp.fresh f
       WHERE f.${idCol} IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.workspace_id = $1 AND c.customer_id = f.${idCol})
       GROUP BY f.${idCol}`,
      [workspaceId],
    )
    const [{ n } = { n: 0 }] = await all(this.conn, 'SELECT count(*) AS n FROM temp.missing')
    if (num(n) > 0) {
      await run(
        this.conn,
        `INSERT INTO customers (workspace_id, customer_id, country, traits, sources, created_at, updated_at)
         SELECT $1, customer_id, country, '{}', CASE WHEN source IS NULL THEN '[]' ELSE to_json([source])::VARCHAR END, now()::TIMESTAMP, now()::TIMESTAMP
         FROM temp.missing`,
        [workspaceId],
      )
      await run(
        this.conn,
        `INSERT INTO identities (workspace_id, kind, value, customer_id, source, merge_id, first_seen_at)
         SELECT $1, 'customer_id', m.customer_id, m.customer_id, m.source, NULL, now()::TIMESTAMP FROM temp.missing m
         WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.workspace_id = $1 AND i.kind = 'customer_id' AND i.value = m.customer_id)`,
        [workspaceId],
      )
    }
    await run(this.conn, 'DROP TABLE IF EXISTS temp.missing')
    return num(n)
  }

  async recordImportRun(workspaceId: string, runRecord: ImportRunRecord): Promise<void> {
    await this.appendRows('import_runs', tableDef('import_runs').columns, [{ workspace_id: workspaceId, ...runRecord }])
  }
}
