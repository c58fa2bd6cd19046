import type { Command } from 'commander'
import { recordAudit } from '@portrait/platform'
import { fail, table, type CommandContext } from './context.js'

export function registerMergeCommands(program: Command, ctx: CommandContext): void {
  const merges = program.command('merges').description('identity merges: list them, undo one')
  merges
    .command('list')
    .description('list merges, newest first')
    .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 100)
    .action(async (opts: { limit: number }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const items = await p.listMerges(opts.limit)
        ctx.out(cmd, { items }, () =>
          table(items, ['merge_id', 'kept_customer_id', 'merged_customer_id', 'matched_on', 'merged_at', 'undone_at']),
        )
      })
    })
  merges
    .command('undo')
    .description('undo one merge: the merged profile comes back with its identities and activity')
    .argument('<merge-id>')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await p.undoMerge(id)
        if (!r.ok) return fail(r.error)
        await recordAudit(p, { action: 'merge.undo', target: id, details: { ...r.value } })
        ctx.out(cmd, r.value, () => `undone: ${r.value.restored_customer_id} is separate from ${r.value.kept_customer_id} again\n`)
      })
    })
}
