import type { Command } from 'commander'
import { NEW_MASTER_KEY_ENV, encryptionStatus, rotateEncryptionKeys } from '@portrait/platform'
import { fail, table, type CommandContext } from './context.js'

const COUNT_LABELS = [
  ['customer_names', 'customer names'],
  ['customer_emails', 'customer emails'],
  ['customer_phones', 'customer phones'],
  ['personal_traits', 'personal traits'],
  ['identities', 'email/phone identities'],
  ['merge_snapshots', 'merge snapshots'],
  ['events', 'events'],
] as const

export function registerEncryptionCommands(program: Command, ctx: CommandContext): void {
  const encryption = program.command('encryption').description('personal data encrypted at rest: status and key rotation')

  encryption
    .command('status')
    .description('where the master key comes from, the workspace keys, and how many values are encrypted')
    .action(async (_opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const s = await encryptionStatus(p)
        ctx.out(cmd, s, () => {
          const rows = COUNT_LABELS.map(([k, label]) => ({ values: label, encrypted: s.encrypted[k], 'in the clear': s.plaintext[k] }))
          return [
            `workspace ${s.workspace_id}: ${s.algorithm}, blind index ${s.blind_index}`,
            `master key from ${s.master_key}`,
            `keys: ${s.keys.map((k) => `${k.key_id} (created ${k.created_at})`).join(', ') || '-'}`,
            '',
            table(rows, ['values', 'encrypted', 'in the clear']),
          ].join('\n')
        })
      })
    })

  encryption
    .command('rotate')
    .description('new data and index keys for the workspace; every personal value re-encrypted in one transaction')
    .option(
      '--master',
      `also replace the master key (the key file, or the key in ${NEW_MASTER_KEY_ENV} when it comes from the environment)`,
    )
    .action(async (opts: { master?: boolean }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const newMasterKey = process.env[NEW_MASTER_KEY_ENV]
        const r = await rotateEncryptionKeys(p, { master: opts.master === true, ...(newMasterKey ? { newMasterKey } : {}) })
        if (!r.ok) return fail(r.error)
        const v = r.value
        ctx.out(cmd, v, () =>
          [
            `workspace ${v.workspace_id}: key ${v.old_key_ids.join(', ') || '-'} → ${v.new_key_id}`,
            `re-encrypted: ${v.rows.customers} customers, ${v.rows.identities} identities, ${v.rows.merges} merges, ${v.rows.events} events`,
            ...(v.master_rotated ? [`new master key: ${v.master_key ?? '-'}`] : []),
            ...(v.next_step ? [v.next_step] : []),
            '',
          ].join('\n'),
        )
      })
    })
}
