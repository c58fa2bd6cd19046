export {
  setAuditActor,
  auditActor,
  recordAudit,
  listAudit,
  auditCsv,
  AUDIT_CSV_COLUMNS,
  type AuditInput,
  type AuditListOptions,
} from './audit.js'
export {
  resolveSubject,
  exportPersonalData,
  erasePersonalData,
  consentHistory,
  consentAllows,
  type PrivacyRequestOptions,
} from './privacy.js'
export { runRetention, setRetentionDays, retentionDays, MAX_RETENTION_DAYS, type RetentionOptions } from './retention.js'
export { kAnonymity, setKAnonymity, kAnonymousOverview } from './k-anonymity.js'
