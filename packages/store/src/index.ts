/**
 * @module
 * The `Store` interface, the logical schema and the storage engines (DuckDB embedded by default).
 */
export type { Store, StoreTransaction, WorkspaceSettings, ReportOptions } from './store.js'
export type * from './records.js'
export { TABLES, CUSTOMER_COLUMNS, tableDef, type TableDef, type ColumnDef, type ColumnType } from './schema.js'
export { DuckDbStore, DatabaseLockedError, identityLookupVariants, type DuckDbStoreOptions } from './duckdb/duckdb-store.js'
export { readParquetRows } from './duckdb/duckdb-parquet.js'
