import type { ApiKeyRow, AuthStore, SessionRow, UserRow, WorkspaceRow } from '../auth.js'
import { all, run, type DuckDbSql } from './duckdb-sql.js'
import { utcTimestamp } from './duckdb-audit.js'
import { strOrNull } from './duckdb-values.js'

const ts = (d: Date | null): string | null => (d ? utcTimestamp(d) : null)
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)))
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v))

const user = (r: Record<string, unknown>): UserRow => ({
  workspace_id: String(r.workspace_id),
  user_id: String(r.user_id),
  email: String(r.email),
  password_hash: String(r.password_hash),
  role: String(r.role),
  created_at: date(r.created_at),
  last_sign_in_at: dateOrNull(r.last_sign_in_at),
})

const key = (r: Record<string, unknown>): ApiKeyRow => ({
  workspace_id: String(r.workspace_id),
  key_id: String(r.key_id),
  kind: String(r.kind),
  key_hash: String(r.key_hash),
  name: strOrNull(r.name),
  prefix: String(r.prefix ?? ''),
  created_by: strOrNull(r.created_by),
  created_at: date(r.created_at),
  last_used_at: dateOrNull(r.last_used_at),
  revoked_at: dateOrNull(r.revoked_at),
})

const USER_COLUMNS = 'workspace_id, user_id, email, password_hash, role, created_at, last_sign_in_at'
const KEY_COLUMNS = 'workspace_id, key_id, kind, key_hash, name, prefix, created_by, created_at, last_used_at, revoked_at'

export class DuckDbAuthStore implements AuthStore {
  constructor(private readonly sql: DuckDbSql) {}

  async listWorkspaces(): Promise<WorkspaceRow[]> {
    const rows = await this.sql.all('SELECT workspace_id, name, created_at FROM workspaces ORDER BY created_at, workspace_id')
    return rows.map((r) => ({ workspace_id: String(r.workspace_id), name: String(r.name), created_at: date(r.created_at) }))
  }

  createWorkspace(workspaceId: string, name: string): Promise<boolean> {
    return this.sql.transaction(async (conn) => {
      const taken = await all(conn, 'SELECT 1 FROM workspaces WHERE workspace_id = $1 OR name = $2', [workspaceId, name])
      if (taken.length > 0) return false
      await run(conn, 'INSERT INTO workspaces VALUES ($1, $2, NULL, now()::TIMESTAMP)', [workspaceId, name])
      return true
    })
  }

  async createUser(row: Omit<UserRow, 'last_sign_in_at'>): Promise<void> {
    await this.sql.run(`INSERT INTO users (${USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, NULL)`, [
      row.workspace_id,
      row.user_id,
      row.email,
      row.password_hash,
      row.role,
      utcTimestamp(row.created_at),
    ])
  }

  async findUserByEmail(email: string): Promise<UserRow | null> {
    const [r] = await this.sql.all(`SELECT ${USER_COLUMNS} FROM users WHERE email = $1 LIMIT 1`, [email])
    return r ? user(r) : null
  }

  async getUser(workspaceId: string, userId: string): Promise<UserRow | null> {
    const [r] = await this.sql.all(`SELECT ${USER_COLUMNS} FROM users WHERE workspace_id = $1 AND user_id = $2`, [workspaceId, userId])
    return r ? user(r) : null
  }

  async listUsers(workspaceId: string): Promise<UserRow[]> {
    const rows = await this.sql.all(`SELECT ${USER_COLUMNS} FROM users WHERE workspace_id = $1 ORDER BY created_at, email`, [workspaceId])
    return rows.map(user)
  }

  async updateUser(workspaceId: string, userId: string, patch: { role?: string; password_hash?: string }): Promise<void> {
    await this.sql.run(
      'UPDATE users SET role = coalesce($3, role), password_hash = coalesce($4, password_hash) WHERE workspace_id = $1 AND user_id = $2',
      [workspaceId, userId, patch.role ?? null, patch.password_hash ?? null],
    )
  }

  async deleteUser(workspaceId: string, userId: string): Promise<void> {
    await this.sql.transaction(async (conn) => {
      await run(conn, 'DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId])
      await run(conn, 'DELETE FROM users WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId])
    })
  }

  async recordSignIn(workspaceId: string, userId: string, at: Date): Promise<void> {
    await this.sql.run('UPDATE users SET last_sign_in_at = $3::TIMESTAMP WHERE workspace_id = $1 AND user_id = $2', [
      workspaceId,
      userId,
      utcTimestamp(at),
    ])
  }

  async createSession(row: SessionRow): Promise<void> {
    await this.sql.run(
      'INSERT INTO sessions (token_hash, workspace_id, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5::TIMESTAMP, $6::TIMESTAMP)',
      [row.token_hash, row.workspace_id, row.user_id, row.csrf_token, utcTimestamp(row.created_at), utcTimestamp(row.expires_at)],
    )
  }

  async getSession(tokenHash: string, now: Date): Promise<SessionRow | null> {
    const [r] = await this.sql.all(
      `SELECT token_hash, workspace_id, user_id, csrf_token, created_at, expires_at FROM sessions
       WHERE token_hash = $1 AND expires_at > $2::TIMESTAMP`,
      [tokenHash, utcTimestamp(now)],
    )
    if (!r) return null
    return {
      token_hash: String(r.token_hash),
      workspace_id: String(r.workspace_id),
      user_id: String(r.user_id),
      csrf_token: String(r.csrf_token),
      created_at: date(r.created_at),
      expires_at: date(r.expires_at),
    }
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
  }

  async deleteUserSessions(workspaceId: string, userId: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE workspace_id = $1 AND user_id = $2', [workspaceId, userId])
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const [r] = await this.sql.all('SELECT count(*) AS n FROM sessions WHERE expires_at <= $1::TIMESTAMP', [utcTimestamp(now)])
    await this.sql.run('DELETE FROM sessions WHERE expires_at <= $1::TIMESTAMP', [utcTimestamp(now)])
    return Number(r?.n ?? 0)
  }

  async createKey(row: ApiKeyRow): Promise<void> {
    await this.sql.run(
      `INSERT INTO api_keys (${KEY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP, $9::TIMESTAMP, $10::TIMESTAMP)`,
      [
        row.workspace_id,
        row.key_id,
        row.kind,
        row.key_hash,
        row.name,
        row.prefix,
        row.created_by,
        utcTimestamp(row.created_at),
        ts(row.last_used_at),
        ts(row.revoked_at),
      ],
    )
  }

  async findKeyByHash(keyHash: string): Promise<ApiKeyRow | null> {
    const [r] = await this.sql.all(`SELECT ${KEY_COLUMNS} FROM api_keys WHERE key_hash = $1 LIMIT 1`, [keyHash])
    return r ? key(r) : null
  }

  async listKeys(workspaceId: string): Promise<ApiKeyRow[]> {
    const rows = await this.sql.all(
      `SELECT ${KEY_COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY revoked_at IS NOT NULL, created_at DESC`,
      [workspaceId],
    )
    return rows.map(key)
  }

  revokeKey(workspaceId: string, keyId: string, at: Date): Promise<boolean> {
    return this.sql.transaction(async (conn) => {
      const found = await all(conn, 'SELECT revoked_at FROM api_keys WHERE workspace_id = $1 AND key_id = $2', [workspaceId, keyId])
      if (found.length === 0) return false
      await run(conn, 'UPDATE api_keys SET revoked_at = coalesce(revoked_at, $3::TIMESTAMP) WHERE workspace_id = $1 AND key_id = $2', [
        workspaceId,
        keyId,
        utcTimestamp(at),
      ])
      return true
    })
  }

  async touchKey(keyId: string, at: Date): Promise<void> {
    await this.sql.run('UPDATE api_keys SET last_used_at = $2::TIMESTAMP WHERE key_id = $1', [keyId, utcTimestamp(at)])
  }
}
