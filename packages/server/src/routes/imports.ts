import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { z } from 'zod'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { ImportFormat, ImportKind, ImportResult } from '@portrait/core'
import { recordAudit } from '@portrait/platform'
import { errorResponses, sendError, type RouteContext } from '../http.js'

export const importRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/api/v1/imports/:kind',
      {
        bodyLimit: ctx.maxUploadBytes,
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
          return sendError(reply, {
            tag: 'InvalidInput',
            message: 'send the file as the request body with Content-Type: application/octet-stream',
          })
        }
        // Uploads stream to a temporary file; they are never held in memory whole.
        const dir = mkdtempSync(join(tmpdir(), 'portrait-upload-'))
        const name = (request.query.filename ?? 'upload.csv').replace(/[/\\]/g, '_')
        const path = join(dir, name)
        try {
          await pipeline(body, createWriteStream(path))
          const r = await request.portrait.import(request.params.kind, path, {
            name,
            ...(request.query.source ? { source: request.query.source } : {}),
            ...(request.query.format ? { format: request.query.format } : {}),
          })
          if (r.ok) {
            const details = { kind: request.params.kind, ...r.value, errors: r.value.errors.length }
            await recordAudit(request.portrait, { action: 'import', target: name, details })
          }
          return r.ok ? r.value : sendError(reply, r.error)
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      },
    )
  }
