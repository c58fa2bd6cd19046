import type { FastifyReply } from 'fastify'
import { ErrorBody, type ErrorTag, type PortraitError } from '@portrait/core'
import type { Portrait } from '@portrait/platform'

/**
 * What every route plugin receives. Routes work on `request.portrait`, the platform for the
 * signed-in principal's workspace; `root` is the server's own (its store, for health and sign-in).
 */
export interface RouteContext {
  readonly root: Portrait
  /** Session cookies are marked Secure (the server is reached over HTTPS). */
  readonly secureCookies: boolean
  readonly version: string
  readonly maxUploadBytes: number
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

export function sendError(reply: FastifyReply, error: PortraitError): FastifyReply {
  const body: ErrorBody = {
    error: { code: CODE[error.tag], message: error.message, ...(error.details ? { details: { ...error.details } } : {}) },
  }
  return reply.status(STATUS[error.tag]).send(body)
}

/** The error bodies a route may answer with, for its OpenAPI schema. */
export const errorResponses = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 500: ErrorBody }
