/**
 * One CSV cell, quoted when needed. Cells that a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) get a leading apostrophe, so an exported file cannot execute
 * anything when opened (CSV injection).
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value)
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export const csvLine = (values: readonly unknown[]): string => `${values.map(csvCell).join(',')}\n`
