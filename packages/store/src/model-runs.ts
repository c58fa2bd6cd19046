import type { TableDef } from './schema.js'

/**
 * The latest result of a workspace-wide model run that is not a per-customer score: the
 * association rules mined on the database, a trained propensity model's metrics, the summary of a
 * scoring pass. Pages show the latest run without recomputing it; each run says when it was made
 * and with which parameters.
 */
export interface ModelRunRecord {
  /** What ran, e.g. `rules`, `predict.churn`, `predict.churn.score`. */
  readonly model: string
  /** ISO instant. */
  readonly computedAt: string
  readonly params: Readonly<Record<string, unknown>>
  /** The run's result as a JSON-compatible value. */
  readonly result: unknown
}

export interface ModelRunStore {
  /** Records a run, replacing the previous run of the same model in the workspace. */
  save(workspaceId: string, run: ModelRunRecord): Promise<void>
  /** The latest run of `model`, if any. */
  latest(workspaceId: string, model: string): Promise<ModelRunRecord | null>
}

/** The table behind `ModelRunStore`: one row per workspace and model. Added by migration 2. */
export const MODEL_RUNS_TABLE: TableDef = {
  name: 'model_runs',
  columns: [
    { name: 'workspace_id', type: 'text', notNull: true },
    { name: 'model', type: 'text', notNull: true },
    { name: 'computed_at', type: 'timestamp', notNull: true },
    { name: 'params', type: 'json', notNull: true },
    { name: 'result', type: 'json', notNull: true },
  ],
  primaryKey: ['workspace_id', 'model'],
}
