// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, deleteJson, getJson, onUnauthorized, patchJson, postFile, postJson, setCsrfToken, withQuery } from './client'
import { fetchSession } from './useSession'
import { customerListPath } from './useCustomers'
import { importPath } from './useImport'

afterEach(() => {
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

function stubFetch(status: number, body: string) {
  const fetchMock = vi.fn(async () => new Response(body, { status, headers: { 'Content-Type': 'application/json' } }))
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}

describe('request paths', () => {
  it('leaves out empty query values', () => {
    expect(withQuery('/api/x', { a: 'b', c: '', d: undefined, e: null, f: 0 })).toBe('/api/x?a=b&f=0')
    expect(withQuery('/api/x', {})).toBe('/api/x')
  })

  it('builds the customer list query', () => {
    expect(customerListPath({ q: ' 成都 ', limit: 20, offset: 40, sort: 'age', order: 'asc' })).toBe(
      '/api/v1/customers?q=%E6%88%90%E9%83%BD&limit=20&offset=40&sort=age&order=asc',
    )
    expect(customerListPath({ q: '', limit: 50, offset: 0, sort: 'revenue', order: 'desc' })).toBe(
      '/api/v1/customers?limit=50&offset=0&sort=revenue&order=desc',
    )
  })

  it('builds the import path with source and original file name', () => {
    expect(importPath('order-lines', 'lines 2025.csv', 'tmall')).toBe('/api/v1/imports/order-lines?source=tmall&filename=lines+2025.csv')
    expect(importPath('customers', 'a.csv', '  ')).toBe('/api/v1/imports/customers?filename=a.csv')
  })
})

describe('errors', () => {
  it('turns an error body into an ApiError', async () => {
    stubFetch(404, JSON.stringify({ error: { code: 'NOT_FOUND', message: 'customer C9 not found', details: { id: 'C9' } } }))
    const error = await getJson('/api/v1/customers/C9').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'customer C9 not found', details: { id: 'C9' } })
    expect((error as ApiError).isNotFound).toBe(true)
  })

  it('copes with an error that is not JSON', async () => {
    stubFetch(502, '<html>Bad gateway</html>')
    await expect(getJson('/api/health')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' })
  })

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    )
    const error = await getJson('/api/health').catch((e: unknown) => e)
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR' })
    expect((error as ApiError).isNetworkError).toBe(true)
  })

  it('sends files as raw bytes', async () => {
    const fetchMock = stubFetch(200, JSON.stringify({ imported: 1, rejected: 0, duplicates: 0, merged: 0, quarantine: null, errors: [] }))
    const file = new Blob(['customer_id\nC1\n'])
    await expect(postFile('/api/v1/imports/customers?filename=a.csv', file)).resolves.toMatchObject({ imported: 1 })
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(init.method).toBe('POST')
    expect(init.body).toBe(file)
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/octet-stream')
  })
})

const headersOf = (fetchMock: ReturnType<typeof stubFetch>, call = 0) =>
  (fetchMock.mock.calls[call] as unknown as [string, RequestInit])[1].headers as Record<string, string>

describe('CSRF token', () => {
  it('is sent with every unsafe request, file uploads included, and never with a GET', async () => {
    const fetchMock = stubFetch(200, '{}')
    setCsrfToken('tok-123')
    await getJson('/api/v1/customers')
    await postJson('/api/v1/segments', { name: 'x' })
    await patchJson('/api/v1/segments/s1', { name: 'y' })
    await deleteJson('/api/v1/segments/s1')
    await postFile('/api/v1/imports/customers?filename=a.csv', new Blob(['customer_id\n']))
    expect(headersOf(fetchMock, 0)['x-csrf-token']).toBeUndefined()
    for (const call of [1, 2, 3, 4]) expect(headersOf(fetchMock, call)['x-csrf-token']).toBe('tok-123')
    expect(headersOf(fetchMock, 1)['Content-Type']).toBe('application/json')
    expect(headersOf(fetchMock, 4)['Content-Type']).toBe('application/octet-stream')
    for (const [, init] of fetchMock.mock.calls as unknown as [string, RequestInit][]) expect(init.credentials).toBe('same-origin')
  })

  it('is not sent once the session is gone', async () => {
    const fetchMock = stubFetch(200, '{}')
    setCsrfToken('tok-123')
    setCsrfToken(null)
    await postJson('/api/v1/rfm', {})
    expect(headersOf(fetchMock)['x-csrf-token']).toBeUndefined()
  })

  it('comes from the session the server reports', async () => {
    const session = {
      user: { id: 'u1', email: 'ana@example.com', role: 'owner', created_at: '2026-01-01T00:00:00Z', last_sign_in_at: null },
      key: null,
      workspace: { id: 'default', name: 'default', timezone: 'UTC' },
      permissions: ['data.read'],
      csrf_token: 'from-session',
    }
    let fetchMock = stubFetch(200, JSON.stringify(session))
    await expect(fetchSession()).resolves.toMatchObject({ csrf_token: 'from-session' })
    fetchMock = stubFetch(200, '{}')
    await postJson('/api/v1/rfm', {})
    expect(headersOf(fetchMock)['x-csrf-token']).toBe('from-session')
  })
})

describe('401 answers', () => {
  const unauthorized = JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'sign in first' } })

  it('tell the listeners before the request fails, so the app can show the sign-in page', async () => {
    stubFetch(401, unauthorized)
    const seen: string[] = []
    const stop = onUnauthorized((e) => seen.push(`${e.status} ${e.code}`))
    try {
      const error = await getJson('/api/v1/customers').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ApiError)
      expect((error as ApiError).isUnauthorized).toBe(true)
      expect(seen).toEqual(['401 UNAUTHORIZED'])
      await postJson('/api/v1/rfm', {}).catch(() => undefined)
      expect(seen).toHaveLength(2)
    } finally {
      stop()
    }
    await getJson('/api/v1/customers').catch(() => undefined)
    expect(seen).toHaveLength(2)
  })

  it('do not redirect callers that handle them: the session check and the sign-in form', async () => {
    stubFetch(401, unauthorized)
    const listener = vi.fn()
    const stop = onUnauthorized(listener)
    try {
      await expect(fetchSession()).resolves.toBeNull()
      await expect(
        postJson('/api/v1/session', { email: 'a@b.cn', password: 'wrong' }, { handlesUnauthorized: true }),
      ).rejects.toMatchObject({
        status: 401,
      })
      expect(listener).not.toHaveBeenCalled()
    } finally {
      stop()
    }
  })

  it('are the only answers that do: a refused permission or CSRF token is an error on the page', async () => {
    const listener = vi.fn()
    const stop = onUnauthorized(listener)
    try {
      stubFetch(403, JSON.stringify({ error: { code: 'CSRF', message: 'missing CSRF token' } }))
      await expect(postJson('/api/v1/rfm', {})).rejects.toMatchObject({ status: 403, code: 'CSRF' })
      stubFetch(403, JSON.stringify({ error: { code: 'FORBIDDEN', message: 'needs data.write' } }))
      await expect(postJson('/api/v1/rfm', {})).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' })
      expect(listener).not.toHaveBeenCalled()
    } finally {
      stop()
    }
  })
})
