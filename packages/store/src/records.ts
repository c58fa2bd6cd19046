/**
 * Cleaned, canonical records as the platform hands them to a store. Timestamps are `Date`s in
 * UTC; dates are `YYYY-MM-DD` strings; money is a number in the record's currency.
 */
export interface CustomerRecord {
  customer_id: string
  name: string | null
  email: string | null
  phone: string | null
  gender: string | null
  birth_date: string | null
  age: number | null
  age_band: string | null
  income: number | null
  education: string | null
  occupation: string | null
  city: string | null
  city_tier: string | null
  province: string | null
  country: string | null
  family_status: string | null
  traits: Record<string, unknown>
  sources: string[]
  created_at: Date
  updated_at: Date
}

export interface IdentityRecord {
  kind: string
  value: string
  customer_id: string
  source: string | null
  merge_id: string | null
  first_seen_at: Date
}

export interface MergeRow {
  merge_id: string
  kept_customer_id: string
  merged_customer_id: string
  matched_on: string
  reason: string
  source: string | null
  /** The kept profile as it was before the merge (null when it was created by the same import). */
  kept_before: CustomerRecord | null
  /** The merged-away profile (or incoming row) as it was, to restore it on undo; null once erased. */
  merged_profile: CustomerRecord | null
  moved_identities: { kind: string; value: string }[]
  merged_at: Date
  undone_at: Date | null
}

export interface OrderRecord {
  order_id: string
  customer_id: string | null
  source_customer_id: string | null
  ordered_at: Date
  amount: number
  currency: string | null
  channel: string | null
  store: string | null
  is_return: boolean
  derived: boolean
  source: string | null
}

export interface OrderLineRecord {
  order_id: string
  /** `line_no` when the source has one, otherwise a hash of the line's content. */
  line_key: string
  line_no: number | null
  customer_id: string | null
  source_customer_id: string | null
  ordered_at: Date
  sku: string | null
  product_name: string | null
  category: string | null
  quantity: number
  unit_price: number
  amount: number
  channel: string | null
  country: string | null
  is_return: boolean
  source: string | null
}

export interface EventRecord {
  message_id: string
  type: string
  event: string | null
  user_id: string | null
  anonymous_id: string | null
  customer_id: string | null
  timestamp: Date
  properties: Record<string, unknown> | null
  context: Record<string, unknown> | null
  source: string | null
}

export interface ConsentRecord {
  customer_id: string
  purpose: string
  granted: boolean
  recorded_at: Date
  source: string | null
}

export interface FeedbackRecord {
  feedback_id: string
  customer_id: string | null
  text: string
  rating: number | null
  channel: string | null
  created_at: Date
  source: string | null
}

export interface CostRecord {
  date: string
  channel: string
  campaign: string
  spend: number
  source: string | null
}

export interface ImportRunRecord {
  run_id: string
  kind: string
  file: string
  format: string
  source: string | null
  imported: number
  rejected: number
  duplicates: number
  merged: number
  quarantine: string | null
  started_at: Date
  finished_at: Date
}

/** The record kinds that are bulk-loaded through staging, keyed by their table. */
export interface StagedRecords {
  orders: OrderRecord
  order_lines: OrderLineRecord
  events: EventRecord
  consents: ConsentRecord
  feedback: FeedbackRecord
  costs: CostRecord
}
export type StagedTable = keyof StagedRecords

export interface StagedResult {
  inserted: number
  duplicates: number
  /** Customer ids referenced by the rows that had no profile yet and got a minimal one. */
  createdCustomers: number
}
