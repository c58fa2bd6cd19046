import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import type { Transaction } from '@portrait/analytics/clv'
import { err, ok, portraitError, type PortraitError, type Result } from '@portrait/core'
import { readSource, SourceError } from '../ingest/read-source.js'
import { Invalid, number as cleanNumber, timestamp as cleanTimestamp } from '../ingest/clean.js'
import type { ClvInput } from './clv-fit.js'

/**
 * Reading the two kinds of file `portrait clv fit` takes.
 *
 * A **summary file** has one row per customer: `frequency, recency, T` (or `x, t_x, T`), optionally
 * `monetary_value` (or `zbar`) and an `ID` column, in any order — CSV with a comma, semicolon, tab or
 * pipe delimiter, NDJSON, a JSON array or Parquet. A customer whose repeat purchases are worth 0
 * informs the purchase model only.
 *
 * A **transaction file** has one row per purchase: customer id, date, amount. Accepted layouts:
 * - delimited with a header (CSV/TSV/…, NDJSON, JSON, Parquet): columns `customer_id`, `date`,
 *   `amount` or their usual spellings (`customer`, `id`; `ordered_at`, `order_date`,
 *   `purchase_date`, `invoice_date`; `value`, `revenue`, `sales`, `dollar_value`, `spend`);
 * - whitespace-separated, as the CDNOW files are: with a header naming the columns as above, or
 *   without one, by column count — 2: id, date; 3: id, date, amount; 4: id, date, quantity, amount
 *   (CDNOW_master.txt); 5: master id, id, date, quantity, amount (CDNOW_sample.txt).
 * Dates are YYYYMMDD, YYYY-MM-DD (with an optional time and offset) or epoch seconds/milliseconds;
 * they are read as UTC calendar days. Amounts must be non-negative: the models take purchases, so
 * returns must be left out. The amount column is optional: without it only BG/NBD is fitted.
 */

const normalise = (name: string): string => name.toLowerCase().replace(/[^a-z0-9\u4e00-\u9fff]/g, '')

/** Finds the header of a column by its accepted (normalised) names, in order of preference. */
function findColumn(headers: readonly string[], names: readonly string[]): string | undefined {
  for (const name of names) {
    const found = headers.find((h) => normalise(h) === name)
    if (found !== undefined) return found
  }
  return undefined
}

const SUMMARY_COLUMNS = {
  frequency: ['frequency', 'x'],
  recency: ['recency', 'tx'],
  T: ['t'],
  monetary: ['monetaryvalue', 'zbar', 'monetary'],
  id: ['id', 'customerid', 'customer'],
} as const

const CUSTOMER_NAMES = ['customerid', 'customer', 'id', 'custid', 'clientid', 'memberid', '客户id', '客户编号', '会员id']
const DATE_NAMES = [
  'date',
  'orderedat',
  'orderdate',
  'purchasedate',
  'invoicedate',
  'transactiondate',
  'timestamp',
  'day',
  '日期',
  '下单时间',
]
const AMOUNT_NAMES = ['amount', 'dollarvalue', 'value', 'revenue', 'sales', 'spend', 'monetary', 'total', '金额', '订单金额']

const invalid = (message: string): Result<never, PortraitError> => err(portraitError('InvalidInput', message))

const fromSourceError = (e: unknown): Result<never, PortraitError> => {
  if (e instanceof SourceError) return err(portraitError(e.code, e.message))
  throw e
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i

/** A numeric cell, or a message naming the line and column. */
function numericCell(value: unknown, line: number, column: string): number | string {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'bigint') return Number(value)
  const text = value === null || value === undefined ? '' : String(value).trim()
  if (text === '') return `line ${line}, column '${column}': the cell is empty`
  if (!NUMBER.test(text)) return `line ${line}, column '${column}': '${text.slice(0, 40)}' is not a number`
  return Number(text)
}

/** A summary file, one row per customer. */
export interface SummaryFile extends ClvInput {
  /** Customer ids from the ID column, or null when the file has none. */
  readonly ids: readonly string[] | null
}

/** Reads a summary file (see the module comment); every bad cell is reported with its line and column. */
export async function readClvSummaryFile(path: string): Promise<Result<SummaryFile, PortraitError>> {
  const x: number[] = []
  const tx: number[] = []
  const T: number[] = []
  const monetary: number[] = []
  const ids: string[] = []
  let columns: { frequency: string; recency: string; T: string; monetary?: string; id?: string } | null = null
  try {
    for await (const item of readSource(path)) {
      if (item.kind === 'problem') return invalid(`line ${item.line}: ${item.reason}`)
      if (columns === null) {
        const headers = Object.keys(item.fields)
        const frequency = findColumn(headers, SUMMARY_COLUMNS.frequency)
        const recency = findColumn(headers, SUMMARY_COLUMNS.recency)
        const age = findColumn(headers, SUMMARY_COLUMNS.T)
        if (frequency === undefined || recency === undefined || age === undefined) {
          const missing = [frequency ? null : 'frequency (or x)', recency ? null : 'recency (or t_x)', age ? null : 'T'].filter(Boolean)
          return invalid(`the summary file has no column ${missing.join(', ')}; its columns are: ${headers.join(', ')}`)
        }
        const monetaryColumn = findColumn(headers, SUMMARY_COLUMNS.monetary)
        const idColumn = findColumn(headers, SUMMARY_COLUMNS.id)
        columns = {
          frequency,
          recency,
          T: age,
          ...(monetaryColumn === undefined ? {} : { monetary: monetaryColumn }),
          ...(idColumn === undefined ? {} : { id: idColumn }),
        }
      }
      const { line, fields } = item
      const values: number[] = []
      for (const column of [columns.frequency, columns.recency, columns.T, ...(columns.monetary ? [columns.monetary] : [])]) {
        const v = numericCell(fields[column], line, column)
        if (typeof v === 'string') return invalid(v)
        values.push(v)
      }
      const [xi = 0, txi = 0, Ti = 0, zi = 0] = values
      if (!(Number.isInteger(xi) && xi >= 0)) {
        return invalid(`line ${line}, column '${columns.frequency}': ${xi} is not a non-negative whole number of repeat purchases`)
      }
      if (txi < 0) return invalid(`line ${line}, column '${columns.recency}': ${txi} is negative`)
      if (Ti < txi) return invalid(`line ${line}: T = ${Ti} is less than recency = ${txi} (the last purchase is after the end)`)
      if (xi === 0 && txi !== 0) return invalid(`line ${line}: recency must be 0 for a customer with no repeat purchase (it is ${txi})`)
      if (columns.monetary !== undefined && zi < 0) return invalid(`line ${line}, column '${columns.monetary}': ${zi} is negative`)
      x.push(xi)
      tx.push(txi)
      T.push(Ti)
      monetary.push(zi)
      if (columns.id !== undefined) ids.push(String(fields[columns.id] ?? ''))
    }
  } catch (e) {
    return fromSourceError(e)
  }
  if (x.length === 0) return err(portraitError('DegenerateData', `${path} holds no customers`))
  return ok({
    x: Float64Array.from(x),
    tx: Float64Array.from(tx),
    T: Float64Array.from(T),
    monetaryValue: columns?.monetary === undefined ? null : Float64Array.from(monetary),
    ids: columns?.id === undefined ? null : ids,
  })
}

/** The purchases of a transaction file. */
export interface TransactionFile {
  readonly transactions: Transaction[]
  readonly hasAmounts: boolean
  /** The latest purchase, epoch milliseconds. */
  readonly lastPurchaseAt: number
  readonly layout: 'whitespace' | 'delimited'
}

/** The first non-empty line of a text file; null for gzip or Parquet files (the general reader takes those). */
async function firstLine(path: string): Promise<string | null> {
  const buffer = Buffer.alloc(64 * 1024)
  let bytesRead: number
  try {
    const handle = await open(path, 'r')
    try {
      bytesRead = (await handle.read(buffer, 0, buffer.length, 0)).bytesRead
    } finally {
      await handle.close()
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new SourceError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message}`,
    )
  }
  if ((buffer[0] === 0x1f && buffer[1] === 0x8b) || buffer.subarray(0, 4).toString('latin1') === 'PAR1') return null
  const text = buffer
    .subarray(0, bytesRead)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
  return text.split(/\r?\n/).find((l) => l.trim() !== '') ?? ''
}

/** Parses one purchase; a message naming the line on failure. */
function purchase(customer: unknown, date: unknown, amount: unknown, line: number, withAmount: boolean): Transaction | string {
  const customerId = customer === null || customer === undefined ? '' : String(customer).trim()
  if (customerId === '') return `line ${line}: the customer id is empty`
  const at = cleanTimestamp(date, 'date')
  if (at === null) return `line ${line}: the date is empty`
  if (at instanceof Invalid) return `line ${line}: ${at.reason}`
  if (!withAmount) return { customerId, at: at.getTime() }
  const value = cleanNumber(amount, 'amount')
  if (value === null) return `line ${line}: the amount is empty`
  if (value instanceof Invalid) return `line ${line}: ${value.reason}`
  if (value < 0) return `line ${line}: the amount ${value} is negative (leave returns out: the models take purchases only)`
  return { customerId, at: at.getTime(), amount: value }
}

/** A data line has a date among its tokens; a header line has none. */
const looksLikeDate = (token: string): boolean => /^(19|20)\d{6}$/.test(token) || /^\d{4}-\d{1,2}-\d{1,2}/.test(token)

async function readWhitespaceTransactions(path: string): Promise<Result<TransactionFile, PortraitError>> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })
  const transactions: Transaction[] = []
  let layout: { customer: number; date: number; amount: number | null; width: number | null } | null = null
  let lineNo = 0
  let last = -Infinity
  for await (const raw of lines) {
    lineNo++
    const tokens = (lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim().split(/\s+/)
    if (tokens.length === 0 || tokens[0] === '') continue
    if (layout === null) {
      if (!tokens.some(looksLikeDate)) {
        const customer = findColumn(tokens, CUSTOMER_NAMES)
        const date = findColumn(tokens, DATE_NAMES)
        const amount = findColumn(tokens, AMOUNT_NAMES)
        if (customer === undefined || date === undefined) {
          return invalid(`line ${lineNo}: the header names no customer id and date column (found: ${tokens.join(' ')})`)
        }
        layout = {
          customer: tokens.indexOf(customer),
          date: tokens.indexOf(date),
          amount: amount === undefined ? null : tokens.indexOf(amount),
          width: tokens.length,
        }
        continue
      }
      const byWidth: Record<number, { customer: number; date: number; amount: number | null }> = {
        2: { customer: 0, date: 1, amount: null },
        3: { customer: 0, date: 1, amount: 2 },
        4: { customer: 0, date: 1, amount: 3 },
        5: { customer: 1, date: 2, amount: 4 },
      }
      const chosen = byWidth[tokens.length]
      if (chosen === undefined) {
        return invalid(
          `line ${lineNo}: ${tokens.length} whitespace-separated columns; without a header 2 to 5 are understood (id date | id date amount | id date quantity amount | master-id id date quantity amount)`,
        )
      }
      layout = { ...chosen, width: tokens.length }
    }
    if (layout.width !== null && tokens.length !== layout.width) {
      return invalid(`line ${lineNo}: expected ${layout.width} columns, found ${tokens.length}`)
    }
    const parsed = purchase(
      tokens[layout.customer],
      tokens[layout.date],
      layout.amount === null ? undefined : tokens[layout.amount],
      lineNo,
      layout.amount !== null,
    )
    if (typeof parsed === 'string') return invalid(parsed)
    transactions.push(parsed)
    last = Math.max(last, Number(parsed.at))
  }
  if (transactions.length === 0) return err(portraitError('EmptyInput', `${path} holds no purchases`))
  return ok({ transactions, hasAmounts: layout?.amount !== null, lastPurchaseAt: last, layout: 'whitespace' })
}

async function readDelimitedTransactions(path: string): Promise<Result<TransactionFile, PortraitError>> {
  const transactions: Transaction[] = []
  let columns: { customer: string; date: string; amount: string | null } | null = null
  let last = -Infinity
  try {
    for await (const item of readSource(path)) {
      if (item.kind === 'problem') return invalid(`line ${item.line}: ${item.reason}`)
      if (columns === null) {
        const headers = Object.keys(item.fields)
        const customer = findColumn(headers, CUSTOMER_NAMES)
        const date = findColumn(headers, DATE_NAMES)
        if (customer === undefined || date === undefined) {
          const missing = [customer ? null : 'customer_id', date ? null : 'date'].filter(Boolean).join(' and ')
          return invalid(`the transaction file has no ${missing} column; its columns are: ${headers.join(', ')}`)
        }
        columns = { customer, date, amount: findColumn(headers, AMOUNT_NAMES) ?? null }
      }
      const { fields, line } = item
      const parsed = purchase(
        fields[columns.customer],
        fields[columns.date],
        columns.amount === null ? undefined : fields[columns.amount],
        line,
        columns.amount !== null,
      )
      if (typeof parsed === 'string') return invalid(parsed)
      transactions.push(parsed)
      last = Math.max(last, Number(parsed.at))
    }
  } catch (e) {
    return fromSourceError(e)
  }
  if (transactions.length === 0) return err(portraitError('DegenerateData', `${path} holds no purchases`))
  return ok({ transactions, hasAmounts: columns?.amount !== null, lastPurchaseAt: last, layout: 'delimited' })
}

/** Reads a transaction file in any of the layouts of the module comment. */
export async function readClvTransactionsFile(path: string): Promise<Result<TransactionFile, PortraitError>> {
  let line: string | null
  try {
    line = await firstLine(path)
  } catch (e) {
    return fromSourceError(e)
  }
  if (line === '') return err(portraitError('EmptyInput', `${path} is empty`))
  // A first line without any of the delimiters the CSV reader detects is a whitespace layout.
  if (line !== null && !/[,;\t|]/.test(line) && !/^\s*[[{]/.test(line)) return readWhitespaceTransactions(path)
  return readDelimitedTransactions(path)
}
