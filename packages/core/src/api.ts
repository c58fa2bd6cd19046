/**
 * The shapes of the HTTP API's requests and responses. One zod schema gives the TypeScript type,
 * the server's validation and the OpenAPI document; the web app imports the types.
 */
import { z } from 'zod'

export const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable error code, e.g. NOT_FOUND, INVALID_INPUT'),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  engine: z.string(),
  database: z.string(),
  workspace: z.string(),
  timezone: z.string().describe('the workspace time zone (IANA): show times in it'),
})
export type HealthResponse = z.infer<typeof HealthResponse>

export const MonthFigure = z.object({
  month: z.string().describe('YYYY-MM'),
  orders: z.number(),
  revenue: z.number(),
  customers: z.number().describe('distinct identified customers who ordered that month'),
})
export const OverviewStats = z.object({
  customers: z.number(),
  identifiedOrders: z.number(),
  orders: z.number(),
  guestOrders: z.number(),
  revenue: z.number(),
  averageOrderValue: z.number(),
  events: z.number(),
  firstOrderAt: z.string().nullable(),
  lastOrderAt: z.string().nullable(),
  revenueByMonth: z.array(MonthFigure),
  customersByCityTier: z.array(z.object({ tier: z.string(), customers: z.number() })),
  ordersByChannel: z.array(z.object({ channel: z.string(), orders: z.number(), revenue: z.number() })),
  customersByGender: z.array(z.object({ gender: z.string(), customers: z.number() })),
  customersByAgeBand: z.array(z.object({ ageBand: z.string(), customers: z.number() })),
})
export type OverviewStats = z.infer<typeof OverviewStats>

export const CustomerListItem = z.object({
  customer_id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  gender: z.string().nullable(),
  age: z.number().nullable(),
  age_band: z.string().nullable(),
  city: z.string().nullable(),
  city_tier: z.string().nullable(),
  country: z.string().nullable(),
  source: z.string().nullable(),
  orders: z.number(),
  revenue: z.number(),
  last_order_at: z.string().nullable(),
})
export type CustomerListItem = z.infer<typeof CustomerListItem>

export const CustomerListQuery = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .describe('search: an exact name, email or phone (they are encrypted), or part of a customer id or city'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  sort: z.enum(['revenue', 'orders', 'last_order_at', 'customer_id', 'age']).default('revenue'),
  order: z.enum(['asc', 'desc']).default('desc'),
})
export type CustomerListQuery = z.infer<typeof CustomerListQuery>

export const CustomerListResponse = z.object({
  total: z.number(),
  limit: z.number(),
  offset: z.number(),
  items: z.array(CustomerListItem),
})
export type CustomerListResponse = z.infer<typeof CustomerListResponse>

export const Identity = z.object({
  kind: z.string().describe('customer_id | email | phone | external | device | anonymous'),
  value: z.string(),
  source: z.string().nullable(),
  first_seen_at: z.string(),
})
export type Identity = z.infer<typeof Identity>

export const ProfileOrders = z.object({
  count: z.number(),
  revenue: z.number(),
  returns: z.number().describe('orders that are returns / credit notes'),
  first_at: z.string().nullable(),
  last_at: z.string().nullable(),
  avg_order_value: z.number(),
  channels: z.record(z.string(), z.number()).describe('orders per channel'),
  recent: z.array(
    z.object({
      order_id: z.string(),
      ordered_at: z.string(),
      amount: z.number(),
      channel: z.string().nullable(),
      is_return: z.boolean(),
    }),
  ),
  top_categories: z.array(z.object({ category: z.string(), quantity: z.number(), revenue: z.number() })),
  by_month: z.array(z.object({ month: z.string(), orders: z.number(), revenue: z.number() })),
})

export const ProfileEvents = z.object({
  count: z.number(),
  by_name: z.record(z.string(), z.number()),
  last_at: z.string().nullable(),
  recent: z.array(z.object({ type: z.string(), event: z.string().nullable(), timestamp: z.string() })),
})

export const ConsentState = z.object({ granted: z.boolean(), recorded_at: z.string(), source: z.string().nullable() })

export const CustomerProfile = z.object({
  customer_id: z.string(),
  identities: z.array(Identity),
  traits: z.record(z.string(), z.unknown()).describe('canonical demographic fields and any other imported column'),
  sources: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  orders: ProfileOrders,
  events: ProfileEvents,
  consents: z.record(z.string(), ConsentState),
  feedback: z.array(z.object({ text: z.string(), rating: z.number().nullable(), created_at: z.string(), channel: z.string().nullable() })),
  merges: z.array(z.object({ merge_id: z.string(), merged_at: z.string(), reason: z.string(), undone: z.boolean() })),
  scores: z.record(z.string(), z.unknown()),
})
export type CustomerProfile = z.infer<typeof CustomerProfile>

export const ImportKind = z.enum(['customers', 'orders', 'order-lines', 'events', 'consents', 'feedback', 'costs'])
export type ImportKind = z.infer<typeof ImportKind>
export const ImportFormat = z.enum(['csv', 'ndjson', 'json', 'parquet'])
export type ImportFormat = z.infer<typeof ImportFormat>

export const ImportRowError = z.object({ line: z.number(), reason: z.string() })
export const ImportResult = z.object({
  imported: z.number(),
  rejected: z.number(),
  duplicates: z.number(),
  merged: z.number(),
  quarantine: z.string().nullable().describe('path of the CSV holding every rejected row with its reason'),
  errors: z.array(ImportRowError).describe('the first 100 rejected rows'),
})
export type ImportResult = z.infer<typeof ImportResult>

export const MergeRecord = z.object({
  merge_id: z.string(),
  kept_customer_id: z.string(),
  merged_customer_id: z.string(),
  matched_on: z.string().describe('the identity kind that matched: email, phone, external, customer_id'),
  reason: z.string(),
  source: z.string().nullable(),
  merged_at: z.string(),
  undone_at: z.string().nullable(),
})
export type MergeRecord = z.infer<typeof MergeRecord>
export const MergeListResponse = z.object({ items: z.array(MergeRecord) })
