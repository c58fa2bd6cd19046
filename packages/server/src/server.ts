import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CustomerListQuery,
  CustomerListResponse,
  CustomerProfile,
  ErrorBody,
  HealthResponse,
  ImportFormat,
  ImportKind,
  ImportResult,
  MergeListResponse,
  OverviewStats,
  type ErrorTag,
  type PortraitError,
} from '@portrait/core'
import type { Portrait } from '@portrait/platform'

export interface ServerOptions {
  readonly portrait: Portrait
  /** The built web app (index.html and assets); omitted → API only. */
  readonly webDir?: string
  readonly version?: string
  readonly logger?: boolean
  /** The largest upload the import endpoint accepts, in bytes. */
  readonly maxUploadBytes?: number
}

/** The one place where expected failures become HTTP statuses. */
const STATUS: Record<ErrorTag, number> = {
  InvalidInput: 400,
  EmptyInput: 400,
  Unreadable: 400,
  DegenerateData: 422,
  NotConverged: 422,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  Conflict: 409,
}
const CODE: Record<ErrorTag, string> = {
  InvalidInput: 'INVALID_INPUT',
  EmptyInput: 'EMPTY_INPUT',
  Unreadable: 'UNREADABLE',
  DegenerateData: 'DEGENERATE_DATA',
  NotConverged: 'NOT_CONVERGED',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
}

function sendError(reply: FastifyReply, error: PortraitError): FastifyReply {
  const body: ErrorBody = { error: { code: CODE[error.tag], message: error.message, ...(error.details ? { details: { ...error.details } } : {}) } }
  return reply.status(STATUS[error.tag]).send(body)
}

const errorResponses = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 500: ErrorBody }

/** Builds the HTTP server: the REST API under /api, its OpenAPI document, and the web app. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { portrait } = options
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)

  // Uploads stream to a temporary file; they are never held in memory whole.
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'text/plain', 'application/x-ndjson', 'application/gzip'], (_req, payload, done) => done(null, payload))

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const message = error.validation.map((v) => `${v.instancePath ? v.instancePath.slice(1).replace(/\//g, '.') : 'request'}: ${v.message}`).join('; ')
      return reply.status(400).send({ error: { code: 'INVALID_INPUT', message } })
    }
    const status = (error as { statusCode?: number }).statusCode
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: (error as { code?: string }).code ?? 'BAD_REQUEST', message: (error as Error).message } })
    }
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error: the server log has the details' } })
  })

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Portrait API', description: 'Customer profiling platform (客户画像系统)', version: options.version ?? '0.0.0' },
      tags: [{ name: 'system' }, { name: 'customers' }, { name: 'imports' }, { name: 'identity' }, { name: 'stats' }],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  app.get('/api/health', { schema: { tags: ['system'], response: { 200: HealthResponse } } }, async () => ({
    status: 'ok' as const,
    version: options.version ?? '0.0.0',
    engine: portrait.store.engine,
    database: portrait.store.location,
    workspace: portrait.workspaceId,
    timezone: portrait.timezone,
  }))

  app.get('/api/v1/stats/overview', { schema: { tags: ['stats'], summary: 'Headline figures for the dashboard', response: { 200: OverviewStats } } }, async () =>
    portrait.overview(),
  )

  app.get(
    '/api/v1/customers',
    { schema: { tags: ['customers'], summary: 'List and search customer profiles', querystring: CustomerListQuery, response: { 200: CustomerListResponse, ...errorResponses } } },
    async (request) => portrait.listCustomers(request.query),
  )

  app.get(
    '/api/v1/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'One customer profile, found by id or by any identity (email, phone, source id)',
        params: z.object({ id: z.string().min(1).max(300) }),
        response: { 200: CustomerProfile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await portrait.profile(request.params.id)
      return r.ok ? r.value : sendError(reply, r.error)
    },
  )

  app.post(
    '/api/v1/imports/:kind',
    {
      bodyLimit: options.maxUploadBytes ?? 2 * 1024 * 1024 * 1024,
      schema: {
        tags: ['imports'],
        summary: 'Import one file (the raw bytes as the request body)',
        description: 'CSV (`,` `;` or tab), NDJSON, JSON array or Parquet, optionally gzip-compressed; UTF-8 or GBK.',
        params: z.object({ kind: ImportKind }),
        querystring: z.object({
          source: z.string().max(100).optional(),
          filename: z.string().max(300).optional(),
          format: ImportFormat.optional(),
        }),
        response: { 200: ImportResult, ...errorResponses },
      },
    },
    async (request, reply) => {
      const body = request.body as Readable | undefined
      if (!body || typeof (body as Readable).pipe !== 'function') {
        return sendError(reply, { tag: 'InvalidInput', message: 'send the file as the request body with Content-Type: application/octet-stream' })
      }
      const dir = mkdtempSync(join(tmpdir(), 'portrait-upload-'))
      const name = (request.query.filename ?? 'upload.csv').replace(/[/\\]/g, '_')
      const path = join(dir, name)
      try {
        await pipeline(body, createWriteStream(path))
        const r = await portrait.import(request.params.kind, path, {
          name,
          ...(request.query.source ? { source: request.query.source } : {}),
          ...(request.query.format ? { format: request.query.format } : {}),
        })
        return r.ok ? r.value : sendError(reply, r.error)
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  )

  app.get('/api/v1/merges', { schema: { tags: ['identity'], summary: 'Identity merges, newest first', response: { 200: MergeListResponse } } }, async () => ({
    items: await portrait.listMerges(),
  }))

  app.post(
    '/api/v1/merges/:id/undo',
    {
      schema: {
        tags: ['identity'],
        summary: 'Undo one merge: the merged profile comes back with its identities and activity',
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: z.object({ merge_id: z.string(), restored_customer_id: z.string(), kept_customer_id: z.string() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const r = await portrait.undoMerge(request.params.id)
      return r.ok ? r.value : sendError(reply, r.error)
    },
  )

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
