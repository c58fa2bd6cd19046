import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiKeyCreated, ApiKeyCreateRequest } from '@portrait/core'
import { postJson } from './client'
import { API_KEYS_PATH, authKeys } from './authKeys'

/** POST /api/v1/keys: the answer holds the full key, the only time the server ever sends it. */
export function useCreateApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (request: ApiKeyCreateRequest) => postJson<ApiKeyCreated>(API_KEYS_PATH, request),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: authKeys.apiKeys }),
  })
}
