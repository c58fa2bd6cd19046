/**
 * The rows of the demo data set. Field names are the canonical import columns; values are what a
 * CSV or JSON export would carry (strings, numbers, booleans; `''` for a missing value), because
 * the rows go through the real import pipeline, which validates and cleans them.
 */

export interface DemoOptions {
  /** Same seed, same data. */
  readonly seed?: number
  /** Distinct people (default 5,000); duplicate-source and invalid rows come on top. */
  readonly customers?: number
  /** Last day of the history (its China calendar date); default 2026-09-30. */
  readonly endDate?: Date
  /** Months of order history (default 12). */
  readonly months?: number
}

export interface DemoCustomerRow {
  customer_id: string
  name: string
  email: string
  phone: string
  gender: string
  /** YYYY-MM-DD */
  birth_date: string
  /** Yuan per month; a string only in deliberately invalid rows or `''` when missing. */
  income: number | string
  education: string
  occupation: string
  city: string
  province: string
  country: string
  family_status: string
  /** shop | crm | wechat */
  source: string
  member_level: string
  lifestyle: string
  values: string
  preferred_channel: string
  acquisition_channel: string
  /** ISO 8601 with +08:00 */
  registered_at: string
  /** `|`-separated */
  interests: string
  pain_point: string
  barrier: string
  decision_stage: string
}

export interface DemoOrderLineRow {
  /** `O…` for a sale, `R…` for a return of the sale with the same digits. */
  order_id: string
  line_no: number
  /** `''` for a guest purchase. */
  customer_id: string
  /** ISO 8601 with +08:00 */
  ordered_at: string
  sku: string
  product_name: string
  category: string
  /** Negative on return lines. */
  quantity: number
  /** Yuan. */
  unit_price: number
  /** online | store | wechat | app */
  channel: string
  country: string
}

export type DemoEventType = 'track' | 'page' | 'identify'

export interface DemoEventRow {
  type: DemoEventType
  /** The track event's name; `''` for page and identify calls. */
  event: string
  userId: string
  anonymousId: string
  /** ISO 8601 with +08:00 */
  timestamp: string
  properties: Record<string, unknown>
  messageId: string
}

export type DemoConsentPurpose = 'analytics' | 'email' | 'sms' | 'ads' | 'profiling'

export interface DemoConsentRow {
  customer_id: string
  purpose: DemoConsentPurpose
  granted: boolean
  /** ISO 8601 with +08:00 */
  recorded_at: string
  source: string
}

export interface DemoCostRow {
  /** YYYY-MM-DD */
  date: string
  channel: string
  campaign: string
  /** Yuan. */
  spend: number
}

export interface DemoFeedbackRow {
  feedback_id: string
  customer_id: string
  text: string
  /** 1–5 */
  rating: number
  channel: string
  /** ISO 8601 with +08:00 */
  created_at: string
}

export interface DemoDuplicate {
  /** The id the person has in their first source. */
  readonly primary_id: string
  /** The id of the same person in a second source. */
  readonly duplicate_id: string
  readonly primary_source: string
  readonly duplicate_source: string
  /** What the two rows share (written differently). */
  readonly matched_on: 'phone' | 'email' | 'phone+email'
}

export type DemoInvalidProblem = 'malformed_email' | 'invalid_birth_date' | 'invalid_income' | 'no_identifier' | 'invalid_phone'

export interface DemoInvalidRow {
  /** Index of the row in `customers`. */
  readonly row: number
  readonly customer_id: string
  readonly problem: DemoInvalidProblem
}

/** What the generator put in on purpose, so tests and walkthroughs can check it is found. */
export interface DemoScenarios {
  readonly duplicates: readonly DemoDuplicate[]
  readonly invalid: readonly DemoInvalidRow[]
  /** People with no order in the window. */
  readonly nonBuyers: number
  /** People with exactly one order in the window. */
  readonly oneTimeBuyers: number
  /** Repeat buyers who stopped buying part-way through the window. */
  readonly churned: number
  readonly guestOrders: number
  readonly returnOrders: number
  readonly orders: number
  /** Revenue (sales minus returns) per month, YYYY-MM → yuan. */
  readonly revenueByMonth: Readonly<Record<string, number>>
  /** Web and app tracking starts here (YYYY-MM-DD); events cover only this part of the window. */
  readonly trackingStart: string
}

export interface DemoData {
  readonly seed: number
  /** First and last day of the history, YYYY-MM-DD (China time). */
  readonly startDate: string
  readonly endDate: string
  readonly customers: DemoCustomerRow[]
  readonly orderLines: DemoOrderLineRow[]
  readonly events: DemoEventRow[]
  readonly consents: DemoConsentRow[]
  readonly costs: DemoCostRow[]
  readonly feedback: DemoFeedbackRow[]
  readonly scenarios: DemoScenarios
}
