// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest'
import {
  ANONYMOUS_ID_KEY,
  QUEUE_KEY_PREFIX,
  USER_ID_KEY,
  VERSION,
  createTracker,
  type BatchPayload,
  type Message,
  type TrackerError,
  type TrackerOptions,
} from './index.js'

const HOST = 'https://portrait.example.com'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** A Storage held in memory, so every test starts from a clean one. */
function memoryStorage(): Storage {
  const m = new Map<string, string>()
  return {
    get length() {
      return m.size
    },
    clear: () => m.clear(),
    getItem: (k: string) => m.get(k) ?? null,
    key: (i: number) => [...m.keys()][i] ?? null,
    removeItem: (k: string) => void m.delete(k),
    setItem: (k: string, v: string) => void m.set(k, String(v)),
  }
}

const response = (status: number, headers: Record<string, string> = {}): Response =>
  ({ status, ok: status >= 200 && status < 300, headers: new Headers(headers) }) as Response

type FetchMock = Mock<(url: RequestInfo | URL, init?: RequestInit) => Promise<Response>>

const initOf = (fetchMock: FetchMock, call = 0): RequestInit => fetchMock.mock.calls[call]?.[1] ?? {}

/** A fetch answering with the given statuses in turn (then 200); `'error'` rejects like a network failure. */
function fetchAnswering(...answers: Array<number | 'error'>): FetchMock {
  return vi.fn(async () => {
    const next = answers.shift() ?? 200
    if (next === 'error') throw new TypeError('Failed to fetch')
    return response(next)
  })
}

const payloadOf = (fetchMock: FetchMock, call = 0): BatchPayload => JSON.parse(String(initOf(fetchMock, call).body)) as BatchPayload
const sent = (fetchMock: FetchMock): Message[] => fetchMock.mock.calls.flatMap((_, i) => payloadOf(fetchMock, i).batch)

let keyCounter = 0
/** Trackers of earlier tests keep their page listeners; a write key per test keeps their traffic apart. */
function setup(options: Partial<TrackerOptions> = {}) {
  const fetch = (options.fetch as FetchMock | undefined) ?? fetchAnswering()
  const storage = options.storage ?? memoryStorage()
  const errors: TrackerError[] = []
  const writeKey = options.writeKey ?? `wk_test_${++keyCounter}`
  const tracker = createTracker({ host: HOST, onError: (e) => errors.push(e), ...options, writeKey, fetch, storage })
  return { tracker, fetch, storage, errors, writeKey }
}

const settle = (): Promise<void> => new Promise((resolve) => queueMicrotask(resolve))

beforeEach(() => {
  // Trackers of earlier tests react to page events too: keep happy-dom's real beacon off the network.
  vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true)
})

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  history.replaceState(null, '', '/')
})

describe('payloads', () => {
  it('sends Segment-Spec track calls in a batch to /v1/batch', async () => {
    history.replaceState(null, '', '/promo/1111?utm_source=douyin&utm_medium=cpc&utm_campaign=1111_presale&utm_term=t&utm_content=c')
    document.title = '双11 预售'
    const { tracker, fetch } = setup()
    tracker.track('Product Viewed', { sku: 'SKU-1', price: 99.5 })
    await tracker.flush()

    expect(fetch).toHaveBeenCalledTimes(1)
    const url = fetch.mock.calls[0]?.[0]
    const init = initOf(fetch)
    expect(url).toBe(`${HOST}/v1/batch`)
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    const payload = payloadOf(fetch)
    expect(payload.sentAt).toMatch(ISO)
    expect(payload.batch).toHaveLength(1)
    const m = payload.batch[0]!
    expect(m).toMatchObject({
      type: 'track',
      event: 'Product Viewed',
      properties: { sku: 'SKU-1', price: 99.5 },
      userId: null,
      anonymousId: tracker.anonymousId(),
    })
    expect(m.messageId).toMatch(UUID)
    expect(m.timestamp).toMatch(ISO)
    expect(m.context.library).toEqual({ name: '@portrait/sdk', version: VERSION })
    expect(m.context.page).toEqual({
      url: `${location.origin}/promo/1111?utm_source=douyin&utm_medium=cpc&utm_campaign=1111_presale&utm_term=t&utm_content=c`,
      path: '/promo/1111',
      referrer: document.referrer,
      title: '双11 预售',
      search: '?utm_source=douyin&utm_medium=cpc&utm_campaign=1111_presale&utm_term=t&utm_content=c',
    })
    expect(m.context.userAgent).toBe(navigator.userAgent)
    expect(m.context.locale).toBe(navigator.language)
    expect(m.context.campaign).toEqual({ source: 'douyin', medium: 'cpc', name: '1111_presale', term: 't', content: 'c' })
  })

  it('gives every call its own messageId and snapshots its properties', async () => {
    const { tracker, fetch } = setup()
    const props = { step: 1 }
    tracker.track('Checkout Step Viewed', props)
    props.step = 2
    tracker.track('Checkout Step Viewed', props)
    await tracker.flush()
    const [a, b] = sent(fetch)
    expect(a!.properties).toEqual({ step: 1 })
    expect(b!.properties).toEqual({ step: 2 })
    expect(a!.messageId).not.toBe(b!.messageId)
    expect('campaign' in a!.context).toBe(false)
  })

  it('page: name, and the page fields as properties', async () => {
    history.replaceState(null, '', '/product/SKU-9?ref=home')
    document.title = '商品详情'
    const { tracker, fetch } = setup()
    tracker.page('商品详情', { category: '母婴' })
    tracker.page()
    await tracker.flush()
    const [named, plain] = sent(fetch)
    expect(named).toMatchObject({
      type: 'page',
      name: '商品详情',
      properties: {
        name: '商品详情',
        category: '母婴',
        path: '/product/SKU-9',
        search: '?ref=home',
        title: '商品详情',
        url: `${location.origin}/product/SKU-9?ref=home`,
      },
    })
    expect('name' in plain!).toBe(false)
    expect(plain!.properties).toMatchObject({ path: '/product/SKU-9' })
  })

  it('identify, alias and group', async () => {
    const { tracker, fetch } = setup()
    const anonymousId = tracker.anonymousId()
    tracker.alias('C-1001')
    tracker.identify('C-1001', { email: 'ann@example.com', plan: 'vip' })
    tracker.group('ORG-7', { name: 'Acme' })
    tracker.track('Signed Up')
    await tracker.flush()
    const [alias, identify, group, track] = sent(fetch)
    expect(alias).toMatchObject({ type: 'alias', userId: 'C-1001', previousId: anonymousId, anonymousId })
    expect(identify).toMatchObject({ type: 'identify', userId: 'C-1001', anonymousId, traits: { email: 'ann@example.com', plan: 'vip' } })
    expect(group).toMatchObject({ type: 'group', groupId: 'ORG-7', userId: 'C-1001', traits: { name: 'Acme' } })
    expect(track).toMatchObject({ type: 'track', event: 'Signed Up', userId: 'C-1001', properties: {} })
    expect(tracker.userId()).toBe('C-1001')
  })

  it('sends the write key as the basic-auth user name', async () => {
    const { tracker, fetch } = setup({ writeKey: 'wk_live_AbC123' })
    tracker.track('x')
    await tracker.flush()
    const headers = initOf(fetch).headers as Record<string, string>
    expect(headers['Authorization']).toBe(`Basic ${btoa('wk_live_AbC123:')}`)
    expect(atob(headers['Authorization']!.slice(6))).toBe('wk_live_AbC123:')
  })

  it('strips trailing slashes from host', async () => {
    const { tracker, fetch } = setup({ host: `${HOST}/api//` })
    tracker.track('x')
    await tracker.flush()
    expect(fetch.mock.calls[0]![0]).toBe(`${HOST}/api/v1/batch`)
  })
})

describe('batching', () => {
  it('sends when flushAt messages are queued', async () => {
    const { tracker, fetch } = setup({ flushAt: 3 })
    tracker.track('a')
    tracker.track('b')
    expect(fetch).not.toHaveBeenCalled()
    tracker.track('c')
    expect(fetch).toHaveBeenCalledTimes(1)
    await tracker.flush()
    expect(payloadOf(fetch).batch.map((m) => m.event)).toEqual(['a', 'b', 'c'])
  })

  it('sends flushIntervalMs after the first queued message', async () => {
    vi.useFakeTimers()
    const { tracker, fetch } = setup({ flushIntervalMs: 5000 })
    tracker.track('a')
    await vi.advanceTimersByTimeAsync(2000)
    tracker.track('b')
    await vi.advanceTimersByTimeAsync(2999)
    expect(fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(payloadOf(fetch).batch.map((m) => m.event)).toEqual(['a', 'b'])
    // nothing queued: no timer, no request
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('flush with an empty queue sends nothing', async () => {
    const { tracker, fetch } = setup()
    await tracker.flush()
    expect(fetch).not.toHaveBeenCalled()
  })

  it('splits a large queue into batches of at most 100 messages', async () => {
    const { tracker, fetch } = setup({ flushAt: 1000 })
    for (let i = 0; i < 250; i++) tracker.track('e', { i })
    await tracker.flush()
    expect(fetch.mock.calls.map((_, i) => payloadOf(fetch, i).batch.length)).toEqual([100, 100, 50])
    expect(sent(fetch).map((m) => m.properties?.['i'])).toEqual(Array.from({ length: 250 }, (_, i) => i))
  })

  it('keeps messages queued while a request is in flight and sends them after it', async () => {
    let release: (r: Response) => void = () => {}
    const fetch: FetchMock = vi.fn((): Promise<Response> =>
      fetch.mock.calls.length === 1 ? new Promise<Response>((resolve) => (release = resolve)) : Promise.resolve(response(200)),
    )
    const { tracker } = setup({ fetch, flushAt: 1 })
    tracker.track('a')
    tracker.track('b')
    expect(fetch).toHaveBeenCalledTimes(1)
    const done = tracker.flush()
    release(response(200))
    await done
    expect(sent(fetch).map((m) => m.event)).toEqual(['a', 'b'])
  })
})

describe('retries', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })

  it('retries after a 500 with back-off, then succeeds, resending the same messages', async () => {
    const { tracker, fetch, errors, storage, writeKey } = setup({ fetch: fetchAnswering(500, 503) })
    tracker.track('Order Completed', { order_id: 'O-1' })
    await tracker.flush()
    expect(fetch).toHaveBeenCalledTimes(1)
    // first retry within 1 s, second within 2 s
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetch).toHaveBeenCalledTimes(3)
    const ids = fetch.mock.calls.map((_, i) => payloadOf(fetch, i).batch[0]!.messageId)
    expect(new Set(ids).size).toBe(1)
    expect(errors).toEqual([])
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(storage.getItem(QUEUE_KEY_PREFIX + writeKey)).toBeNull()
  })

  it('retries network errors and 429, honouring Retry-After', async () => {
    const fetch: FetchMock = vi.fn(async () => {
      const n = fetch.mock.calls.length
      if (n === 1) throw new TypeError('Failed to fetch')
      return n === 2 ? response(429, { 'Retry-After': '10' }) : response(200)
    })
    const { tracker } = setup({ fetch })
    tracker.track('a')
    await tracker.flush()
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(9000)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('does not retry a 400 and reports the dropped batch', async () => {
    const { tracker, fetch, errors } = setup({ fetch: fetchAnswering(400) })
    tracker.track('a')
    tracker.track('b')
    await tracker.flush()
    await vi.advanceTimersByTimeAsync(300_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ code: 'rejected', status: 400, dropped: 2 })
    expect(errors[0]).toBeInstanceOf(Error)
    // the queue is empty now
    await tracker.flush()
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('drops a batch after maxRetries and reports it', async () => {
    const { tracker, fetch, errors } = setup({ fetch: fetchAnswering(500, 500, 500, 500), maxRetries: 2 })
    tracker.track('a')
    await tracker.flush()
    await vi.advanceTimersByTimeAsync(300_000)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(errors).toEqual([expect.objectContaining({ code: 'retries_exhausted', status: 500, dropped: 1 })])
  })

  it('doubles the back-off up to a cap of 60 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.9999) // the longest jitter
    const { tracker, fetch } = setup({ fetch: fetchAnswering(...Array<number>(12).fill(503)), maxRetries: 20 })
    tracker.track('a')
    await tracker.flush()
    for (let i = 0; i < 6; i++) {
      await vi.advanceTimersByTimeAsync(2 ** i * 1000 - 100)
      expect(fetch).toHaveBeenCalledTimes(i + 1)
      await vi.advanceTimersByTimeAsync(100)
      expect(fetch).toHaveBeenCalledTimes(i + 2)
    }
    for (let i = 0; i < 2; i++) {
      await vi.advanceTimersByTimeAsync(59_000)
      expect(fetch).toHaveBeenCalledTimes(7 + i)
      await vi.advanceTimersByTimeAsync(1000)
      expect(fetch).toHaveBeenCalledTimes(8 + i)
    }
  })

  it('jitters the back-off between half and all of the step', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const { tracker, fetch } = setup({ fetch: fetchAnswering(500, 500) })
    tracker.track('a')
    await tracker.flush()
    await vi.advanceTimersByTimeAsync(499)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('an explicit flush does not wait for the back-off', async () => {
    const { tracker, fetch } = setup({ fetch: fetchAnswering(500) })
    tracker.track('a')
    await tracker.flush()
    await tracker.flush()
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(120_000)
    expect(fetch).toHaveBeenCalledTimes(2)
  })
})

describe('queue bound', () => {
  it('keeps at most maxQueue messages, dropping the oldest', async () => {
    const { tracker, fetch, errors } = setup({ maxQueue: 3, flushAt: 100 })
    for (const e of ['a', 'b', 'c', 'd', 'e']) tracker.track(e)
    await tracker.flush()
    expect(sent(fetch).map((m) => m.event)).toEqual(['c', 'd', 'e'])
    expect(errors.map((e) => e.code)).toEqual(['queue_overflow', 'queue_overflow'])
    expect(errors[0]!.dropped).toBe(1)
  })
})

describe('persistence', () => {
  it('persists the anonymous id and the user id', () => {
    const storage = memoryStorage()
    const first = setup({ storage }).tracker
    const anonymousId = first.anonymousId()
    expect(anonymousId).toMatch(UUID)
    expect(storage.getItem(ANONYMOUS_ID_KEY)).toBe(anonymousId)
    expect(first.userId()).toBeNull()
    first.identify('C-42')
    expect(storage.getItem(USER_ID_KEY)).toBe('C-42')

    const second = setup({ storage }).tracker
    expect(second.anonymousId()).toBe(anonymousId)
    expect(second.userId()).toBe('C-42')
  })

  it('uses window.localStorage by default', () => {
    localStorage.clear()
    const tracker = createTracker({ writeKey: 'wk_default_storage', host: HOST, fetch: fetchAnswering() })
    expect(localStorage.getItem(ANONYMOUS_ID_KEY)).toBe(tracker.anonymousId())
    localStorage.clear()
  })

  it('reset forgets the user and starts a new anonymous id', async () => {
    const { tracker, fetch, storage } = setup()
    tracker.identify('C-7')
    const before = tracker.anonymousId()
    tracker.reset()
    expect(tracker.userId()).toBeNull()
    expect(tracker.anonymousId()).not.toBe(before)
    expect(tracker.anonymousId()).toMatch(UUID)
    expect(storage.getItem(USER_ID_KEY)).toBeNull()
    expect(storage.getItem(ANONYMOUS_ID_KEY)).toBe(tracker.anonymousId())
    tracker.track('After Logout')
    await tracker.flush()
    // messages queued before reset keep their identity
    const [identify, after] = sent(fetch)
    expect(identify).toMatchObject({ userId: 'C-7', anonymousId: before })
    expect(after).toMatchObject({ userId: null, anonymousId: tracker.anonymousId() })
  })

  it('the queue survives a page reload', async () => {
    const storage = memoryStorage()
    const writeKey = 'wk_reload'
    const down = fetchAnswering('error')
    const first = setup({ storage, writeKey, fetch: down, maxRetries: 5 }).tracker
    first.track('Before Reload')
    await first.flush() // fails: kept for a retry
    first.track('Also Before Reload')
    await settle()
    expect(JSON.parse(storage.getItem(QUEUE_KEY_PREFIX + writeKey)!)).toHaveLength(2)

    const { tracker, fetch } = setup({ storage, writeKey })
    await tracker.flush()
    expect(sent(fetch).map((m) => m.event)).toEqual(['Before Reload', 'Also Before Reload'])
    await settle()
    expect(storage.getItem(QUEUE_KEY_PREFIX + writeKey)).toBeNull()
  })

  it('ignores an unreadable saved queue', async () => {
    const storage = memoryStorage()
    storage.setItem(QUEUE_KEY_PREFIX + 'wk_garbage', '{not json')
    const { tracker, fetch } = setup({ storage, writeKey: 'wk_garbage' })
    await tracker.flush()
    expect(fetch).not.toHaveBeenCalled()
    storage.setItem(QUEUE_KEY_PREFIX + 'wk_garbage2', JSON.stringify([{ nope: 1 }, 'x', null]))
    const second = setup({ storage, writeKey: 'wk_garbage2' })
    await second.tracker.flush()
    expect(second.fetch).not.toHaveBeenCalled()
  })
})

describe('never throws into the page', () => {
  const throwingStorage = (): Storage => {
    const fail = (): never => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    return { length: 0, clear: fail, getItem: fail, key: fail, removeItem: fail, setItem: fail }
  }

  it('with a throwing fetch, a throwing storage and a throwing onError', async () => {
    const fetch = vi.fn(() => {
      throw new Error('boom')
    })
    const onError = vi.fn(() => {
      throw new Error('handler boom')
    })
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    let tracker!: ReturnType<typeof createTracker>
    expect(() => {
      tracker = createTracker({ writeKey: 'wk_throwing', host: HOST, fetch, storage: throwingStorage(), onError, flushAt: 1 })
      tracker.track('a')
      tracker.track('b', cyclic)
      tracker.track(undefined as unknown as string)
      tracker.page()
      tracker.identify('C-1', { big: 10n } as unknown as Record<string, unknown>)
      tracker.identify(null as unknown as string)
      tracker.alias('C-2')
      tracker.group('G-1')
      tracker.reset()
      tracker.trackClicks('button[', 'Clicked')()
      tracker.trackClicks('button', 'Clicked')()
      tracker.trackCampaign('nonsense' as 'click', 'x')
      tracker.trackCampaign('click', null as unknown as string)
      tracker.anonymousId()
      tracker.userId()
      window.dispatchEvent(new Event('pagehide'))
    }).not.toThrow()
    await expect(tracker.flush()).resolves.toBeUndefined()
    await settle()
    expect(fetch).toHaveBeenCalled()
    expect(onError).toHaveBeenCalled()
    // identity still works for the life of the page without storage
    expect(tracker.anonymousId()).toMatch(UUID)
  })

  it('reports unusable calls through onError', async () => {
    const { tracker, fetch, errors } = setup()
    const cyclic: Record<string, unknown> = {}
    cyclic['self'] = cyclic
    tracker.track('')
    tracker.track('Bad', cyclic)
    tracker.identify('')
    await tracker.flush()
    expect(fetch).not.toHaveBeenCalled()
    expect(errors.map((e) => e.code)).toEqual(['invalid', 'invalid', 'invalid'])
  })

  it('a tracker without writeKey or host reports it and sends nothing', async () => {
    const errors: TrackerError[] = []
    const fetch = fetchAnswering()
    const tracker = createTracker({ writeKey: '', host: HOST, fetch, storage: memoryStorage(), onError: (e) => errors.push(e) })
    tracker.track('a')
    await tracker.flush()
    expect(fetch).not.toHaveBeenCalled()
    expect(errors.map((e) => e.code)).toEqual(['config'])
    expect(() => createTracker(undefined as unknown as TrackerOptions).track('a')).not.toThrow()
  })

  it('createTracker returns an inert tracker if it cannot build one', async () => {
    const errors: TrackerError[] = []
    const options = {
      host: HOST,
      onError: (e: TrackerError) => errors.push(e),
      get writeKey(): string {
        throw new Error('hostile options')
      },
    }
    let tracker!: ReturnType<typeof createTracker>
    expect(() => (tracker = createTracker(options))).not.toThrow()
    expect(errors).toEqual([expect.objectContaining({ code: 'internal', message: 'hostile options' })])
    expect(() => {
      tracker.track('a')
      tracker.page()
      tracker.identify('x')
      tracker.trackClicks('a', 'b')()
      tracker.trackCampaign('click', 'c')
      tracker.reset()
    }).not.toThrow()
    expect(tracker.userId()).toBeNull()
    await expect(tracker.flush()).resolves.toBeUndefined()
  })

  it('works when storage reads throw', async () => {
    const { tracker, fetch } = setup({ storage: throwingStorage() })
    tracker.identify('C-9')
    expect(tracker.userId()).toBe('C-9')
    tracker.track('a')
    await tracker.flush()
    expect(sent(fetch).map((m) => m.userId)).toEqual(['C-9', 'C-9'])
  })
})

describe('page hide', () => {
  const setVisibility = (state: DocumentVisibilityState): void => {
    Object.defineProperty(document, 'visibilityState', { value: state, configurable: true })
    document.dispatchEvent(new Event('visibilitychange'))
  }
  afterEach(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true })
  })

  it('sends the queue with sendBeacon on pagehide, the write key in the query', async () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true)
    const { tracker, fetch, storage, writeKey } = setup({ writeKey: 'wk beacon/1' })
    tracker.track('Add To Cart')
    tracker.track('Checkout Started')
    window.dispatchEvent(new Event('pagehide'))

    const mine = beacon.mock.calls.filter(([url]) => String(url).includes('wk%20beacon%2F1'))
    expect(mine).toHaveLength(1)
    expect(mine[0]![0]).toBe(`${HOST}/v1/batch?writeKey=wk%20beacon%2F1`)
    expect(typeof mine[0]![1]).toBe('string') // text/plain: no CORS preflight
    const payload = JSON.parse(String(mine[0]![1])) as BatchPayload
    expect(payload.sentAt).toMatch(ISO)
    expect(payload.batch.map((m) => m.event)).toEqual(['Add To Cart', 'Checkout Started'])
    expect(storage.getItem(QUEUE_KEY_PREFIX + writeKey)).toBeNull()
    await tracker.flush()
    expect(fetch).not.toHaveBeenCalled()
  })

  it('also on visibilitychange to hidden', () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true)
    const { tracker } = setup({ writeKey: 'wk_visibility' })
    tracker.track('a')
    setVisibility('hidden')
    expect(beacon.mock.calls.filter(([url]) => String(url).endsWith('wk_visibility'))).toHaveLength(1)
  })

  it('splits beacons to stay under 64 KiB', () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true)
    const { tracker } = setup({ writeKey: 'wk_big', flushAt: 1000 })
    for (let i = 0; i < 30; i++) tracker.track('Big', { blob: 'x'.repeat(5000) })
    window.dispatchEvent(new Event('pagehide'))
    const bodies = beacon.mock.calls.filter(([url]) => String(url).endsWith('wk_big')).map(([, body]) => String(body))
    expect(bodies.length).toBeGreaterThan(1)
    for (const body of bodies) expect(new TextEncoder().encode(body).length).toBeLessThan(64 * 1024)
    expect(bodies.flatMap((b) => (JSON.parse(b) as BatchPayload).batch)).toHaveLength(30)
  })

  it('falls back to a keepalive fetch when the beacon is refused', async () => {
    vi.spyOn(navigator, 'sendBeacon').mockReturnValue(false)
    const { tracker, fetch } = setup()
    tracker.track('a')
    window.dispatchEvent(new Event('pagehide'))
    await tracker.flush()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(initOf(fetch).keepalive).toBe(true)
    window.dispatchEvent(new Event('pageshow'))
    tracker.track('b')
    await tracker.flush()
    expect(initOf(fetch, 1).keepalive).toBe(false)
  })

  it('keeps the queue for the next page load while the server is failing', async () => {
    vi.useFakeTimers()
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true)
    const { tracker, storage, writeKey } = setup({ writeKey: 'wk_failing', fetch: fetchAnswering(500) })
    tracker.track('a')
    await tracker.flush()
    window.dispatchEvent(new Event('pagehide'))
    expect(beacon.mock.calls.filter(([url]) => String(url).endsWith('wk_failing'))).toHaveLength(0)
    expect(JSON.parse(storage.getItem(QUEUE_KEY_PREFIX + writeKey)!)).toHaveLength(1)
  })
})

describe('helpers', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('trackClicks: delegated, with properties from the matched element, removable', async () => {
    document.body.innerHTML = `
      <div class="card" data-sku="SKU-1"><button class="buy" data-sku="SKU-1"><span>买</span></button></div>
      <a class="nav" id="home" href="/home">首页</a>
      <p class="other">x</p>`
    const { tracker, fetch } = setup()
    const stop = tracker.trackClicks('.buy', 'Buy Clicked', (el) => ({ sku: el.getAttribute('data-sku') }))
    const stopNav = tracker.trackClicks('a.nav', 'Nav Clicked')
    // a button added later is seen too (delegation)
    document.body.insertAdjacentHTML('beforeend', '<button class="buy" data-sku="SKU-2">买</button>')
    const click = (el: Element | null): void => void el?.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    click(document.querySelector('.buy span'))
    click(document.querySelectorAll('.buy')[1] ?? null)
    click(document.querySelector('.other'))
    click(document.querySelector('a.nav'))
    stop()
    stopNav()
    click(document.querySelector('.buy'))
    await tracker.flush()
    expect(sent(fetch).map((m) => [m.event, m.properties])).toEqual([
      ['Buy Clicked', { sku: 'SKU-1' }],
      ['Buy Clicked', { sku: 'SKU-2' }],
      ['Nav Clicked', { tag: 'a', id: 'home', href: '/home' }],
    ])
  })

  it('trackClicks: a throwing extractor is reported, not thrown', async () => {
    document.body.innerHTML = '<button class="b">x</button>'
    const { tracker, fetch, errors } = setup()
    tracker.trackClicks('.b', 'B', () => {
      throw new Error('extractor')
    })
    expect(() => document.querySelector('.b')!.dispatchEvent(new MouseEvent('click', { bubbles: true }))).not.toThrow()
    await tracker.flush()
    expect(fetch).not.toHaveBeenCalled()
    expect(errors).toEqual([expect.objectContaining({ code: 'internal', message: 'extractor' })])
  })

  it('trackCampaign: impression, click and conversion events with utm properties', async () => {
    const { tracker, fetch } = setup()
    tracker.trackCampaign('impression', '1111_presale', { position: 'hero' })
    tracker.trackCampaign('click', { name: '1111_presale', source: 'douyin', medium: 'cpc', content: 'banner_a' })
    tracker.trackCampaign('conversion', '1111_presale', { order_id: 'O-9', revenue: 299 })
    await tracker.flush()
    expect(sent(fetch).map((m) => [m.event, m.properties])).toEqual([
      ['Campaign Impression', { utm_campaign: '1111_presale', position: 'hero' }],
      ['Campaign Clicked', { utm_campaign: '1111_presale', utm_source: 'douyin', utm_medium: 'cpc', utm_content: 'banner_a' }],
      ['Campaign Conversion', { utm_campaign: '1111_presale', order_id: 'O-9', revenue: 299 }],
    ])
  })
})
