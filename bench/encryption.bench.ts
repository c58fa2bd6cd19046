/**
 * What encryption at rest costs an import. The baseline is the crypto alone, measured in the same
 * run: sealing 5,000 customer records (name, email, phone and a personal trait encrypted with
 * AES-256-GCM, three HMAC blind indexes each). The import bench loads the same number of customers
 * through the real pipeline (read, clean, identity resolution, sealing, DuckDB), so the ratio
 * Vitest prints reads as "how many times the crypto the whole import costs". Rotating the keys of
 * the 5,000-customer workspace (everything re-encrypted and re-indexed in one transaction) is
 * measured too.
 *
 * Run with `npx vitest bench --run bench/encryption.bench.ts`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, bench, describe } from 'vitest'
import { Portrait, rotateEncryptionKeys } from '@portrait/platform'
import { Vault, newWorkspaceKeys, sealCustomer, type CustomerRecord } from '@portrait/store'

const N = 5000
// A fixed folder under the ignored .tmp/, emptied first: the bench runner may end its worker
// without running hooks, and then at most one stale database is left behind.
const dir = fileURLToPath(new URL('../.tmp/bench/encryption/', import.meta.url))
rmSync(dir, { recursive: true, force: true })
mkdirSync(dir, { recursive: true })
const portrait = await Portrait.open({ dbPath: join(dir, 'bench.duckdb') })

const person = (batch: number, i: number) => ({
  id: `B${batch}-${i}`,
  name: `客户 ${batch} ${i}`,
  email: `person.${batch}.${i}@example.com`,
  phone: `13${String(batch).padStart(2, '0')}${String(i).padStart(7, '0')}`,
  address: `上海市徐汇区 ${i} 号`,
})

let batch = 0
/** A customers file of N new people (fresh ids, emails and phones, so every row is imported). */
function nextFile(): string {
  batch++
  const rows = Array.from({ length: N }, (_, i) => person(batch, i))
  const file = join(dir, `customers-${batch}.csv`)
  writeFileSync(
    file,
    `customer_id,name,email,phone,city,收货地址\n${rows.map((r) => `${r.id},${r.name},${r.email},${r.phone},上海,${r.address}`).join('\n')}\n`,
  )
  return file
}

const now = new Date('2026-01-01T00:00:00Z')
const records: CustomerRecord[] = Array.from({ length: N }, (_, i) => {
  const p = person(0, i)
  return {
    customer_id: p.id,
    name: p.name,
    email: p.email,
    phone: p.phone,
    gender: null,
    birth_date: null,
    age: null,
    age_band: null,
    income: null,
    education: null,
    occupation: null,
    city: '上海',
    city_tier: 'tier1',
    province: null,
    country: null,
    family_status: null,
    traits: { 收货地址: p.address },
    sources: [],
    created_at: now,
    updated_at: now,
  }
})
const vault = new Vault('bench', newWorkspaceKeys())

const SAMPLES = { time: 0, iterations: 10, warmupTime: 0, warmupIterations: 2 } as const

describe(`encryption at rest (${N} customers)`, () => {
  afterAll(async () => {
    await portrait.close()
    rmSync(dir, { recursive: true, force: true })
  })

  bench(
    'baseline: sealing the records alone (AES-256-GCM + HMAC blind indexes)',
    () => {
      let n = 0
      for (const r of records) if (sealCustomer(vault, r).email_bidx) n++
      if (n !== N) throw new Error('sealing lost records')
    },
    SAMPLES,
  )

  bench(
    'import: customers file through the pipeline, encrypted at the store',
    async () => {
      const r = await portrait.import('customers', nextFile())
      if (!r.ok || r.value.imported !== N) throw new Error(`import failed: ${JSON.stringify(r.ok ? r.value : r.error)}`)
    },
    SAMPLES,
  )

  bench(
    'rotate: new workspace keys, every customer re-encrypted and re-indexed',
    async () => {
      const r = await rotateEncryptionKeys(portrait)
      if (!r.ok || r.value.rows.customers < N) throw new Error('rotation failed')
    },
    { ...SAMPLES, iterations: 3, warmupIterations: 0 },
  )
})
