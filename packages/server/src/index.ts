/**
 * @module
 * The HTTP face of Portrait: the REST API (/api/v1), its OpenAPI document (/api/docs) and the
 * web app, over the platform services.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { resolve } from 'node:path'

export { buildServer, type ServerOptions } from './server.js'

/** Where the built web app is in this repository (packages/web/dist), if it has been built. */
export function defaultWebDir(): string | undefined {
  const dir = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../web/dist')
  return existsSync(resolve(dir, 'index.html')) ? dir : undefined
}
