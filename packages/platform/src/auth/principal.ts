import { KEY_PERMISSIONS, ROLE_PERMISSIONS, type KeyKind, type Permission, type Role } from '@portrait/core'
import type { ApiKeyRow, SessionRow, UserRow } from '@portrait/store'

/** Who is asking: a signed-in user (through a session) or an API key, always of one workspace. */
export interface Principal {
  readonly workspaceId: string
  readonly user: UserRow | null
  readonly session: SessionRow | null
  readonly key: ApiKeyRow | null
  readonly permissions: ReadonlySet<Permission>
  /** How the audit log names this principal: the user's e-mail or `key:<prefix>`. */
  readonly actor: string
}

export const can = (p: Principal, permission: Permission): boolean => p.permissions.has(permission)

export const isRole = (v: string): v is Role => v in ROLE_PERMISSIONS
export const isKeyKind = (v: string): v is KeyKind => v in KEY_PERMISSIONS

export function userPrincipal(user: UserRow, session: SessionRow | null): Principal {
  return {
    workspaceId: user.workspace_id,
    user,
    session,
    key: null,
    // an unknown role (edited by hand in the database) grants nothing
    permissions: new Set(isRole(user.role) ? ROLE_PERMISSIONS[user.role] : []),
    actor: user.email,
  }
}

export function keyPrincipal(key: ApiKeyRow): Principal {
  return {
    workspaceId: key.workspace_id,
    user: null,
    session: null,
    key,
    permissions: new Set(isKeyKind(key.kind) ? KEY_PERMISSIONS[key.kind] : []),
    actor: `key:${key.prefix}`,
  }
}
