import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import type { FastifyInstance } from 'fastify'
import { Portrait, seedDemo } from '@portrait/platform'
import { buildServer, defaultWebDir, type ServerOptions } from '@portrait/server'

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
  /** A new page in the given language, recording page errors, at `path`. */
  open(path: string, lang?: Language, viewport?: Viewport): Promise<ErrorsPage>
  /** GETs `path` over HTTP and parses the JSON answer. */
  api<T>(path: string): Promise<T>
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
    await options.beforeServe?.(portrait, dir)
    app = await buildServer({ ...options.serverOptions, portrait, webDir })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const addr = app.server.address()
    if (!addr || typeof addr === 'string') throw new Error('no port')
    const base = `http://127.0.0.1:${addr.port}`
    browser = await launchBrowser()
    const b = browser
    const defaultViewport = options.viewport ?? { width: 1400, height: 900 }
    return {
      dir,
      portrait,
      app,
      base,
      browser,
      shots: SHOTS,
      open: async (path, lang = 'zh-CN', viewport = defaultViewport) => {
        const page = (await b.newPage({ viewport, locale: lang })) as ErrorsPage
        await page.addInitScript((l) => window.localStorage.setItem('portrait.language', l), lang)
        page.errors = []
        page.on('pageerror', (e) => page.errors.push(e.message))
        await page.goto(`${base}${path}`)
        return page
      },
      api: async <T>(path: string): Promise<T> => (await fetch(`${base}${path}`)).json() as Promise<T>,
      close,
    }
  } catch (e) {
    await close()
    throw e
  }
}
