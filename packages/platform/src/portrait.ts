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
import { planMasterKey, unlockStore } from './encryption/master-key.js'

export interface OpenOptions {
  /** The DuckDB file (default engine). */
  readonly dbPath: string
  readonly workspace?: string
  /**
   * The master key that wraps the keys of personal data (32 bytes, base64 or hex), as the faces
   * read it from `PORTRAIT_MASTER_KEY`. Default: the key file beside the database.
   */
  readonly masterKey?: string
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
    /** False for a view of another workspace over a store someone else owns and closes. */
    private readonly ownsStore = true,
    /**
     * Whether a name, email or phone finds a customer (searches, lookups by identity). Off in views
     * for someone who may not read personal data, so a known e-mail tells them nothing.
     */
    readonly personalMatch = true,
  ) {}

  /**
   * The same database seen from another workspace (for a signed-in user or an API key of that
   * workspace). The view shares this store; closing it leaves the store open.
   */
  async forWorkspace(workspaceId: string): Promise<Result<Portrait, PortraitError>> {
    const known = (await this.store.auth.listWorkspaces()).some((w) => w.workspace_id === workspaceId)
    if (!known) return err(portraitError('NotFound', `no workspace '${workspaceId}'`))
    return ok(new Portrait(this.store, workspaceId, this.dataDir, await this.store.workspaceSettings(workspaceId), false))
  }

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
    const keys = planMasterKey(options.dbPath, options.masterKey)
    const store = await DuckDbStore.open({ path: options.dbPath, masterKey: keys.master })
    try {
      await store.migrate()
      await unlockStore(store, keys)
      const workspace = options.workspace ?? DEFAULT_WORKSPACE
      await store.ensureWorkspace(workspace, workspace)
      const dataDir = options.dbPath === ':memory:' ? join(process.cwd(), 'data') : dirname(store.location)
      return new Portrait(store, workspace, dataDir, await store.workspaceSettings(workspace))
    } catch (e) {
      await store.close()
      throw e
    }
  }

  /** Another object over the same workspace and store (one per HTTP request, each with its own audit actor). */
  view(options: { personalMatch?: boolean } = {}): Portrait {
    return new Portrait(this.store, this.workspaceId, this.dataDir, this.settings, false, options.personalMatch ?? this.personalMatch)
  }

  async close(): Promise<void> {
    if (this.ownsStore) await this.store.close()
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
    return this.store.listCustomers(this.workspaceId, CustomerListQuery.parse(query), { personalMatch: this.personalMatch })
  }

  /** A profile by its id or by any identity (email, phone, source id, device id). */
  async profile(key: string): Promise<Result<CustomerProfile, PortraitError>> {
    const id = await this.store.resolveCustomer(this.workspaceId, key, { personalMatch: this.personalMatch })
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
