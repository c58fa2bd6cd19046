import stringWidth from 'string-width'
import type { Command } from 'commander'
import { DEFAULT_WORKSPACE, findWorkspace, MASTER_KEY_ENV, Portrait, setAuditActor } from '@portrait/platform'

/** The database behind a Portrait. */
type Store = Portrait['store']
import type { ErrorTag, PortraitError } from '@portrait/core'

/** Exit codes: 0 ok, 1 unexpected failure, 2 bad input or usage, 3 not found, 4 conflict. */
export const EXIT: Record<ErrorTag, number> = {
  InvalidInput: 2,
  EmptyInput: 2,
  Unreadable: 2,
  DegenerateData: 2,
  NotConverged: 1,
  Unauthorized: 2,
  Forbidden: 2,
  NotFound: 3,
  Conflict: 4,
}

/** An expected failure on its way to the user: one line on stderr and an exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message)
  }
}

export const fail = (e: PortraitError): never => {
  throw new CliFailure(e.message, EXIT[e.tag])
}

export interface CliIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly isTTY: boolean
  readonly version: string
}

export interface GlobalOptions {
  db: string
  json?: boolean
  workspace: string
}

/** What every command module gets: output in the chosen mode, and the platform for the chosen database. */
export interface CommandContext {
  readonly io: CliIO
  globals(cmd: Command): GlobalOptions
  /** Prints `json` with --json, else the text. */
  out(cmd: Command, json: unknown, text: () => string): void
  /** Opens the database of --db/--workspace for the length of `fn`. */
  withPortrait<T>(cmd: Command, fn: (p: Portrait) => Promise<T>): Promise<T>
  /** Opens the database of --db for the length of `fn`, for commands about the whole database (workspaces). */
  withStore<T>(cmd: Command, fn: (store: Store) => Promise<T>): Promise<T>
}

/** Opens a database with the master key of `PORTRAIT_MASTER_KEY`, if set (else its key file). */
export function openDatabase(dbPath: string): Promise<Portrait> {
  const masterKey = process.env[MASTER_KEY_ENV]
  return Portrait.open({ dbPath, workspace: DEFAULT_WORKSPACE, ...(masterKey ? { masterKey } : {}) })
}

/**
 * The platform for the workspace named by --workspace (its id or its name) over an open database.
 * The default workspace always exists; any other is created with `portrait workspace create`.
 */
export async function openWorkspace(root: Portrait, workspace: string): Promise<Portrait> {
  if (workspace === root.workspaceId) return root
  const found = await findWorkspace(root.store, workspace)
  if (!found) throw new CliFailure(`no workspace '${workspace}': create it with portrait workspace create --name "${workspace}"`, 3)
  const view = await root.forWorkspace(found.id)
  if (!view.ok) throw new CliFailure(view.error.message, 3)
  return view.value
}

export function commandContext(io: CliIO): CommandContext {
  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>()
  return {
    io,
    globals,
    out: (cmd, json, text) => io.stdout(globals(cmd).json ? `${JSON.stringify(json, null, 2)}\n` : text()),
    withPortrait: async (cmd, fn) => {
      const g = globals(cmd)
      const root = await openDatabase(g.db)
      try {
        const p = await openWorkspace(root, g.workspace)
        setAuditActor(p, 'cli')
        return await fn(p)
      } finally {
        await root.close()
      }
    },
    withStore: async (cmd, fn) => {
      const root = await openDatabase(globals(cmd).db)
      try {
        return await fn(root.store)
      } finally {
        await root.close()
      }
    },
  }
}

/** A plain-text table for terminal output. */
export function table(rows: readonly Record<string, unknown>[], columns: readonly string[]): string {
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
  // Widths in terminal columns: a Chinese character takes two.
  const widths = columns.map((c) => Math.min(40, Math.max(stringWidth(c), ...rows.map((r) => stringWidth(cell(r[c]))))))
  const fit = (v: string, w: number): string => {
    let out = ''
    let used = 0
    for (const ch of v) {
      const cw = stringWidth(ch)
      if (used + cw > w) break
      out += ch
      used += cw
    }
    return out + ' '.repeat(w - used)
  }
  const fmt = (vals: string[]): string =>
    vals
      .map((v, i) => fit(v, widths[i] ?? 0))
      .join('  ')
      .trimEnd()
  return (
    [fmt([...columns]), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => fmt(columns.map((c) => cell(r[c]))))].join('\n') + '\n'
  )
}
