import { buildContext, pageInfo } from './context.js'
import { safeStore } from './store.js'
import type {
  CampaignAction,
  CampaignDetails,
  Message,
  Properties,
  Tracker,
  TrackerError,
  TrackerErrorCode,
  TrackerOptions,
} from './types.js'
import { uuid } from './uuid.js'

export const ANONYMOUS_ID_KEY = 'portrait.anonymousId'
export const USER_ID_KEY = 'portrait.userId'
/** Followed by the write key, so that trackers of two sources on one site keep separate queues. */
export const QUEUE_KEY_PREFIX = 'portrait.queue.'

/** Per request. Segment's HTTP API accepts up to 500 KB per batch. */
const MAX_BATCH_MESSAGES = 100
const MAX_BATCH_BYTES = 480_000
/** Browsers refuse `sendBeacon` / `keepalive` bodies beyond 64 KiB (in flight in total). */
const MAX_BEACON_BYTES = 60_000
const BACKOFF_BASE_MS = 1000
const BACKOFF_MAX_MS = 60_000

export const CAMPAIGN_EVENTS: Readonly<Record<CampaignAction, string>> = {
  impression: 'Campaign Impression',
  click: 'Campaign Clicked',
  conversion: 'Campaign Conversion',
}

type Timer = ReturnType<typeof setTimeout>

interface SendResult {
  ok: boolean
  retry: boolean
  status: number
  retryAfterMs?: number
}

const trackerError = (code: TrackerErrorCode, message: string, extra?: Partial<TrackerError>): TrackerError =>
  Object.assign(new Error(message), { name: 'TrackerError', code }, extra)

const utf8Length = (s: string): number => new TextEncoder().encode(s).length

/** `Basic base64(writeKey + ':')`, the write key as user name and no password (as Segment libraries send it). */
export function basicAuth(writeKey: string): string {
  return 'Basic ' + btoa(String.fromCharCode(...new TextEncoder().encode(writeKey + ':')))
}

/** How many messages from the front of `messages` fit in one request of at most `maxBytes` (at least one). */
function fit(messages: readonly Message[], maxBytes: number): number {
  let size = 64 // {"batch":[],"sentAt":"..."}
  let n = 0
  for (const m of messages) {
    size += utf8Length(JSON.stringify(m)) + 1
    if (n > 0 && (size > maxBytes || n >= MAX_BATCH_MESSAGES)) break
    n++
  }
  return n
}

const isMessage = (m: unknown): m is Message =>
  typeof m === 'object' && m !== null && typeof (m as Message).messageId === 'string' && typeof (m as Message).type === 'string'

const positive = (value: number | undefined, fallback: number, min = 1): number =>
  typeof value === 'number' && value >= min ? Math.floor(value) : fallback

const noop = (): void => {}

/** What `createTracker` returns if building the real tracker failed: accepts every call and does nothing. */
const inertTracker = (): Tracker => ({
  track: noop,
  page: noop,
  identify: noop,
  alias: noop,
  group: noop,
  flush: () => Promise.resolve(),
  reset: noop,
  anonymousId: () => '',
  userId: () => null,
  trackClicks: () => noop,
  trackCampaign: noop,
})

/**
 * A tracker that queues Segment-Spec calls and sends them in batches to `${host}/v1/batch`.
 * Neither this function nor any method of the tracker throws; errors go to `options.onError`.
 */
export function createTracker(options: TrackerOptions): Tracker {
  try {
    return build(options ?? {})
  } catch (error) {
    try {
      options?.onError?.(trackerError('internal', error instanceof Error ? error.message : String(error), { cause: error }))
    } catch {
      // ignore
    }
    return inertTracker()
  }
}

function build(opts: Partial<TrackerOptions>): Tracker {
  const { writeKey, onError } = opts

  const report = (code: TrackerErrorCode, message: string, extra?: Partial<TrackerError>): void => {
    try {
      onError?.(trackerError(code, message, extra))
    } catch {
      // a failing handler must not break the tracker
    }
  }
  const internal = (error: unknown): void => report('internal', error instanceof Error ? error.message : String(error), { cause: error })
  /** Wraps a public method: whatever happens inside, nothing is thrown to the caller. */
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => R, fallback: R) =>
    (...args: A): R => {
      try {
        return fn(...args)
      } catch (error) {
        internal(error)
        return fallback
      }
    }

  const enabled = typeof writeKey === 'string' && writeKey !== '' && typeof opts.host === 'string' && opts.host !== ''
  if (!enabled) report('config', 'createTracker needs a writeKey and a host; the tracker will not send anything')
  const host = String(opts.host ?? '').replace(/\/+$/, '')
  const endpoint = `${host}/v1/batch`
  const beaconUrl = `${endpoint}?writeKey=${encodeURIComponent(writeKey ?? '')}`
  const flushAt = positive(opts.flushAt, 20)
  const flushIntervalMs = positive(opts.flushIntervalMs, 5000, 0)
  const maxQueue = positive(opts.maxQueue, 1000)
  const maxRetries = positive(opts.maxRetries, 10, 0)
  const queueKey = QUEUE_KEY_PREFIX + (writeKey ?? '')

  const store = safeStore(opts.storage)
  const newAnonymousId = (): string => {
    const id = uuid()
    store.set(ANONYMOUS_ID_KEY, id)
    return id
  }
  let anonymousId = store.get(ANONYMOUS_ID_KEY) || newAnonymousId()
  let userId = store.get(USER_ID_KEY) || null

  // ---- queue -------------------------------------------------------------------------------------

  /** Waiting to be sent. */
  let queue: Message[] = []
  /** The batch of the request in flight; persisted with the queue until the server accepted it. */
  let inflight: Message[] = []
  let sending: Promise<void> | null = null
  let flushTimer: Timer | undefined
  let retryTimer: Timer | undefined
  let attempts = 0
  let persistQueued = false
  /** The page is being hidden or unloaded: requests use `keepalive`. */
  let hidden = false

  const persistNow = (): void => {
    persistQueued = false
    try {
      const all = inflight.concat(queue)
      if (all.length > 0) store.set(queueKey, JSON.stringify(all))
      else store.remove(queueKey)
    } catch (error) {
      internal(error)
    }
  }
  /** Writes once per burst of calls, not once per call (the queue can hold many messages). */
  const schedulePersist = (): void => {
    if (persistQueued) return
    persistQueued = true
    queueMicrotask(persistNow)
  }

  const trimQueue = (): void => {
    const excess = queue.length - maxQueue
    if (excess > 0) {
      queue.splice(0, excess)
      report('queue_overflow', `queue full (${maxQueue}): dropped the ${excess} oldest message(s)`, { dropped: excess })
    }
  }

  const maybeFlush = (): void => {
    if (retryTimer !== undefined || queue.length === 0) return
    if (queue.length >= flushAt) void flush()
    else
      flushTimer ??= setTimeout(() => {
        flushTimer = undefined
        void flush()
      }, flushIntervalMs)
  }

  const post = async (batch: Message[]): Promise<SendResult> => {
    const body = JSON.stringify({ batch, sentAt: new Date().toISOString() })
    let response: Response
    try {
      const fetchFn = opts.fetch ?? globalThis.fetch
      response = await fetchFn(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: basicAuth(writeKey ?? '') },
        body,
        keepalive: hidden && utf8Length(body) < MAX_BEACON_BYTES,
      })
    } catch {
      return { ok: false, retry: true, status: 0 } // network error (or no fetch at all)
    }
    const status = response.status
    const retryAfter = Number(response.headers?.get('Retry-After'))
    return {
      ok: status >= 200 && status < 300,
      retry: status === 429 || status >= 500,
      status,
      ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    }
  }

  const drain = async (): Promise<void> => {
    clearTimeout(flushTimer)
    clearTimeout(retryTimer) // an explicit flush does not wait for the back-off
    flushTimer = retryTimer = undefined
    while (queue.length > 0) {
      const batch = queue.splice(0, fit(queue, MAX_BATCH_BYTES))
      inflight = batch
      const result = await post(batch)
      inflight = []
      if (result.ok) attempts = 0
      else if (result.retry && ++attempts <= maxRetries) {
        queue.unshift(...batch)
        trimQueue()
        schedulePersist()
        // Exponential back-off with jitter (50-100 % of the step), capped; Retry-After is honoured up to the cap.
        const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempts - 1)) * (0.5 + Math.random() / 2)
        const delay = Math.max(step, Math.min(result.retryAfterMs ?? 0, BACKOFF_MAX_MS))
        retryTimer = setTimeout(() => {
          retryTimer = undefined
          void flush()
        }, delay)
        return
      } else {
        attempts = 0
        const what = result.status ? `HTTP ${result.status}` : 'network errors'
        if (result.retry) {
          report('retries_exhausted', `${what} after ${maxRetries} retries: dropped ${batch.length} message(s)`, {
            status: result.status,
            dropped: batch.length,
          })
        } else {
          report('rejected', `server answered ${what}: dropped ${batch.length} message(s)`, {
            status: result.status,
            dropped: batch.length,
          })
        }
      }
      schedulePersist()
    }
  }

  const flush = (): Promise<void> => {
    if (!enabled) return Promise.resolve()
    sending ??= drain().then(
      () => {
        sending = null
        maybeFlush() // messages queued while the last request was finishing
      },
      (error: unknown) => {
        // Not expected. Keep the batch; the next call or page load sends it (no immediate retry loop).
        queue.unshift(...inflight)
        inflight = []
        sending = null
        internal(error)
      },
    )
    return sending
  }

  const enqueue = (fields: Partial<Message> & Pick<Message, 'type'>): void => {
    if (!enabled) return
    let message: Message
    try {
      // A snapshot: later changes by the page to the objects it passed do not alter the queued message.
      message = JSON.parse(
        JSON.stringify({
          messageId: uuid(),
          timestamp: new Date().toISOString(),
          userId,
          anonymousId,
          context: buildContext(),
          ...fields,
        }),
      ) as Message
    } catch (error) {
      report('invalid', `${fields.type} call ignored: its data cannot be serialised as JSON`, { cause: error })
      return
    }
    queue.push(message)
    trimQueue()
    schedulePersist()
    maybeFlush()
  }

  // ---- page lifecycle ------------------------------------------------------------------------------

  /** The page may be going away: save the queue, then hand it to `sendBeacon` (or a keepalive fetch). */
  const onHide = (): void => {
    hidden = true
    persistNow()
    // During a back-off the server is failing; keep the messages for the next page load instead.
    if (!enabled || retryTimer !== undefined || queue.length === 0) return
    const nav = typeof navigator === 'undefined' ? undefined : navigator
    if (typeof nav?.sendBeacon === 'function') {
      while (queue.length > 0) {
        const n = fit(queue, MAX_BEACON_BYTES)
        let queued = false
        try {
          // A string body is sent as text/plain, which needs no CORS preflight.
          queued = nav.sendBeacon(beaconUrl, JSON.stringify({ batch: queue.slice(0, n), sentAt: new Date().toISOString() }))
        } catch {
          // fall through to fetch
        }
        if (!queued) break
        queue.splice(0, n)
      }
      persistNow()
    }
    if (queue.length > 0) void flush()
  }
  const onShow = (): void => {
    hidden = false
  }
  if (typeof window !== 'undefined' && typeof window.addEventListener === 'function') {
    window.addEventListener('pagehide', guard(onHide, undefined))
    window.addEventListener('pageshow', onShow)
  }
  if (typeof document !== 'undefined' && typeof document.addEventListener === 'function') {
    document.addEventListener(
      'visibilitychange',
      guard(() => (document.visibilityState === 'hidden' ? onHide() : onShow()), undefined),
    )
  }

  // Messages left by an earlier page.
  try {
    const raw = store.get(queueKey)
    const saved: unknown = raw ? JSON.parse(raw) : []
    if (Array.isArray(saved)) queue = saved.filter(isMessage).slice(-maxQueue)
  } catch {
    // unreadable: start empty
  }
  maybeFlush()

  // ---- public API -------------------------------------------------------------------------------------

  const idOf = (value: unknown): string | null =>
    (typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value)) ? String(value) : null

  const track = (event: string, properties?: Properties): void => {
    if (typeof event !== 'string' || event === '') return report('invalid', 'track needs an event name')
    enqueue({ type: 'track', event, properties: properties ?? {} })
  }

  return {
    track: guard(track, undefined),

    page: guard((name?: string, properties?: Properties): void => {
      if (typeof name === 'object' && name !== null) [name, properties] = [undefined, name]
      const props: Properties = { ...pageInfo(), ...(name ? { name } : {}), ...properties }
      enqueue({ type: 'page', ...(name ? { name } : {}), properties: props })
    }, undefined),

    identify: guard((id: string, traits?: Properties): void => {
      const next = idOf(id)
      if (next === null) return report('invalid', 'identify needs a user id')
      userId = next
      store.set(USER_ID_KEY, next)
      enqueue({ type: 'identify', traits: traits ?? {} })
    }, undefined),

    alias: guard((id: string, previousId?: string): void => {
      const next = idOf(id)
      if (next === null) return report('invalid', 'alias needs a user id')
      enqueue({ type: 'alias', userId: next, previousId: idOf(previousId) ?? userId ?? anonymousId })
    }, undefined),

    group: guard((groupId: string, traits?: Properties): void => {
      const id = idOf(groupId)
      if (id === null) return report('invalid', 'group needs a group id')
      enqueue({ type: 'group', groupId: id, traits: traits ?? {} })
    }, undefined),

    flush: (): Promise<void> => {
      try {
        return flush()
      } catch (error) {
        internal(error)
        return Promise.resolve()
      }
    },

    reset: guard((): void => {
      userId = null
      store.remove(USER_ID_KEY)
      anonymousId = newAnonymousId()
    }, undefined),

    anonymousId: () => anonymousId,
    userId: () => userId,

    trackClicks: guard(
      (selector: string, event: string, propertiesFromElement?: (element: Element) => Properties | undefined): (() => void) => {
        if (typeof document === 'undefined') return noop
        try {
          document.querySelector(selector) // throws on an invalid selector, here rather than on every click
        } catch {
          report('invalid', `trackClicks: invalid selector ${JSON.stringify(selector)}`)
          return noop
        }
        const listener = guard((e: Event): void => {
          const element = (e.target as Element | null)?.closest?.(selector)
          if (!element) return
          let properties: Properties | undefined
          if (propertiesFromElement) properties = propertiesFromElement(element)
          else {
            properties = { tag: element.tagName.toLowerCase() }
            if (element.id) properties['id'] = element.id
            const href = element.getAttribute('href')
            if (href) properties['href'] = href
          }
          track(event, properties)
        }, undefined)
        // Capture phase: still sees clicks whose handlers stop propagation.
        document.addEventListener('click', listener, true)
        return () => document.removeEventListener('click', listener, true)
      },
      noop,
    ),

    trackCampaign: guard((action: CampaignAction, campaign: string | CampaignDetails, properties?: Properties): void => {
      const event = CAMPAIGN_EVENTS[action]
      const c: Partial<CampaignDetails> = typeof campaign === 'string' ? { name: campaign } : (campaign ?? {})
      if (!event || !c.name) return report('invalid', 'trackCampaign needs impression, click or conversion and a campaign name')
      track(event, {
        utm_campaign: c.name,
        utm_source: c.source,
        utm_medium: c.medium,
        utm_term: c.term,
        utm_content: c.content,
        ...properties,
      })
    }, undefined),
  }
}
