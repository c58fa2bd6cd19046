import type { Command } from 'commander'
import { clusterCsvFile, runClustering, saveClustersAsSegments, MAX_K, type SavedClusterSegment } from '@portrait/platform'
import type { ClusterResult, ClusterScale } from '@portrait/core'
import { CliFailure, fail, table, type CommandContext } from './context.js'
import { wholeNumber } from './rfm.js'

interface ClusterOptions {
  features?: string
  k: string
  seed: number
  scale: string
  restarts: number
  asOf?: string
  csv?: string
  columns?: string
  saveSegments?: boolean
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')

function kOption(text: string): number | 'auto' {
  const t = text.trim()
  if (t === 'auto') return 'auto'
  if (/^\d+$/.test(t)) return Number(t)
  throw new CliFailure(`--k must be auto or a whole number from 2 to ${MAX_K}, got '${text}'`, 2)
}

function scaleOption(text: string): ClusterScale {
  if (text === 'z' || text === 'minmax' || text === 'none') return text
  throw new CliFailure(`--scale must be z, minmax or none, got '${text}'`, 2)
}

const fmt = (x: number, digits = 2): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })

function clusterText(r: ClusterResult): string {
  const lines = [
    `k-means on ${r.features.join(', ')} (${r.source === 'database' ? `customers as of ${r.asOf}` : r.source}; scale ${r.scale}, seed ${r.seed}, ${r.restarts} restarts)`,
    `k = ${r.k}, inertia ${fmt(r.inertia, 3)}, silhouette ${fmt(r.silhouette, 3)}${r.silhouetteSample ? ` (estimated on ${r.silhouetteSample} rows)` : ''}; ${r.n} rows clustered${r.excluded ? `, ${r.excluded} left out (no value for a numeric feature)` : ''}`,
    '',
  ]
  if (r.curve) {
    lines.push('k chosen by silhouette:')
    lines.push(
      table(
        r.curve.map((c) => ({ k: c.k === r.k ? `${c.k} *` : c.k, inertia: fmt(c.inertia, 3), silhouette: fmt(c.silhouette, 4) })),
        ['k', 'inertia', 'silhouette'],
      ).trimEnd(),
      '',
    )
  }
  const numeric = r.overall.numeric
  const rows = r.profiles.map((p) => {
    const row: Record<string, unknown> = { cluster: p.cluster, size: p.size, share: `${(p.share * 100).toFixed(1)}%` }
    for (const f of p.numeric) row[f.feature] = fmt(f.mean)
    for (const c of p.categorical) row[c.feature] = c.top[0] ? `${c.top[0].category} ${(c.top[0].share * 100).toFixed(0)}%` : ''
    return row
  })
  rows.push({
    cluster: 'all',
    size: r.n,
    share: '100.0%',
    ...Object.fromEntries(numeric.map((f) => [f.feature, fmt(f.mean)])),
    ...Object.fromEntries(
      r.overall.categorical.map((c) => [c.feature, c.top[0] ? `${c.top[0].category} ${(c.top[0].share * 100).toFixed(0)}%` : '']),
    ),
  })
  lines.push('Cluster profiles (means in original units; most common category):')
  lines.push(
    table(rows, ['cluster', 'size', 'share', ...numeric.map((f) => f.feature), ...r.overall.categorical.map((c) => c.feature)]).trimEnd(),
  )
  return `${lines.join('\n')}\n`
}

function segmentsText(saved: readonly SavedClusterSegment[]): string {
  return `\nSaved as segments:\n${table(
    saved.map((s) => ({ cluster: s.cluster, segment: s.id, members: s.size, name: s.name })),
    ['cluster', 'segment', 'members', 'name'],
  )}`
}

export function registerClusterCommand(program: Command, ctx: CommandContext): void {
  program
    .command('cluster')
    .description('k-means clustering of the customers (or of a CSV file with --csv), with cluster profiles')
    .option('--features <list>', 'comma-separated customer features (default recency_days,frequency,monetary)')
    .option('--k <n|auto>', `number of clusters 2..${MAX_K}, or auto: the best silhouette over k = 2..10`, 'auto')
    .option('--seed <n>', 'seed of the k-means++ seeding', wholeNumber('--seed'), 0)
    .option('--scale <method>', 'z (standardise), minmax or none', 'z')
    .option('--restarts <n>', 'k-means++ restarts; the lowest inertia is kept', wholeNumber('--restarts'), 10)
    .option('--as-of <date>', 'measure the customer features as of this date, YYYY-MM-DD')
    .option('--csv <file>', 'cluster the rows of this CSV file instead of the customers (no database needed)')
    .option('--columns <list>', 'with --csv: the comma-separated numeric columns to cluster on')
    .option('--save-segments', 'save every cluster as a behavioural segment (rule: score cluster = index)')
    .action(async (opts: ClusterOptions, cmd: Command) => {
      const fitOptions = { k: kOption(opts.k), seed: opts.seed, scale: scaleOption(opts.scale), restarts: opts.restarts }
      if (opts.csv !== undefined) {
        if (opts.columns === undefined)
          throw new CliFailure('--csv needs --columns: the numeric columns to cluster on, e.g. --columns a,b', 2)
        if (opts.features !== undefined || opts.asOf !== undefined) {
          throw new CliFailure('--features and --as-of describe customers in the database; with --csv use --columns', 2)
        }
        if (opts.saveSegments)
          throw new CliFailure('--save-segments saves clusters of customers in the database; it does not go with --csv', 2)
        const r = await clusterCsvFile(opts.csv, { ...fitOptions, columns: list(opts.columns) })
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () => clusterText(r.value))
        return
      }
      if (opts.columns !== undefined) throw new CliFailure('--columns goes with --csv; for customers use --features', 2)
      await ctx.withPortrait(cmd, async (p) => {
        const r = await runClustering(p, {
          ...fitOptions,
          ...(opts.features !== undefined ? { features: list(opts.features) } : {}),
          ...(opts.asOf !== undefined ? { asOf: opts.asOf } : {}),
        })
        if (!r.ok) return fail(r.error)
        if (!opts.saveSegments) {
          ctx.out(cmd, r.value, () => clusterText(r.value))
          return
        }
        const saved = await saveClustersAsSegments(p, r.value)
        if (!saved.ok) return fail(saved.error)
        ctx.out(cmd, { ...r.value, segments: saved.value }, () => clusterText(r.value) + segmentsText(saved.value))
      })
    })
}
