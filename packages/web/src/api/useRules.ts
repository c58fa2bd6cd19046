import { useQuery } from '@tanstack/react-query'
import type { RulesRun } from '@portrait/core'
import { ApiError, getJson } from './client'

export const rulesQueryKey = ['rules'] as const

/** GET /api/v1/rules: the latest rules mined on the database, or null before the first run. */
export function useRules() {
  return useQuery({
    queryKey: rulesQueryKey,
    queryFn: async ({ signal }) => {
      try {
        return await getJson<RulesRun>('/api/v1/rules', { signal })
      } catch (error) {
        if (error instanceof ApiError && error.isNotFound) return null
        throw error
      }
    },
  })
}
