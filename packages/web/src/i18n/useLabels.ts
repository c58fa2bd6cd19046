import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { dimensionLabel, type DimensionGroup } from './labels'

type Labeler = (value: string | null | undefined) => string

/** Translators for API codes, bound to the current language. */
export function useLabels(): Record<DimensionGroup, Labeler> {
  const { t } = useTranslation()
  return useMemo(() => {
    const make =
      (group: DimensionGroup): Labeler =>
      (value) =>
        dimensionLabel(t, group, value)
    return {
      cityTier: make('cityTier'),
      gender: make('gender'),
      channel: make('channel'),
      ageBand: make('ageBand'),
      identityKind: make('identityKind'),
      familyStatus: make('familyStatus'),
      consentPurpose: make('consentPurpose'),
      importKind: make('importKind'),
      scoreKey: make('scoreKey'),
      traitKey: make('traitKey'),
    }
  }, [t])
}
