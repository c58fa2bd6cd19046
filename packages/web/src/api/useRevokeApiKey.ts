import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ApiKeyInfo } from '@portrait/core'
import { deleteJson } from './client'
import { apiKeyPath, authKeys } from './authKeys'

/** DELETE /api/v1/keys/{id}: the key stops working at once and stays listed with `revoked_at`. */
export function useRevokeApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => deleteJson<ApiKeyInfo>(apiKeyPath(id)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: authKeys.apiKeys }),
  })
}
