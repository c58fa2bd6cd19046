/**
 * Expected failures are values. `Result` carries either the value or a tagged error; code that
 * meets a bug throws an `Error` with a `cause` instead.
 */
export type Result<T, E = PortraitError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E }

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value })
export const err = <E>(error: E): { readonly ok: false; readonly error: E } => ({ ok: false, error })

/**
 * The tags of expected failures. The server maps each tag to one HTTP status and the CLI to one
 * exit code, in one place each.
 */
export type ErrorTag =
  'InvalidInput' | 'NotFound' | 'Conflict' | 'Unreadable' | 'EmptyInput' | 'Unauthorized' | 'Forbidden' | 'DegenerateData' | 'NotConverged'

export interface PortraitError {
  readonly tag: ErrorTag
  readonly message: string
  readonly details?: Readonly<Record<string, unknown>>
}

export const portraitError = (tag: ErrorTag, message: string, details?: Readonly<Record<string, unknown>>): PortraitError =>
  details === undefined ? { tag, message } : { tag, message, details }

/** Unwraps a result whose failure would be a bug at this point. */
export function unwrap<T, E extends { message: string }>(result: Result<T, E>): T {
  if (result.ok) return result.value
  throw new Error(result.error.message, { cause: result.error })
}
