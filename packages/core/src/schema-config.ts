import { config } from 'zod'

/**
 * Turns off zod's compiled parsers. On first use zod probes whether it may compile code with
 * `new Function`; under the web app's Content-Security-Policy (no 'unsafe-eval') that probe is
 * reported as a policy violation. The browser calls this once at start-up; servers keep the
 * faster compiled parsers.
 */
export function disableSchemaCompilation(): void {
  config({ jitless: true })
}
