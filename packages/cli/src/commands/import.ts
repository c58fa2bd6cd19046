import type { Command } from 'commander'
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Argument, Option } from 'commander'
import cliProgress from 'cli-progress'
import { ImportFormat, ImportKind, type ImportResult } from '@portrait/core'
import { recordAudit } from '@portrait/platform'
import { CliFailure, fail, type CommandContext } from './context.js'

function formatImport(r: ImportResult): string {
  const lines = [`imported:   ${r.imported}`, `rejected:   ${r.rejected}`, `duplicates: ${r.duplicates}`, `merged:     ${r.merged}`]
  if (r.quarantine) lines.push(`quarantine: ${r.quarantine}`)
  if (r.errors.length) {
    lines.push('', 'rejected rows:')
    for (const e of r.errors.slice(0, 20)) lines.push(`  line ${e.line}: ${e.reason}`)
    if (r.rejected > 20) lines.push(`  … ${r.rejected - 20} more in the quarantine file`)
  }
  return `${lines.join('\n')}\n`
}

export function registerImportCommand(program: Command, ctx: CommandContext): void {
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
      await ctx.withPortrait(cmd, async (p) => {
        const showBar = ctx.io.isTTY && !ctx.globals(cmd).json
        const bar = showBar
          ? new cliProgress.SingleBar(
              {
                format: 'importing [{bar}] {percentage}% | {rows} rows | {eta_formatted} left',
                clearOnComplete: true,
                stream: process.stderr,
              },
              cliProgress.Presets.shades_classic,
            )
          : null
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
        if (r.ok) await recordAudit(p, { action: 'import', target: file, details: { kind, ...r.value, errors: r.value.errors.length } })
        if (!r.ok) fail(r.error)
        else ctx.out(cmd, r.value, () => formatImport(r.value))
      })
    })
}
