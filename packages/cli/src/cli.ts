import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Argument, Command, CommanderError, Option } from 'commander'
import cliProgress from 'cli-progress'
import { ImportFormat, ImportKind, type ErrorTag, type ImportResult, type PortraitError } from '@portrait/core'
import { DEFAULT_WORKSPACE, Portrait, seedDemo } from '@portrait/platform'
import { buildServer, defaultWebDir } from '@portrait/server'

export const DEFAULT_DB = './data/portrait.duckdb'

/** Exit codes: 0 ok, 1 unexpected failure, 2 bad input or usage, 3 not found, 4 conflict. */
const EXIT: Record<ErrorTag, number> = {
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
const fail = (e: PortraitError): never => {
  throw new CliFailure(e.message, EXIT[e.tag])
}

export interface CliIO {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly isTTY: boolean
  readonly version: string
}

interface GlobalOptions {
  db: string
  json?: boolean
  workspace: string
}

function formatImport(r: ImportResult): string {
  const lines = [
    `imported:   ${r.imported}`,
    `rejected:   ${r.rejected}`,
    `duplicates: ${r.duplicates}`,
    `merged:     ${r.merged}`,
  ]
  if (r.quarantine) lines.push(`quarantine: ${r.quarantine}`)
  if (r.errors.length) {
    lines.push('', 'rejected rows:')
    for (const e of r.errors.slice(0, 20)) lines.push(`  line ${e.line}: ${e.reason}`)
    if (r.rejected > 20) lines.push(`  … ${r.rejected - 20} more in the quarantine file`)
  }
  return `${lines.join('\n')}\n`
}

const table = (rows: readonly Record<string, unknown>[], columns: readonly string[]): string => {
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : String(v))
  const widths = columns.map((c) => Math.min(40, Math.max(c.length, ...rows.map((r) => cell(r[c]).length))))
  const fmt = (vals: string[]): string => vals.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i] ?? 0)).join('  ').trimEnd()
  return [fmt([...columns]), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => fmt(columns.map((c) => cell(r[c]))))].join('\n') + '\n'
}

export function buildProgram(io: CliIO): Command {
  const program = new Command()
  program
    .name('portrait')
    .description('Portrait — customer profiling platform (客户画像系统)')
    .version(io.version)
    .option('--db <path>', 'the DuckDB database file', DEFAULT_DB)
    .option('--workspace <name>', 'the workspace (tenant) to work in', DEFAULT_WORKSPACE)
    .option('--json', 'machine output: one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })

  const globals = (cmd: Command): GlobalOptions => cmd.optsWithGlobals<GlobalOptions>()
  const out = (cmd: Command, json: unknown, text: () => string): void => {
    io.stdout(globals(cmd).json ? `${JSON.stringify(json, null, 2)}\n` : text())
  }
  const withPortrait = async <T>(cmd: Command, fn: (p: Portrait) => Promise<T>): Promise<T> => {
    const g = globals(cmd)
    const p = await Portrait.open({ dbPath: g.db, workspace: g.workspace })
    try {
      return await fn(p)
    } finally {
      await p.close()
    }
  }

  program
    .command('init')
    .description('create a database (with --demo: about 5,000 demo customers, 12 months of orders, events, consents, costs and feedback)')
    .option('--demo', 'load the demo data set')
    .option('--seed <n>', 'seed of the demo generator', (v) => Number.parseInt(v, 10), 42)
    .option('--customers <n>', 'number of demo customers', (v) => Number.parseInt(v, 10))
    .option('--timezone <zone>', 'the workspace time zone for reports, e.g. Asia/Shanghai (the demo uses Asia/Shanghai)')
    .action(async (opts: { demo?: boolean; seed: number; customers?: number; timezone?: string }, cmd: Command) => {
      await withPortrait(cmd, async (p) => {
        if (opts.timezone) {
          const tz = await p.setTimezone(opts.timezone)
          if (!tz.ok) fail(tz.error)
        }
        if (!opts.demo) {
          out(cmd, { database: p.store.location, workspace: p.workspaceId, timezone: p.timezone }, () => `database ready: ${p.store.location} (time zone ${p.timezone})\n`)
          return
        }
        if ((await p.countCustomers()) > 0) throw new CliFailure(`${p.store.location} already holds customers; use another --db for the demo`, 4)
        const showSteps = !globals(cmd).json
        const r = await seedDemo(p, {
          seed: opts.seed,
          ...(opts.customers ? { customers: opts.customers } : {}),
          onStep: (step, res) => {
            if (showSteps) io.stderr(`  ${step}: ${res.imported} imported, ${res.merged} merged, ${res.duplicates} duplicates, ${res.rejected} rejected\n`)
          },
        })
        const customers = await p.countCustomers()
        out(cmd, { database: p.store.location, customers, steps: r.steps.map((s) => ({ step: s.step, ...s.result })) }, () => `demo data loaded into ${p.store.location}: ${customers} customers\n`)
      })
    })

  program
    .command('import')
    .description('import a file of customers, orders, order-lines, events, consents, feedback or costs')
    .addArgument(new Argument('<kind>', 'what the file holds').choices(ImportKind.options))
    .argument('<file>', 'CSV, NDJSON, JSON array or Parquet; .gz is read directly')
    .addOption(new Option('--format <format>', 'the file format (default: from the file name)').choices(ImportFormat.options))
    .option('--source <name>', 'tag every row with its source (e.g. crm, shop, pos)')
    .option('--map <file>', 'a JSON object {"canonical_field": "SourceColumn"} for files with other headers')
    .action(async (kind: ImportKind, file: string, opts: { format?: ImportFormat; source?: string; map?: string }, cmd: Command) => {
      let map: Record<string, string> | undefined
      if (opts.map) {
        try {
          const parsed: unknown = JSON.parse(readFileSync(opts.map, 'utf-8'))
          if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
            throw new Error('it must be a JSON object of strings')
          }
          map = parsed as Record<string, string>
        } catch (e) {
          throw new CliFailure(`cannot use --map ${opts.map}: ${(e as Error).message}`, 2)
        }
      }
      if (!existsSync(file)) throw new CliFailure(`cannot read ${file}: no such file`, 2)
      await withPortrait(cmd, async (p) => {
        const showBar = io.isTTY && !globals(cmd).json
        const bar = showBar ? new cliProgress.SingleBar({ format: 'importing [{bar}] {percentage}% | {rows} rows | {eta_formatted} left', clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic) : null
        let started = false
        const r = await p.import(kind, resolve(file), {
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.source ? { source: opts.source } : {}),
          ...(map ? { map } : {}),
          onProgress: (read, total, rows) => {
            if (!bar) return
            if (!started) {
              bar.start(total, 0, { rows: 0 })
              started = true
            }
            bar.update(read, { rows })
          },
        })
        bar?.stop()
        if (!r.ok) fail(r.error)
        else out(cmd, r.value, () => formatImport(r.value))
      })
    })

  program
    .command('customers')
    .description('list customer profiles')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .option('--offset <n>', 'skip this many', (v) => Number.parseInt(v, 10), 0)
    .option('--search <text>', 'search id, name, email, phone, city')
    .option('--count', 'only count them')
    .action(async (opts: { limit: number; offset: number; search?: string; count?: boolean }, cmd: Command) => {
      await withPortrait(cmd, async (p) => {
        if (opts.count && !opts.search) {
          const n = await p.countCustomers()
          out(cmd, { count: n }, () => `${n}\n`)
          return
        }
        if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 500) throw new CliFailure('--limit must be a whole number from 1 to 500', 2)
        const r = await p.listCustomers({ limit: opts.limit, offset: opts.offset, ...(opts.search ? { q: opts.search } : {}) })
        if (opts.count) {
          out(cmd, { count: r.total }, () => `${r.total}\n`)
          return
        }
        out(cmd, r, () => table(r.items, ['customer_id', 'name', 'gender', 'age', 'city', 'orders', 'revenue', 'last_order_at']) + `(${r.items.length} of ${r.total})\n`)
      })
    })

  program
    .command('profile')
    .description('one customer profile, by id or by any identity (email, phone, source id)')
    .argument('<customer>', 'customer id, email, phone or other identity')
    .action(async (key: string, _opts: unknown, cmd: Command) => {
      await withPortrait(cmd, async (p) => {
        const r = await p.profile(key)
        if (!r.ok) return fail(r.error)
        const v = r.value
        out(cmd, v, () => {
          const lines = [`customer ${v.customer_id}`, '']
          for (const [k, val] of Object.entries(v.traits)) lines.push(`  ${k.padEnd(16)} ${typeof val === 'object' ? JSON.stringify(val) : String(val)}`)
          lines.push('', `identities: ${v.identities.map((i) => `${i.kind}:${i.value}`).join(', ')}`)
          lines.push(`orders: ${v.orders.count} (returns ${v.orders.returns}), revenue ${v.orders.revenue.toFixed(2)}, first ${v.orders.first_at ?? '-'}, last ${v.orders.last_at ?? '-'}`)
          lines.push(`events: ${v.events.count}`, `consents: ${Object.entries(v.consents).map(([k, c]) => `${k}=${c.granted ? 'yes' : 'no'}`).join(', ') || '-'}`)
          return `${lines.join('\n')}\n`
        })
      })
    })

  const merges = program.command('merges').description('identity merges: list them, undo one')
  merges
    .command('list')
    .description('list merges, newest first')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 100)
    .action(async (opts: { limit: number }, cmd: Command) => {
      await withPortrait(cmd, async (p) => {
        const items = await p.listMerges(opts.limit)
        out(cmd, { items }, () => table(items, ['merge_id', 'kept_customer_id', 'merged_customer_id', 'matched_on', 'merged_at', 'undone_at']))
      })
    })
  merges
    .command('undo')
    .description('undo one merge: the merged profile comes back with its identities and activity')
    .argument('<merge-id>')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withPortrait(cmd, async (p) => {
        const r = await p.undoMerge(id)
        if (!r.ok) return fail(r.error)
        out(cmd, r.value, () => `undone: ${r.value.restored_customer_id} is separate from ${r.value.kept_customer_id} again\n`)
      })
    })

  program
    .command('serve')
    .description('start the web app and the HTTP API')
    .option('--port <n>', 'port', (v) => Number.parseInt(v, 10), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--init-demo', 'if the database does not exist yet, create it with the demo data')
    .action(async (opts: { port: number; host: string; initDemo?: boolean }, cmd: Command) => {
      const g = globals(cmd)
      const fresh = !existsSync(g.db)
      const p = await Portrait.open({ dbPath: g.db, workspace: g.workspace })
      if (opts.initDemo && fresh) {
        io.stderr(`creating ${p.store.location} with demo data…\n`)
        await seedDemo(p, { seed: 42, onStep: (step, r) => io.stderr(`  ${step}: ${r.imported} imported, ${r.merged} merged\n`) })
      }
      const webDir = defaultWebDir()
      const app = await buildServer({ portrait: p, version: io.version, logger: false, ...(webDir ? { webDir } : {}) })
      const close = async (): Promise<void> => {
        await app.close()
        await p.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void close())
      process.once('SIGTERM', () => void close())
      await app.listen({ port: opts.port, host: opts.host })
      io.stderr(`Portrait is running on http://${opts.host}:${opts.port}  (API docs: /api/docs; database: ${p.store.location})\n`)
      if (!webDir) io.stderr('the web app is not built: run `npm run build` to serve it\n')
      await new Promise(() => undefined)
    })

  return program
}

/** Runs the CLI; returns the exit code. Expected failures print one line, never a stack trace. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0
      return 2
    }
    if (e instanceof CliFailure) {
      io.stderr(`portrait: ${e.message}\n`)
      return e.exitCode
    }
    const err = e as Error
    if (err.name === 'DatabaseLockedError' || /in use by another process/.test(err.message)) {
      io.stderr(`portrait: ${err.message}\n`)
      return 1
    }
    io.stderr(`portrait: unexpected error: ${err.message}\n`)
    if (process.env.PORTRAIT_DEBUG) io.stderr(`${err.stack ?? ''}\n`)
    return 1
  }
}
