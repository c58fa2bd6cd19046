import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * Password hashing with scrypt (node:crypto). The stored form names its parameters, so they can be
 * raised later without invalidating existing hashes: `scrypt$N$r$p$salt$hash` (base64).
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const
const KEY_LENGTH = 64
// 128·N·r bytes of memory are needed; leave room above it.
const MAX_MEMORY = 128 * PARAMS.N * PARAMS.r * 2

const derive = (password: string, salt: Buffer, options: ScryptOptions, length: number): Promise<Buffer> =>
  new Promise((resolve, reject) => scrypt(password.normalize('NFKC'), salt, length, options, (e, key) => (e ? reject(e) : resolve(key))))

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { ...PARAMS, maxmem: MAX_MEMORY }, KEY_LENGTH)
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** Whether `password` matches the stored hash; compared in constant time. A malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  if (!N || !r || !p || N > 2 ** 20 || r > 32 || p > 16) return false
  const salt = Buffer.from(parts[4] ?? '', 'base64')
  const expected = Buffer.from(parts[5] ?? '', 'base64')
  if (salt.length < 8 || expected.length < 32) return false
  const actual = await derive(password, salt, { N, r, p, maxmem: 128 * N * r * 2 }, expected.length)
  return timingSafeEqual(actual, expected)
}

/** A hash no password matches, checked against when an e-mail is unknown so that timing does not tell. */
let decoy: Promise<string> | undefined
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(24).toString('base64')))

/** A password for a generated account: 20 characters from an unambiguous alphabet (≈ 110 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(40)
  let out = ''
  for (const b of bytes) {
    // rejection sampling keeps every character equally likely
    if (b >= alphabet.length * Math.floor(256 / alphabet.length)) continue
    out += alphabet[b % alphabet.length]
    if (out.length === 20) break
  }
  return out.length === 20 ? out : generatePassword()
}
