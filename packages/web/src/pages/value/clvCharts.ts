import type { TFunction } from 'i18next'
import { use } from 'echarts/core'
import { MarkLineComponent } from 'echarts/components'
import type { ClvDistribution, ClvHoldoutCheck, ClvUnit } from '@portrait/core'
import type { ChartOption } from '../../components/Chart'
import type { ValueFormat } from './useValueFormat'

// The tracking chart marks the calibration end with a line; the shared chart component does not register it.
use([MarkLineComponent])

const bucketLabel = (from: number, to: number | null, inclusive: boolean): string => {
  if (to === null) return `${from}+`
  if (inclusive) return from === to ? `${from}` : `${from}–${to}`
  return `${from}–${to}`
}

/** Bars of the CLV histogram: equal bins up to the 99th percentile, then the open top bin. */
export function histogramOption(d: ClvDistribution, t: TFunction, fmt: ValueFormat): ChartOption {
  const labels = d.histogram.map((bin) =>
    bin.to === null ? t('value.charts.overflow', { from: fmt.compact(bin.from) }) : `${fmt.compact(bin.from)}–${fmt.compact(bin.to)}`,
  )
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: 40, fontSize: 11 } },
    yAxis: { type: 'value', name: t('value.charts.customers'), minInterval: 1, axisLabel: { formatter: (v: number) => fmt.compact(v) } },
    series: [
      {
        type: 'bar',
        name: t('value.charts.customers'),
        data: d.histogram.map((bin) => bin.customers),
        itemStyle: { color: '#5b8ff9', borderRadius: [3, 3, 0, 0] },
        barCategoryGap: '8%',
        tooltip: { valueFormatter: (v) => fmt.number(Number(v)) },
      },
    ],
  }
}

/** Mean P(alive) by repeat purchases (rows) × time since the last purchase (columns). */
export function pAliveHeatmapOption(d: ClvDistribution, unit: ClvUnit, t: TFunction, fmt: ValueFormat): ChartOption {
  const heat = d.pAliveHeatmap
  const unitName = t(`value.unit.${unit}`)
  const recencyLabels = heat.recencyBuckets.map((b) => bucketLabel(b.from, b.to, false))
  const frequencyLabels = heat.frequencyBuckets.map((b) => bucketLabel(b.from, b.to, true))
  return {
    tooltip: {
      position: 'top',
      formatter: (p) => {
        const [r = 0, f = 0, pAlive = 0, count = 0] = (p as unknown as { value: number[] }).value
        return t('value.charts.heatmapTooltip', {
          f: frequencyLabels[f] ?? '',
          r: recencyLabels[r] ?? '',
          unit: unitName,
          count: fmt.number(count),
          p: fmt.probability(pAlive),
        })
      },
    },
    grid: { left: 8, right: 100, top: 8, bottom: 28, containLabel: true },
    xAxis: {
      type: 'category',
      name: t('value.charts.recency', { unit: unitName }),
      nameLocation: 'middle',
      nameGap: 28,
      data: recencyLabels,
      splitArea: { show: true },
    },
    yAxis: {
      type: 'category',
      name: t('value.charts.frequency'),
      nameLocation: 'middle',
      nameGap: 36,
      data: frequencyLabels,
      splitArea: { show: true },
    },
    visualMap: {
      min: 0,
      max: 1,
      dimension: 2,
      calculable: true,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemHeight: 160,
      formatter: (v) => fmt.percent(Number(v), 0),
      inRange: { color: ['#cf1322', '#fadb14', '#389e0d'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'P(alive)',
        data: heat.cells.map((c) => [c.recency, c.frequency, c.meanPAlive, c.customers]),
        label: { show: true, fontSize: 11, formatter: (p) => fmt.percent(Number((p.value as number[])[2]), 0) },
        emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
      },
    ],
  }
}

/** Mean holdout purchases per calibration-frequency bucket, actual against predicted. */
export function byFrequencyOption(h: ClvHoldoutCheck, t: TFunction, fmt: ValueFormat): ChartOption {
  const actual = t('value.holdout.actualSeries')
  const predicted = t('value.holdout.predictedSeries')
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [actual, predicted], top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 24, containLabel: true },
    xAxis: {
      type: 'category',
      name: t('value.holdout.frequencyAxis'),
      nameLocation: 'middle',
      nameGap: 28,
      data: h.byFrequency.map((b) => b.label),
    },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'bar',
        name: actual,
        data: h.byFrequency.map((b) => b.actualMean),
        itemStyle: { color: '#5b8ff9' },
        tooltip: { valueFormatter: (v) => fmt.number(Number(v), 3) },
      },
      {
        type: 'bar',
        name: predicted,
        data: h.byFrequency.map((b) => b.predictedMean),
        itemStyle: { color: '#f6903d' },
        tooltip: { valueFormatter: (v) => fmt.number(Number(v), 3) },
      },
    ],
  }
}

/** Cumulative repeat purchases period by period, with the calibration end marked. */
export function trackingOption(h: ClvHoldoutCheck, t: TFunction, fmt: ValueFormat): ChartOption {
  const actual = t('value.holdout.actualSeries')
  const predicted = t('value.holdout.predictedSeries')
  const boundary = h.tracking[h.calibrationPeriods - 1]?.start
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [actual, predicted], top: 0 },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', boundaryGap: false, data: h.tracking.map((p) => p.start) },
    yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt.compact(v) } },
    series: [
      {
        type: 'line',
        name: actual,
        data: h.tracking.map((p) => p.actual),
        showSymbol: false,
        lineStyle: { width: 2 },
        itemStyle: { color: '#5b8ff9' },
        tooltip: { valueFormatter: (v) => fmt.number(Number(v), 0) },
        ...(boundary
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { type: 'dashed', color: '#8c8c8c' },
                label: { formatter: t('value.holdout.calibrationMark'), position: 'insideEndTop' },
                data: [{ xAxis: boundary }],
              },
            }
          : {}),
      },
      {
        type: 'line',
        name: predicted,
        data: h.tracking.map((p) => p.expected),
        showSymbol: false,
        lineStyle: { width: 2, type: 'dashed' },
        itemStyle: { color: '#f6903d' },
        tooltip: { valueFormatter: (v) => fmt.number(Number(v), 1) },
      },
    ],
  }
}
