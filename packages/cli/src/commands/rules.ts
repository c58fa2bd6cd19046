import { resolve } from 'node:path'
import { InvalidArgumentError, Option, type Command } from 'commander'
import type { AssociationRuleBody, RuleLevel, RuleSort } from '@portrait/core'
import { mineDatabaseRules, mineRuleSet, readTransactionsFile, resolveRuleOptions, type RuleMiningOptions } from '@portrait/platform'
import { CliFailure, fail, type CommandContext } from './context.js'

/** Rules printed in text mode when no --limit is given; --json always prints every rule. */
const TEXT_RULES = 50

const decimal = (value: string): number => {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('not a number.')
  return n
}
const wholeNumber = (value: string): number => {
  const n = Number(value)
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('not a whole number.')
  return n
}

interface RulesOptions {
  transactions?: string
  basket?: boolean
  segment?: string
  all?: boolean
  minSupport: number
  minConfidence: number
  maxLen?: number
  minLen?: number
  rhsMax?: number
  level?: RuleLevel
  limit?: number
  sort: RuleSort
}

function formatRules(
  result: { count: number; transactions: number; rules: readonly AssociationRuleBody[] },
  minCount: number,
  shown: number,
  label: (item: string) => string,
): string {
  const set = (items: readonly string[]): string => `{${items.map(label).join(', ')}}`
  const head = `${result.count} rules from ${result.transactions} transactions (minimum support count ${minCount})\n`
  const rules = result.rules.slice(0, shown)
  if (rules.length === 0) return head
  // Measures first in fixed-width columns, the rule last and whole: item names can be long.
  const columns = ['support', 'confidence', 'lift', 'conviction', 'count']
  const rows = rules.map((r) => [
    r.support.toFixed(4),
    r.confidence.toFixed(4),
    r.lift.toFixed(3),
    r.conviction === null ? 'inf' : r.conviction.toFixed(3),
    String(r.count),
    `${set(r.lhs)} => ${set(r.rhs)}`,
  ])
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] ?? '').length)))
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (i < widths.length ? cell.padStart(widths[i] ?? 0) : cell))
      .join('  ')
      .trimEnd()
  const more = result.rules.length > shown ? `… ${result.rules.length - shown} more (use --limit or --json)\n` : ''
  return `${head}\n${[line([...columns, 'rule']), ...rows.map(line)].join('\n')}\n${more}`
}

export function registerRulesCommand(program: Command, ctx: CommandContext): void {
  program
    .command('rules')
    .description('association rules (market-basket analysis, FP-Growth) from a file of transactions or from the orders in the database')
    .option('--transactions <file>', 'a CSV of transaction_id,item rows (or, with --basket, one comma-separated basket per line)')
    .option('--basket', 'the file holds one comma-separated basket per line')
    .option('--segment <id>', 'the orders of one segment’s members')
    .option('--all', 'all orders in the database')
    .requiredOption('--min-support <s>', 'minimum support in (0, 1], applied as the count ceil(s × transactions)', decimal)
    .requiredOption('--min-confidence <c>', 'minimum confidence in [0, 1]', decimal)
    .option('--max-len <n>', 'largest rule length, items on both sides (default 10)', wholeNumber)
    .option('--min-len <n>', 'smallest rule length (default 2: no empty left-hand side)', wholeNumber)
    .option('--rhs-max <n>', 'largest number of items on the right-hand side (default 1)', wholeNumber)
    .addOption(
      new Option('--level <level>', 'database items: SKU, category or product name (default sku)').choices([
        'sku',
        'category',
        'product_name',
      ]),
    )
    .option('--limit <n>', 'print only the first n rules in sort order', wholeNumber)
    .addOption(new Option('--sort <measure>', 'order of the rules').choices(['lift', 'confidence', 'support']).default('lift'))
    .addHelpText(
      'after',
      '\n--json prints {"count":n,"transactions":n,"rules":[{"lhs":[…],"rhs":[…],"support":…,"confidence":…,"lift":…,"leverage":…,"conviction":…,"count":n}]};\n' +
        'count is the number of rules found, conviction is null when infinite (confidence 1). See docs/models.md.',
    )
    .action(async (opts: RulesOptions, cmd: Command) => {
      const sources = [opts.transactions !== undefined, opts.segment !== undefined, opts.all === true].filter(Boolean).length
      if (sources !== 1) throw new CliFailure('say what to mine with exactly one of --transactions FILE, --segment ID or --all', 2)
      if (opts.basket && opts.transactions === undefined) throw new CliFailure('--basket describes the file of --transactions', 2)
      if (opts.level !== undefined && opts.transactions !== undefined) {
        throw new CliFailure('--level applies to the database (--all or --segment); a file’s items are its labels', 2)
      }
      const mining: RuleMiningOptions = {
        minSupport: opts.minSupport,
        minConfidence: opts.minConfidence,
        sort: opts.sort,
        ...(opts.maxLen !== undefined ? { maxLen: opts.maxLen } : {}),
        ...(opts.minLen !== undefined ? { minLen: opts.minLen } : {}),
        ...(opts.rhsMax !== undefined ? { rhsMax: opts.rhsMax } : {}),
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
      }
      const shown = opts.limit ?? TEXT_RULES

      if (opts.transactions !== undefined) {
        const resolved = resolveRuleOptions(mining)
        if (!resolved.ok) return fail(resolved.error)
        const baskets = await readTransactionsFile(resolve(opts.transactions), { basket: opts.basket === true, name: opts.transactions })
        if (!baskets.ok) return fail(baskets.error)
        const mined = mineRuleSet(baskets.value, resolved.value, opts.transactions)
        if (!mined.ok) return fail(mined.error)
        const { count, transactions, rules } = mined.value
        ctx.out(cmd, { count, transactions, rules }, () => formatRules(mined.value, mined.value.minCount, shown, (item) => item))
        return
      }

      await ctx.withPortrait(cmd, async (p) => {
        const run = await mineDatabaseRules(p, {
          ...mining,
          ...(opts.level ? { level: opts.level } : {}),
          ...(opts.segment !== undefined ? { segment: opts.segment } : {}),
        })
        if (!run.ok) return fail(run.error)
        const { count, transactions, rules, items } = run.value
        const label = (item: string): string => {
          const name = items[item]?.name
          return name !== undefined && name !== item ? `${item} ${name}` : item
        }
        ctx.out(cmd, { count, transactions, rules }, () => formatRules(run.value, run.value.minCount, shown, label))
      })
    })
}
