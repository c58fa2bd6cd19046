/** Customer clustering: the database mode, the CSV file mode, and the shared fitting. */
export {
  runClustering,
  latestClustering,
  clusterPoints,
  clusterFeatureList,
  DEFAULT_CLUSTER_FEATURES,
  type ClusterRunOptions,
  type ClusterScoreValue,
} from './cluster-db.js'
export { clusterCsvFile, type ClusterFileOptions } from './cluster-file.js'
export { AUTO_K_RANGE, MAX_K, type ClusterFitOptions } from './fit.js'
export { saveClustersAsSegments, clusterSegmentRule, type SavedClusterSegment } from './save-segments.js'
