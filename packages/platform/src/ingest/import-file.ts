import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { basename, join } from 'node:path'
import { randomUUID } from 'node:crypto'
import {
  err,
  ok,
  portraitError,
  type ImportFormat,
  type ImportKind,
  type ImportResult,
  type PortraitError,
  type Result,
} from '@portrait/core'
import type { StagedRecords, StagedTable, Store, StoreTransaction } from '@portrait/store'
import { inspectSource, readSource, SourceError, type SourceInfo, type SourceItem } from './read-source.js'
import { resolveColumns, type FieldMap, type Resolver } from './fields.js'
import { RowView, VALIDATORS, type ValidateContext } from './kinds.js'
import { resolveCustomers, type CustomerRow } from '../identity/resolve-customers.js'
import { csvCell } from '../util/csv.js'

export interface ImportOptions {
  readonly format?: ImportFormat
  /** Tags every row with where it came from (e.g. `crm`, `shop`, `store-pos`). */
  readonly source?: string
  /** canonical field → source column */
  readonly map?: FieldMap
  /** The original file name, when `path` is a temporary copy (uploads). */
  readonly name?: string
  /** Folder for quarantine files (rejected rows with their reasons). */
  readonly quarantineDir: string
  readonly onProgress?: (bytesRead: number, totalBytes: number, rows: number) => void
  /** The clock, for tests. */
  readonly now?: Date
}

const STAGED: Record<Exclude<ImportKind, 'customers'>, StagedTable> = {
  orders: 'orders',
  'order-lines': 'order_lines',
  events: 'events',
  consents: 'consents',
  feedback: 'feedback',
  costs: 'costs',
}

const BATCH = 5_000
const MAX_ERRORS_SHOWN = 100

/** Collects rejected rows: the first 100 for the report, all of them in the quarantine CSV. */
class Quarantine {
  private stream: WriteStream | null = null
  readonly shown: { line: number; reason: string }[] = []
  count = 0
  path: string | null = null
  constructor(
    private readonly dir: string,
    private readonly kind: ImportKind,
    private readonly file: string,
  ) {}

  reject(line: number, reason: string, raw: unknown): void {
    this.count++
    if (this.shown.length < MAX_ERRORS_SHOWN) this.shown.push({ line, reason })
    if (!this.stream) {
      mkdirSync(this.dir, { recursive: true })
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '')
      this.path = join(this.dir, `${this.kind}-${stamp}-${randomUUID().slice(0, 8)}.csv`)
      this.stream = createWriteStream(this.path, { encoding: 'utf-8' })
      this.stream.write(`\uFEFFfile,line,reason,row\n`)
    }
    const rawText = typeof raw === 'string' ? raw : JSON.stringify(raw)
    this.stream.write(`${[this.file, String(line), reason, rawText].map(csvCell).join(',')}\n`)
  }

  async close(): Promise<void> {
    const s = this.stream
    if (!s) return
    await new Promise<void>((resolve, reject) => s.end((e?: Error | null) => (e ? reject(e) : resolve())))
  }
}

/**
 * Imports one file of one kind into a workspace, in one transaction: a failure leaves nothing
 * behind. Every row is accounted for: imported, rejected (with its reason, in the quarantine
 * file), duplicate (already stored, or repeated in the file), or merged into an existing profile.
 */
export async function importFile(
  store: Store,
  workspaceId: string,
  kind: ImportKind,
  path: string,
  options: ImportOptions,
): Promise<Result<ImportResult, PortraitError>> {
  const now = options.now ?? new Date()
  const source = options.source?.trim() || null
  const ctx: ValidateContext = { source, now }
  const fileName = options.name ?? basename(path)
  const quarantine = new Quarantine(options.quarantineDir, kind, fileName)
  const startedAt = new Date()
  let rows = 0
  const readOptions = {
    ...(options.format ? { format: options.format } : {}),
    name: fileName,
    onProgress: (read: number, total: number) => options.onProgress?.(read, total, rows),
  }

  try {
    const result = await store.transaction(async (tx) => {
      const index = kind === 'customers' || kind === 'costs' ? null : await tx.identityIndex(workspaceId)
      const identityKey = await tx.identityKeys(workspaceId)
      const resolveId = (id: string | null): string | null => {
        if (id === null || !index) return id
        return index.get(`customer_id:${id}`) ?? index.get(`external:${id}`) ?? id
      }
      const validate = VALIDATORS[kind] as (
        row: RowView,
        c: ValidateContext,
      ) => { ok: true; record: unknown } | { ok: false; reason: string }
      // JSON records need not share their keys, so columns are resolved per distinct key set (a
      // record lacking a required field is rejected, not the file). A CSV has one header: a
      // missing column fails the file at its first row.
      const resolvers = new Map<string, Resolver | string>()
      let resolved = false
      let columnProblem: string | null = null
      const isCsv = (options.format ?? (await inspectSource(path, readOptions)).format) === 'csv'
      const customers: CustomerRow[] = []
      const deviceLinks = new Map<string, string>()
      let batch: unknown[] = []
      const table = kind === 'customers' ? null : STAGED[kind]
      const flush = async (): Promise<void> => {
        if (table && batch.length) await tx.stage(workspaceId, table, batch as StagedRecords[typeof table][])
        batch = []
      }

      const items = readSource(path, readOptions)
      let info: SourceInfo | undefined
      for (;;) {
        const next: IteratorResult<SourceItem, SourceInfo> = await items.next()
        if (next.done) {
          info = next.value
          break
        }
        const item = next.value
        rows++
        if (item.kind === 'problem') {
          quarantine.reject(item.line, item.reason, item.raw)
          continue
        }
        const keys = Object.keys(item.fields)
        const signature = keys.join('\u0000')
        let resolver = resolvers.get(signature)
        if (resolver === undefined) {
          const r = resolveColumns(kind, keys, options.map)
          resolver = r.ok ? r.value : r.message
          if (resolvers.size < 10_000) resolvers.set(signature, resolver)
        }
        if (typeof resolver === 'string') {
          if (isCsv) throw new SourceError(resolver)
          columnProblem ??= resolver
          quarantine.reject(item.line, resolver.replace(/^the file has no/, 'the record has no'), item.fields)
          continue
        }
        resolved = true
        const v = validate(new RowView(item.fields, resolver), ctx)
        if (!v.ok) {
          quarantine.reject(item.line, v.reason, item.fields)
          continue
        }
        if (kind === 'customers') {
          customers.push({ line: item.line, record: v.record as CustomerRow['record'] })
          continue
        }
        const rec = v.record as { customer_id?: string | null }
        if ('customer_id' in rec) rec.customer_id = resolveId(rec.customer_id ?? null)
        if (kind === 'events' && index) {
          const ev = v.record as StagedRecords['events']
          ev.customer_id = resolveEventCustomer(index, identityKey, ev.user_id, ev.anonymous_id)
          // A device seen with a known user: later anonymous events of that device are theirs.
          if (ev.anonymous_id && ev.customer_id && !index.has(`device:${ev.anonymous_id}`)) {
            index.set(`device:${ev.anonymous_id}`, ev.customer_id)
            deviceLinks.set(ev.anonymous_id, ev.customer_id)
          }
        }
        batch.push(v.record)
        if (batch.length >= BATCH) await flush()
      }
      await flush()
      if (!resolved && columnProblem) throw new SourceError(columnProblem)
      if (rows === 0 || (!resolved && quarantine.count === 0)) throw new SourceError(`${fileName} has no data rows`, 'EmptyInput')

      let counts: { imported: number; duplicates: number; merged: number }
      if (kind === 'customers') {
        counts = await resolveCustomers(tx, workspaceId, customers, { source, now })
      } else {
        const staged = await (tx as StoreTransaction).finishStaged(workspaceId, table as StagedTable)
        counts = { imported: staged.inserted, duplicates: staged.duplicates, merged: 0 }
        await tx.insertIdentities(
          workspaceId,
          [...deviceLinks].map(([value, customerId]) => ({
            kind: 'device',
            value,
            customer_id: customerId,
            source,
            merge_id: null,
            first_seen_at: now,
          })),
        )
      }
      await quarantine.close()
      const out: ImportResult = {
        imported: counts.imported,
        rejected: quarantine.count,
        duplicates: counts.duplicates,
        merged: counts.merged,
        quarantine: quarantine.path,
        errors: quarantine.shown,
      }
      await tx.recordImportRun(workspaceId, {
        run_id: randomUUID(),
        kind,
        file: fileName,
        format: info?.format ?? options.format ?? 'csv',
        source,
        imported: out.imported,
        rejected: out.rejected,
        duplicates: out.duplicates,
        merged: out.merged,
        quarantine: out.quarantine,
        started_at: startedAt,
        finished_at: new Date(),
      })
      return out
    })
    return ok(result)
  } catch (e) {
    await quarantine.close().catch(() => undefined)
    if (e instanceof SourceError) return err(portraitError(e.code, e.message))
    throw e
  }
}

/** An event belongs to the profile of its userId, or else to the profile its device id was seen with. */
function resolveEventCustomer(
  index: ReadonlyMap<string, string>,
  identityKey: (kind: string, value: string) => string,
  userId: string | null,
  anonymousId: string | null,
): string | null {
  if (userId)
    return (
      index.get(`customer_id:${userId}`) ??
      index.get(`external:${userId}`) ??
      index.get(`email:${identityKey('email', userId.toLowerCase())}`) ??
      userId
    )
  if (anonymousId) return index.get(`device:${anonymousId}`) ?? null
  return null
}
