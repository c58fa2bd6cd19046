/**
 * Per-customer scores written by the models (RFM, cluster, CLV, churn, lead score) and read by
 * profiles, segment rules and evaluation. Each score is a JSON object under a name; the names and
 * their fields are listed in `SCORE_FIELDS` so every consumer agrees on them.
 */
export interface ScoreRow {
  readonly customer_id: string
  readonly value: Readonly<Record<string, unknown>>
}

/** Where a set of scores came from: every score can say so. */
export interface ScoreProvenance {
  readonly model: string
  readonly computedAt: string
  /** Customers the model saw. */
  readonly n: number
  readonly asOf?: string
  readonly params?: Readonly<Record<string, unknown>>
  readonly notes?: string
}

/**
 * The score fields segment rules may use (`{"score": "rfm.r", …}`), each as the score name and the
 * JSON field that holds it.
 */
export const SCORE_FIELDS = {
  'rfm.r': { name: 'rfm', field: 'r', type: 'number' },
  'rfm.f': { name: 'rfm', field: 'f', type: 'number' },
  'rfm.m': { name: 'rfm', field: 'm', type: 'number' },
  'rfm.segment': { name: 'rfm', field: 'segment', type: 'text' },
  cluster: { name: 'cluster', field: 'cluster', type: 'number' },
  clv: { name: 'clv', field: 'clv', type: 'number' },
  p_alive: { name: 'clv', field: 'p_alive', type: 'number' },
  churn_risk: { name: 'churn', field: 'probability', type: 'number' },
  lead_score: { name: 'lead', field: 'score', type: 'number' },
  stage: { name: 'lead', field: 'stage', type: 'text' },
} as const satisfies Record<string, { name: string; field: string; type: 'number' | 'text' }>
export type ScoreField = keyof typeof SCORE_FIELDS

export interface ScoreStore {
  /** Replaces score `name` for the whole workspace with `rows` (customers not in rows lose it). */
  replace(workspaceId: string, name: string, rows: readonly ScoreRow[], provenance: ScoreProvenance): Promise<void>
  /** Every score of one customer, by name. */
  forCustomer(workspaceId: string, customerId: string): Promise<Record<string, unknown>>
  /** All customers' values of score `name`. */
  list(workspaceId: string, name: string): Promise<ScoreRow[]>
  /** The provenance recorded with the latest `replace` of score `name`, if any. */
  provenance(workspaceId: string, name: string): Promise<ScoreProvenance | null>
}
