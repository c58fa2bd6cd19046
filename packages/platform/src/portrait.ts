import { dirname, join } from 'node:path'
import {
  CustomerListQuery,
  err,
  ok,
  portraitError,
  type CustomerListResponse,
  type CustomerProfile,
  type ImportKind,
  type ImportResult,
  type MergeRecord,
  type OverviewStats,
  type PortraitError,
  type Result,
} from '@portrait/core'
import { DuckDbStore, type Store, type WorkspaceSettings } from '@portrait/store'
import { importFile, type ImportOptions } from './ingest/import-file.js'
import { undoMerge, type UndoResult } from './identity/merges.js'

export interface OpenOptions {
  /** The DuckDB file (default engine). */
  readonly dbPath: string
  readonly workspace?: string
}

export const DEFAULT_WORKSPACE = 'default'

/**
 * The application services over one store and one workspace. The CLI and the HTTP server are
 * thin faces over this object.
 */
export class Portrait {
  private constructor(
    readonly store: Store,
    readonly workspaceId: string,
    /** Where files that belong to the database live (quarantine files, exports). */
    readonly dataDir: string,
    private settings: WorkspaceSettings,
  ) {}

  /** The workspace's time zone: reports bucket months and days by its wall-clock time. */
  get timezone(): string {
    return this.settings.timezone ?? 'UTC'
  }

  async setTimezone(timezone: string): Promise<Result<string, PortraitError>> {
    if (!isTimeZone(timezone))
      return err(portraitError('InvalidInput', `unknown time zone '${timezone}' (use an IANA name such as Asia/Shanghai or UTC)`))
    this.settings = await this.store.updateWorkspaceSettings(this.workspaceId, { timezone })
    return ok(timezone)
  }

  static async open(options: OpenOptions): Promise<Portrait> {
    const store = await DuckDbStore.open({ path: options.dbPath })
    try {
      await store.migrate()
      const workspace = options.workspace ?? DEFAULT_WORKSPACE
      await store.ensureWorkspace(workspace, workspace)
      const dataDir = options.dbPath === ':memory:' ? join(process.cwd(), 'data') : dirname(store.location)
      return new Portrait(store, workspace, dataDir, await store.workspaceSettings(workspace))
    } catch (e) {
      await store.close()
      throw e
    }
  }

  async close(): Promise<void> {
    await this.store.close()
  }

  get quarantineDir(): string {
    return join(this.dataDir, 'quarantine')
  }

  import(kind: ImportKind, path: string, options: Omit<ImportOptions, 'quarantineDir'> = {}): Promise<Result<ImportResult, PortraitError>> {
    return importFile(this.store, this.workspaceId, kind, path, { ...options, quarantineDir: this.quarantineDir })
  }

  countCustomers(): Promise<number> {
    return this.store.countCustomers(this.workspaceId)
  }

  listCustomers(query: Partial<CustomerListQuery> = {}): Promise<CustomerListResponse> {
    return this.store.listCustomers(this.workspaceId, CustomerListQuery.parse(query))
  }

  /** A profile by its id or by any identity (email, phone, source id, device id). */
  async profile(key: string): Promise<Result<CustomerProfile, PortraitError>> {
    const id = await this.store.resolveCustomer(this.workspaceId, key)
    if (!id) return err(portraitError('NotFound', `no customer with id or identity '${key}'`))
    const profile = await this.store.getProfile(this.workspaceId, id, { timezone: this.timezone })
    return profile ? ok(profile) : err(portraitError('NotFound', `no customer ${id}`))
  }

  overview(): Promise<OverviewStats> {
    return this.store.overview(this.workspaceId, { timezone: this.timezone })
  }

  listMerges(limit?: number): Promise<MergeRecord[]> {
    return this.store.listMerges(this.workspaceId, limit)
  }

  undoMerge(mergeId: string): Promise<Result<UndoResult, PortraitError>> {
    return undoMerge(this.store, this.workspaceId, mergeId)
  }
}

/** Whether the runtime knows this IANA time zone name. */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{1,60}$/.test(name)) return false
  try {
    new Intl.DateTimeFormat('en', { timeZone: name })
    return true
  } catch {
    return false
  }
}
