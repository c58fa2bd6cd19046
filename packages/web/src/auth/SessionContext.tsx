import { createContext, useContext, type ReactNode } from 'react'
import type { Permission, SessionInfo } from '@portrait/core'
import { allows, type PermissionRequirement } from './permissions'

/** The signed-in session below `RequireSession`; null outside it. */
export const SessionContext = createContext<SessionInfo | null>(null)

export function useCurrentSession(): SessionInfo | null {
  return useContext(SessionContext)
}

/** The permissions of the signed-in principal (none when nobody is signed in). */
export function usePermissions(): readonly Permission[] {
  return useContext(SessionContext)?.permissions ?? []
}

/** Whether the signed-in principal may do `permission` (or any one of a list). */
export function usePermission(permission: PermissionRequirement): boolean {
  return allows(usePermissions(), permission)
}

/**
 * Renders its children only for a principal with the permission, so nobody is offered an action
 * the server would refuse; `fallback` (default nothing) otherwise.
 */
export function Can({
  permission,
  children,
  fallback = null,
}: {
  permission: PermissionRequirement
  children: ReactNode
  fallback?: ReactNode
}) {
  return usePermission(permission) ? children : fallback
}
