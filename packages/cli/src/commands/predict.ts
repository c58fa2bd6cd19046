import { resolve } from 'node:path'
import { InvalidArgumentError, Option, type Command } from 'commander'
import type { PredictLabel, PredictReport, PredictScoreResult } from '@portrait/core'
import { scoreDatabaseModel, trainDatabaseModel, trainFileModel, type DatabaseModelOptions, type TrainOptions } from '@portrait/platform'
import { CliFailure, fail, table, type CommandContext } from './context.js'

const decimal = (value: string): number => {
  const n = Number(value)
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('not a number.')
  return n
}
const integer = (value: string): number => {
  const n = Number(value)
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('not a whole number.')
  return n
}
const columnList = (value: string): string[] =>
  value
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')

const LABELS: readonly PredictLabel[] = ['churn', 'purchase']

interface ModelOptions {
  folds: number
  seed: number
  lambda?: number
  classWeight?: 'balanced'
}
interface TrainCliOptions extends ModelOptions {
  target?: string
  csv?: string
  positive?: string
  drop?: string[]
  categorical?: string[]
  label?: PredictLabel
  horizon: number
  cutoff?: string
}
interface ScoreCliOptions extends ModelOptions {
  label: PredictLabel
  horizon: number
  cutoff?: string
  drop?: string[]
}

const fixed = (v: number, digits = 4): string => v.toFixed(digits)

function formatReport(r: PredictReport, heading: string): string {
  const lines = [
    heading,
    `AUC ${fixed(r.auc)} (all out-of-fold predictions; per-fold mean ${fixed(r.meanAuc)} ± ${fixed(r.sdAuc)}), log loss ${fixed(r.logLoss)}`,
    `top ${Math.round(r.top.fraction * 100)} % (${r.top.k} rows): precision ${fixed(r.top.precision, 3)}, recall ${fixed(r.top.recall, 3)}; base rate ${fixed(r.positives / r.n, 3)}`,
    '',
    'folds:',
    table(
      r.folds.map((f) => ({ fold: f.fold, rows: f.rows, positives: f.positives, auc: fixed(f.auc), log_loss: fixed(f.logLoss) })),
      ['fold', 'rows', 'positives', 'auc', 'log_loss'],
    ),
    'gains (deciles by score):',
    table(
      r.gains.map((g) => ({
        decile: g.group,
        rows: g.rows,
        positives: fixed(g.positives, 1),
        lift: fixed(g.lift, 2),
        gain: fixed(g.gain, 3),
      })),
      ['decile', 'rows', 'positives', 'lift', 'gain'],
    ),
    'strongest terms (log odds per standard deviation):',
    table(
      r.coefficients
        .slice(0, 12)
        .map((c) => ({ term: c.term, standardized: fixed(c.standardizedCoefficient, 3), odds_ratio: fixed(c.oddsRatio, 3) })),
      ['term', 'standardized', 'odds_ratio'],
    ),
  ]
  if (r.warnings.length > 0) lines.push(...r.warnings.map((w) => `warning: ${w}`))
  return `${lines.join('\n')}\n`
}

function formatScores(r: PredictScoreResult): string {
  return (
    `wrote scores.${r.scoreName} for ${r.written} customers as of ${r.asOf} (model AUC ${fixed(r.model.auc)} on ${r.model.n} customers at ${r.model.cutoff}; mean probability ${fixed(r.meanProbability, 3)})\n\n` +
    table(
      r.top.slice(0, 10).map((s) => ({
        customer_id: s.customer_id,
        probability: fixed(s.probability, 3),
        recency_days: s.recency_days ?? '',
        frequency: s.frequency,
        monetary: s.monetary.toFixed(2),
      })),
      ['customer_id', 'probability', 'recency_days', 'frequency', 'monetary'],
    )
  )
}

function modelOptions(opts: ModelOptions): TrainOptions {
  return {
    folds: opts.folds,
    seed: opts.seed,
    ...(opts.lambda !== undefined ? { lambda: opts.lambda } : {}),
    ...(opts.classWeight ? { classWeight: opts.classWeight } : {}),
  }
}

const withModelOptions = (command: Command): Command =>
  command
    .option('--folds <k>', 'cross-validation folds', integer, 10)
    .option('--seed <s>', 'seed of the fold assignment', integer, 1)
    .option('--lambda <l>', 'ridge penalty on standardised coefficients (default 1e-4; 0 = plain maximum likelihood)', decimal)
    .addOption(
      new Option(
        '--class-weight <weight>',
        'weigh both outcomes equally (ranks rare positives better; probabilities no longer calibrated)',
      ).choices(['balanced']),
    )

export function registerPredictCommands(program: Command, ctx: CommandContext): void {
  const predict = program.command('predict').description('propensity and churn models: train with cross-validation, score customers')

  withModelOptions(
    predict
      .command('train')
      .description('train a logistic model with stratified k-fold cross-validation, on a CSV file or on the database (churn / purchase)')
      .option('--target <name>', 'the outcome column of the file (on the database: churn or purchase, as --label)')
      .option('--csv <file>', 'a table with one row per case (any delimiter; NDJSON, JSON and Parquet too)')
      .option('--positive <value>', 'the target value that counts as positive (inferred for 0/1, no/yes, false/true)')
      .option('--drop <columns>', 'columns or features to leave out, comma-separated', columnList)
      .option('--categorical <columns>', 'file columns to treat as categories even when they hold numbers', columnList)
      .addOption(new Option('--label <label>', 'on the database: churn (no purchase in the horizon) or purchase').choices([...LABELS]))
      .option('--horizon <days>', 'days after the cut-off the label looks at', integer, 90)
      .option('--cutoff <date>', 'YYYY-MM-DD; default: horizon days before the day after the last order'),
  )
    .addHelpText(
      'after',
      '\n--json prints {"auc":…,"folds":[…],"logLoss":…,"features":[…],…} with gains, calibration, coefficients, positives and n.\n' +
        'auc is the AUC of all out-of-fold predictions together. See docs/models.md (and why bank.csv’s duration must be dropped).',
    )
    .action(async (opts: TrainCliOptions, cmd: Command) => {
      if (opts.csv !== undefined) {
        if (opts.target === undefined) throw new CliFailure('--target NAME names the outcome column of --csv', 2)
        if (opts.label !== undefined || opts.cutoff !== undefined)
          throw new CliFailure('--label and --cutoff apply to the database, not to --csv', 2)
        const r = await trainFileModel(resolve(opts.csv), {
          target: opts.target,
          name: opts.csv,
          ...(opts.positive !== undefined ? { positive: opts.positive } : {}),
          ...(opts.drop ? { drop: opts.drop } : {}),
          ...(opts.categorical ? { categorical: opts.categorical } : {}),
          ...modelOptions(opts),
        })
        if (!r.ok) return fail(r.error)
        ctx.out(cmd, r.value, () =>
          formatReport(
            r.value,
            `${opts.csv}: ${r.value.target} = '${r.value.positive}' for ${r.value.positives} of ${r.value.n} rows; ${r.value.features.length} features`,
          ),
        )
        return
      }
      if (opts.positive !== undefined || opts.categorical !== undefined)
        throw new CliFailure('--positive and --categorical apply to --csv', 2)
      const fromTarget = opts.target === undefined ? undefined : LABELS.find((l) => l === opts.target)
      if (opts.target !== undefined && fromTarget === undefined) {
        throw new CliFailure(`on the database the target is churn or purchase, got '${opts.target}' (for a file use --csv FILE)`, 2)
      }
      if (opts.label !== undefined && fromTarget !== undefined && opts.label !== fromTarget) {
        throw new CliFailure(`--target ${fromTarget} and --label ${opts.label} disagree`, 2)
      }
      const label = opts.label ?? fromTarget
      if (label === undefined)
        throw new CliFailure('say what to train: --csv FILE --target NAME, or --label churn|purchase on the database', 2)
      const options: DatabaseModelOptions = {
        label,
        horizon: opts.horizon,
        ...(opts.cutoff !== undefined ? { cutoff: opts.cutoff } : {}),
        ...(opts.drop ? { drop: opts.drop } : {}),
        ...modelOptions(opts),
      }
      await ctx.withPortrait(cmd, async (p) => {
        const r = await trainDatabaseModel(p, options)
        if (!r.ok) return fail(r.error)
        const m = r.value
        const what = m.label === 'churn' ? 'made no purchase' : 'bought'
        ctx.out(cmd, m, () =>
          formatReport(
            m,
            `${m.label}: ${m.positives} of ${m.n} customers ${what} in the ${m.horizon} days from ${m.cutoff} (features as of ${m.cutoff})`,
          ),
        )
      })
    })

  withModelOptions(
    predict
      .command('score')
      .description('fit the model on the labelled history and write a probability to every customer (scores.churn or scores.purchase)')
      .addOption(
        new Option('--label <label>', 'churn (customers who have bought) or purchase (all customers)')
          .choices([...LABELS])
          .default('churn'),
      )
      .option('--horizon <days>', 'days ahead the probability is about', integer, 90)
      .option('--cutoff <date>', 'YYYY-MM-DD of the training history; default: horizon days before the day after the last order')
      .option('--drop <features>', 'features to leave out, comma-separated', columnList),
  ).action(async (opts: ScoreCliOptions, cmd: Command) => {
    await ctx.withPortrait(cmd, async (p) => {
      const r = await scoreDatabaseModel(p, {
        label: opts.label,
        horizon: opts.horizon,
        ...(opts.cutoff !== undefined ? { cutoff: opts.cutoff } : {}),
        ...(opts.drop ? { drop: opts.drop } : {}),
        ...modelOptions(opts),
      })
      if (!r.ok) return fail(r.error)
      ctx.out(cmd, r.value, () => formatScores(r.value))
    })
  })
}
