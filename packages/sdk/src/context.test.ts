// @vitest-environment happy-dom
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { buildContext, pageInfo, parseCampaign } from './context.js'
import { uuid } from './uuid.js'
import { VERSION } from './version.js'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('parseCampaign', () => {
  it("maps utm_* parameters to Segment's context.campaign", () => {
    expect(
      parseCampaign('?utm_source=douyin&utm_medium=cpc&utm_campaign=1111_presale&utm_term=%E5%A5%B6%E7%B2%89&utm_content=banner_a'),
    ).toEqual({ source: 'douyin', medium: 'cpc', name: '1111_presale', term: '奶粉', content: 'banner_a' })
  })
  it('keeps only the parameters present and ignores empty ones', () => {
    expect(parseCampaign('utm_source=wechat&utm_medium=&page=2')).toEqual({ source: 'wechat' })
  })
  it('is undefined without utm parameters', () => {
    expect(parseCampaign('')).toBeUndefined()
    expect(parseCampaign('?q=shoes')).toBeUndefined()
  })
})

describe('page context', () => {
  afterEach(() => {
    history.replaceState(null, '', '/')
    document.title = ''
  })

  it('describes the current page without the #fragment', () => {
    history.replaceState(null, '', '/promo/618?utm_source=xhs&utm_campaign=618#top')
    document.title = '618 大促'
    const page = pageInfo()
    expect(page.path).toBe('/promo/618')
    expect(page.search).toBe('?utm_source=xhs&utm_campaign=618')
    expect(page.url).toBe(`${location.origin}/promo/618?utm_source=xhs&utm_campaign=618`)
    expect(page.title).toBe('618 大促')
    expect(typeof page.referrer).toBe('string')
  })

  it('builds library, page, userAgent, locale and campaign', () => {
    history.replaceState(null, '', '/landing?utm_source=baidu&utm_medium=search')
    const context = buildContext()
    expect(context.library).toEqual({ name: '@portrait/sdk', version: VERSION })
    expect(context.page.path).toBe('/landing')
    expect(context.userAgent).toBe(navigator.userAgent)
    expect(context.locale).toBe(navigator.language)
    expect(context.campaign).toEqual({ source: 'baidu', medium: 'search' })
    history.replaceState(null, '', '/plain')
    expect('campaign' in buildContext()).toBe(false)
  })

  it('has the version of package.json', () => {
    const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../package.json'), 'utf8')) as { version: string }
    expect(VERSION).toBe(pkg.version)
  })
})

describe('uuid', () => {
  it('makes distinct version 4 UUIDs, also without crypto.randomUUID', () => {
    const ids = new Set(Array.from({ length: 100 }, uuid))
    expect(ids.size).toBe(100)
    for (const id of ids) expect(id).toMatch(UUID_V4)
    const original = crypto.randomUUID
    try {
      Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true, writable: true })
      expect(uuid()).toMatch(UUID_V4)
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true, writable: true })
    }
  })
})
