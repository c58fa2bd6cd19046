import { Command, CommanderError } from 'commander'
import { DEFAULT_WORKSPACE } from '@portrait/platform'
import { CliFailure, commandContext, type CliIO } from './commands/context.js'
import { registerInitCommand } from './commands/init.js'
import { registerImportCommand } from './commands/import.js'
import { registerCustomerCommands } from './commands/customers.js'
import { registerMergeCommands } from './commands/merges.js'
import { registerServeCommand } from './commands/serve.js'
import { registerSegmentCommands } from './commands/segments.js'
import { registerEvaluationCommand } from './commands/evaluation.js'
import { registerRfmCommand } from './commands/rfm.js'
import { registerClusterCommand } from './commands/cluster.js'
import { registerRulesCommand } from './commands/rules.js'
import { registerPredictCommands } from './commands/predict.js'
import { registerClvCommands } from './commands/clv.js'
import { registerPrivacyCommands } from './commands/privacy.js'
import { registerEncryptionCommands } from './commands/encryption.js'
import { registerAccessCommands } from './commands/access.js'

export { CliFailure, type CliIO } from './commands/context.js'

export const DEFAULT_DB = './data/portrait.duckdb'

export function buildProgram(io: CliIO): Command {
  const program = new Command()
  program
    .name('portrait')
    .description('Portrait — customer profiling platform (客户画像系统)')
    .version(io.version)
    .option('--db <path>', 'the DuckDB database file', DEFAULT_DB)
    .option('--workspace <name>', 'the workspace (tenant) to work in: its id or name', DEFAULT_WORKSPACE)
    .option('--json', 'machine output: one JSON document on stdout')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })

  const ctx = commandContext(io)
  // One module per command group; a new feature registers its commands here.
  for (const register of [
    registerInitCommand,
    registerImportCommand,
    registerCustomerCommands,
    registerMergeCommands,
    registerServeCommand,
    registerSegmentCommands,
    registerEvaluationCommand,
    registerRfmCommand,
    registerClusterCommand,
    registerRulesCommand,
    registerPredictCommands,
    registerClvCommands,
    registerPrivacyCommands,
    registerEncryptionCommands,
    registerAccessCommands,
  ])
    register(program, ctx)
  return program
}

/** Runs the CLI; returns the exit code. Expected failures print one line, never a stack trace. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const program = buildProgram(io)
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return 0
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0
      return 2
    }
    if (e instanceof CliFailure) {
      io.stderr(`portrait: ${e.message}\n`)
      return e.exitCode
    }
    const err = e as Error
    // A missing or wrong master key is the user's to fix: one line, "bad input".
    if (err.name === 'EncryptionKeyError') {
      io.stderr(`portrait: ${err.message}\n`)
      return 2
    }
    if (err.name === 'DatabaseLockedError' || /in use by another process/.test(err.message)) {
      io.stderr(`portrait: ${err.message}\n`)
      return 1
    }
    io.stderr(`portrait: unexpected error: ${err.message}\n`)
    if (process.env.PORTRAIT_DEBUG) io.stderr(`${err.stack ?? ''}\n`)
    return 1
  }
}
