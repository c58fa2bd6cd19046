export {
  createSegment,
  updateSegment,
  deleteSegment,
  listSegments,
  getSegment,
  segmentMembers,
  segmentMemberIds,
  countRule,
  exportSegmentMembers,
  EXPORT_PURPOSES,
  type SegmentExport,
  segmentSnapshots,
  explainSegment,
  recordSegmentHistory,
  type SegmentInput,
  type SegmentPatch,
} from './segments.js'
export { segmentTemplates, createDemoSegments, type DemoSegmentsOptions } from './templates.js'
export { segmentFields } from './fields.js'
