import type { SegmentBasis } from '@portrait/core'

export const SEGMENT_BASES: readonly SegmentBasis[] = ['demographic', 'geographic', 'behavioral', 'psychographic', 'value']

/** One tag colour per segmentation basis, the same on every page. */
export const BASIS_COLORS: Record<SegmentBasis, string> = {
  demographic: 'blue',
  geographic: 'cyan',
  behavioral: 'green',
  psychographic: 'purple',
  value: 'gold',
}
