import { useEffect, useRef } from 'react'
import { init, use, type ComposeOption, type ECharts } from 'echarts/core'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import type { AriaComponentOption, GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import { HeatmapChart, ScatterChart } from 'echarts/charts'
import type { HeatmapSeriesOption, ScatterSeriesOption } from 'echarts/charts'
import { VisualMapComponent } from 'echarts/components'
import type { VisualMapComponentOption } from 'echarts/components'
import { GraphChart } from 'echarts/charts'
import type { GraphSeriesOption } from 'echarts/charts'
import { CanvasRenderer } from 'echarts/renderers'

// Only what the pages draw is registered, so the rest of ECharts stays out of the bundle.
use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, CanvasRenderer])
use([HeatmapChart, ScatterChart, VisualMapComponent])
use([GraphChart])

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | AriaComponentOption
  | HeatmapSeriesOption
  | ScatterSeriesOption
  | VisualMapComponentOption
  | GraphSeriesOption
>

export interface ChartProps {
  option: ChartOption
  /** What the chart shows, for screen readers. */
  ariaLabel: string
  height?: number
  testId?: string
}

/** An ECharts canvas: created on mount, updated when `option` changes, resized with its box, disposed on unmount. */
export function Chart({ option, ariaLabel, height = 300, testId }: ChartProps) {
  const containerRef = useRef<HTMLDivElement>(null)
  const chartRef = useRef<ECharts | null>(null)

  useEffect(() => {
    const element = containerRef.current
    if (!element) return
    const chart = init(element, undefined, { renderer: 'canvas' })
    chartRef.current = chart
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => chart.resize())
    observer?.observe(element)
    return () => {
      observer?.disconnect()
      chart.dispose()
      chartRef.current = null
    }
  }, [])

  useEffect(() => {
    chartRef.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true })
  }, [option])

  return <div ref={containerRef} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', height }} />
}
