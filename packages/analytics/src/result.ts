/**
 * Expected failures of the models are values, not exceptions: degenerate data, a target with one
 * class, an optimiser that did not converge. Bugs still throw.
 *
 * The shape is structurally identical to `Result` in `@portrait/core`, so platform code can pass
 * these values on unchanged.
 */
export type Result<T, E> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value })
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error })

/** A model's expected failure: `tag` is stable for programs, `message` is for people. */
export interface ModelError {
  readonly tag: 'DegenerateData' | 'InvalidInput' | 'NotConverged'
  readonly message: string
  readonly details?: Readonly<Record<string, unknown>>
}

export const modelError = (tag: ModelError['tag'], message: string, details?: Readonly<Record<string, unknown>>): ModelError =>
  details === undefined ? { tag, message } : { tag, message, details }
