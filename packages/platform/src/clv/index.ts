/**
 * Customer lifetime value: BG/NBD + Gamma-Gamma fitted on files (a customer summary or a
 * transaction log) or on the workspace's purchases, the calibration/holdout check, and the
 * per-customer `clv` scores.
 */
export { fitClvModels, holdoutCheck, type ClvFitOptions, type ClvInput } from './clv-fit.js'
export { readClvSummaryFile, readClvTransactionsFile, type SummaryFile, type TransactionFile } from './clv-files.js'
export { fitClvSummaryFile, fitClvTransactionsFile, type TransactionsFitOptions } from './clv-file-fit.js'
export {
  CLV_FIT_RUN,
  CLV_SCORE,
  clvCustomers,
  clvHoldoutOnDatabase,
  clvOverview,
  fitClvOnDatabase,
  predictClv,
  type ClvDatabaseFitOptions,
  type ClvHoldoutCustomer,
  type ClvPredictOptions,
} from './clv-database.js'
export { clvDistribution } from './clv-distribution.js'
