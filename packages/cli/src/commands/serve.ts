import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { seedDemo } from '@portrait/platform'
import { buildServer, defaultWebDir } from '@portrait/server'
import { CliFailure, openDatabase, openWorkspace, type CommandContext } from './context.js'
import { firstOwner, ownerText } from './init.js'

export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('start the web app and the HTTP API')
    .option('--port <n>', 'port', (v) => Number.parseInt(v, 10), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--init-demo', 'if the database holds no customers yet, load the demo data first')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM); needs --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .action(async (opts: { port: number; host: string; initDemo?: boolean; tlsCert?: string; tlsKey?: string }, cmd: Command) => {
      const g = ctx.globals(cmd)
      if (!opts.tlsCert !== !opts.tlsKey) throw new CliFailure('--tls-cert and --tls-key go together', 2)
      const read = (flag: string, file: string): Buffer => {
        try {
          return readFileSync(file)
        } catch (e) {
          throw new CliFailure(`${flag}: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 2)
        }
      }
      const tls = opts.tlsCert && opts.tlsKey ? { cert: read('--tls-cert', opts.tlsCert), key: read('--tls-key', opts.tlsKey) } : undefined
      const root = await openDatabase(g.db)
      const p = await openWorkspace(root, g.workspace).catch(async (e: unknown) => {
        await root.close()
        throw e
      })
      // Keyed on "no customers" rather than "no file", so an interrupted first start seeds again.
      if (opts.initDemo && (await p.countCustomers()) === 0) {
        ctx.io.stderr(`creating ${p.store.location} with demo data…\n`)
        await seedDemo(p, { seed: 42, onStep: (step, r) => ctx.io.stderr(`  ${step}: ${r.imported} imported, ${r.merged} merged\n`) })
      }
      const webDir = defaultWebDir()
      // a database nobody can sign in to gets its first owner, shown once
      const owner = await firstOwner(p.store, p.workspaceId)
      const app = await buildServer({
        portrait: p,
        version: ctx.io.version,
        logger: false,
        ...(webDir ? { webDir } : {}),
        ...(tls ? { tls } : {}),
      }).catch(async (e: unknown) => {
        await root.close()
        // a certificate or key that is not PEM, or that do not belong together
        if (tls) throw new CliFailure(`cannot serve HTTPS with --tls-cert/--tls-key: ${(e as Error).message}`, 2)
        throw e
      })
      const close = async (): Promise<void> => {
        await app.close()
        await root.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void close())
      process.once('SIGTERM', () => void close())
      await app.listen({ port: opts.port, host: opts.host })
      ctx.io.stderr(
        `Portrait is running on ${tls ? 'https' : 'http'}://${opts.host}:${opts.port}  (API docs: /api/docs; database: ${p.store.location})\n`,
      )
      ctx.io.stderr(ownerText(owner))
      if (!webDir) ctx.io.stderr('the web app is not built: run `npm run build` to serve it\n')
      await new Promise(() => undefined)
    })
}
