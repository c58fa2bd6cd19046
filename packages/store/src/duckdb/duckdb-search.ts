import type { Vault } from '../crypto/vault.js'

/**
 * Lookup variants for a key typed by a person: as given, lower-cased (emails), and digits only
 * without a +86 / 0086 prefix (Chinese mobile numbers).
 */
export function identityLookupVariants(key: string): string[] {
  const trimmed = key.trim()
  const out = new Set([trimmed, trimmed.toLowerCase()])
  const digits = trimmed.replace(/[^\d]/g, '')
  if (digits.length >= 7) out.add(digits.replace(/^(0086|86)(?=1\d{10}$)/, ''))
  return [...out]
}

/**
 * The blind indexes a typed search term may match: as a name, an email or a phone, in the
 * spellings the importer normalises to. Encrypted fields can only be found by their exact value.
 */
export function searchIndexes(vault: Vault, term: string): string[] {
  const variants = identityLookupVariants(term)
  const digits = term.replace(/[^\d]/g, '')
  if (term.trim().startsWith('+') && digits.length >= 5) variants.push(`+${digits}`)
  return [...new Set([vault.blind('name', term), ...variants.flatMap((v) => [vault.blind('email', v), vault.blind('phone', v)])])]
}
