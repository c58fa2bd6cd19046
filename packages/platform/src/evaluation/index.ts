export { evaluateSegments, parseWeightList, DEFAULT_EVALUATION_WINDOW_DAYS, type EvaluateSegmentsOptions } from './evaluate.js'
