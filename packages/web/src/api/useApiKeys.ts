import { useQuery } from '@tanstack/react-query'
import type { ApiKeyListResponse } from '@portrait/core'
import { getJson } from './client'
import { API_KEYS_PATH, authKeys } from './authKeys'

/** GET /api/v1/keys (permission `keys.manage`): every key of the workspace, revoked ones included. */
export function useApiKeys(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: authKeys.apiKeys,
    queryFn: ({ signal }) => getJson<ApiKeyListResponse>(API_KEYS_PATH, { signal }),
    enabled: options.enabled ?? true,
  })
}
