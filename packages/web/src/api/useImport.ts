import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { ImportKind, ImportResult } from '@portrait/core'
import { postFile, withQuery } from './client'
import { queryKeys } from './queryKeys'

export const IMPORT_KINDS: readonly ImportKind[] = ['customers', 'orders', 'order-lines', 'events', 'consents', 'feedback', 'costs']

export interface ImportRequest {
  kind: ImportKind
  source?: string
  file: File
}

export function importPath(kind: ImportKind, filename: string, source?: string): string {
  return withQuery(`/api/v1/imports/${kind}`, { source: source?.trim(), filename })
}

/** POST /api/v1/imports/{kind}?source=NAME&filename=ORIGINAL_NAME with the file's bytes as the body. */
export function useImport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ kind, source, file }: ImportRequest) => postFile<ImportResult>(importPath(kind, file.name, source), file),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.overview }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customers }),
        queryClient.invalidateQueries({ queryKey: queryKeys.profiles }),
        queryClient.invalidateQueries({ queryKey: queryKeys.merges }),
      ])
    },
  })
}
