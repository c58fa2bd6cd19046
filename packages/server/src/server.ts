import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { join, resolve } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import type { Portrait } from '@portrait/platform'
import type { RouteContext } from './http.js'
import { answerFrameworkError, DEFAULT_RATE_LIMITS, registerSecurity, type RateLimits } from './security.js'
import { systemRoutes } from './routes/system.js'
import { customerRoutes } from './routes/customers.js'
import { importRoutes } from './routes/imports.js'
import { mergeRoutes } from './routes/merges.js'
import { segmentRoutes } from './routes/segments.js'
import { evaluationRoutes } from './routes/evaluation.js'
import { rfmRoutes } from './routes/rfm.js'
import { clusterRoutes } from './routes/clusters.js'
import { clvRoutes } from './routes/clv.js'
import { rulesRoutes } from './routes/rules.js'
import { predictRoutes } from './routes/predict.js'
import { privacyRoutes } from './routes/privacy.js'
import { authRoutes } from './routes/auth.js'
import { registerAuth } from './auth.js'

export interface ServerOptions {
  readonly portrait: Portrait
  /** The built web app (index.html and assets); omitted → API only. */
  readonly webDir?: string
  readonly version?: string
  readonly logger?: boolean
  /** The largest upload the import endpoint accepts, in bytes. */
  readonly maxUploadBytes?: number
  /** Per-IP request limits; `false` turns them off (e.g. behind a proxy that limits). */
  readonly rateLimits?: RateLimits | false
  /**
   * Mark the session cookie `Secure`: browsers then send it over HTTPS only. Default: on when
   * PORTRAIT_SECURE_COOKIES=1 (set it when Portrait is served over HTTPS, directly or by a proxy).
   */
  readonly secureCookies?: boolean
  /**
   * Serve HTTPS with this certificate and key (PEM): personal data is then encrypted in transit,
   * and the session cookie is marked Secure.
   */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer }
}

/** Builds the HTTP server: the REST API under /api, its OpenAPI document, and the web app. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { portrait } = options
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: 1024 * 1024,
    frameworkErrors: answerFrameworkError,
    ...(options.tls
      ? {
          serverFactory: (handler: Parameters<typeof createHttpsServer>[1]) =>
            // Fastify drives an https.Server through the same listen/close API as an http.Server
            createHttpsServer({ cert: options.tls?.cert, key: options.tls?.key, minVersion: 'TLSv1.2' }, handler) as unknown as Server,
        }
      : {}),
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  // Uploads arrive as raw streams (see routes/imports.ts).
  app.addContentTypeParser(
    ['application/octet-stream', 'text/csv', 'text/plain', 'application/x-ndjson', 'application/gzip'],
    (_req, payload, done) => done(null, payload),
  )

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const message = error.validation
        .map((v) => `${v.instancePath ? v.instancePath.slice(1).replace(/\//g, '.') : 'request'}: ${v.message}`)
        .join('; ')
      return reply.status(400).send({ error: { code: 'INVALID_INPUT', message } })
    }
    const status = (error as { statusCode?: number }).statusCode
    if (status && status >= 400 && status < 500) {
      return reply
        .status(status)
        .send({ error: { code: (error as { code?: string }).code ?? 'BAD_REQUEST', message: (error as Error).message } })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error: the server log has the details' } })
  })

  await registerSecurity(app, options.rateLimits ?? DEFAULT_RATE_LIMITS)
  const secureCookies = options.secureCookies ?? (options.tls !== undefined || process.env.PORTRAIT_SECURE_COOKIES === '1')
  await registerAuth(app, { root: portrait, secureCookies })

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Portrait API', description: 'Customer profiling platform (客户画像系统)', version: options.version ?? '0.0.0' },
      tags: [{ name: 'system' }, { name: 'access' }, { name: 'customers' }, { name: 'imports' }, { name: 'identity' }, { name: 'stats' }],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'an API key: portrait keys create --kind read' },
          session: { type: 'apiKey', in: 'cookie', name: 'portrait_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // schemas registered with an id (e.g. the recursive SegmentRule) become components/schemas
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const ctx: RouteContext = {
    root: portrait,
    secureCookies,
    version: options.version ?? '0.0.0',
    maxUploadBytes: options.maxUploadBytes ?? 2 * 1024 * 1024 * 1024,
  }
  // One plugin per feature; a new feature registers its routes here.
  for (const routes of [
    systemRoutes,
    authRoutes,
    customerRoutes,
    importRoutes,
    mergeRoutes,
    segmentRoutes,
    evaluationRoutes,
    rfmRoutes,
    clusterRoutes,
    rulesRoutes,
    predictRoutes,
    clvRoutes,
    privacyRoutes,
  ])
    await app.register(routes(ctx))

  // Every other /api path is a JSON 404, never the web app.
  app.all('/api/*', { schema: { hide: true } }, async (request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no API route ${request.method} ${request.url.split('?')[0]}` } }),
  )

  const webDir = options.webDir ? resolve(options.webDir) : undefined
  if (webDir && existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] })
    // History fallback: the app's own paths (/customers/42, /import) load index.html.
    app.setNotFoundHandler((request, reply) => {
      if ((request.method !== 'GET' && request.method !== 'HEAD') || /\.[a-z0-9]{1,8}$/i.test(request.url.split('?')[0] ?? '')) {
        return reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'not found' } })
      }
      return reply.type('text/html').sendFile('index.html')
    })
  } else {
    app.setNotFoundHandler((_request, reply) =>
      reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'the web app is not built (run npm run build)' } }),
    )
  }
  return app
}
