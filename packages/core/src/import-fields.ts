/**
 * The canonical columns of each import kind: the importer's contract, shown by the CLI, the API
 * and the web app's import help. Plain data (no schema library), so the web bundle can import it.
 */
import type { ImportKind } from './api.js'

/** The canonical columns of each import kind, in documentation order. */
export const CANONICAL_FIELDS: Record<ImportKind, readonly string[]> = {
  customers: [
    'customer_id',
    'name',
    'email',
    'phone',
    'gender',
    'birth_date',
    'age',
    'income',
    'education',
    'occupation',
    'city',
    'province',
    'country',
    'family_status',
  ],
  orders: ['order_id', 'customer_id', 'ordered_at', 'amount', 'currency', 'channel', 'store'],
  'order-lines': [
    'order_id',
    'line_no',
    'customer_id',
    'ordered_at',
    'sku',
    'product_name',
    'category',
    'quantity',
    'unit_price',
    'channel',
    'country',
  ],
  events: ['type', 'event', 'userId', 'anonymousId', 'timestamp', 'properties', 'messageId', 'context', 'traits'],
  consents: ['customer_id', 'purpose', 'granted', 'recorded_at'],
  feedback: ['feedback_id', 'customer_id', 'text', 'rating', 'channel', 'created_at'],
  costs: ['date', 'channel', 'campaign', 'spend'],
}

/** Columns without which a file of that kind cannot be imported at all. */
export const REQUIRED_FIELDS: Record<ImportKind, readonly string[]> = {
  customers: [],
  orders: ['order_id', 'ordered_at', 'amount'],
  'order-lines': ['order_id', 'ordered_at', 'quantity', 'unit_price'],
  events: ['timestamp'],
  consents: ['customer_id', 'purpose', 'granted'],
  feedback: ['text'],
  costs: ['date', 'channel', 'spend'],
}
