import type { Permission } from '@portrait/core'

/** One permission, or several of which any one suffices (settings: `users.manage` or `keys.manage`). */
export type PermissionRequirement = Permission | readonly Permission[]

/** True when `granted` satisfies `required`; no requirement is always satisfied. */
export function allows(granted: readonly Permission[], required: PermissionRequirement | undefined): boolean {
  if (required === undefined) return true
  const anyOf: readonly Permission[] = typeof required === 'string' ? [required] : required
  return anyOf.some((p) => granted.includes(p))
}
