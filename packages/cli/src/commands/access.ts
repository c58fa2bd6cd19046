import type { Command } from 'commander'
import { ROLES, KEY_KINDS } from '@portrait/core'
import {
  createApiKey,
  createUser,
  createWorkspace,
  deleteUser,
  findWorkspace,
  listApiKeys,
  listUsers,
  listWorkspaces,
  revokeApiKey,
  updateUser,
} from '@portrait/platform'
import { CliFailure, fail, table, type CommandContext } from './context.js'

/** `portrait workspace …`, `portrait users …`, `portrait keys …`: tenants, people and API keys. */
export function registerAccessCommands(program: Command, ctx: CommandContext): void {
  const workspace = program.command('workspace').description('workspaces (tenants): each has its own customers, segments, users and keys')
  workspace
    .command('create')
    .description('create a workspace')
    .requiredOption('--name <name>', 'its name, e.g. "East China" or 华东区')
    .option('--id <id>', 'its id (default: from the name, or a random one)')
    .action(async (opts: { name: string; id?: string }, cmd: Command) => {
      await ctx.withStore(cmd, async (store) => {
        const r = await createWorkspace(store, opts.name, opts.id)
        if (!r.ok) fail(r.error)
        else ctx.out(cmd, r.value, () => `workspace ${r.value.id} (${r.value.name}) created; use it with --workspace ${r.value.id}\n`)
      })
    })
  workspace
    .command('list')
    .description('the workspaces of the database')
    .action(async (_opts: unknown, cmd: Command) => {
      await ctx.withStore(cmd, async (store) => {
        const items = await listWorkspaces(store)
        ctx.out(cmd, { items }, () => table(items, ['id', 'name']))
      })
    })

  const users = program.command('users').description('people who sign in to the web app, and their roles')
  users
    .command('create')
    .description('create a user of the workspace (--workspace)')
    .requiredOption('--email <email>', 'their e-mail address: they sign in with it')
    .requiredOption('--password <password>', 'at least 10 characters (stored as a scrypt hash)')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .action(async (opts: { email: string; password: string; role: string }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await createUser(p.store, p.workspaceId, opts)
        if (!r.ok) fail(r.error)
        else ctx.out(cmd, r.value, () => `user ${r.value.email} (${r.value.role}) created in workspace ${p.workspaceId}\n`)
      })
    })
  users
    .command('list')
    .description('the users of the workspace')
    .action(async (_opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const items = await listUsers(p.store, p.workspaceId)
        ctx.out(cmd, { items }, () => table(items, ['email', 'role', 'created_at', 'last_sign_in_at']))
      })
    })
  users
    .command('update <user>')
    .description("change a user's role or password (by e-mail or id); their sessions end")
    .option('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--password <password>', 'a new password (at least 10 characters)')
    .action(async (user: string, opts: { role?: string; password?: string }, cmd: Command) => {
      if (!opts.role && !opts.password) throw new CliFailure('give --role or --password', 2)
      await ctx.withPortrait(cmd, async (p) => {
        const r = await updateUser(p.store, p.workspaceId, user, opts)
        if (!r.ok) fail(r.error)
        else ctx.out(cmd, r.value, () => `user ${r.value.email} updated (${r.value.role})\n`)
      })
    })
  users
    .command('delete <user>')
    .description('delete a user (by e-mail or id); a workspace keeps at least one owner')
    .action(async (user: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await deleteUser(p.store, p.workspaceId, user)
        if (!r.ok) fail(r.error)
        else ctx.out(cmd, { deleted: r.value }, () => `user ${r.value.email} deleted\n`)
      })
    })

  const keys = program.command('keys').description('API keys for the REST API (Authorization: Bearer <key>)')
  keys
    .command('create')
    .description('create an API key and print it once as {"key": …}: write keys send tracking data, read keys read, admin keys manage')
    .requiredOption('--kind <kind>', KEY_KINDS.join('|'))
    .option('--workspace <name>', 'the workspace (id or name) the key belongs to')
    .option('--name <name>', 'what the key is for, e.g. "BI dashboard"')
    .action(async (opts: { kind: string; workspace?: string; name?: string }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const target = opts.workspace ?? p.workspaceId
        const w = await findWorkspace(p.store, target)
        if (!w) throw new CliFailure(`no workspace '${target}' (portrait workspace list shows them)`, 3)
        const r = await createApiKey(p.store, w.id, { kind: opts.kind, name: opts.name ?? null })
        if (!r.ok) fail(r.error)
        // always JSON: scripts read the key from it, and it is shown only this once
        else ctx.io.stdout(`${JSON.stringify({ key: r.value.key, id: r.value.id, kind: r.value.kind, workspace: w.id })}\n`)
      })
    })
  keys
    .command('list')
    .description('the API keys of the workspace (never the keys themselves)')
    .action(async (_opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const items = await listApiKeys(p.store, p.workspaceId)
        ctx.out(cmd, { items }, () => table(items, ['id', 'prefix', 'kind', 'name', 'created_at', 'last_used_at', 'revoked_at']))
      })
    })
  keys
    .command('revoke <id>')
    .description('revoke an API key (by id or prefix): it stops working at once')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await revokeApiKey(p.store, p.workspaceId, id)
        if (!r.ok) fail(r.error)
        else ctx.out(cmd, r.value, () => `key ${r.value.prefix}… revoked\n`)
      })
    })
}
