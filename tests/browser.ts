import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import type { Role } from '@portrait/core'
import { createUser, Portrait, seedDemo } from '@portrait/platform'
import { defaultWebDir, type ServerOptions } from '@portrait/server'
import { serverWithKey } from '../packages/server/src/testing.js'

/** Debian's Chromium, as the tests and CI install it. Playwright gives each launch a fresh, empty profile. */
export const CHROMIUM = process.env.PORTRAIT_CHROMIUM ?? '/usr/bin/chromium'

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) — .ci/run does this`)
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** The repository's root, and where the browser tests leave their screenshots. */
export const REPO = resolve(fileURLToPath(new URL('..', import.meta.url)))
export const SHOTS = join(REPO, '.tmp/screenshots')

/** A page that keeps the messages of the errors thrown in it. */
export type ErrorsPage = Page & { errors: string[] }
export type Language = 'zh-CN' | 'en'
export type Viewport = { width: number; height: number }

/** The password of every demo user the browser tests sign in as (`<role>@example.com`). */
export const TEST_PASSWORD = 'portrait-test-password'
export const testUserEmail = (role: Role): string => `${role}@example.com`

export interface OpenOptions {
  /** Sign the page in as this role's demo user first (default owner); null leaves it signed out. */
  readonly as?: Role | null
}

export interface DemoAppOptions {
  /** Names the temporary directory (`portrait-<name>-…`). */
  readonly name: string
  readonly seed?: number
  readonly customers?: number
  readonly endDate?: Date
  /** The default size of the pages `open` creates. */
  readonly viewport?: Viewport
  /** Runs on the seeded workspace before the server is built, with the temporary directory. */
  readonly beforeServe?: (portrait: Portrait, dir: string) => Promise<void>
  readonly serverOptions?: Partial<ServerOptions>
}

export interface DemoApp {
  readonly dir: string
  readonly portrait: Portrait
  readonly app: FastifyInstance
  /** `http://127.0.0.1:<port>` */
  readonly base: string
  readonly browser: Browser
  readonly shots: string
  /** A new page in the given language, recording page errors, signed in (as the owner unless told), at `path`. */
  open(path: string, lang?: Language, viewport?: Viewport, options?: OpenOptions): Promise<ErrorsPage>
  /** GETs `path` over HTTP with the admin API key and parses the JSON answer. */
  api<T>(path: string): Promise<T>
  /** An admin API key of the workspace, for HTTP requests made by the test itself. */
  readonly apiKey: string
  /** `{ authorization: 'Bearer <apiKey>' }` */
  readonly authHeaders: Record<string, string>
  /** Puts a role's session cookie into a page's browser context (for pages a test opens itself). */
  signIn(page: Page, role?: Role): Promise<void>
  close(): Promise<void>
}

/**
 * A seeded demo workspace in a temporary directory, served with the built web app on a free port,
 * and a browser to look at it.
 */
export async function startDemoApp(options: DemoAppOptions): Promise<DemoApp> {
  const webDir = defaultWebDir()
  if (!webDir) throw new Error('the web app is not built: npm ci (or npm run build) builds it')
  const dir = mkdtempSync(join(tmpdir(), `portrait-${options.name}-`))
  let portrait: Portrait | undefined
  let app: FastifyInstance | undefined
  let browser: Browser | undefined
  const close = async (): Promise<void> => {
    await browser?.close()
    await app?.close()
    await portrait?.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    mkdirSync(SHOTS, { recursive: true })
    portrait = await Portrait.open({ dbPath: join(dir, 'p.duckdb') })
    await seedDemo(portrait, {
      seed: options.seed ?? 7,
      customers: options.customers ?? 600,
      endDate: options.endDate ?? new Date('2026-10-31T00:00:00Z'),
    })
    for (const role of ['owner', 'admin', 'analyst', 'viewer'] as const) {
      const u = await createUser(portrait.store, portrait.workspaceId, { email: testUserEmail(role), password: TEST_PASSWORD, role })
      if (!u.ok) throw new Error(u.error.message)
    }
    await options.beforeServe?.(portrait, dir)
    // app.inject sends an admin key; the browser signs in like a person
    app = await serverWithKey({ ...options.serverOptions, portrait, webDir })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    if (!addr || typeof addr === 'string') throw new Error('no port')
    const base = `http://127.0.0.1:${addr.port}`
    const apiKey = (app as FastifyInstance & { apiKey: string }).apiKey
    const authHeaders = { authorization: `Bearer ${apiKey}` }
    // one sign-in per role, shared by the pages of the test (sign-ins are rate-limited)
    const sessions = new Map<Role, Promise<string>>()
    const sessionOf = (role: Role): Promise<string> => {
      let s = sessions.get(role)
      if (!s) {
        s = signInOverHttp(base, role)
        sessions.set(role, s)
      }
      return s
    }
    // the owner signs in before the test starts, so its sign-in is not the newest audit entry
    await sessionOf('owner')
    browser = await launchBrowser()
    const b = browser
    // the session cookie goes into the page's context, as if the user had signed in there
    const signIn = async (page: Page, role: Role = 'owner'): Promise<void> =>
      page.context().addCookies([{ name: 'portrait_session', value: await sessionOf(role), url: base }])
    const defaultViewport = options.viewport ?? { width: 1400, height: 900 }
    return {
      dir,
      portrait,
      app,
      base,
      browser,
      shots: SHOTS,
      apiKey,
      authHeaders,
      signIn,
      open: async (path, lang = 'zh-CN', viewport = defaultViewport, openOptions = {}) => {
        const page = (await b.newPage({ viewport, locale: lang })) as ErrorsPage
        const as = openOptions.as === undefined ? 'owner' : openOptions.as
        if (as) await signIn(page, as)
        await page.addInitScript((l) => window.localStorage.setItem('portrait.language', l), lang)
        page.errors = []
        page.on('pageerror', (e) => page.errors.push(e.message))
        await page.goto(`${base}${path}`)
        return page
      },
      api: async <T>(path: string): Promise<T> => (await fetch(`${base}${path}`, { headers: authHeaders })).json() as Promise<T>,
      close,
    }
  } catch (e) {
    await close()
    throw e
  }
}

/** Signs a demo user in over HTTP and returns the session cookie's value. */
async function signInOverHttp(base: string, role: Role): Promise<string> {
  const r = await fetch(`${base}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: testUserEmail(role), password: TEST_PASSWORD }),
  })
  const cookie = /portrait_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1]
  if (!r.ok || !cookie) throw new Error(`signing in as ${role} failed: ${r.status} ${await r.text()}`)
  return cookie
}
