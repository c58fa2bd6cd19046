import { createReadStream, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { createGunzip, gunzipSync } from 'node:zlib'
import { Transform, type Readable } from 'node:stream'
import { createInterface } from 'node:readline'
import { parse as parseCsv } from 'csv-parse'
import iconv from 'iconv-lite'
import { readParquetRows } from '@portrait/store'
import type { ImportFormat } from '@portrait/core'

/** One row read from a source file; `line` is its 1-based physical line (or record number). */
export interface SourceRow {
  readonly line: number
  readonly fields: Record<string, unknown>
}
/** A row that could not even be read (wrong number of fields, broken JSON). */
export interface SourceProblem {
  readonly line: number
  readonly reason: string
  readonly raw: string
}
export type SourceItem = ({ readonly kind: 'row' } & SourceRow) | ({ readonly kind: 'problem' } & SourceProblem)

/** The file as a whole cannot be read: it is missing, empty, or not in the format it claims. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly code: 'Unreadable' | 'EmptyInput' = 'Unreadable',
  ) {
    super(message)
    this.name = 'SourceError'
  }
}

export interface ReadSourceOptions {
  readonly format?: ImportFormat
  /** The file name to infer the format from when `path` is a temporary upload. */
  readonly name?: string
  /** Called with bytes read so far and the file size (compressed size for .gz). */
  readonly onProgress?: (bytesRead: number, totalBytes: number) => void
}

export interface SourceInfo {
  readonly format: ImportFormat
  readonly encoding: 'utf-8' | 'gb18030'
  readonly gzip: boolean
  readonly delimiter?: string
}

export function inferFormat(name: string): ImportFormat | null {
  const n = name.toLowerCase().replace(/\.(gz|gzip)$/, '')
  if (n.endsWith('.csv') || n.endsWith('.tsv') || n.endsWith('.txt')) return 'csv'
  if (n.endsWith('.ndjson') || n.endsWith('.jsonl')) return 'ndjson'
  if (n.endsWith('.json')) return 'json'
  if (n.endsWith('.parquet') || n.endsWith('.pq')) return 'parquet'
  return null
}

async function head(path: string, bytes: number): Promise<Buffer> {
  const fh = await open(path, 'r')
  try {
    const buf = Buffer.alloc(bytes)
    const { bytesRead } = await fh.read(buf, 0, bytes, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await fh.close()
  }
}

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b

/**
 * UTF-8 (with or without BOM) unless the sample is not valid UTF-8, in which case GB18030 (a
 * superset of GBK and GB2312, what Chinese spreadsheet software writes).
 */
export function detectEncoding(sample: Buffer): 'utf-8' | 'gb18030' {
  // Cut a possibly split multi-byte character at the end of the sample.
  let end = sample.length
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = sample[end - i] ?? 0
    if ((b & 0xc0) === 0xc0) {
      end -= i
      break
    }
    if ((b & 0x80) === 0) break
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end))
    return 'utf-8'
  } catch {
    return 'gb18030'
  }
}

/** The delimiter of the header line: the most frequent of `,` `;` tab outside quotes. */
export function detectDelimiter(firstLine: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
    ['|', 0],
  ])
  let quoted = false
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  }
  let best = ','
  let bestN = 0
  for (const [d, n] of counts) if (n > bestN) [best, bestN] = [d, n]
  return best
}

function decodedStream(path: string, gzip: boolean, encoding: 'utf-8' | 'gb18030', onBytes: (n: number) => void): Readable {
  const file = createReadStream(path)
  file.on('data', (chunk) => onBytes(chunk.length))
  let stream: Readable = file
  if (gzip) {
    const gunzip = createGunzip()
    file.on('error', (e) => gunzip.destroy(e))
    stream = file.pipe(gunzip)
  }
  const decoder: Transform = encoding === 'utf-8' ? new TextDecoderTransform() : (iconv.decodeStream('gb18030') as unknown as Transform)
  stream.on('error', (e) => decoder.destroy(e))
  return stream.pipe(decoder)
}

/** A streaming UTF-8 decoder that drops a leading BOM. */
class TextDecoderTransform extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: false })
  constructor() {
    super({ readableObjectMode: false })
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null, data?: string) => void): void {
    cb(null, this.decoder.decode(chunk, { stream: true }))
  }
  override _flush(cb: (e?: Error | null, data?: string) => void): void {
    cb(null, this.decoder.decode())
  }
}

/** Inspects a source file: format, gzip, encoding and (for CSV) delimiter. */
export async function inspectSource(path: string, options: ReadSourceOptions = {}): Promise<SourceInfo> {
  let size: number
  try {
    const st = statSync(path)
    if (!st.isFile()) throw new SourceError(`${path} is not a file`)
    size = st.size
  } catch (e) {
    if (e instanceof SourceError) throw e
    throw new SourceError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`)
  }
  if (size === 0) throw new SourceError(`${options.name ?? path} is empty`, 'EmptyInput')
  const raw = await head(path, 64 * 1024)
  const gzip = isGzip(raw)
  let sample = raw
  if (gzip) {
    try {
      sample = gunzipSync(raw, { finishFlush: 2 /* Z_SYNC_FLUSH: a truncated stream is fine */ })
    } catch {
      throw new SourceError(`${options.name ?? path} looks gzip-compressed but cannot be decompressed`)
    }
  }
  const format = options.format ?? inferFormat(options.name ?? path) ?? sniffFormat(sample)
  if (format === 'parquet') {
    if (gzip) throw new SourceError('a gzip-compressed Parquet file is not supported: Parquet compresses itself')
    if (sample.subarray(0, 4).toString('latin1') !== 'PAR1') throw new SourceError(`${options.name ?? path} is not a Parquet file`)
    return { format, encoding: 'utf-8', gzip }
  }
  const encoding = detectEncoding(sample)
  const text = (encoding === 'utf-8' ? sample.toString('utf-8') : iconv.decode(sample, 'gb18030')).replace(/^\uFEFF/, '')
  if (text.trim() === '') throw new SourceError(`${options.name ?? path} has no data`, 'EmptyInput')
  if (format === 'csv') {
    const firstLine = text.split(/\r?\n/, 1)[0] ?? ''
    return { format, encoding, gzip, delimiter: detectDelimiter(firstLine) }
  }
  return { format, encoding, gzip }
}

function sniffFormat(sample: Buffer): ImportFormat {
  if (sample.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet'
  const s = sample
    .toString('utf-8')
    .replace(/^\uFEFF/, '')
    .trimStart()
  if (s.startsWith('[')) return 'json'
  if (s.startsWith('{')) return 'ndjson'
  return 'csv'
}

/**
 * Streams the rows of a CSV, NDJSON, JSON-array or Parquet file (optionally gzip-compressed).
 * Throws `SourceError` when the file as a whole cannot be read; a single bad row is yielded as a
 * `problem` and reading goes on.
 */
export async function* readSource(path: string, options: ReadSourceOptions = {}): AsyncGenerator<SourceItem, SourceInfo> {
  const info = await inspectSource(path, options)
  const total = statSync(path).size
  let read = 0
  const onBytes = (n: number): void => {
    read += n
    options.onProgress?.(read, total)
  }
  if (info.format === 'parquet') {
    let line = 0
    try {
      for await (const r of readParquetRows(path)) yield { kind: 'row', line: ++line, fields: r }
    } catch (e) {
      throw new SourceError(`cannot read Parquet file ${options.name ?? path}: ${(e as Error).message}`)
    }
    options.onProgress?.(total, total)
    return info
  }
  const stream = decodedStream(path, info.gzip, info.encoding, onBytes)
  if (info.format === 'csv') yield* readCsv(stream, info.delimiter ?? ',', options.name ?? path)
  else if (info.format === 'ndjson') yield* readNdjson(stream)
  else yield* readJsonArray(stream, options.name ?? path)
  return info
}

async function* readCsv(stream: Readable, delimiter: string, name: string): AsyncGenerator<SourceItem> {
  const problems: SourceProblem[] = []
  const parser = stream.pipe(
    parseCsv({
      delimiter,
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    }),
  )
  stream.on('error', (e) => parser.destroy(e))
  parser.on('skip', (e: Error & { lines?: number; raw?: string }) => {
    problems.push({ line: e.lines ?? 0, reason: `unreadable CSV row: ${e.message}`, raw: e.raw ?? '' })
  })
  let header: string[] | null = null
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      while (problems.length) {
        const p = problems.shift()
        if (p) yield { kind: 'problem', ...p }
      }
      const { record, info } = item
      if (!header) {
        header = record.map((h, i) => (h.trim() === '' ? `column_${i + 1}` : h.trim()))
        continue
      }
      if (record.length !== header.length) {
        // A trailing empty field from a trailing delimiter is harmless.
        if (!(record.length === header.length + 1 && record[record.length - 1] === '')) {
          yield {
            kind: 'problem',
            line: info.lines,
            reason: `expected ${header.length} fields, found ${record.length}`,
            raw: record.join(delimiter),
          }
          continue
        }
      }
      const fields: Record<string, unknown> = {}
      header.forEach((h, i) => {
        fields[h] = record[i]
      })
      yield { kind: 'row', line: info.lines, fields }
    }
  } catch (e) {
    if (e instanceof SourceError) throw e
    throw new SourceError(`cannot read ${name}: ${(e as Error).message}`)
  }
  for (const p of problems) yield { kind: 'problem', ...p }
  if (!header) throw new SourceError(`${name} has no header row`, 'EmptyInput')
}

async function* readNdjson(stream: Readable): AsyncGenerator<SourceItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity })
  let n = 0
  for await (const raw of lines) {
    n++
    const l = n === 1 ? raw.replace(/^\uFEFF/, '') : raw
    if (l.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(l)
    } catch (e) {
      yield { kind: 'problem', line: n, reason: `invalid JSON: ${(e as Error).message}`, raw: l }
      continue
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      yield { kind: 'problem', line: n, reason: 'a line must hold one JSON object', raw: l }
      continue
    }
    yield { kind: 'row', line: n, fields: value as Record<string, unknown> }
  }
}

async function* readJsonArray(stream: Readable, name: string): AsyncGenerator<SourceItem> {
  let text = ''
  for await (const chunk of stream) text += String(chunk)
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (e) {
    throw new SourceError(`${name} is not valid JSON: ${(e as Error).message}`)
  }
  if (!Array.isArray(value)) throw new SourceError(`${name} must hold a JSON array of objects`)
  let i = 0
  for (const v of value) {
    i++
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      yield { kind: 'problem', line: i, reason: `element ${i} is not a JSON object`, raw: JSON.stringify(v) ?? '' }
      continue
    }
    yield { kind: 'row', line: i, fields: v as Record<string, unknown> }
  }
}
