/**
 * @module
 * The `portrait` command.
 */
export { buildProgram, runCli, CliFailure, DEFAULT_DB, type CliIO } from './cli.js'
