/**
 * Segment evaluation (评估潜力) and target selection (选择目标): the store measures each segment
 * in SQL; this service picks the segments, checks the weights and ranks the segments by a
 * weighted attractiveness score (`rankSegments` in `@portrait/core`, the same arithmetic the web
 * app uses when the user moves a weight).
 */
import {
  EVALUATION_CRITERIA,
  EvaluationWeights,
  completeWeights,
  criterionValues,
  err,
  ok,
  portraitError,
  rankSegments,
  type PortraitError,
  type Result,
  type SegmentEvaluationResponse,
} from '@portrait/core'
import type { SegmentRecord } from '@portrait/store'
import type { Portrait } from '../portrait.js'

export const DEFAULT_EVALUATION_WINDOW_DAYS = 90

export interface EvaluateSegmentsOptions {
  /** The segments to evaluate, in this order; every segment (oldest first) when left out. */
  readonly ids?: readonly string[]
  /** Relative weights of the criteria; left-out criteria weigh 1. */
  readonly weights?: unknown
  /** The activity window for conversion and marketing cost, in days; default 90. */
  readonly windowDays?: number
  /** The window's end; default the latest order or event. */
  readonly windowEnd?: Date
}

export async function evaluateSegments(
  p: Portrait,
  options: EvaluateSegmentsOptions = {},
): Promise<Result<SegmentEvaluationResponse, PortraitError>> {
  const parsedWeights = EvaluationWeights.safeParse(options.weights ?? {})
  if (!parsedWeights.success) {
    const issue = parsedWeights.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : ''
    const unknownKeys = issue && 'keys' in issue ? (issue.keys as string[]) : []
    return err(
      portraitError(
        'InvalidInput',
        unknownKeys.length
          ? `weights: unknown criterion '${unknownKeys[0]}' (known: ${EVALUATION_CRITERIA.join(', ')})`
          : `weights${where ? `.${where}` : ''}: ${issue?.message ?? 'invalid'}`,
      ),
    )
  }
  const windowDays = options.windowDays ?? DEFAULT_EVALUATION_WINDOW_DAYS
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 730)
    return err(portraitError('InvalidInput', 'window_days: a whole number of days from 1 to 730'))

  const saved = await p.store.segments.list(p.workspaceId)
  let chosen: SegmentRecord[]
  if (options.ids && options.ids.length > 0) {
    const byId = new Map(saved.map((s) => [s.segment_id, s]))
    const missing = options.ids.filter((id) => !byId.has(id))
    if (missing.length) return err(portraitError('NotFound', `no segment ${missing.map((id) => `'${id}'`).join(', ')}`))
    chosen = [...new Set(options.ids)].map((id) => byId.get(id) as SegmentRecord)
  } else chosen = saved

  const weights = completeWeights(parsedWeights.data)
  const figures = await p.store.evaluation.evaluate(
    p.workspaceId,
    chosen.map((s) => ({ id: s.segment_id, name: s.name, basis: s.basis, rule: s.rule })),
    { now: new Date(), timezone: p.timezone, windowDays, ...(options.windowEnd ? { windowEnd: options.windowEnd } : {}) },
  )
  if (!figures.ok) return figures
  const ranked = rankSegments(
    figures.value.segments.map((s) => ({ id: s.id, values: criterionValues(s) })),
    weights,
  )
  if (!ranked) return err(portraitError('InvalidInput', 'weights: at least one criterion with data needs a weight above 0'))
  return ok({ ...figures.value, weights, unavailable: ranked.unavailable, ranking: ranked.ranking })
}

/**
 * Reads `size=1,growth=2,…` (the CLI's --weights) into a weights object; bad syntax, unknown
 * criteria and numbers out of range are `InvalidInput` errors naming the problem.
 */
export function parseWeightList(text: string): Result<Record<string, number>, PortraitError> {
  const out: Record<string, number> = {}
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [key, value, ...rest] = part.split('=').map((s) => s.trim())
    if (!key || value === undefined || value === '' || rest.length)
      return err(portraitError('InvalidInput', `--weights: '${part}' is not criterion=number (e.g. size=2,growth=1)`))
    if (!(EVALUATION_CRITERIA as readonly string[]).includes(key))
      return err(portraitError('InvalidInput', `--weights: unknown criterion '${key}' (known: ${EVALUATION_CRITERIA.join(', ')})`))
    const n = Number(value)
    if (!Number.isFinite(n)) return err(portraitError('InvalidInput', `--weights: ${key}=${value} is not a number`))
    out[key] = n
  }
  return ok(out)
}
