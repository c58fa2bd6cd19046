/**
 * @module
 * Portrait's application services: import with cleaning and identity resolution, profiles,
 * merges, demo data. No HTTP, no environment: the CLI and server compose these.
 */
export { Portrait, DEFAULT_WORKSPACE, type OpenOptions } from './portrait.js'
export { importFile, type ImportOptions } from './ingest/import-file.js'
export { CANONICAL_FIELDS, REQUIRED_FIELDS, resolveColumns, type FieldMap } from './ingest/fields.js'
export { inferFormat, inspectSource, readSource, SourceError, type SourceInfo } from './ingest/read-source.js'
export * as clean from './ingest/clean.js'
export { undoMerge, type UndoResult } from './identity/merges.js'
export { csvCell, csvLine } from './util/csv.js'
export { seedDemo, type SeedDemoOptions, type SeedDemoResult } from './demo/seed.js'
export { runRfm, latestRfm, RFM_MAX_BINS, type RfmRunOptions, type RfmScoreValue } from './rfm/rfm.js'
export * from './cluster/index.js'
export * from './clv/index.js'
export * from './rules/index.js'
export * from './predict/index.js'
export * from './segments/index.js'
export * from './evaluation/index.js'
export * from './privacy/index.js'
export * from './auth/index.js'
export * from './encryption/index.js'
