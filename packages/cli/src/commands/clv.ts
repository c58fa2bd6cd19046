import { writeFileSync } from 'node:fs'
import { Option, type Command } from 'commander'
import { ClvCustomersQuery, type ClvFitReport, type ClvHoldoutCheck, type ClvPredictResponse, type ClvUnit } from '@portrait/core'
import {
  clvCustomers,
  clvHoldoutOnDatabase,
  csvLine,
  fitClvOnDatabase,
  fitClvSummaryFile,
  fitClvTransactionsFile,
  predictClv,
} from '@portrait/platform'
import { CliFailure, fail, table, type CommandContext } from './context.js'

const unitOption = (): Option =>
  new Option('--unit <unit>', 'time unit of recency, T and the horizon').choices(['week', 'day']).default('week')

const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : '-')
const sig = (v: number | undefined): string => (v === undefined || !Number.isFinite(v) ? '-' : Number(v.toPrecision(5)).toString())
const percent = (v: number): string => `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}%`

function formatHoldout(h: ClvHoldoutCheck): string {
  const unit = `${h.unit}s`
  const lines = [
    `Calibration/holdout check (calibration to ${h.calibrationEnd}, holdout to ${h.observationEnd}: ${sig(h.duration)} ${unit})`,
    `  repeat purchases in the holdout period: actual ${h.actualTotal}, predicted ${fixed(h.predictedTotal, 1)} (${percent(h.predictedTotal / h.actualTotal - 1)})`,
    `  per customer (${h.customers}): mean absolute error ${fixed(h.perCustomer.meanAbsoluteError, 3)}, RMSE ${fixed(h.perCustomer.rootMeanSquaredError, 3)}, correlation ${h.perCustomer.correlation === null ? '-' : fixed(h.perCustomer.correlation, 3)}`,
    '',
    '  Conditional expectations by calibration frequency',
  ]
  const byFrequency = table(
    h.byFrequency.map((b) => ({
      'repeat purchases': b.label,
      customers: b.customers,
      'actual mean': fixed(b.actualMean, 3),
      'predicted mean': fixed(b.predictedMean, 3),
    })),
    ['repeat purchases', 'customers', 'actual mean', 'predicted mean'],
  )
  lines.push(
    ...byFrequency
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`),
    '',
    `  Cumulative repeat purchases (${h.calibrationPeriods} ${unit} of calibration)`,
  )
  // About a dozen rows of the tracking series, always with the calibration end and the last period.
  const step = Math.max(1, Math.ceil(h.tracking.length / 12))
  const shown = h.tracking.filter((p, i) => i % step === step - 1 || p.period === h.calibrationPeriods - 1 || i === h.tracking.length - 1)
  const tracking = table(
    shown.map((p) => ({ [h.unit]: p.period + 1, from: p.start, actual: p.actual, expected: fixed(p.expected, 1) })),
    [h.unit, 'from', 'actual', 'expected'],
  )
  lines.push(
    ...tracking
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`),
  )
  return `${lines.join('\n')}\n`
}

function formatFit(fit: ClvFitReport): string {
  const lines = [
    `BG/NBD purchase model: ${fit.n} customers, ${fit.repeatCustomers} with repeat purchases (time unit: ${fit.unit}${fit.calibrationEnd ? `, calibration end ${fit.calibrationEnd}` : ''})`,
  ]
  const params = table(
    (['r', 'alpha', 'a', 'b'] as const).map((name) => ({
      parameter: name,
      estimate: sig(fit.params[name]),
      'std. error': sig(fit.stdErrors?.[name]),
    })),
    ['parameter', 'estimate', 'std. error'],
  )
  lines.push(
    ...params
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`),
  )
  lines.push(`  log-likelihood ${fixed(fit.logLikelihood, 4)}; converged, gradient ${fit.gradientNorm.toExponential(1)}`)
  const spend = fit.spend
  if (spend) {
    lines.push('', `Gamma-Gamma spend model: ${spend.n} customers with repeat purchases`)
    const spendParams = table(
      (['p', 'q', 'gamma'] as const).map((name) => ({
        parameter: name,
        estimate: sig(spend.params[name]),
        'std. error': sig(spend.stdErrors?.[name]),
      })),
      ['parameter', 'estimate', 'std. error'],
    )
    lines.push(
      ...spendParams
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    )
    lines.push(
      `  log-likelihood ${fixed(spend.logLikelihood, 4)}; mean value of a purchase ${spend.meanSpend === null ? '-' : fixed(spend.meanSpend, 2)}`,
      `  correlation of repeat purchases and mean spend ${spend.frequencyCorrelation === null ? '-' : fixed(spend.frequencyCorrelation, 3)} (the model assumes near 0)`,
    )
  }
  let text = `${lines.join('\n')}\n`
  if (fit.holdout) text += `\n${formatHoldout(fit.holdout)}`
  return text
}

function formatPredict(r: ClvPredictResponse, top: string): string {
  const s = r.scores
  const d = s.distribution
  const lines = [
    `scored ${s.n} customers as of ${s.asOf}: CLV over ${s.horizon} ${s.unit}s, discounted ${(s.discount * 100).toFixed(2)}% per ${s.unit}`,
    `  total CLV ${fixed(d.totalClv, 2)}; mean ${fixed(d.meanClv, 2)}; median ${fixed(d.quantiles.p50, 2)}; 90th percentile ${fixed(d.quantiles.p90, 2)}`,
    `  expected purchases ${fixed(d.expectedPurchases, 1)}; mean P(alive) ${fixed(d.meanPAlive, 3)}; ${d.likelyInactive} customers with P(alive) < 0.5`,
    '',
    `BG/NBD r=${sig(r.fit.params.r)} alpha=${sig(r.fit.params.alpha)} a=${sig(r.fit.params.a)} b=${sig(r.fit.params.b)} (LL ${fixed(r.fit.logLikelihood, 2)})`,
  ]
  if (r.fit.spend) {
    const p = r.fit.spend.params
    lines.push(`Gamma-Gamma p=${sig(p.p)} q=${sig(p.q)} gamma=${sig(p.gamma)} (LL ${fixed(r.fit.spend.logLikelihood, 2)})`)
  }
  return `${lines.join('\n')}\n\ntop customers by CLV\n${top}`
}

function parseNumber(name: string, text: string): number {
  const v = Number(text)
  if (text.trim() === '' || !Number.isFinite(v)) throw new CliFailure(`${name} must be a number, got '${text}'`, 2)
  return v
}

export function registerClvCommands(program: Command, ctx: CommandContext): void {
  const clv = program
    .command('clv')
    .description('customer lifetime value: BG/NBD purchase model + Gamma-Gamma spend model (Fader, Hardie & Lee 2005)')

  clv
    .command('fit')
    .description(
      'fit the models on a summary file, on a transaction file, or (without either) on the database; ' +
        'a summary file has columns frequency, recency, T (or x, t_x, T), optional monetary_value (or zbar) and ID; ' +
        'a transaction file has customer id, date, amount: a CSV with a header (customer_id,date,amount) or whitespace-separated ' +
        'columns as in CDNOW_sample.txt (master id, id, YYYYMMDD, quantity, amount)',
    )
    .option('--summary <file>', 'per-customer summary (CSV with any usual delimiter, NDJSON, JSON or Parquet)')
    .option('--transactions <file>', 'purchase log: customer id, date, amount')
    .option('--calibration-end <date>', 'last day of the calibration period, YYYY-MM-DD (required with --transactions)')
    .option('--observation-end <date>', 'last day of the holdout period, YYYY-MM-DD (default: the last purchase, when it is later)')
    .addOption(unitOption())
    .action(
      async (
        opts: { summary?: string; transactions?: string; calibrationEnd?: string; observationEnd?: string; unit: ClvUnit },
        cmd: Command,
      ) => {
        if (opts.summary && opts.transactions) throw new CliFailure('give either --summary or --transactions, not both', 2)
        let result
        if (opts.summary) {
          if (opts.calibrationEnd || opts.observationEnd) {
            throw new CliFailure(
              '--calibration-end and --observation-end apply to --transactions and the database, not to a summary file',
              2,
            )
          }
          result = await fitClvSummaryFile(opts.summary, { unit: opts.unit })
        } else if (opts.transactions) {
          if (!opts.calibrationEnd)
            throw new CliFailure('--transactions needs --calibration-end DATE (the last day of the calibration period)', 2)
          result = await fitClvTransactionsFile(opts.transactions, {
            calibrationEnd: opts.calibrationEnd,
            unit: opts.unit,
            ...(opts.observationEnd ? { observationEnd: opts.observationEnd } : {}),
          })
        } else {
          result = await ctx.withPortrait(cmd, (p) =>
            fitClvOnDatabase(p, {
              unit: opts.unit,
              ...(opts.calibrationEnd ? { calibrationEnd: opts.calibrationEnd } : {}),
              ...(opts.observationEnd ? { observationEnd: opts.observationEnd } : {}),
            }),
          )
        }
        if (!result.ok) return fail(result.error)
        const report = result.value
        ctx.out(cmd, report, () => formatFit(report))
      },
    )

  clv
    .command('predict')
    .description('fit on the whole purchase history and store scores.clv (CLV, P(alive), expected purchases and spend) for every buyer')
    .option('--horizon <periods>', 'number of periods (of --unit) to forecast', '52')
    .option('--discount <rate>', 'discount rate per period', '0.01')
    .addOption(unitOption())
    .action(async (opts: { horizon: string; discount: string; unit: ClvUnit }, cmd: Command) => {
      const horizon = parseNumber('--horizon', opts.horizon)
      const discount = parseNumber('--discount', opts.discount)
      await ctx.withPortrait(cmd, async (p) => {
        const r = await predictClv(p, { horizon, discount, unit: opts.unit })
        if (!r.ok) return fail(r.error)
        const result = r.value
        if (ctx.globals(cmd).json) {
          ctx.out(cmd, result, () => '')
          return
        }
        const top = await clvCustomers(p, ClvCustomersQuery.parse({ sort: 'clv', limit: 10 }))
        if (!top.ok) return fail(top.error)
        const rows = top.value.items.map((c) => ({
          customer: c.customer_id,
          name: c.name,
          clv: fixed(c.clv, 2),
          'P(alive)': fixed(c.p_alive, 3),
          'expected purchases': fixed(c.expected_purchases, 2),
          orders: c.orders,
          revenue: fixed(c.revenue, 2),
          'last purchase': c.last_purchase,
        }))
        ctx.out(cmd, result, () =>
          formatPredict(
            result,
            table(rows, ['customer', 'name', 'clv', 'P(alive)', 'expected purchases', 'orders', 'revenue', 'last purchase']),
          ),
        )
      })
    })

  clv
    .command('holdout')
    .description('fit on the purchases up to --calibration-end and compare predicted with actual purchases after it')
    .requiredOption('--calibration-end <date>', 'last day of the calibration period, YYYY-MM-DD')
    .option('--observation-end <date>', 'last day of the holdout period (default: the last purchase)')
    .option('--out <file>', 'write the per-customer comparison (customer_id, frequency, recency, T, predicted, actual) to this CSV file')
    .addOption(unitOption())
    .action(async (opts: { calibrationEnd: string; observationEnd?: string; out?: string; unit: ClvUnit }, cmd: Command) => {
      await ctx.withPortrait(cmd, async (p) => {
        const r = await clvHoldoutOnDatabase(p, {
          calibrationEnd: opts.calibrationEnd,
          unit: opts.unit,
          withCustomers: opts.out !== undefined,
          ...(opts.observationEnd ? { observationEnd: opts.observationEnd } : {}),
        })
        if (!r.ok) return fail(r.error)
        const { customers, ...report } = r.value
        if (opts.out && customers) {
          const header = ['customer_id', 'frequency', 'recency', 'T', 'predicted', 'actual']
          const body = customers.map((c) => csvLine([c.customer_id, c.frequency, c.recency, c.T, c.predicted, c.actual]))
          try {
            writeFileSync(opts.out, [csvLine(header), ...body].join(''))
          } catch (e) {
            throw new CliFailure(`cannot write ${opts.out}: ${(e as Error).message}`, 2)
          }
        }
        ctx.out(cmd, report, () => formatFit(report) + (opts.out ? `\nper-customer comparison written to ${opts.out}\n` : ''))
      })
    })
}
