import { z } from 'zod'

/**
 * Who may do what. A user's role and an API key's kind each grant a fixed set of permissions;
 * every HTTP route names the one permission it needs.
 */
export const PERMISSIONS = [
  /** Dashboards, segments, models, reports: aggregates and customer records with personal fields masked. */
  'data.read',
  /** Personal fields (name, email, phone, address) in customer lists, profiles and segment members. */
  'pii.read',
  /** Imports, segment edits, model runs, merge undo. */
  'data.write',
  /** Audience exports (segment member CSV files). */
  'audience.export',
  /** Marketing plans: create, edit, approve. */
  'plans.edit',
  /** Users: create, change role, delete. */
  'users.manage',
  /** API keys: create, list, revoke. */
  'keys.manage',
  /** Data-subject requests (privacy export and erasure), consent history, retention. */
  'privacy.manage',
  /** The audit log: view and export. */
  'audit.read',
  /** Tracking and survey data sent in by web sites and apps. */
  'track',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export const ROLES = ['owner', 'admin', 'analyst', 'viewer'] as const
export const Role = z.enum(ROLES)
export type Role = z.infer<typeof Role>

export const KEY_KINDS = ['write', 'read', 'admin'] as const
export const KeyKind = z.enum(KEY_KINDS)
export type KeyKind = z.infer<typeof KeyKind>

const VIEWER: readonly Permission[] = ['data.read']
const ANALYST: readonly Permission[] = [...VIEWER, 'pii.read', 'data.write', 'plans.edit']
const ADMIN: readonly Permission[] = [...ANALYST, 'audience.export', 'users.manage', 'keys.manage', 'privacy.manage']
const OWNER: readonly Permission[] = [...ADMIN, 'audit.read']

/** What each role may do; a role includes every permission of the roles below it. */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = {
  owner: OWNER,
  admin: ADMIN,
  analyst: ANALYST,
  viewer: VIEWER,
}

/** What each kind of API key may do: write keys only send tracking data, read keys read, admin keys manage. */
export const KEY_PERMISSIONS: Readonly<Record<KeyKind, readonly Permission[]>> = {
  write: ['track'],
  read: ['data.read', 'pii.read'],
  admin: [...OWNER.filter((p) => p !== 'users.manage'), 'track'],
}

/** Roles an actor with `role` may hand out: owners any, admins up to admin. */
export const assignableRoles = (role: Role): readonly Role[] => (role === 'owner' ? ROLES : ROLES.filter((r) => r !== 'owner'))

const Email = z.string().trim().toLowerCase().pipe(z.email('an email address such as ana@example.com').max(254))
/** Long enough to resist guessing; long passphrases are welcome. */
export const Password = z.string().min(10, 'at least 10 characters').max(200)

export const SignInRequest = z.object({ email: Email, password: z.string().min(1).max(200) })
export type SignInRequest = z.infer<typeof SignInRequest>

export const WorkspaceInfo = z.object({ id: z.string(), name: z.string() })
export type WorkspaceInfo = z.infer<typeof WorkspaceInfo>

export const UserInfo = z.object({
  id: z.string(),
  email: z.string(),
  role: Role,
  created_at: z.string(),
  last_sign_in_at: z.string().nullable(),
})
export type UserInfo = z.infer<typeof UserInfo>

/** The signed-in user (or API key), the workspace and what it may do. */
export const SessionInfo = z.object({
  user: UserInfo.nullable().describe('null when the request is authenticated by an API key'),
  key: z.object({ id: z.string(), kind: KeyKind }).nullable(),
  workspace: WorkspaceInfo.extend({
    timezone: z.string().describe("the workspace's IANA time zone: reports bucket days and months, and the app shows times, in it"),
  }),
  permissions: z.array(z.enum(PERMISSIONS)),
  csrf_token: z
    .string()
    .nullable()
    .describe('send it back in the X-CSRF-Token header with every POST/PUT/PATCH/DELETE made with the session cookie'),
})
export type SessionInfo = z.infer<typeof SessionInfo>

export const UserListResponse = z.object({ items: z.array(UserInfo) })
export type UserListResponse = z.infer<typeof UserListResponse>

export const UserCreateRequest = z.object({ email: Email, password: Password, role: Role })
export type UserCreateRequest = z.infer<typeof UserCreateRequest>

export const UserUpdateRequest = z
  .object({ role: Role.optional(), password: Password.optional() })
  .refine((v) => v.role !== undefined || v.password !== undefined, 'give a role or a password')
export type UserUpdateRequest = z.infer<typeof UserUpdateRequest>

export const ApiKeyInfo = z.object({
  id: z.string(),
  kind: KeyKind,
  name: z.string().nullable(),
  prefix: z.string().describe('the first characters of the key, to recognise it'),
  workspace: z.string(),
  created_at: z.string(),
  created_by: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
})
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>

export const ApiKeyListResponse = z.object({ items: z.array(ApiKeyInfo) })
export type ApiKeyListResponse = z.infer<typeof ApiKeyListResponse>

export const ApiKeyCreateRequest = z.object({ kind: KeyKind, name: z.string().trim().min(1).max(100).optional() })
export type ApiKeyCreateRequest = z.infer<typeof ApiKeyCreateRequest>

/** The new key in full: shown once, stored only as a hash. */
export const ApiKeyCreated = ApiKeyInfo.extend({ key: z.string() })
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>

export const WorkspaceListResponse = z.object({ items: z.array(WorkspaceInfo) })
export type WorkspaceListResponse = z.infer<typeof WorkspaceListResponse>

/** The header the web app sends its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token'
/** The session cookie's name. */
export const SESSION_COOKIE = 'portrait_session'
