import { useMemo } from 'react'
import { useFormat } from '../../i18n/useFormat'

/** The value page's number formats on top of the shared ones. */
export function useValueFormat() {
  const fmt = useFormat()
  return useMemo(
    () => ({
      ...fmt,
      /** A model parameter to 4 significant digits. */
      parameter: (v: number | null | undefined) =>
        typeof v === 'number' && Number.isFinite(v) ? fmt.number(Number(v.toPrecision(4)), 8) : fmt.number(null),
      /** A probability as a percentage with one decimal. */
      probability: (v: number | null | undefined) => fmt.percent(v, 1),
    }),
    [fmt],
  )
}

export type ValueFormat = ReturnType<typeof useValueFormat>
