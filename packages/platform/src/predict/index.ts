/**
 * Propensity and churn models on files and on the database. See docs/models.md.
 */
export { trainLogistic, checkTrainOptions, type TrainOptions, type TrainedModel } from './train.js'
export { trainFileModel, type FileModelOptions, type FileModelReport } from './file-model.js'
export {
  trainDatabaseModel,
  scoreDatabaseModel,
  latestPrediction,
  modelRunName,
  scoreRunName,
  DATABASE_FEATURES,
  type DatabaseModelOptions,
} from './database-model.js'
