/** Free-form event properties or user / group traits. Values must be JSON-serialisable. */
export type Properties = Record<string, unknown>

export type MessageType = 'track' | 'page' | 'identify' | 'alias' | 'group'

/** Segment's `context.campaign`, parsed from the `utm_*` parameters of the page URL. */
export interface Campaign {
  source?: string
  medium?: string
  name?: string
  term?: string
  content?: string
}

export interface PageInfo {
  url: string
  path: string
  referrer: string
  title: string
  search: string
}

export interface Context {
  library: { name: string; version: string }
  page: PageInfo
  userAgent: string
  locale: string
  timezone?: string
  campaign?: Campaign
}

/** One Segment-Spec call as it is queued and sent in `batch`. */
export interface Message {
  type: MessageType
  messageId: string
  timestamp: string
  anonymousId: string
  userId: string | null
  context: Context
  /** `track` */
  event?: string
  /** `page` */
  name?: string
  /** `track`, `page` */
  properties?: Properties
  /** `identify`, `group` */
  traits?: Properties
  /** `alias` */
  previousId?: string
  /** `group` */
  groupId?: string
}

/** The body POSTed to `${host}/v1/batch`. */
export interface BatchPayload {
  batch: Message[]
  sentAt: string
}

export type TrackerErrorCode =
  /** `createTracker` was called without a usable `writeKey` or `host`; the tracker does nothing. */
  | 'config'
  /** A call was ignored because its arguments were unusable (no event name, properties that are not JSON, ...). */
  | 'invalid'
  /** The server answered 4xx (other than 429): the batch was dropped. */
  | 'rejected'
  /** Network errors / 5xx / 429 persisted beyond `maxRetries`: the batch was dropped. */
  | 'retries_exhausted'
  /** The queue was full: the oldest message was dropped. */
  | 'queue_overflow'
  /** Anything else that went wrong inside the tracker. */
  | 'internal'

export interface TrackerError extends Error {
  code: TrackerErrorCode
  /** HTTP status for `rejected` and for `retries_exhausted` after an HTTP error. */
  status?: number
  /** How many messages were lost. */
  dropped?: number
}

export interface TrackerOptions {
  /** The source's write key; sent as the HTTP basic-auth user name. */
  writeKey: string
  /** Base URL of the Portrait server; messages go to `${host}/v1/batch`. */
  host: string
  /** Send as soon as this many messages are queued. Default 20. */
  flushAt?: number
  /** Send queued messages at most this long after the first one was queued. Default 5000 ms. */
  flushIntervalMs?: number
  /** At most this many messages wait in the queue; the oldest are dropped beyond it. Default 1000. */
  maxQueue?: number
  /** Retries of one batch after network errors, 5xx and 429 before it is dropped. Default 10. */
  maxRetries?: number
  /** Where the anonymous id, user id and unsent queue are kept. Default `window.localStorage`. */
  storage?: Storage
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch
  /** Receives every internal error. Without it errors are swallowed. */
  onError?: (error: TrackerError) => void
}

/** Details of a marketing campaign for `trackCampaign`; sent as `utm_*` properties. */
export interface CampaignDetails {
  /** The campaign code, as in `utm_campaign`. */
  name: string
  source?: string
  medium?: string
  term?: string
  content?: string
}

export type CampaignAction = 'impression' | 'click' | 'conversion'

export interface Tracker {
  track(event: string, properties?: Properties): void
  page(name?: string, properties?: Properties): void
  identify(userId: string, traits?: Properties): void
  alias(userId: string, previousId?: string): void
  group(groupId: string, traits?: Properties): void
  /** Sends everything queued now. Never rejects. */
  flush(): Promise<void>
  /** Forgets the user id and starts a new anonymous id (call it on log-out). Queued messages are kept. */
  reset(): void
  anonymousId(): string
  userId(): string | null
  /**
   * Tracks clicks on elements matching `selector` (one delegated listener on `document`).
   * Returns a function that removes the listener.
   */
  trackClicks(selector: string, event: string, propertiesFromElement?: (element: Element) => Properties | undefined): () => void
  /** `Campaign Impression`, `Campaign Clicked` or `Campaign Conversion`. */
  trackCampaign(action: CampaignAction, campaign: string | CampaignDetails, properties?: Properties): void
}
