import { randomUUID } from 'node:crypto'
import {
  assignableRoles,
  err,
  ok,
  portraitError,
  UserCreateRequest,
  UserUpdateRequest,
  type PortraitError,
  type Result,
  type Role,
  type UserInfo,
} from '@portrait/core'
import type { Store, UserRow } from '@portrait/store'
import { hashPassword } from './passwords.js'
import { isRole, type Principal } from './principal.js'

export const toUserInfo = (u: UserRow): UserInfo => ({
  id: u.user_id,
  email: u.email,
  role: isRole(u.role) ? u.role : 'viewer',
  created_at: u.created_at.toISOString(),
  last_sign_in_at: u.last_sign_in_at?.toISOString() ?? null,
})

const invalid = (issues: { path: PropertyKey[]; message: string }[]): PortraitError =>
  portraitError('InvalidInput', issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; '))

/** Who acts: a principal of the HTTP API, or `null` for the local CLI (the database's operator). */
type Actor = Principal | null
const actorName = (by: Actor): string => by?.actor ?? 'cli'
const actorRole = (by: Actor): Role => (by?.user && isRole(by.user.role) ? by.user.role : 'owner')

export async function listUsers(store: Store, workspaceId: string): Promise<UserInfo[]> {
  return (await store.auth.listUsers(workspaceId)).map(toUserInfo)
}

export async function createUser(
  store: Store,
  workspaceId: string,
  input: { email: string; password: string; role: string },
  by: Actor = null,
): Promise<Result<UserInfo, PortraitError>> {
  const parsed = UserCreateRequest.safeParse(input)
  if (!parsed.success) return err(invalid(parsed.error.issues))
  const { email, password, role } = parsed.data
  if (!assignableRoles(actorRole(by)).includes(role)) return err(portraitError('Forbidden', `an ${actorRole(by)} cannot create ${role}s`))
  if (await store.auth.findUserByEmail(email)) return err(portraitError('Conflict', `a user ${email} exists already`))
  const row = {
    workspace_id: workspaceId,
    user_id: randomUUID(),
    email,
    password_hash: await hashPassword(password),
    role,
    created_at: new Date(),
  }
  await store.auth.createUser(row)
  await store.audit.record(workspaceId, { actor: actorName(by), action: 'user.create', target: row.user_id, details: { email, role } })
  return ok(toUserInfo({ ...row, last_sign_in_at: null }))
}

async function findUser(store: Store, workspaceId: string, idOrEmail: string): Promise<UserRow | null> {
  const byId = await store.auth.getUser(workspaceId, idOrEmail)
  if (byId) return byId
  const byEmail = await store.auth.findUserByEmail(idOrEmail.trim().toLowerCase())
  return byEmail && byEmail.workspace_id === workspaceId ? byEmail : null
}

const owners = async (store: Store, workspaceId: string): Promise<number> =>
  (await store.auth.listUsers(workspaceId)).filter((u) => u.role === 'owner').length

/** Changes a user's role and/or password (by id or e-mail); the user's sessions end. */
export async function updateUser(
  store: Store,
  workspaceId: string,
  idOrEmail: string,
  patch: { role?: string; password?: string },
  by: Actor = null,
): Promise<Result<UserInfo, PortraitError>> {
  const parsed = UserUpdateRequest.safeParse(patch)
  if (!parsed.success) return err(invalid(parsed.error.issues))
  const user = await findUser(store, workspaceId, idOrEmail)
  if (!user) return err(portraitError('NotFound', `no user '${idOrEmail}' in this workspace`))
  const allowed = assignableRoles(actorRole(by))
  if (!allowed.includes(user.role as Role) || (parsed.data.role && !allowed.includes(parsed.data.role)))
    return err(portraitError('Forbidden', `an ${actorRole(by)} cannot change owners or make owners`))
  if (user.role === 'owner' && parsed.data.role && parsed.data.role !== 'owner' && (await owners(store, workspaceId)) <= 1)
    return err(portraitError('Conflict', 'a workspace keeps at least one owner: make someone else owner first'))
  await store.auth.updateUser(workspaceId, user.user_id, {
    ...(parsed.data.role ? { role: parsed.data.role } : {}),
    ...(parsed.data.password ? { password_hash: await hashPassword(parsed.data.password) } : {}),
  })
  await store.auth.deleteUserSessions(workspaceId, user.user_id)
  await store.audit.record(workspaceId, {
    actor: actorName(by),
    action: 'user.update',
    target: user.user_id,
    details: { email: user.email, ...(parsed.data.role ? { role: parsed.data.role } : {}), password_changed: !!parsed.data.password },
  })
  const after = await store.auth.getUser(workspaceId, user.user_id)
  return after ? ok(toUserInfo(after)) : err(portraitError('NotFound', `no user '${idOrEmail}'`))
}

export async function deleteUser(
  store: Store,
  workspaceId: string,
  idOrEmail: string,
  by: Actor = null,
): Promise<Result<UserInfo, PortraitError>> {
  const user = await findUser(store, workspaceId, idOrEmail)
  if (!user) return err(portraitError('NotFound', `no user '${idOrEmail}' in this workspace`))
  if (by?.user?.user_id === user.user_id) return err(portraitError('Conflict', 'you cannot delete yourself'))
  if (!assignableRoles(actorRole(by)).includes(user.role as Role))
    return err(portraitError('Forbidden', `an ${actorRole(by)} cannot delete owners`))
  if (user.role === 'owner' && (await owners(store, workspaceId)) <= 1)
    return err(portraitError('Conflict', 'a workspace keeps at least one owner'))
  await store.auth.deleteUser(workspaceId, user.user_id)
  await store.audit.record(workspaceId, {
    actor: actorName(by),
    action: 'user.delete',
    target: user.user_id,
    details: { email: user.email },
  })
  return ok(toUserInfo(user))
}
