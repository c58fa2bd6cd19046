import type { Command } from 'commander'
import { RFM_MAX_BINS, runRfm } from '@portrait/platform'
import type { RfmResult, RfmThresholdRule } from '@portrait/core'
import { CliFailure, fail, table, type CommandContext } from './context.js'

/** A whole number option, parsed strictly (commander hands over the raw text). */
export function wholeNumber(flag: string): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text.trim())) throw new CliFailure(`${flag} must be a whole number, got '${text}'`, 2)
    return Number(text)
  }
}

function thresholdRule(text: string): RfmThresholdRule {
  const t = text.trim()
  if (t === 'mean' || t === 'median') return t
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t)
  throw new CliFailure(`--threshold must be mean, median or a number on the score scale (e.g. 3), got '${text}'`, 2)
}

const number = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

function rfmText(r: RfmResult): string {
  const rule = typeof r.threshold === 'number' ? `score above ${r.threshold}` : `score above the ${r.threshold}`
  const lines = [
    `RFM as of ${r.asOf}: ${number(r.customers)} customers scored in ${r.bins} bins; high = ${rule} (R ${r.thresholds.r.toFixed(2)}, F ${r.thresholds.f.toFixed(2)}, M ${r.thresholds.m.toFixed(2)})`,
    `${number(r.unscored)} customers without a purchase before ${r.asOf} are not scored.`,
    '',
  ]
  const classes = r.classes.map((c) => ({
    class: c.key,
    RFM: `${c.r === 'high' ? '↑' : '↓'}${c.f === 'high' ? '↑' : '↓'}${c.m === 'high' ? '↑' : '↓'}`,
    customers: number(c.count),
    share: `${(c.share * 100).toFixed(1)}%`,
    revenue: number(c.revenue, 2),
    // Last: CJK characters are two columns wide, so nothing after them would line up.
    name: `${c.en} · ${c.zh}`,
  }))
  lines.push(table(classes, ['class', 'RFM', 'customers', 'share', 'revenue', 'name']).trimEnd(), '')
  lines.push('R × F customers (rows: R score, columns: F score)')
  const heat = [...r.heatmap.r].reverse().map((score) => {
    const row: Record<string, unknown> = { R: score }
    r.heatmap.f.forEach((f, j) => (row[`F${f}`] = r.heatmap.counts[score - 1]?.[j] ?? 0))
    return row
  })
  lines.push(table(heat, ['R', ...r.heatmap.f.map((f) => `F${f}`)]).trimEnd(), '')
  lines.push('Suggested actions:')
  for (const c of r.classes) lines.push(`  ${c.zh} ${c.en}: ${c.action_en}`)
  return `${lines.join('\n')}\n`
}

export function registerRfmCommand(program: Command, ctx: CommandContext): void {
  program
    .command('rfm')
    .description('score every customer with a purchase on recency, frequency and monetary value, and sort them into the eight RFM classes')
    .option('--bins <n>', `quantile scores per dimension, 2..${RFM_MAX_BINS}`, wholeNumber('--bins'), 5)
    .option('--as-of <date>', 'measure as of this date, YYYY-MM-DD (default: the day after the last order)')
    .option(
      '--threshold <rule>',
      'high = score above: mean, median or a number on the score scale',
      thresholdRule,
      'mean' as RfmThresholdRule,
    )
    .action(async (opts: { bins: number; asOf?: string; threshold: RfmThresholdRule }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await runRfm(p, { bins: opts.bins, threshold: opts.threshold, ...(opts.asOf ? { asOf: opts.asOf } : {}) })
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () => rfmText(r.value))
      })
    })
}
