/**
 * Customer clustering: k-means with k-means++ seeding and restarts, feature scaling and one-hot
 * encoding, silhouette scores, choice of k, and cluster profiles for people.
 *
 * Data is a row-major {@link DataMatrix} (`Float64Array` with `n` rows and `d` features). Everything is
 * deterministic: random choices come from a seeded generator ({@link createRandom}). Expected failures
 * (degenerate data, invalid options) come back as `err` results; see {@link ModelError}.
 *
 * A typical flow:
 * ```ts
 * const features = buildFeatureMatrix(columns, { scaling: 'zscore' })    // scale, one-hot
 * const choice = chooseK(features.value.matrix, { kMin: 2, kMax: 10 })  // inertia + silhouette per k
 * const centroids = invertScaling(                                       // centroids in original units
 *   { data: choice.value.best.centroids, n: choice.value.bestK, d: features.value.matrix.d },
 *   features.value.scaling,
 * )
 * const profile = profileClusters({ labels: choice.value.best.labels, numeric, categorical })
 * ```
 *
 * @packageDocumentation
 */
export type { ModelError, Result } from '../result.js'
export { type DataMatrix, checkMatrix, matrixFromColumns, matrixFromRows } from './matrix.js'
export { type Random, createRandom, xoshiro128ss } from './random.js'
export { type KMeansOptions, type KMeansResult, assignToCentroids, kmeans } from './kmeans.js'
export {
  type CategoryValue,
  type FeatureColumn,
  type FeatureMatrix,
  type OneHotEncoding,
  type ScalingMethod,
  type ScalingParameters,
  applyScaling,
  buildFeatureMatrix,
  fitScaling,
  invertScaling,
  oneHotEncode,
  scaleMatrix,
} from './scaling.js'
export { type SilhouetteOptions, type SilhouetteResult, silhouetteScore } from './silhouette.js'
export { type ChooseKOptions, type ChooseKResult, type KCandidate, chooseK } from './choose-k.js'
export {
  type CategoricalFeatureProfile,
  type CategoryShare,
  type ClusterProfile,
  type ClusterProfileInput,
  type NumericFeatureProfile,
  profileClusters,
} from './profile.js'
