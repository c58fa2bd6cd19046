import { useQuery } from '@tanstack/react-query'
import type { AuditListResponse } from '@portrait/core'
import { getJson, withQuery } from './client'

export interface AuditParams {
  readonly limit: number
  readonly action?: string
}

/** The audit log, newest first. */
export function useAudit(params: AuditParams) {
  return useQuery({
    queryKey: ['audit', params] as const,
    queryFn: ({ signal }) =>
      getJson<AuditListResponse>(withQuery('/api/v1/audit', { limit: params.limit, action: params.action }), { signal }),
  })
}
