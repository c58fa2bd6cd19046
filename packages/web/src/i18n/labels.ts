import type { TFunction } from 'i18next'
import i18n from './index'

/** Groups of values that arrive from the API as codes and are shown translated. */
export type DimensionGroup =
  | 'cityTier'
  | 'gender'
  | 'channel'
  | 'ageBand'
  | 'identityKind'
  | 'familyStatus'
  | 'consentPurpose'
  | 'importKind'
  | 'scoreKey'
  | 'traitKey'

/**
 * Translates a code from the API (`tier1`, `female`, `tmall`, …). Codes without a translation are
 * shown as they are (they are data, e.g. a channel name the user imported), empty ones as "unknown".
 */
export function dimensionLabel(t: TFunction, group: DimensionGroup, value: string | null | undefined): string {
  const translate = t as unknown as (key: string) => string
  if (value === null || value === undefined || value.trim() === '') return translate('common.unknown')
  for (const candidate of [value, value.toLowerCase()]) {
    const key = `dimension.${group}.${candidate}`
    if (i18n.exists(key)) return translate(key)
  }
  return value
}
