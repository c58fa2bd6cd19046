import type { Command } from 'commander'
import { EVALUATION_CRITERIA, type SegmentEvaluationResponse } from '@portrait/core'
import { evaluateSegments, parseWeightList } from '@portrait/platform'
import { CliFailure, fail, table, type CommandContext } from './context.js'
import { segmentCommandGroup } from './segments.js'

const percent = (x: number | null): string => (x === null ? '-' : `${(x * 100).toFixed(1)}%`)
const amount = (x: number | null): string => (x === null ? '-' : x.toFixed(2))

function evaluationText(r: SegmentEvaluationResponse): string {
  if (r.segments.length === 0) return 'no segments to evaluate: portrait segment create --name N --rule RULE.json\n'
  const byId = new Map(r.segments.map((s) => [s.id, s]))
  const scorecard = table(
    r.ranking.map((rank) => {
      const s = byId.get(rank.id)
      return {
        rank: rank.rank,
        score: rank.score.toFixed(3),
        id: rank.id,
        name: s?.name,
        size: s?.size,
        share: percent(s?.share ?? null),
        growth: percent(s?.growth.rate ?? null),
        revenue: amount(s?.revenue ?? null),
        'rev share': percent(s?.revenue_share ?? null),
        aov: amount(s?.average_order_value ?? null),
        'orders/member': s?.purchase_frequency?.toFixed(2) ?? '-',
        'avg clv': amount(s?.scores.average_clv ?? null),
        'churn risk': percent(s?.scores.average_churn_risk ?? null),
        conversion: percent(s?.conversion.rate ?? null),
        reachable: percent(s?.reach.share ?? null),
      }
    }),
    [
      'rank',
      'score',
      'id',
      'name',
      'size',
      'share',
      'growth',
      'revenue',
      'rev share',
      'aov',
      'orders/member',
      'avg clv',
      'churn risk',
      'conversion',
      'reachable',
    ],
  )
  const weights = EVALUATION_CRITERIA.map((c) => `${c}=${r.weights[c]}`).join(',')
  return [
    `${r.segments.length} segments of ${r.customers} customers; window ${r.window.from?.slice(0, 10) ?? '-'} – ${r.window.to?.slice(0, 10) ?? '-'} (${r.window.days} days)`,
    `weights: ${weights}${r.unavailable.length ? ` (no data, left out: ${r.unavailable.join(', ')})` : ''}`,
    '',
    scorecard,
  ].join('\n')
}

/** `portrait segment evaluate`: the scorecard and the target ranking. */
export function registerEvaluationCommand(program: Command, ctx: CommandContext): void {
  segmentCommandGroup(program)
    .command('evaluate')
    .description('evaluate segments (size, growth, revenue, CLV, churn, conversion, reach, overlap) and rank them as targets')
    .argument('[ids...]', 'the segments to evaluate (default: all)')
    .option('--weights <list>', `relative weights, e.g. size=2,growth=1 (criteria: ${EVALUATION_CRITERIA.join(', ')}; default 1 each)`)
    .option('--window <days>', 'activity window for conversion and marketing cost, in days, ending at the latest order or event', '90')
    .action(async (ids: string[], opts: { weights?: string; window: string }, cmd: Command) => {
      const weights = opts.weights === undefined ? undefined : parseWeightList(opts.weights)
      if (weights && !weights.ok) return fail(weights.error)
      const windowDays = Number(opts.window)
      if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 730)
        throw new CliFailure('--window must be a whole number of days from 1 to 730', 2)
      await ctx.withPortrait(cmd, async (p) => {
        const r = await evaluateSegments(p, { ids, windowDays, ...(weights ? { weights: weights.value } : {}) })
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () => evaluationText(r.value))
      })
    })
}
