import type { ErrorBody } from '@portrait/core'

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
}

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

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { ...init, headers: { Accept: 'application/json', ...init.headers } })
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
    if (isErrorBody(body)) {
      const { code, message, details } = body.error
      throw new ApiError(response.status, typeof code === 'string' ? code : `HTTP_${response.status}`, message, details)
    }
    throw new ApiError(response.status, `HTTP_${response.status}`, response.statusText || text.slice(0, 200))
  }
  if (text && body === undefined) {
    throw new ApiError(response.status, 'INVALID_RESPONSE', text.slice(0, 200))
  }
  return body as T
}

export function getJson<T>(path: string, options: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, { method: 'GET', signal: options.signal })
}

export function postJson<T>(path: string, body?: unknown, options: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    signal: options.signal,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  })
}

/** Sends a file's raw bytes as the request body. */
export function postFile<T>(path: string, file: Blob, options: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    signal: options.signal,
    body: file,
    headers: { 'Content-Type': 'application/octet-stream' },
  })
}

export function patchJson<T>(path: string, body: unknown, options: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, {
    method: 'PATCH',
    signal: options.signal,
    body: JSON.stringify(body),
    headers: { 'Content-Type': 'application/json' },
  })
}

export function deleteJson<T>(path: string, options: { signal?: AbortSignal } = {}): Promise<T> {
  return request<T>(path, { method: 'DELETE', signal: options.signal })
}
