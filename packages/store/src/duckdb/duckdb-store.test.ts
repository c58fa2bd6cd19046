import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runStoreConformance } from '../conformance.suite.js'
import { DuckDbStore, DatabaseLockedError } from './duckdb-store.js'
import { testMasterKey } from '../testing-keys.js'

runStoreConformance({
  name: 'DuckDB (file)',
  create: async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portrait-store-'))
    const store = await DuckDbStore.open({ path: join(dir, 'p.duckdb'), masterKey: testMasterKey() })
    await store.migrate()
    return {
      store,
      dispose: async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  },
})

describe('DuckDB store', () => {
  it('says clearly when another process holds the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portrait-lock-'))
    const path = join(dir, 'p.duckdb')
    const { spawn } = await import('node:child_process')
    // A second process opens the same file and holds it.
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
      import { DuckDBInstance } from '@duckdb/node-api'
      const i = await DuckDBInstance.create(${JSON.stringify(path)})
      await (await i.connect()).run('CREATE TABLE t (a INT)')
      console.log('ready')
      setTimeout(() => {}, 60000)
    `,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout?.on('data', (d: Buffer) => (String(d).includes('ready') ? resolve() : undefined))
        holder.on('exit', () => reject(new Error('holder exited')))
      })
      await expect(DuckDbStore.open({ path, masterKey: testMasterKey() })).rejects.toBeInstanceOf(DatabaseLockedError)
    } finally {
      holder.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
