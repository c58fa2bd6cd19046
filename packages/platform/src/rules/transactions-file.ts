/**
 * Baskets from files: long format (`transaction_id,item`, one row per item bought) or basket lines
 * (one comma-separated basket per line, as `groceries.csv`). Item labels are kept byte-exact — no
 * trimming, case folding or normalisation — because catalogues contain labels that differ only in
 * whitespace (Groceries has `cream cheese ` with a trailing space) and rules must name the items
 * exactly as the file does.
 */
import { readFile, stat } from 'node:fs/promises'
import { gunzipSync } from 'node:zlib'
import iconv from 'iconv-lite'
import { transactionsFromBasketLines } from '@portrait/analytics/rules'
import { err, ok, portraitError, type PortraitError, type Result } from '@portrait/core'
import { detectEncoding, readSource, SourceError } from '../ingest/read-source.js'

export interface TransactionsFileOptions {
  /** One comma-separated basket per line instead of long `transaction_id,item` rows. */
  readonly basket?: boolean
  /** The name to show in messages (default: the path). */
  readonly name?: string
}

/** The columns a long-format file must have. */
export const LONG_FORMAT_COLUMNS = ['transaction_id', 'item'] as const

/** Reads the baskets of a file; every failure is a message naming the file (and the line). */
export async function readTransactionsFile(
  path: string,
  options: TransactionsFileOptions = {},
): Promise<Result<string[][], PortraitError>> {
  const name = options.name ?? path
  try {
    const info = await stat(path)
    if (!info.isFile()) return err(portraitError('Unreadable', `cannot read ${name}: not a file`))
    if (info.size === 0) return err(portraitError('EmptyInput', `${name} is empty`))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return err(portraitError('Unreadable', `cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`))
  }
  return options.basket ? readBasketLines(path, name) : readLongFormat(path, name)
}

async function readBasketLines(path: string, name: string): Promise<Result<string[][], PortraitError>> {
  let bytes = await readFile(path)
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes)
    } catch {
      return err(portraitError('Unreadable', `${name} looks gzip-compressed but cannot be decompressed`))
    }
  }
  // Same encoding rule as every import: UTF-8 unless the bytes are not valid UTF-8, then GB18030.
  const text = (detectEncoding(bytes) === 'utf-8' ? bytes.toString('utf-8') : iconv.decode(bytes, 'gb18030')).replace(/^\uFEFF/, '')
  const baskets = transactionsFromBasketLines(text)
  if (baskets.every((basket) => basket.length === 0)) return err(portraitError('EmptyInput', `${name} has no items`))
  return ok(baskets)
}

async function readLongFormat(path: string, name: string): Promise<Result<string[][], PortraitError>> {
  const baskets = new Map<string, Set<string>>()
  try {
    for await (const row of readSource(path, { format: 'csv', name })) {
      if (row.kind === 'problem') return err(portraitError('InvalidInput', `${name}, line ${row.line}: ${row.reason}`, { line: row.line }))
      const fields = row.fields
      const missing = LONG_FORMAT_COLUMNS.filter((column) => !(column in fields))
      if (missing.length > 0) {
        return err(
          portraitError(
            'InvalidInput',
            `${name} must have the columns ${LONG_FORMAT_COLUMNS.join(',')} (found: ${Object.keys(fields).join(', ')}); for one basket per line use --basket`,
          ),
        )
      }
      const id = String(fields.transaction_id ?? '')
      const item = String(fields.item ?? '')
      if (id === '') return err(portraitError('InvalidInput', `${name}, line ${row.line}: empty transaction_id`, { line: row.line }))
      if (item === '') return err(portraitError('InvalidInput', `${name}, line ${row.line}: empty item`, { line: row.line }))
      let basket = baskets.get(id)
      if (basket === undefined) {
        basket = new Set<string>()
        baskets.set(id, basket)
      }
      basket.add(item)
    }
  } catch (e) {
    if (e instanceof SourceError) return err(portraitError(e.code, e.message))
    throw e
  }
  if (baskets.size === 0) return err(portraitError('EmptyInput', `${name} has a header but no rows`))
  return ok([...baskets.values()].map((basket) => [...basket]))
}
