/**
 * Per-customer feature arrays computed inside the store (SQL), for the models that run in
 * TypeScript: typed arrays, one entry per customer, in `customerIds` order.
 */
export interface CustomerFeatureTable {
  readonly customerIds: readonly string[]
  /** The as-of date the time-based features are measured at (YYYY-MM-DD). */
  readonly asOf: string
  /** NaN where a customer has no value (e.g. recency of a customer who never bought). */
  readonly numeric: Readonly<Record<NumericFeature, Float64Array>>
  readonly categorical: Readonly<Record<CategoricalFeature, readonly (string | null)[]>>
}

/**
 * - `recency_days`: calendar days from the last purchase date to the as-of date
 * - `frequency`: distinct orders that are not returns, up to the as-of date
 * - `monetary`: net revenue (returns netted), up to the as-of date
 * - `tenure_days`: days from the first purchase (or profile creation) to the as-of date
 * - `avg_order_value`, `returns`, `distinct_categories`, `events_30d`, `events_total`
 * - `share_online`, `share_store`, `share_wechat`, `share_app`: share of orders per channel
 * - `age`, `income`: from the profile
 */
export const NUMERIC_FEATURES = [
  'recency_days',
  'frequency',
  'monetary',
  'tenure_days',
  'avg_order_value',
  'returns',
  'distinct_categories',
  'events_30d',
  'events_total',
  'share_online',
  'share_store',
  'share_wechat',
  'share_app',
  'age',
  'income',
] as const
export type NumericFeature = (typeof NUMERIC_FEATURES)[number]

export const CATEGORICAL_FEATURES = [
  'gender',
  'age_band',
  'city_tier',
  'province',
  'education',
  'occupation',
  'family_status',
  'main_channel',
] as const
export type CategoricalFeature = (typeof CATEGORICAL_FEATURES)[number]

export interface FeatureOptions {
  /** Measure at this date (orders after it are ignored); default: the day after the last order. */
  readonly asOf?: Date
  /** Only customers with at least one order before the as-of date. */
  readonly buyersOnly?: boolean
}

/** One purchase (not a return) for the CLV models; arrays in customer then time order. */
export interface TransactionColumns {
  readonly customerIds: readonly string[]
  /** Epoch milliseconds. */
  readonly at: Float64Array
  readonly amount: Float64Array
}

export interface BasketOptions {
  /** What an item is: the product's SKU (default) or its category. */
  readonly level?: 'sku' | 'category' | 'product_name'
  /** Only baskets of these customers (e.g. a segment's members). */
  readonly customerIds?: readonly string[]
}

export interface FeatureStore {
  customerFeatures(workspaceId: string, options?: FeatureOptions): Promise<CustomerFeatureTable>
  /** Purchases (returns excluded) of identified customers, optionally up to a date. */
  transactions(workspaceId: string, options?: { until?: Date }): Promise<TransactionColumns>
  /** The item sets of orders (returns excluded), one array of item labels per order. */
  baskets(workspaceId: string, options?: BasketOptions): Promise<string[][]>
  /** The last order time in the workspace, if any. */
  lastOrderAt(workspaceId: string): Promise<Date | null>
}
