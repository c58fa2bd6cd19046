import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Portrait } from '../portrait.js'

/** The repository root, and the shared data sets beside it. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../../../../', import.meta.url)))
export const SHARED_DATA = resolve(REPO_ROOT, '../shared/data')

/** A fresh database in its own temporary folder; `cleanup` removes both. */
export async function tempPortrait(): Promise<{
  portrait: Portrait
  dir: string
  file: (name: string, content: string | Buffer) => string
  cleanup: () => Promise<void>
}> {
  const dir = mkdtempSync(join(tmpdir(), 'portrait-test-'))
  const portrait = await Portrait.open({ dbPath: join(dir, 'portrait.duckdb') })
  return {
    portrait,
    dir,
    file: (name, content) => {
      const p = join(dir, name)
      writeFileSync(p, content)
      return p
    },
    cleanup: async () => {
      await portrait.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
