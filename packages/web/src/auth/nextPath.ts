export const SIGN_IN_PATH = '/sign-in'

/**
 * Where to go after signing in: a path on this site taken from `?next=`. Anything else (another
 * origin, `//host`, `/\host`, the sign-in page itself) falls back to the dashboard, so a crafted
 * link cannot send a user somewhere else after they typed their password.
 */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/'
  if (raw === SIGN_IN_PATH || raw.startsWith(`${SIGN_IN_PATH}?`) || raw.startsWith(`${SIGN_IN_PATH}/`)) return '/'
  return raw
}

/** The sign-in page, remembering the page that was asked for (`/` needs no reminder). */
export function signInPath(location: { pathname: string; search?: string; hash?: string }): string {
  const here = `${location.pathname}${location.search ?? ''}${location.hash ?? ''}`
  const next = safeNextPath(here)
  return next === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?${new URLSearchParams({ next }).toString()}`
}
