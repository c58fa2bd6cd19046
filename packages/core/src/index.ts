/**
 * @module
 * Portrait's domain types and schemas: API shapes, `Result` and tagged errors, reference data.
 * Pure: no I/O, no environment.
 */
export * from './result.js'
export * from './api.js'
export * from './import-fields.js'
export * from './city-tiers.js'
