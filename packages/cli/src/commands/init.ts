import type { Command } from 'commander'
import { ensureFirstOwner, seedDemo, type FirstOwner } from '@portrait/platform'
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
          const owner = await firstOwner(p.store, p.workspaceId)
          ctx.out(
            cmd,
            { database: p.store.location, workspace: p.workspaceId, timezone: p.timezone, ...(owner ? { admin: owner } : {}) },
            () => `database ready: ${p.store.location} (time zone ${p.timezone})\n${ownerText(owner)}`,
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
        const owner = await firstOwner(p.store, p.workspaceId)
        ctx.out(
          cmd,
          {
            database: p.store.location,
            customers,
            steps: r.steps.map((s) => ({ step: s.step, ...s.result })),
            ...(owner ? { admin: owner } : {}),
          },
          () => `demo data loaded into ${p.store.location}: ${customers} customers\n${ownerText(owner)}`,
        )
      })
    })
}

/** The workspace's first owner, when it has no user yet: PORTRAIT_ADMIN_PASSWORD, or a generated password. */
export function firstOwner(store: Parameters<typeof ensureFirstOwner>[0], workspaceId: string): Promise<FirstOwner | null> {
  const password = process.env.PORTRAIT_ADMIN_PASSWORD
  return ensureFirstOwner(store, workspaceId, password ? { password } : {})
}

/** How the first owner's credentials are shown: once, with what to do next. */
export function ownerText(owner: FirstOwner | null): string {
  if (!owner) return ''
  if (!owner.generated) return `sign in as ${owner.email} with the password from PORTRAIT_ADMIN_PASSWORD\n`
  return (
    `sign in as ${owner.email} with the one-time password ${owner.password}\n` +
    `  (it is not shown again; change it with: portrait users update ${owner.email} --password …)\n`
  )
}
