import type { TFunction } from 'i18next'
import { dimensionLabel } from './labels'

/**
 * Texts the server writes in English (the reason of an automatic merge, why an imported row was
 * rejected) shown in the interface language. Each known sentence is matched by a pattern and
 * rebuilt from a message; anything else is shown exactly as the server wrote it.
 */

type Translate = (key: string, options?: Record<string, string>) => string

/**
 * The reason recorded for an automatic merge ("same email as C000123"); any other reason (a
 * person's note) is shown as written.
 */
export function mergeReasonText(t: TFunction, reason: string): string {
  const match = /^same (\w+) as (.+)$/.exec(reason.trim())
  if (!match) return reason
  return (t as unknown as Translate)('merges.reasonSameAs', { kind: dimensionLabel(t, 'identityKind', match[1]), id: match[2]! })
}

/** One rejection sentence of the importer: its pattern, its message key and the names of the captured parts. */
const IMPORT_REASONS: readonly { pattern: RegExp; key: string; names: readonly string[] }[] = [
  { pattern: /^no identity: a customer needs a customer_id, email or phone$/, key: 'noCustomerIdentity', names: [] },
  { pattern: /^no identity: an event needs a userId or anonymousId$/, key: 'noEventIdentity', names: [] },
  { pattern: /^type is missing \(.*\)$/, key: 'eventTypeMissing', names: [] },
  { pattern: /^(\S+) is missing$/, key: 'missing', names: ['field'] },
  { pattern: /^(\S+) '(.*)' is not a number$/, key: 'notNumber', names: ['field', 'value'] },
  { pattern: /^(\S+) '(.*)' is not a whole number$/, key: 'notWholeNumber', names: ['field', 'value'] },
  { pattern: /^(\S+) is not a finite number$/, key: 'notFinite', names: ['field'] },
  { pattern: /^(\S+) '(.*)' is not true\/false$/, key: 'notBoolean', names: ['field', 'value'] },
  { pattern: /^(\S+) '(.*)' is not a (?:valid )?date$/, key: 'notDate', names: ['field', 'value'] },
  { pattern: /^(\S+) is not a valid date$/, key: 'notDateValue', names: ['field'] },
  { pattern: /^(\S+) '(.*)' has an invalid time$/, key: 'invalidTime', names: ['field', 'value'] },
  { pattern: /^(\S+) '(.*)' is not a plausible timestamp$/, key: 'implausibleTimestamp', names: ['field', 'value'] },
  { pattern: /^birth_date '(.*)' gives an impossible age of (-?\d+)$/, key: 'impossibleAge', names: ['value', 'age'] },
  { pattern: /^(\S+) (\S+) is out of range (\S+)$/, key: 'outOfRange', names: ['field', 'value', 'range'] },
  { pattern: /^unit_price (\S+) is negative \(.*\)$/, key: 'negativePrice', names: ['value'] },
  { pattern: /^(\S+) (\S+) is negative\b.*$/, key: 'negative', names: ['field', 'value'] },
  { pattern: /^(\S+) is longer than ([\d,]+) characters$/, key: 'tooLong', names: ['field', 'max'] },
  { pattern: /^malformed phone '(.*)'$/, key: 'malformedPhone', names: ['value'] },
  { pattern: /^unknown gender '(.*)' \(.*\)$/, key: 'unknownGender', names: ['value'] },
  { pattern: /^unknown event type '(.*)' \(.*\)$/, key: 'unknownEventType', names: ['value'] },
  { pattern: /^a track event needs an event name$/, key: 'trackNeedsEvent', names: [] },
  { pattern: /^purpose '(.*)' is not a purpose name \(e\.g\. (.*)\)$/, key: 'unknownPurpose', names: ['value', 'examples'] },
  { pattern: /^(\S+) must be a JSON object$/, key: 'notObject', names: ['field'] },
  { pattern: /^expected (\d+) fields, found (\d+)$/, key: 'fieldCount', names: ['expected', 'found'] },
  { pattern: /^unreadable CSV row: (.*)$/, key: 'unreadableCsv', names: ['detail'] },
  { pattern: /^invalid JSON: (.*)$/, key: 'invalidJson', names: ['detail'] },
  { pattern: /^a line must hold one JSON object$/, key: 'lineNotObject', names: [] },
  { pattern: /^element (\d+) is not a JSON object$/, key: 'elementNotObject', names: ['index'] },
]

/** Why the importer rejected a row, in the interface language (unknown sentences as written). */
export function importReasonText(t: TFunction, reason: string): string {
  const text = reason.trim()
  for (const { pattern, key, names } of IMPORT_REASONS) {
    const match = pattern.exec(text)
    if (!match) continue
    const values: Record<string, string> = {}
    names.forEach((name, i) => {
      values[name] = match[i + 1] ?? ''
    })
    return (t as unknown as Translate)(`import.reasons.${key}`, values)
  }
  return reason
}
