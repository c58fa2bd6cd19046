export { createTracker, basicAuth, CAMPAIGN_EVENTS, ANONYMOUS_ID_KEY, USER_ID_KEY, QUEUE_KEY_PREFIX } from './tracker.js'
export { parseCampaign } from './context.js'
export { VERSION } from './version.js'
export type {
  BatchPayload,
  Campaign,
  CampaignAction,
  CampaignDetails,
  Context,
  Message,
  MessageType,
  PageInfo,
  Properties,
  Tracker,
  TrackerError,
  TrackerErrorCode,
  TrackerOptions,
} from './types.js'
