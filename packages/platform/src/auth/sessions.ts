import { createHash, randomBytes } from 'node:crypto'
import { err, ok, portraitError, SignInRequest, type PortraitError, type Result } from '@portrait/core'
import type { Store } from '@portrait/store'
import { decoyHash, verifyPassword } from './passwords.js'
import { userPrincipal, type Principal } from './principal.js'

/** A session lasts this long after sign-in; then the user signs in again. */
export const SESSION_HOURS = 12

export const sha256 = (v: string): string => createHash('sha256').update(v).digest('hex')
const token = (): string => randomBytes(32).toString('base64url')

export interface SignedIn {
  /** The cookie's value: given to the browser once, stored only as its hash. */
  readonly token: string
  readonly principal: Principal
  readonly expiresAt: Date
}

const WRONG = 'wrong e-mail or password'

/**
 * Checks an e-mail and password and opens a session. An unknown e-mail costs the same time as a
 * wrong password and gets the same answer, so the answer does not tell which accounts exist.
 */
export async function signIn(
  store: Store,
  input: { email: string; password: string },
  now = new Date(),
): Promise<Result<SignedIn, PortraitError>> {
  const parsed = SignInRequest.safeParse(input)
  if (!parsed.success) return err(portraitError('Unauthorized', WRONG))
  const { email, password } = parsed.data
  const user = await store.auth.findUserByEmail(email)
  if (!user) {
    await verifyPassword(password, await decoyHash())
    return err(portraitError('Unauthorized', WRONG))
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    await store.audit.record(user.workspace_id, { actor: email, action: 'auth.sign_in_failed', target: user.user_id, details: null })
    return err(portraitError('Unauthorized', WRONG))
  }
  const value = token()
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000)
  const session = {
    token_hash: sha256(value),
    workspace_id: user.workspace_id,
    user_id: user.user_id,
    csrf_token: token(),
    created_at: now,
    expires_at: expiresAt,
  }
  await store.auth.deleteExpiredSessions(now)
  await store.auth.createSession(session)
  await store.auth.recordSignIn(user.workspace_id, user.user_id, now)
  await store.audit.record(user.workspace_id, { actor: email, action: 'auth.sign_in', target: user.user_id, details: null })
  return ok({ token: value, principal: userPrincipal({ ...user, last_sign_in_at: now }, session), expiresAt })
}

/** The principal of a session cookie, or null when it is unknown, expired, or its user is gone. */
export async function authenticateSession(store: Store, cookie: string, now = new Date()): Promise<Principal | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(cookie)) return null
  const session = await store.auth.getSession(sha256(cookie), now)
  if (!session) return null
  const user = await store.auth.getUser(session.workspace_id, session.user_id)
  return user ? userPrincipal(user, session) : null
}

export async function signOut(store: Store, principal: Principal): Promise<void> {
  if (!principal.session) return
  await store.auth.deleteSession(principal.session.token_hash)
  await store.audit.record(principal.workspaceId, {
    actor: principal.actor,
    action: 'auth.sign_out',
    target: principal.user?.user_id ?? null,
    details: null,
  })
}
