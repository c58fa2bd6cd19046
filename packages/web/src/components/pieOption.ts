import type { ChartOption } from './Chart'
import type { useFormat } from '../i18n/useFormat'

/**
 * A donut chart of shares: names in the legend, the share on each slice, the count and share in
 * the tooltip.
 */
export function pieOption(
  fmt: ReturnType<typeof useFormat>,
  name: string,
  items: readonly { name: string; value: number }[],
  radius: [string, string] = ['38%', '62%'],
): ChartOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const item = p as unknown as { name: string; value: number; percent: number }
        return `${item.name}: ${fmt.number(item.value)} (${fmt.percent(item.percent / 100)})`
      },
    },
    legend: { bottom: 0, itemWidth: 12, itemHeight: 12, itemGap: 12 },
    series: [
      {
        type: 'pie',
        name,
        radius,
        center: ['50%', '42%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: '#fff', borderWidth: 2 },
        // the names are in the legend; the slice labels only carry the share
        label: { formatter: '{d}%' },
        labelLine: { length: 6, length2: 6 },
        data: [...items],
      },
    ],
  }
}
