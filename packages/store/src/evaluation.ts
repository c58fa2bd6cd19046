/**
 * Segment evaluation in SQL: for a list of segments, each one's size, revenue, orders, scores,
 * conversion, reachability, growth (from its snapshots), revenue after marketing, and the overlap
 * between them — one pass over the members, whose SQL comes from `SegmentStore.membershipSql`.
 * The ranking on top of these figures is pure arithmetic (`rankSegments` in `@portrait/core`).
 */
import type { PortraitError, Result, SegmentEvaluationResponse, SegmentRule } from '@portrait/core'

export interface SegmentToEvaluate {
  readonly id: string
  readonly name: string
  readonly basis: string | null
  readonly rule: SegmentRule
}

export interface EvaluationOptions {
  /** The anchor of `within: {days: N}` in the rules; default now. */
  readonly now?: Date
  /** IANA zone of calendar days in the rules; default UTC. */
  readonly timezone?: string
  /**
   * The activity window (conversion, marketing cost) ends at this time; default the latest order
   * or event in the workspace, so a history that ends in the past is still evaluated on its last days.
   */
  readonly windowEnd?: Date
  /** The window's length in days. */
  readonly windowDays: number
}

/** The figures without the ranking, which the platform adds with the user's weights. */
export type SegmentEvaluationFigures = Omit<SegmentEvaluationResponse, 'weights' | 'unavailable' | 'ranking'>

export interface EvaluationStore {
  evaluate(
    workspaceId: string,
    segments: readonly SegmentToEvaluate[],
    options: EvaluationOptions,
  ): Promise<Result<SegmentEvaluationFigures, PortraitError>>
}
