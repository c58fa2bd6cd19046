import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import {
  MAX_RETENTION_DAYS,
  auditCsv,
  erasePersonalData,
  exportPersonalData,
  listAudit,
  resolveSubject,
  runRetention,
  setRetentionDays,
  kAnonymity,
  setKAnonymity,
} from '@portrait/platform'
import { CliFailure, fail, table, type CommandContext } from './context.js'

const wholeNumber =
  (flag: string, max: number) =>
  (v: string): number => {
    const n = Number(v)
    if (!/^\d+$/.test(v.trim()) || !Number.isInteger(n) || n < 1 || n > max)
      throw new CliFailure(`${flag} must be a whole number from 1 to ${max}, not '${v}'`, 2)
    return n
  }

function instant(flag: string, v: string): Date {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v)
  if (Number.isNaN(d.getTime())) throw new CliFailure(`${flag} must be a date (YYYY-MM-DD) or an ISO instant, not '${v}'`, 2)
  return d
}

function writeOut(file: string, content: string): void {
  try {
    writeFileSync(file, content)
  } catch (e) {
    throw new CliFailure(`cannot write ${file}: ${(e as Error).message}`, 2)
  }
}

/** `portrait audit`, `portrait privacy export|erase|k-anonymity`, `portrait retention`. */
export function registerPrivacyCommands(program: Command, ctx: CommandContext): void {
  program
    .command('audit')
    .description('the audit log, newest first: imports, exports, profile reads, erasures, retention runs')
    .option('--limit <n>', 'how many entries', wholeNumber('--limit', 100_000), 100)
    .option('--action <action>', 'only this action (e.g. import, privacy.erase, segment.export)')
    .option('--since <date>', 'only entries at or after this date or instant')
    .option('--csv <file>', 'also write the entries to a CSV file')
    .action(async (opts: { limit: number; action?: string; since?: string; csv?: string }, cmd: Command) => {
      const since = opts.since === undefined ? undefined : instant('--since', opts.since)
      await ctx.withPortrait(cmd, async (p) => {
        const items = await listAudit(p, {
          limit: opts.limit,
          ...(opts.action !== undefined ? { action: opts.action } : {}),
          ...(since ? { since } : {}),
        })
        if (opts.csv) writeOut(opts.csv, auditCsv(items))
        ctx.out(cmd, { items }, () => {
          const rows = items.map((e) => ({ ...e, details: e.details ? JSON.stringify(e.details) : '' }))
          return table(rows, ['at', 'actor', 'action', 'target', 'details']) + (opts.csv ? `written to ${opts.csv}\n` : '')
        })
      })
    })

  const privacy = program.command('privacy').description('data-subject requests: export or erase everything about one person')
  privacy
    .command('export')
    .description('everything stored about a person (found by id or any identity) as one JSON document')
    .argument('<customer>', 'customer id, email, phone or other identity')
    .option('--out <file>', 'write the document to this file instead of stdout')
    .action(async (key: string, opts: { out?: string }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await exportPersonalData(p, key)
        if (!r.ok) return fail(r.error)
        const json = `${JSON.stringify(r.value, null, 2)}\n`
        if (!opts.out) return ctx.io.stdout(json)
        writeOut(opts.out, json)
        ctx.out(cmd, { customer_id: r.value.customer_id, out: opts.out }, () => `exported ${r.value.customer_id} to ${opts.out}\n`)
      })
    })
  privacy
    .command('k-anonymity')
    .description('show or set the k-anonymity floor: aggregates shown without personal-data access pool groups of fewer than k people')
    .argument('[k]', 'the new floor, 1 (none) to 1000', wholeNumber('k', 1000))
    .action(async (k: number | undefined, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        if (k !== undefined) {
          const r = await setKAnonymity(p, k)
          if (!r.ok) fail(r.error)
        }
        const now = await kAnonymity(p)
        ctx.out(cmd, { k_anonymity: now }, () => `k-anonymity floor: ${now}${k !== undefined ? ' (saved)' : ''}\n`)
      })
    })
  privacy
    .command('erase')
    .description(
      'erase a person: profile, identities, events, consents, feedback, survey answers and scores deleted; ' +
        'orders kept as guest purchases; merges and audit entries redacted',
    )
    .argument('<customer>', 'customer id, email, phone or other identity')
    .option('--yes', 'confirm: erasure cannot be undone')
    .action(async (key: string, opts: { yes?: boolean }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        if (!opts.yes) {
          const id = await resolveSubject(p, key)
          if (!id.ok) return fail(id.error)
          throw new CliFailure(`erasing customer ${id.value} cannot be undone: run again with --yes to erase`, 2)
        }
        const r = await erasePersonalData(p, key)
        if (!r.ok) return fail(r.error)
        const c = r.value.counts
        ctx.out(
          cmd,
          r.value,
          () =>
            `erased; recorded as ${r.value.erasure_id}\n` +
            `  deleted:  ${c.customers} profile, ${c.identities} identities, ${c.events} events, ${c.consents} consents, ` +
            `${c.feedback} feedback, ${c.surveyResponses} survey responses, ${c.scores} scores\n` +
            `  detached: ${c.ordersDetached} orders, ${c.orderLinesDetached} order lines (kept as guest purchases)\n` +
            `  redacted: ${c.mergesRedacted} merges, ${c.auditRedacted} audit entries, ${c.modelRunsRedacted} model runs\n`,
        )
      })
    })

  program
    .command('retention')
    .description("delete raw events older than an age (default: the workspace's stored retention_days)")
    .option('--events-older-than <days>', 'the age in days', wholeNumber('--events-older-than', MAX_RETENTION_DAYS))
    .option('--as-of <date>', 'measure the age back from this date (default: now)')
    .option('--dry-run', 'only count the events that would be deleted')
    .option('--save', 'store --events-older-than as the workspace retention_days')
    .action(async (opts: { eventsOlderThan?: number; asOf?: string; dryRun?: boolean; save?: boolean }, cmd: Command) => {
      const asOf = opts.asOf === undefined ? undefined : instant('--as-of', opts.asOf)
      if (opts.save && opts.eventsOlderThan === undefined) throw new CliFailure('--save needs --events-older-than DAYS', 2)
      await ctx.withPortrait(cmd, async (p) => {
        if (opts.save && opts.eventsOlderThan !== undefined) {
          const saved = await setRetentionDays(p, opts.eventsOlderThan)
          if (!saved.ok) return fail(saved.error)
        }
        const r = await runRetention(p, {
          ...(opts.eventsOlderThan !== undefined ? { days: opts.eventsOlderThan } : {}),
          ...(asOf ? { asOf } : {}),
          dryRun: opts.dryRun ?? false,
        })
        if (!r.ok) return fail(r.error)
        const v = r.value
        ctx.out(
          cmd,
          { ...v, ...(opts.save ? { saved_retention_days: v.days } : {}) },
          () =>
            `${v.dry_run ? 'would delete' : 'deleted'} ${v.deleted} events before ${v.cutoff} (older than ${v.days} days)\n` +
            (opts.save ? `retention_days = ${v.days} stored for this workspace\n` : ''),
        )
      })
    })
}
