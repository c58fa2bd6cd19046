import type { CSRF_HEADER, ErrorBody } from '@portrait/core'

/**
 * The header the server reads the CSRF token from. Spelled out rather than imported so the app's
 * first bundle does not carry the schema library; the type checks it against the server's contract.
 */
const CSRF_HEADER_NAME: typeof CSRF_HEADER = 'x-csrf-token'

/**
 * The one HTTP client of the web app. Server errors arrive as `{ error: { code, message, details? } }`
 * and are thrown as `ApiError`; a server that cannot be reached gives status 0 / NETWORK_ERROR.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  get isNotFound(): boolean {
    return this.status === 404
  }

  get isNetworkError(): boolean {
    return this.status === 0
  }

  /** No valid session (or it expired): the app takes the user to the sign-in page. */
  get isUnauthorized(): boolean {
    return this.status === 401
  }
}

/**
 * The CSRF token of the current session, kept in memory only (never in storage a script injected
 * into another tab could read). Set from every `SessionInfo` the server sends; null when signed out.
 */
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function currentCsrfToken(): string | null {
  return csrfToken
}

type UnauthorizedListener = (error: ApiError) => void
const unauthorizedListeners = new Set<UnauthorizedListener>()

/**
 * Called with every 401 answer (session missing or expired), before the request's promise
 * rejects, so the app can show the sign-in page instead of an error. Returns the unsubscribe.
 */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener)
  return () => {
    unauthorizedListeners.delete(listener)
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

type QueryValue = string | number | boolean | null | undefined

/** `withQuery('/api/v1/customers', { q: 'x', limit: 50 })` → `/api/v1/customers?q=x&limit=50` (empty values left out). */
export function withQuery(path: string, params: Record<string, QueryValue>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') continue
    search.set(key, String(value))
  }
  const qs = search.toString()
  return qs ? `${path}?${qs}` : path
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false
  const error = (body as { error: unknown }).error
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
}

export interface RequestOptions {
  signal?: AbortSignal
  /**
   * The caller handles a 401 itself (the session check, the sign-in form): the answer does not
   * send the user to the sign-in page.
   */
  handlesUnauthorized?: boolean
}

async function request<T>(path: string, init: RequestInit, options: RequestOptions = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase()
  const headers: Record<string, string> = { Accept: 'application/json', ...(init.headers as Record<string, string> | undefined) }
  // The server refuses unsafe requests made with the session cookie unless they carry the token.
  if (!SAFE_METHODS.has(method) && csrfToken) headers[CSRF_HEADER_NAME] = csrfToken
  let response: Response
  try {
    response = await fetch(path, {
      ...init,
      method,
      headers,
      credentials: 'same-origin',
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : String(cause))
  }
  const text = await response.text()
  let body: unknown
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
  }
  if (!response.ok) {
    const error = isErrorBody(body)
      ? new ApiError(
          response.status,
          typeof body.error.code === 'string' ? body.error.code : `HTTP_${response.status}`,
          body.error.message,
          body.error.details,
        )
      : new ApiError(response.status, `HTTP_${response.status}`, response.statusText || text.slice(0, 200))
    if (error.isUnauthorized && !options.handlesUnauthorized) {
      for (const listener of unauthorizedListeners) listener(error)
    }
    throw error
  }
  if (text && body === undefined) {
    throw new ApiError(response.status, 'INVALID_RESPONSE', text.slice(0, 200))
  }
  return body as T
}

export function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(path, { method: 'GET' }, options)
}

export function postJson<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>(
    path,
    {
      method: 'POST',
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
    },
    options,
  )
}

/** Sends a file's raw bytes as the request body. */
export function postFile<T>(path: string, file: Blob, options: RequestOptions = {}): Promise<T> {
  return request<T>(path, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } }, options)
}

export function patchJson<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  return request<T>(path, { method: 'PATCH', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }, options)
}

export function deleteJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return request<T>(path, { method: 'DELETE' }, options)
}
