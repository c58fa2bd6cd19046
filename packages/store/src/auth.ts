/**
 * Workspaces, users, sessions and API keys. Passwords, session tokens and API keys reach the store
 * only as hashes; the platform creates and checks them.
 */
export interface WorkspaceRow {
  readonly workspace_id: string
  readonly name: string
  readonly created_at: Date
}

export interface UserRow {
  readonly workspace_id: string
  readonly user_id: string
  /** Lower-cased; unique across the whole database (one sign-in, one workspace). */
  readonly email: string
  readonly password_hash: string
  readonly role: string
  readonly created_at: Date
  readonly last_sign_in_at: Date | null
}

export interface SessionRow {
  /** SHA-256 of the cookie's token: the token itself is never stored. */
  readonly token_hash: string
  readonly workspace_id: string
  readonly user_id: string
  readonly csrf_token: string
  readonly created_at: Date
  readonly expires_at: Date
}

export interface ApiKeyRow {
  readonly workspace_id: string
  readonly key_id: string
  readonly kind: string
  /** SHA-256 of the key: the key itself is shown once and never stored. */
  readonly key_hash: string
  readonly name: string | null
  /** The key's first characters, so people can tell their keys apart. */
  readonly prefix: string
  readonly created_by: string | null
  readonly created_at: Date
  readonly last_used_at: Date | null
  readonly revoked_at: Date | null
}

export interface AuthStore {
  listWorkspaces(): Promise<WorkspaceRow[]>
  /** Creates the workspace; false when the id is taken. */
  createWorkspace(workspaceId: string, name: string): Promise<boolean>

  createUser(row: Omit<UserRow, 'last_sign_in_at'>): Promise<void>
  /** A user by e-mail in any workspace (e-mails are unique database-wide). */
  findUserByEmail(email: string): Promise<UserRow | null>
  getUser(workspaceId: string, userId: string): Promise<UserRow | null>
  listUsers(workspaceId: string): Promise<UserRow[]>
  updateUser(workspaceId: string, userId: string, patch: { role?: string; password_hash?: string }): Promise<void>
  deleteUser(workspaceId: string, userId: string): Promise<void>
  recordSignIn(workspaceId: string, userId: string, at: Date): Promise<void>

  createSession(row: SessionRow): Promise<void>
  /** The session with this token hash if it has not expired at `now`. */
  getSession(tokenHash: string, now: Date): Promise<SessionRow | null>
  deleteSession(tokenHash: string): Promise<void>
  /** Signs a user out everywhere (password change, role change, deletion). */
  deleteUserSessions(workspaceId: string, userId: string): Promise<void>
  deleteExpiredSessions(now: Date): Promise<number>

  createKey(row: ApiKeyRow): Promise<void>
  findKeyByHash(keyHash: string): Promise<ApiKeyRow | null>
  listKeys(workspaceId: string): Promise<ApiKeyRow[]>
  /** Marks the key revoked; false when there is no such key in the workspace. */
  revokeKey(workspaceId: string, keyId: string, at: Date): Promise<boolean>
  touchKey(keyId: string, at: Date): Promise<void>
}
