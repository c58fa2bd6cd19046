/**
 * @module
 * Portrait's domain types and schemas: API shapes, `Result` and tagged errors, reference data.
 * Pure: no I/O, no environment.
 */
export * from './result.js'
export * from './api.js'
export * from './import-fields.js'
export * from './city-tiers.js'
export * from './api-rfm.js'
export * from './api-clusters.js'
export * from './api-clv.js'
export * from './api-rules.js'
export * from './api-predict.js'
export * from './segment-rule.js'
export * from './api-segments.js'
export * from './api-evaluation.js'
export * from './api-privacy.js'
export * from './api-auth.js'
export * from './personal-data.js'
export * from './k-anonymity.js'
