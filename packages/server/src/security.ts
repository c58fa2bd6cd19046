import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'

/** API requests per minute and client IP address (the web app's static files are not counted). */
export interface RateLimits {
  /** Every route not listed below. */
  readonly perMinute: number
  /** File uploads (`POST /api/v1/imports/:kind`): each one is a full import transaction. */
  readonly importsPerMinute: number
  /** Sign-in attempts (`POST /api/v1/session`): slows down password guessing. */
  readonly signInsPerMinute: number
}

/** Generous enough for the web app (a page loads a few assets and a handful of API calls). */
export const DEFAULT_RATE_LIMITS: RateLimits = { perMinute: 600, importsPerMinute: 30, signInsPerMinute: 10 }

const IMPORT_ROUTE = '/api/v1/imports/:kind'
const SIGN_IN_ROUTE = '/api/v1/session'

/**
 * The web app's Content Security Policy: scripts and styles only from the server itself, no
 * inline scripts. Ant Design injects `<style>` elements at run time (CSS-in-JS), so inline styles
 * are allowed — styles only, never scripts. ECharts draws on canvas and exports charts as data:
 * or blob: images.
 */
export const CONTENT_SECURITY_POLICY = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // Portrait is often served over plain HTTP inside a company network; upgrading its own
  // requests to HTTPS there would break the app.
  'upgrade-insecure-requests': null,
}

/** The Swagger UI at /api/docs: as above, plus the validator badge image it links to. */
const DOCS_CONTENT_SECURITY_POLICY = {
  ...CONTENT_SECURITY_POLICY,
  'img-src': ["'self'", 'data:', 'https://validator.swagger.io'],
  'frame-ancestors': ["'self'"],
}

/**
 * Security headers (helmet) and per-IP rate limits. Must be registered before the routes: route
 * options are adjusted as routes are added. A request over the limit gets a 429 with the usual
 * JSON error body, code `RATE_LIMITED`, and a `retry-after` header.
 */
export async function registerSecurity(app: FastifyInstance, limits: RateLimits | false): Promise<void> {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/docs')) {
      // helmet's own onRoute hook, registered after this one, turns this into the route's config
      route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CONTENT_SECURITY_POLICY } }
    }
    if (limits && route.url === IMPORT_ROUTE) {
      route.config = { ...route.config, rateLimit: { max: limits.importsPerMinute, timeWindow: 60_000 } }
    } else if (limits && route.url === SIGN_IN_ROUTE && route.method === 'POST') {
      route.config = { ...route.config, rateLimit: { max: limits.signInsPerMinute, timeWindow: 60_000 } }
    } else if (!route.url.startsWith('/api')) {
      // The web app's files are not limited: a first visit loads dozens of code-split chunks,
      // and a browser with an empty cache would otherwise use up the API's allowance.
      route.config = { ...route.config, rateLimit: false }
    }
  })
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    // Strict referrer policy: customer ids in URLs never leave the site.
    referrerPolicy: { policy: 'same-origin' },
    // The app is never framed (matches frame-ancestors 'none').
    frameguard: { action: 'deny' },
  })
  if (limits) {
    await app.register(fastifyRateLimit, {
      global: true,
      max: limits.perMinute,
      timeWindow: 60_000,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`too many requests: at most ${context.max} a minute; retry in ${context.after}`), {
          statusCode: context.statusCode,
          code: 'RATE_LIMITED',
        }),
    })
  }
}

/**
 * Errors Fastify raises before routing (a URL that does not percent-decode to UTF-8, e.g.
 * `/api/v1/customers/%FF`) answered with the usual JSON error body instead of Fastify's own shape.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400)
    .header('x-content-type-options', 'nosniff')
    .send({ error: { code: 'INVALID_INPUT', message: error.message } })
}
