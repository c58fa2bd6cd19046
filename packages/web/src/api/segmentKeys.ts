import type { CustomerListQuery } from '@portrait/core'

/**
 * Query keys of the segment views. Everything starts with `segments`, so a change to any segment
 * refreshes them all with one invalidation.
 */
export const segmentKeys = {
  all: ['segments'] as const,
  list: ['segments', 'list'] as const,
  one: (id: string) => ['segments', 'one', id] as const,
  members: (id: string, query: Partial<CustomerListQuery>) => ['segments', 'members', id, query] as const,
  snapshots: (id: string) => ['segments', 'snapshots', id] as const,
  explain: (id: string, customer: string) => ['segments', 'explain', id, customer] as const,
  count: (rule: unknown) => ['segments', 'count', JSON.stringify(rule)] as const,
  templates: ['segment-templates'] as const,
  fields: ['segment-fields'] as const,
}

export const segmentPath = (id: string, suffix = ''): string => `/api/v1/segments/${encodeURIComponent(id)}${suffix}`
