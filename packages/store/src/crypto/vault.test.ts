import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import {
  DecryptionError,
  EncryptionKeyError,
  Vault,
  ciphertextKeyId,
  masterKeyCheck,
  newWorkspaceKeys,
  parseMasterKey,
  unwrapKeys,
  wrapKeys,
} from './vault.js'

const vault = (workspace = 'w1'): Vault => new Vault(workspace, newWorkspaceKeys())

describe('vault', () => {
  it('round-trips text, with a fresh IV each time and the key id in the ciphertext', () => {
    const v = vault()
    for (const text of ['ann@example.com', '张伟', '', '+86 138 0000 2629', 'x'.repeat(5000)]) {
      const a = v.encrypt('email', text)
      const b = v.encrypt('email', text)
      expect(a).toMatch(/^enc:v1:k[0-9a-f]{12}:[A-Za-z0-9_-]+$/)
      expect(a).not.toBe(b)
      expect(ciphertextKeyId(a)).toBe(v.keyId)
      expect(v.decrypt('email', a)).toBe(text)
      if (text.length > 3) expect(a).not.toContain(text)
    }
  })

  it('refuses a tampered ciphertext, another field, another workspace and another key: an error, never garbage', () => {
    const v = vault()
    const c = v.encrypt('email', 'ann@example.com')
    const body = c.slice(c.lastIndexOf(':') + 1)
    const flipped = `${c.slice(0, c.lastIndexOf(':') + 1)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`
    expect(() => v.decrypt('email', flipped)).toThrow(DecryptionError)
    expect(() => v.decrypt('email', c.slice(0, -2))).toThrow(/fails authentication/)
    expect(() => v.decrypt('phone', c)).toThrow(/cannot decrypt phone: the stored value fails authentication/)
    const other = new Vault('w2', v.current)
    expect(() => other.decrypt('email', c)).toThrow(DecryptionError)
    const stranger = new Vault('w1', { ...newWorkspaceKeys(), keyId: v.keyId })
    expect(() => stranger.decrypt('email', c)).toThrow(DecryptionError)
    expect(() => vault().decrypt('email', c)).toThrow(/which this database no longer holds/)
  })

  it('reads values under an older key while a rotation re-encrypts them under the new one', () => {
    const old = vault()
    const c = old.encrypt('traits.地址', '"上海"')
    const next = new Vault('w1', newWorkspaceKeys(), [old.current])
    expect(next.decrypt('traits.地址', c)).toBe('"上海"')
    const again = next.reencrypt('traits.地址', c)
    expect(ciphertextKeyId(again)).toBe(next.keyId)
    expect(next.reencrypt('traits.地址', again)).toBe(again)
    expect(next.reencrypt('email', 'clear@example.com')).toMatch(/^enc:v1:/)
  })

  it('gives a deterministic blind index per key and workspace, over the normalised value', () => {
    const v = vault()
    expect(v.blind('email', 'Ann@Example.com ')).toBe(v.blind('email', 'ann@example.com'))
    expect(v.blind('name', ' 张  伟')).toBe(v.blind('name', '张 伟'))
    expect(v.blind('email', 'ann@example.com')).toMatch(/^bi:v1:[0-9a-f]{64}$/)
    expect(v.blind('email', 'ann@example.com')).not.toBe(v.blind('phone', 'ann@example.com'))
    expect(v.blind('email', 'ann@example.com')).not.toBe(vault().blind('email', 'ann@example.com'))
    expect(v.blind('email', 'ann@example.com')).not.toBe(new Vault('w2', v.current).blind('email', 'ann@example.com'))
  })

  it('wraps keys under the master key; a wrong master key is one clear error', () => {
    const master = randomBytes(32)
    const keys = newWorkspaceKeys()
    const wrapped = wrapKeys(master, 'w1', keys)
    expect(wrapped.dataKey).not.toContain(keys.dataKey.toString('base64url'))
    const back = unwrapKeys({ key: master, origin: 'test' }, wrapped)
    expect(back.dataKey.equals(keys.dataKey) && back.indexKey.equals(keys.indexKey)).toBe(true)
    expect(() => unwrapKeys({ key: randomBytes(32), origin: 'PORTRAIT_MASTER_KEY' }, wrapped)).toThrow(
      'the master key does not match the keys of this database (master key from PORTRAIT_MASTER_KEY)',
    )
    // a matching check value but altered key material still fails authentication, not garbage
    expect(() => unwrapKeys({ key: master, origin: 'test' }, { ...wrapped, workspaceId: 'w2' })).toThrow(EncryptionKeyError)
    expect(masterKeyCheck(master)).not.toBe(masterKeyCheck(randomBytes(32)))
  })

  it('reads master keys as hex or base64 of 32 bytes and names anything else', () => {
    const key = randomBytes(32)
    expect(parseMasterKey(key.toString('hex'), 'X').equals(key)).toBe(true)
    expect(parseMasterKey(`${key.toString('base64')}\n`, 'X').equals(key)).toBe(true)
    expect(parseMasterKey(key.toString('base64url'), 'X').equals(key)).toBe(true)
    for (const bad of ['', 'secret', randomBytes(16).toString('hex'), randomBytes(31).toString('base64')])
      expect(() => parseMasterKey(bad, 'PORTRAIT_MASTER_KEY')).toThrow(/^PORTRAIT_MASTER_KEY is not a master key: it must be 32 bytes/)
  })
})
