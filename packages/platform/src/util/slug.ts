/**
 * A readable id from a name written in ASCII ("Tier 1 buyers" → `tier-1-buyers`, at most 40
 * characters); null when the name has no Latin letter (a Chinese name), for the caller's random id.
 */
export function slugOf(name: string): string | null {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return /[a-z]/.test(slug) ? slug : null
}
