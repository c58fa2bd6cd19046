import type { Campaign, Context, PageInfo } from './types.js'
import { VERSION } from './version.js'

const UTM: ReadonlyArray<readonly [string, keyof Campaign]> = [
  ['utm_source', 'source'],
  ['utm_medium', 'medium'],
  ['utm_campaign', 'name'],
  ['utm_term', 'term'],
  ['utm_content', 'content'],
]

/** Segment's `context.campaign` from a query string (`?utm_source=...`); undefined when it has no `utm_*` parameter. */
export function parseCampaign(search: string): Campaign | undefined {
  const params = new URLSearchParams(search)
  let campaign: Campaign | undefined
  for (const [param, key] of UTM) {
    const value = params.get(param)
    if (value) (campaign ??= {})[key] = value
  }
  return campaign
}

/** The current page, as in Segment's `context.page` and `page` properties. The URL loses its #fragment. */
export function pageInfo(): PageInfo {
  const loc = typeof location === 'undefined' ? undefined : location
  const doc = typeof document === 'undefined' ? undefined : document
  return {
    url: loc ? (loc.href.split('#')[0] ?? '') : '',
    path: loc?.pathname ?? '',
    referrer: doc?.referrer ?? '',
    title: doc?.title ?? '',
    search: loc?.search ?? '',
  }
}

export function buildContext(): Context {
  const page = pageInfo()
  const nav = typeof navigator === 'undefined' ? undefined : navigator
  const context: Context = {
    library: { name: '@portrait/sdk', version: VERSION },
    page,
    userAgent: nav?.userAgent ?? '',
    locale: nav?.language ?? '',
  }
  try {
    const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (timezone) context.timezone = timezone
  } catch {
    // no Intl time zone support
  }
  const campaign = parseCampaign(page.search)
  if (campaign) context.campaign = campaign
  return context
}
