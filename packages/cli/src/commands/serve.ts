import type { Command } from 'commander'
import { Portrait, seedDemo } from '@portrait/platform'
import { buildServer, defaultWebDir } from '@portrait/server'
import type { CommandContext } from './context.js'

export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('start the web app and the HTTP API')
    .option('--port <n>', 'port', (v) => Number.parseInt(v, 10), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--init-demo', 'if the database holds no customers yet, load the demo data first')
    .action(async (opts: { port: number; host: string; initDemo?: boolean }, cmd: Command) => {
      const g = ctx.globals(cmd)
      const p = await Portrait.open({ dbPath: g.db, workspace: g.workspace })
      // Keyed on "no customers" rather than "no file", so an interrupted first start seeds again.
      if (opts.initDemo && (await p.countCustomers()) === 0) {
        ctx.io.stderr(`creating ${p.store.location} with demo data…\n`)
        await seedDemo(p, { seed: 42, onStep: (step, r) => ctx.io.stderr(`  ${step}: ${r.imported} imported, ${r.merged} merged\n`) })
      }
      const webDir = defaultWebDir()
      const app = await buildServer({ portrait: p, version: ctx.io.version, logger: false, ...(webDir ? { webDir } : {}) })
      const close = async (): Promise<void> => {
        await app.close()
        await p.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void close())
      process.once('SIGTERM', () => void close())
      await app.listen({ port: opts.port, host: opts.host })
      ctx.io.stderr(`Portrait is running on http://${opts.host}:${opts.port}  (API docs: /api/docs; database: ${p.store.location})\n`)
      if (!webDir) ctx.io.stderr('the web app is not built: run `npm run build` to serve it\n')
      await new Promise(() => undefined)
    })
}
