import type { privacyZhCN } from './privacy.zh-CN'

/** English strings of the audit log page and the consent history. Same keys as `privacy.zh-CN.ts`. */
export const privacyEn: typeof privacyZhCN = {
  nav: 'Audit log',
  title: 'Audit log',
  subtitle: 'Who did what to which data, and when: imports, exports, reads of personal data, erasures and retention runs.',
  filterAction: 'Action',
  allActions: 'All actions',
  limit: 'Entries',
  refresh: 'Refresh',
  empty: 'No audit entries yet',
  count: '{{count}} entries (newest first)',
  columns: {
    at: 'Time',
    actor: 'Actor',
    action: 'Action',
    target: 'Target',
    details: 'Details',
  },
  actors: {
    cli: 'Command line',
    api: 'API',
    system: 'System',
  },
  actions: {
    import: 'Import',
    merge_undo: 'Merge undone',
    profile_read: 'Profile read',
    segment_export: 'Segment export',
    privacy_export: 'Personal data export',
    privacy_erase: 'Personal data erasure',
    retention: 'Retention run',
  },
  consentHistory: {
    title: 'Consent history',
    count: '{{count}} records, newest first',
    none: 'No consent records',
    purpose: 'Purpose',
    state: 'State',
    recordedAt: 'Recorded at',
    source: 'Source',
  },
}
