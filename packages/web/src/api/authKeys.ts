/** Query keys of the session, users and API keys, so mutations invalidate exactly what they change. */
export const authKeys = {
  session: ['session'] as const,
  users: ['users'] as const,
  apiKeys: ['api-keys'] as const,
}

export const SESSION_PATH = '/api/v1/session'
export const USERS_PATH = '/api/v1/users'
export const API_KEYS_PATH = '/api/v1/keys'

export const userPath = (id: string): string => `${USERS_PATH}/${encodeURIComponent(id)}`
export const apiKeyPath = (id: string): string => `${API_KEYS_PATH}/${encodeURIComponent(id)}`
