/**
 * What differs between SQL engines when a segment rule is compiled: parameter placeholders,
 * identifier quoting, casts, JSON access and list membership. The compiler (`compile.ts`) walks
 * the rule once and asks its dialect for each of these; an engine adds a dialect object, not a
 * compiler. Every value reaches SQL through `SqlParams` (a bound parameter, or an escaped literal
 * on an engine without parameters); identifiers come only from the whitelists in `@portrait/core`.
 */
export interface SqlDialect {
  readonly name: string
  /** The placeholder for the parameter at 1-based `index` (DuckDB and PostgreSQL: `$n`). */
  placeholder(index: number, value: unknown): string
  /** A whitelisted identifier, quoted. */
  ident(name: string): string
  /** `expr` as a double precision number, NULL where it is not a number. */
  toNumber(expr: string): string
  /** A parameter holding `YYYY-MM-DD HH:MM:SS.mmm` (UTC) as a timestamp. */
  timestamp(placeholder: string): string
  /** A parameter holding `YYYY-MM-DD` as a date. */
  date(placeholder: string): string
  /** The text at `key` of the JSON object `expr` (NULL when absent); `key` becomes a parameter. */
  jsonText(expr: string, key: string, params: SqlParams): string
  /** Whether `expr` equals one of `values` (text or numbers), bound as one list parameter. */
  inList(expr: string, values: readonly (string | number)[], type: 'text' | 'number', params: SqlParams): string
  /** Whether the text `expr` contains `needle`, ignoring case. */
  containsText(expr: string, needle: string, params: SqlParams): string
  /** Whether the JSON array of strings `expr` holds `value`. */
  jsonArrayContains(expr: string, value: string, params: SqlParams): string
  /** Whether the JSON array of strings `expr` holds any of `values`. */
  jsonArrayHasAny(expr: string, values: readonly string[], params: SqlParams): string
  /** The length of the JSON array `expr` (NULL for NULL). */
  jsonArrayLength(expr: string): string
}

/** The parameters of one statement, in order; `add` returns the SQL that stands for the value. */
export class SqlParams {
  readonly values: unknown[]

  constructor(
    readonly dialect: SqlDialect,
    initial: readonly unknown[] = [],
  ) {
    this.values = [...initial]
  }

  add(value: unknown): string {
    this.values.push(value)
    return this.dialect.placeholder(this.values.length, value)
  }
}
