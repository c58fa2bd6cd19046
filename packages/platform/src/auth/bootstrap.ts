import type { Store } from '@portrait/store'
import { createUser } from './users.js'
import { generatePassword } from './passwords.js'

/** The first owner of a new workspace, unless told otherwise. */
export const FIRST_OWNER_EMAIL = 'admin@portrait.local'

export interface FirstOwner {
  readonly email: string
  /** Shown once: only its hash is stored. */
  readonly password: string
  /** True when Portrait chose the password (no PORTRAIT_ADMIN_PASSWORD was given). */
  readonly generated: boolean
}

/**
 * Makes sure a workspace can be signed in to: when it has no user yet, creates an owner with the
 * given password (e.g. `PORTRAIT_ADMIN_PASSWORD`) or a generated one, to be shown once.
 * Returns null when the workspace has users already.
 */
export async function ensureFirstOwner(
  store: Store,
  workspaceId: string,
  options: { email?: string; password?: string } = {},
): Promise<FirstOwner | null> {
  if ((await store.auth.listUsers(workspaceId)).length > 0) return null
  const email = options.email ?? (workspaceId === 'default' ? FIRST_OWNER_EMAIL : `admin+${workspaceId}@portrait.local`)
  const generated = !options.password
  const password = options.password || generatePassword()
  const r = await createUser(store, workspaceId, { email, password, role: 'owner' })
  if (!r.ok) throw new Error(`cannot create the first owner ${email}: ${r.error.message}`)
  return { email, password, generated }
}
