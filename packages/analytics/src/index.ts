/**
 * @module
 * Portrait's analytical models, pure and deterministic: RFM scoring, k-means++ clustering with
 * silhouette, FP-Growth association rules, BG/NBD and Gamma-Gamma customer lifetime value, and
 * regularised logistic regression with cross-validation. Each model is also its own subpath
 * export (`@portrait/analytics/clv`, `/rules`, `/models`, `/rfm`, `/cluster`, `/optim`).
 */
export * as clv from './clv/index.js'
export * as rules from './rules/index.js'
export * as models from './models/index.js'
export * as rfm from './rfm/index.js'
export * as cluster from './cluster/index.js'
export * as optim from './optim/index.js'
export { ok, err, modelError, type Result, type ModelError } from './result.js'
