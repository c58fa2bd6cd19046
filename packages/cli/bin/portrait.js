#!/usr/bin/env node
// The `portrait` command: a plain launcher for the compiled CLI (run `npm ci` or `npm run build` first).
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf-8'))
let cli
try {
  cli = await import('../dist/index.js')
} catch (e) {
  process.stderr.write(`portrait: the CLI is not built (${e.message}); run \`npm run build\` in the repository first\n`)
  process.exit(1)
}
const code = await cli.runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  version: pkg.version,
})
process.exitCode = code
