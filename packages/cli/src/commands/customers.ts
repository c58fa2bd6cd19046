import type { Command } from 'commander'
import { CliFailure, fail, table, type CommandContext } from './context.js'

export function registerCustomerCommands(program: Command, ctx: CommandContext): void {
  program
    .command('customers')
    .description('list customer profiles')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
    .option('--offset <n>', 'skip this many', (v) => Number.parseInt(v, 10), 0)
    .option('--search <text>', 'search: an exact name, email or phone (they are encrypted), or part of an id or city')
    .option('--count', 'only count them')
    .action(async (opts: { limit: number; offset: number; search?: string; count?: boolean }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        if (opts.count && !opts.search) {
          const n = await p.countCustomers()
          ctx.out(cmd, { count: n }, () => `${n}\n`)
          return
        }
        if (!Number.isInteger(opts.limit) || opts.limit < 1 || opts.limit > 500)
          throw new CliFailure('--limit must be a whole number from 1 to 500', 2)
        const r = await p.listCustomers({ limit: opts.limit, offset: opts.offset, ...(opts.search ? { q: opts.search } : {}) })
        if (opts.count) {
          ctx.out(cmd, { count: r.total }, () => `${r.total}\n`)
          return
        }
        ctx.out(
          cmd,
          r,
          () =>
            table(r.items, ['customer_id', 'name', 'gender', 'age', 'city', 'orders', 'revenue', 'last_order_at']) +
            `(${r.items.length} of ${r.total})\n`,
        )
      })
    })

  program
    .command('profile')
    .description('one customer profile, by id or by any identity (email, phone, source id)')
    .argument('<customer>', 'customer id, email, phone or other identity')
    .action(async (key: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await p.profile(key)
        if (!r.ok) return fail(r.error)
        const v = r.value
        ctx.out(cmd, v, () => {
          const lines = [`customer ${v.customer_id}`, '']
          for (const [k, val] of Object.entries(v.traits))
            lines.push(`  ${k.padEnd(16)} ${typeof val === 'object' ? JSON.stringify(val) : String(val)}`)
          lines.push('', `identities: ${v.identities.map((i) => `${i.kind}:${i.value}`).join(', ')}`)
          lines.push(
            `orders: ${v.orders.count} (returns ${v.orders.returns}), revenue ${v.orders.revenue.toFixed(2)}, first ${v.orders.first_at ?? '-'}, last ${v.orders.last_at ?? '-'}`,
          )
          lines.push(
            `events: ${v.events.count}`,
            `consents: ${
              Object.entries(v.consents)
                .map(([k, c]) => `${k}=${c.granted ? 'yes' : 'no'}`)
                .join(', ') || '-'
            }`,
          )
          return `${lines.join('\n')}\n`
        })
      })
    })
}
