/**
 * @module
 * The `Store` interface, the logical schema and the storage engines (DuckDB embedded by default).
 */
export type { Store, StoreTransaction, WorkspaceSettings, ReportOptions, LookupOptions } from './store.js'
export type * from './records.js'
export { TABLES, CUSTOMER_COLUMNS, tableDef, type TableDef, type ColumnDef, type ColumnType } from './schema.js'
export { DuckDbStore, DatabaseLockedError, identityLookupVariants, type DuckDbStoreOptions } from './duckdb/duckdb-store.js'
export { readParquetRows } from './duckdb/duckdb-parquet.js'
export { SCORE_FIELDS, type ScoreField, type ScoreRow, type ScoreProvenance, type ScoreStore } from './scores.js'
export {
  NUMERIC_FEATURES,
  CATEGORICAL_FEATURES,
  type NumericFeature,
  type CategoricalFeature,
  type CustomerFeatureTable,
  type FeatureOptions,
  type FeatureStore,
  type TransactionColumns,
  type BasketOptions,
} from './features.js'
export { DuckDbSql } from './duckdb/duckdb-sql.js'
export { MODEL_RUNS_TABLE, type ModelRunRecord, type ModelRunStore } from './model-runs.js'
export type { CatalogueItem, CatalogueLevel, CatalogueStore } from './catalogue.js'
export type * from './segments.js'
export type * from './evaluation.js'
export type * from './audit.js'
export type * from './privacy.js'
export type * from './encryption.js'
export {
  EncryptionKeyError,
  DecryptionError,
  parseMasterKey,
  newMasterKeyText,
  CIPHERTEXT_PREFIX,
  BLIND_INDEX_PREFIX,
  Vault,
  newWorkspaceKeys,
  type MasterKey,
} from './crypto/vault.js'
export { sealCustomer, openCustomer, PERSONAL_IDENTITY_KINDS } from './crypto/personal.js'
export type * from './auth.js'
export { SqlParams, type SqlDialect } from './segments/dialect.js'
export { DUCKDB_DIALECT } from './segments/duckdb-dialect.js'
export {
  compileSegmentRule,
  compileMembership,
  planSegmentRule,
  zonedDayStart,
  type CompileOptions,
  type PlanNode,
} from './segments/compile.js'
