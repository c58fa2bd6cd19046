import type { Command } from 'commander'
import { seedDemo } from '@portrait/platform'
import { CliFailure, fail, type CommandContext } from './context.js'

export function registerInitCommand(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('create a database (with --demo: about 5,000 demo customers, 12 months of orders, events, consents, costs and feedback)')
    .option('--demo', 'load the demo data set')
    .option('--seed <n>', 'seed of the demo generator', (v) => Number.parseInt(v, 10), 42)
    .option('--customers <n>', 'number of demo customers', (v) => Number.parseInt(v, 10))
    .option('--timezone <zone>', 'the workspace time zone for reports, e.g. Asia/Shanghai (the demo uses Asia/Shanghai)')
    .action(async (opts: { demo?: boolean; seed: number; customers?: number; timezone?: string }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        if (opts.timezone) {
          const tz = await p.setTimezone(opts.timezone)
          if (!tz.ok) fail(tz.error)
        }
        if (!opts.demo) {
          ctx.out(
            cmd,
            { database: p.store.location, workspace: p.workspaceId, timezone: p.timezone },
            () => `database ready: ${p.store.location} (time zone ${p.timezone})\n`,
          )
          return
        }
        if ((await p.countCustomers()) > 0)
          throw new CliFailure(`${p.store.location} already holds customers; use another --db for the demo`, 4)
        const showSteps = !ctx.globals(cmd).json
        const r = await seedDemo(p, {
          seed: opts.seed,
          ...(opts.customers ? { customers: opts.customers } : {}),
          onStep: (step, res) => {
            if (showSteps)
              ctx.io.stderr(
                `  ${step}: ${res.imported} imported, ${res.merged} merged, ${res.duplicates} duplicates, ${res.rejected} rejected\n`,
              )
          },
        })
        const customers = await p.countCustomers()
        ctx.out(
          cmd,
          { database: p.store.location, customers, steps: r.steps.map((s) => ({ step: s.step, ...s.result })) },
          () => `demo data loaded into ${p.store.location}: ${customers} customers\n`,
        )
      })
    })
}
