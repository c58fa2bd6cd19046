/**
 * The logical schema, one definition for every engine. Each engine's migration turns these tables
 * into its own DDL. Every table is keyed by `workspace_id`: no query reads across workspaces.
 */
export type ColumnType = 'text' | 'int' | 'bigint' | 'double' | 'bool' | 'date' | 'timestamp' | 'json'

export interface ColumnDef {
  readonly name: string
  readonly type: ColumnType
  readonly notNull?: boolean
}

export interface TableDef {
  readonly name: string
  readonly columns: readonly ColumnDef[]
  readonly primaryKey?: readonly string[]
  readonly indexes?: readonly (readonly string[])[]
}

const c = (name: string, type: ColumnType, notNull = false): ColumnDef => ({ name, type, notNull })
const ws = c('workspace_id', 'text', true)

/** Demographic columns of a customer profile, typed; any other imported column goes to `traits`. */
export const CUSTOMER_COLUMNS = [
  c('customer_id', 'text', true),
  c('name', 'text'),
  c('email', 'text'),
  c('phone', 'text'),
  c('gender', 'text'),
  c('birth_date', 'date'),
  c('age', 'int'),
  c('age_band', 'text'),
  c('income', 'double'),
  c('education', 'text'),
  c('occupation', 'text'),
  c('city', 'text'),
  c('city_tier', 'text'),
  c('province', 'text'),
  c('country', 'text'),
  c('family_status', 'text'),
  c('traits', 'json'),
  c('sources', 'json'),
  c('created_at', 'timestamp', true),
  c('updated_at', 'timestamp', true),
] as const

export const TABLES: readonly TableDef[] = [
  {
    name: 'workspaces',
    columns: [c('workspace_id', 'text', true), c('name', 'text', true), c('settings', 'json'), c('created_at', 'timestamp', true)],
    primaryKey: ['workspace_id'],
  },
  { name: 'customers', columns: [ws, ...CUSTOMER_COLUMNS], primaryKey: ['workspace_id', 'customer_id'] },
  {
    name: 'identities',
    columns: [
      ws,
      c('kind', 'text', true),
      c('value', 'text', true),
      c('customer_id', 'text', true),
      c('source', 'text'),
      c('merge_id', 'text'),
      c('first_seen_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'kind', 'value'],
    indexes: [['workspace_id', 'customer_id']],
  },
  {
    name: 'merges',
    columns: [
      ws,
      c('merge_id', 'text', true),
      c('kept_customer_id', 'text', true),
      c('merged_customer_id', 'text', true),
      c('matched_on', 'text', true),
      c('reason', 'text', true),
      c('source', 'text'),
      c('kept_before', 'json'),
      c('merged_profile', 'json'),
      c('moved_identities', 'json'),
      c('merged_at', 'timestamp', true),
      c('undone_at', 'timestamp'),
    ],
    primaryKey: ['workspace_id', 'merge_id'],
  },
  {
    name: 'orders',
    columns: [
      ws,
      c('order_id', 'text', true),
      c('customer_id', 'text'),
      c('source_customer_id', 'text'),
      c('ordered_at', 'timestamp', true),
      c('amount', 'double', true),
      c('currency', 'text'),
      c('channel', 'text'),
      c('store', 'text'),
      c('is_return', 'bool', true),
      c('derived', 'bool', true),
      c('source', 'text'),
      c('imported_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'order_id'],
    indexes: [['workspace_id', 'customer_id']],
  },
  {
    name: 'order_lines',
    columns: [
      ws,
      c('order_id', 'text', true),
      c('line_key', 'text', true),
      c('line_no', 'int'),
      c('customer_id', 'text'),
      c('source_customer_id', 'text'),
      c('ordered_at', 'timestamp', true),
      c('sku', 'text'),
      c('product_name', 'text'),
      c('category', 'text'),
      c('quantity', 'double', true),
      c('unit_price', 'double', true),
      c('amount', 'double', true),
      c('channel', 'text'),
      c('country', 'text'),
      c('is_return', 'bool', true),
      c('source', 'text'),
      c('imported_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'order_id', 'line_key'],
    indexes: [['workspace_id', 'customer_id']],
  },
  {
    name: 'events',
    columns: [
      ws,
      c('message_id', 'text', true),
      c('type', 'text', true),
      c('event', 'text'),
      c('user_id', 'text'),
      c('anonymous_id', 'text'),
      c('customer_id', 'text'),
      c('timestamp', 'timestamp', true),
      c('properties', 'json'),
      c('context', 'json'),
      c('source', 'text'),
      c('received_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'message_id'],
    indexes: [['workspace_id', 'customer_id']],
  },
  {
    name: 'consents',
    columns: [
      ws,
      c('customer_id', 'text', true),
      c('purpose', 'text', true),
      c('granted', 'bool', true),
      c('recorded_at', 'timestamp', true),
      c('source', 'text'),
    ],
    primaryKey: ['workspace_id', 'customer_id', 'purpose', 'recorded_at'],
  },
  {
    name: 'feedback',
    columns: [
      ws,
      c('feedback_id', 'text', true),
      c('customer_id', 'text'),
      c('text', 'text', true),
      c('rating', 'double'),
      c('channel', 'text'),
      c('created_at', 'timestamp', true),
      c('source', 'text'),
    ],
    primaryKey: ['workspace_id', 'feedback_id'],
  },
  {
    name: 'costs',
    columns: [
      ws,
      c('date', 'date', true),
      c('channel', 'text', true),
      c('campaign', 'text', true),
      c('spend', 'double', true),
      c('source', 'text'),
    ],
    primaryKey: ['workspace_id', 'date', 'channel', 'campaign'],
  },
  {
    name: 'import_runs',
    columns: [
      ws,
      c('run_id', 'text', true),
      c('kind', 'text', true),
      c('file', 'text', true),
      c('format', 'text', true),
      c('source', 'text'),
      c('imported', 'bigint', true),
      c('rejected', 'bigint', true),
      c('duplicates', 'bigint', true),
      c('merged', 'bigint', true),
      c('quarantine', 'text'),
      c('started_at', 'timestamp', true),
      c('finished_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'run_id'],
  },
  // The tables below are filled by the segmentation, value, persona, survey, activation, planning
  // and security features; they are part of the one logical schema from the first migration on.
  {
    name: 'segments',
    columns: [
      ws,
      c('segment_id', 'text', true),
      c('name', 'text', true),
      c('description', 'text'),
      c('basis', 'text'),
      c('rule', 'json', true),
      c('created_at', 'timestamp', true),
      c('updated_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'segment_id'],
  },
  {
    name: 'segment_snapshots',
    columns: [
      ws,
      c('segment_id', 'text', true),
      c('computed_at', 'timestamp', true),
      c('size', 'bigint', true),
      c('revenue', 'double', true),
    ],
    primaryKey: ['workspace_id', 'segment_id', 'computed_at'],
  },
  {
    name: 'customer_scores',
    columns: [
      ws,
      c('customer_id', 'text', true),
      c('name', 'text', true),
      c('value', 'json', true),
      c('computed_at', 'timestamp', true),
      c('provenance', 'json'),
    ],
    primaryKey: ['workspace_id', 'customer_id', 'name'],
  },
  {
    name: 'score_runs',
    columns: [ws, c('name', 'text', true), c('computed_at', 'timestamp', true), c('provenance', 'json', true)],
    primaryKey: ['workspace_id', 'name', 'computed_at'],
  },
  {
    name: 'personas',
    columns: [
      ws,
      c('persona_id', 'text', true),
      c('version', 'int', true),
      c('name', 'text', true),
      c('segment_id', 'text'),
      c('body', 'json', true),
      c('created_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'persona_id', 'version'],
  },
  {
    name: 'surveys',
    columns: [
      ws,
      c('survey_id', 'text', true),
      c('title', 'text', true),
      c('definition', 'json', true),
      c('status', 'text', true),
      c('created_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'survey_id'],
  },
  {
    name: 'survey_responses',
    columns: [
      ws,
      c('survey_id', 'text', true),
      c('response_id', 'text', true),
      c('customer_id', 'text'),
      c('answers', 'json', true),
      c('submitted_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'survey_id', 'response_id'],
  },
  {
    name: 'campaigns',
    columns: [
      ws,
      c('campaign_id', 'text', true),
      c('name', 'text', true),
      c('channel', 'text'),
      c('starts_on', 'date'),
      c('ends_on', 'date'),
      c('budget', 'double'),
    ],
    primaryKey: ['workspace_id', 'campaign_id'],
  },
  {
    name: 'plans',
    columns: [
      ws,
      c('plan_id', 'text', true),
      c('name', 'text', true),
      c('body', 'json', true),
      c('created_at', 'timestamp', true),
      c('updated_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'plan_id'],
  },
  {
    name: 'kpi_thresholds',
    columns: [
      ws,
      c('threshold_id', 'text', true),
      c('kpi', 'text', true),
      c('scope', 'json'),
      c('op', 'text', true),
      c('value', 'double', true),
    ],
    primaryKey: ['workspace_id', 'threshold_id'],
  },
  {
    name: 'alerts',
    columns: [
      ws,
      c('alert_id', 'text', true),
      c('threshold_id', 'text'),
      c('message', 'text', true),
      c('value', 'double'),
      c('raised_at', 'timestamp', true),
      c('acknowledged_at', 'timestamp'),
    ],
    primaryKey: ['workspace_id', 'alert_id'],
  },
  {
    name: 'risks',
    columns: [
      ws,
      c('risk_id', 'text', true),
      c('title', 'text', true),
      c('likelihood', 'int', true),
      c('impact', 'int', true),
      c('owner', 'text'),
      c('response', 'text'),
      c('status', 'text', true),
    ],
    primaryKey: ['workspace_id', 'risk_id'],
  },
  {
    name: 'users',
    columns: [
      ws,
      c('user_id', 'text', true),
      c('email', 'text', true),
      c('password_hash', 'text', true),
      c('role', 'text', true),
      c('created_at', 'timestamp', true),
    ],
    primaryKey: ['workspace_id', 'user_id'],
  },
  {
    name: 'api_keys',
    columns: [
      ws,
      c('key_id', 'text', true),
      c('kind', 'text', true),
      c('key_hash', 'text', true),
      c('created_at', 'timestamp', true),
      c('revoked_at', 'timestamp'),
    ],
    primaryKey: ['workspace_id', 'key_id'],
  },
  {
    name: 'audit_log',
    columns: [
      ws,
      c('at', 'timestamp', true),
      c('actor', 'text', true),
      c('action', 'text', true),
      c('target', 'text'),
      c('details', 'json'),
    ],
  },
]

export const tableDef = (name: string): TableDef => {
  const t = TABLES.find((x) => x.name === name)
  if (!t) throw new Error(`unknown table ${name}`)
  return t
}
