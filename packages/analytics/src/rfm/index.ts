/**
 * RFM analysis: quantile scores for recency, frequency and monetary value, and the eight-class
 * segmentation of the scheme common in Chinese marketing practice (重要价值客户 … 一般挽留客户).
 *
 * ```ts
 * const result = scoreRfm({ recencyDays, frequency, monetary }, { bins: 5, threshold: 'mean' })
 * if (result.ok) {
 *   const { r, f, m, classIndex, classCounts, rfCounts } = result.value
 *   const label = RFM_CLASSES[classIndex[0]].zh // e.g. '重要价值客户'
 * }
 * ```
 *
 * Scores are deterministic and tie-aware: equal values always share a score. The rule is documented
 * on {@link quantileScores} and in docs/rfm.md.
 *
 * @packageDocumentation
 */
export type { ModelError, Result } from '../result.js'
export { type RfmClass, type RfmClassKey, type RfmLevel, RFM_CLASSES, rfmClassByKey, rfmClassIndex } from './classes.js'
export { type RfmInput, type RfmOptions, type RfmScores, type RfmThreshold, type ScoreBins, quantileScores, scoreRfm } from './score.js'
