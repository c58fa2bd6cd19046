import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { SEGMENT_BASES, describeRule, type RuleExplanation, type Segment, type SegmentBasis } from '@portrait/core'
import {
  countRule,
  createSegment,
  deleteSegment,
  explainSegment,
  exportSegmentMembers,
  getSegment,
  listSegments,
  segmentMembers,
  segmentSnapshots,
  segmentTemplates,
  updateSegment,
} from '@portrait/platform'
import { CliFailure, fail, table, type CommandContext } from './context.js'

/**
 * The `segment` command group; other segment commands (evaluation) add their subcommands to the
 * same group through this function.
 */
export function segmentCommandGroup(program: Command): Command {
  return (
    program.commands.find((c) => c.name() === 'segment') ??
    program.command('segment').description('segments: rule-based groups of customers (see docs/segments.md)')
  )
}

/** Reads a rule file (a rule, or {"version": 1, "rule": …}); unreadable files and bad JSON exit 2. */
function readRuleFile(path: string): unknown {
  let text: string
  try {
    text = readFileSync(path, 'utf-8')
  } catch (e) {
    throw new CliFailure(`cannot read the rule file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 2)
  }
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw new CliFailure(`the rule file ${path} is not JSON: ${(e as Error).message}`, 2)
  }
}

const basisOption = (v: string): SegmentBasis => {
  if (!(SEGMENT_BASES as readonly string[]).includes(v)) throw new CliFailure(`--basis must be one of ${SEGMENT_BASES.join(', ')}`, 2)
  return v as SegmentBasis
}

const wholeNumber =
  (name: string, min: number, max: number) =>
  (v: string): number => {
    const n = Number(v)
    if (!Number.isInteger(n) || n < min || n > max) throw new CliFailure(`${name} must be a whole number from ${min} to ${max}`, 2)
    return n
  }

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`
const amount = (x: number): string => x.toFixed(2)

function segmentText(s: Segment): string {
  return (
    [
      `segment ${s.id}: ${s.name}`,
      s.description ? `  ${s.description}` : '',
      `  basis:    ${s.basis ?? '-'}`,
      `  size:     ${s.size} of ${s.customers} customers (${percent(s.share)})`,
      `  revenue:  ${amount(s.revenue)}`,
      `  rule:     ${describeRule(s.rule)}`,
      `  updated:  ${s.updated_at}`,
      '',
      JSON.stringify(s.rule, null, 2),
    ]
      .filter((l) => l !== '')
      .join('\n') + '\n'
  )
}

function explanationText(e: RuleExplanation, depth = 0): string[] {
  const pad = '  '.repeat(depth)
  const mark = e.met ? '✓' : '✗'
  const actual = (): string => (e.actual === undefined ? '' : `  (actual: ${e.actual === null ? 'none' : JSON.stringify(e.actual)})`)
  switch (e.kind) {
    case 'and':
    case 'or': {
      const children = e.children ?? []
      if (children.length === 1) return explanationText(children[0] as RuleExplanation, depth)
      return [`${pad}${mark} ${e.kind === 'and' ? 'all of' : 'any of'}:`, ...children.flatMap((c) => explanationText(c, depth + 1))]
    }
    case 'not':
      return [`${pad}${mark} not:`, ...(e.children ?? []).flatMap((c) => explanationText(c, depth + 1))]
    case 'segment':
      return [
        `${pad}${mark} in segment ${e.segment?.id ?? ''} (${e.segment?.name ?? ''}):`,
        ...(e.children ?? []).flatMap((c) => explanationText(c, depth + 1)),
      ]
    default:
      return [`${pad}${mark} ${e.description}${actual()}`]
  }
}

export function registerSegmentCommands(program: Command, ctx: CommandContext): void {
  const segment = segmentCommandGroup(program)

  segment
    .command('create')
    .description('save a segment from a rule file')
    .requiredOption('--name <name>', 'the segment name')
    .requiredOption('--rule <file>', 'the rule as JSON (see docs/segments.md)')
    .option('--description <text>', 'what the segment is for')
    .option('--basis <basis>', `segmentation basis: ${SEGMENT_BASES.join(' | ')}`, basisOption)
    .option('--id <id>', 'an id of your choice (default: from the name)')
    .action(async (opts: { name: string; rule: string; description?: string; basis?: SegmentBasis; id?: string }, cmd: Command) => {
      const rule = readRuleFile(opts.rule)
      await ctx.withPortrait(cmd, async (p) => {
        const r = await createSegment(p, {
          name: opts.name,
          rule,
          ...(opts.description !== undefined ? { description: opts.description } : {}),
          ...(opts.basis ? { basis: opts.basis } : {}),
          ...(opts.id ? { id: opts.id } : {}),
        })
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () => `created ${r.value.id}: ${r.value.size} members (${percent(r.value.share)})\n`)
      })
    })

  segment
    .command('edit')
    .description("change a segment's name, description, basis or rule")
    .argument('<id>')
    .option('--name <name>')
    .option('--rule <file>', 'a new rule as JSON')
    .option('--description <text>', 'a new description ("" clears it)')
    .option('--basis <basis>', `segmentation basis: ${SEGMENT_BASES.join(' | ')}`, basisOption)
    .action(async (id: string, opts: { name?: string; rule?: string; description?: string; basis?: SegmentBasis }, cmd: Command) => {
      if (opts.name === undefined && opts.rule === undefined && opts.description === undefined && opts.basis === undefined)
        throw new CliFailure('nothing to change: give --name, --rule, --description or --basis', 2)
      const rule = opts.rule === undefined ? undefined : readRuleFile(opts.rule)
      await ctx.withPortrait(cmd, async (p) => {
        const r = await updateSegment(p, id, {
          ...(opts.name !== undefined ? { name: opts.name } : {}),
          ...(rule !== undefined ? { rule } : {}),
          ...(opts.description !== undefined ? { description: opts.description || null } : {}),
          ...(opts.basis ? { basis: opts.basis } : {}),
        })
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () => `updated ${r.value.id}: ${r.value.size} members (${percent(r.value.share)})\n`)
      })
    })

  segment
    .command('delete')
    .description('delete a segment and its snapshots')
    .argument('<id>')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await deleteSegment(p, id)
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () => `deleted ${id}\n`)
      })
    })

  segment
    .command('list')
    .description('every segment with its size, share and revenue now')
    .action(async (_opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await listSegments(p)
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () =>
          r.value.items.length === 0
            ? 'no segments yet: portrait segment create --name N --rule RULE.json\n'
            : table(
                r.value.items.map((s) => ({ ...s, basis: s.basis ?? '-', share: percent(s.share), revenue: amount(s.revenue) })),
                ['id', 'name', 'basis', 'size', 'share', 'revenue'],
              ) + `(${r.value.items.length} segments, ${r.value.customers} customers)\n`,
        )
      })
    })

  segment
    .command('show')
    .description('one segment: its rule, size, share and revenue now')
    .argument('<id>')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await getSegment(p, id)
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () => segmentText(r.value))
      })
    })

  segment
    .command('members')
    .description("a segment's members (the customer list's columns), their count, or all of them as CSV")
    .argument('<id>')
    .option('--count', 'only count them')
    .option('--limit <n>', 'how many', wholeNumber('--limit', 1, 500), 20)
    .option('--offset <n>', 'skip this many', wholeNumber('--offset', 0, Number.MAX_SAFE_INTEGER), 0)
    .option('--search <text>', 'search: an exact name, email or phone, or part of an id or city')
    .option('--csv <file>', 'write every member to this CSV file (e-mails only with email consent, phones only with sms consent)')
    .option('--purpose <purpose>', 'with --csv: only members who granted this consent purpose (email, sms, ads, analytics, profiling)')
    .action(
      async (
        id: string,
        opts: { count?: boolean; limit: number; offset: number; search?: string; csv?: string; purpose?: string },
        cmd: Command,
      ) => {
        await ctx.withPortrait(cmd, async (p) => {
          if (opts.purpose !== undefined && !opts.csv) throw new CliFailure('--purpose goes with --csv FILE', 2)
          if (opts.csv) {
            const r = await exportSegmentMembers(p, id, opts.purpose !== undefined ? { purpose: opts.purpose } : {})
            if (!r.ok) return fail(r.error)
            try {
              writeFileSync(opts.csv, r.value.csv)
            } catch (e) {
              throw new CliFailure(`cannot write ${opts.csv}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 2)
            }
            const { rows, purpose, excluded, withheld } = r.value
            ctx.out(
              cmd,
              { file: opts.csv, rows, purpose, excluded, withheld },
              () =>
                `wrote ${rows} members to ${opts.csv}\n` +
                (purpose ? `  ${excluded} members left out: no ${purpose} consent\n` : '') +
                `  e-mail withheld for ${withheld.email} (no email consent), phone for ${withheld.phone} (no sms consent)\n`,
            )
            return
          }
          const r = await segmentMembers(p, id, {
            limit: opts.count ? 1 : opts.limit,
            offset: opts.count ? 0 : opts.offset,
            ...(opts.search ? { q: opts.search } : {}),
          })
          if (!r.ok) return fail(r.error)
          if (opts.count) {
            ctx.out(cmd, { count: r.value.total }, () => `${r.value.total}\n`)
            return
          }
          ctx.out(
            cmd,
            r.value,
            () =>
              table(r.value.items, ['customer_id', 'name', 'gender', 'age', 'city', 'orders', 'revenue', 'last_order_at']) +
              `(${r.value.items.length} of ${r.value.total})\n`,
          )
        })
      },
    )

  segment
    .command('explain')
    .description('which conditions of the rule a customer meets or fails, with the actual values')
    .argument('<id>', 'the segment')
    .argument('<customer>', 'customer id, email, phone or other identity')
    .action(async (id: string, customer: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await explainSegment(p, id, customer)
        if (!r.ok) return fail(r.error)
        const v = r.value
        ctx.out(
          cmd,
          v,
          () => `${v.customer_id} ${v.member ? 'is' : 'is not'} a member of ${id}\n${explanationText(v.explanation).join('\n')}\n`,
        )
      })
    })

  segment
    .command('snapshots')
    .description("a segment's size and revenue each time it was computed (growth over time)")
    .argument('<id>')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await segmentSnapshots(p, id)
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, { items: r.value }, () =>
          table(
            r.value.map((s) => ({ ...s, revenue: amount(s.revenue) })),
            ['computed_at', 'size', 'revenue'],
          ),
        )
      })
    })

  segment
    .command('count')
    .description('count the customers a rule file selects, without saving it')
    .requiredOption('--rule <file>', 'the rule as JSON')
    .action(async (opts: { rule: string }, cmd: Command) => {
      const rule = readRuleFile(opts.rule)
      await ctx.withPortrait(cmd, async (p) => {
        const r = await countRule(p, rule)
        if (!r.ok) return fail(r.error)
        ctx.out(
          cmd,
          r.value,
          () => `${r.value.size} of ${r.value.customers} customers (${percent(r.value.share)}), revenue ${amount(r.value.revenue)}\n`,
        )
      })
    })

  segment
    .command('templates')
    .description('the ready-made segments on the five bases, as starting points for rules')
    .action(async (_opts: unknown, cmd: Command) => {
      const items = segmentTemplates()
      ctx.out(cmd, { items }, () =>
        items
          .map((t) => `${t.key.padEnd(20)} ${t.basis.padEnd(14)} ${t.name_en} / ${t.name_zh}\n${' '.repeat(36)}${JSON.stringify(t.rule)}\n`)
          .join(''),
      )
    })
}
