// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, getJson, postFile, withQuery } from './client'
import { customerListPath } from './useCustomers'
import { importPath } from './useImport'

afterEach(() => vi.unstubAllGlobals())

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
