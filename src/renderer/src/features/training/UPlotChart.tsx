// A uPlot chart that is created once and fed new data with setData (no re-creation per epoch),
// sized to its container. `points` is mirrored into data-points so tests can read what is drawn.
import { useEffect, useRef } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface UPlotChartProps {
  title: string
  /** Series after the x series: label, colour, optional own scale (e.g. 'lr' on a log axis). */
  series: { label: string; stroke: string; scale?: string; dash?: number[] }[]
  xLabel: string
  data: uPlot.AlignedData
  /** Extra scale settings, e.g. { lr: { distr: 3 } } for a log axis. */
  scales?: uPlot.Scales
  height?: number
  testId: string
  points: number
  /** Whole-number ticks on x (epochs). */
  integerX?: boolean
}

export function UPlotChart({ title, series, xLabel, data, scales, height = 180, testId, points, integerX = false }: UPlotChartProps) {
  const holder = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const latest = useRef(data)
  latest.current = data

  useEffect(() => {
    const el = holder.current
    if (!el) return
    const scaleKeys = [...new Set(series.map((s) => s.scale ?? 'y'))]
    const opts: uPlot.Options = {
      title,
      width: Math.max(200, el.clientWidth),
      height,
      scales: { x: { time: false }, ...scales },
      series: [{ label: xLabel }, ...series.map((s) => ({ label: s.label, stroke: s.stroke, scale: s.scale ?? 'y', width: 1.5, dash: s.dash, spanGaps: true, points: { show: true, size: 4 } }))],
      axes: [
        { stroke: '#8b949e', grid: { stroke: '#2a2e35' }, ticks: { stroke: '#2a2e35' }, label: xLabel, ...(integerX ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] } : {}) },
        ...scaleKeys.map((k, i) => ({
          scale: k, stroke: '#8b949e', grid: { show: i === 0, stroke: '#2a2e35' }, ticks: { stroke: '#2a2e35' }, side: i === 0 ? 3 : 1,
          values: (_u: uPlot, vals: number[]) => vals.map((v) => (v === null ? '' : Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(0) : String(+v.toPrecision(3)))),
        })),
      ],
      legend: { live: false },
    }
    plot.current = new uPlot(opts, latest.current, el)
    const ro = new ResizeObserver(() => {
      if (plot.current && el.clientWidth > 0) plot.current.setSize({ width: el.clientWidth, height })
    })
    ro.observe(el)
    return () => {
      ro.disconnect()
      plot.current?.destroy()
      plot.current = null
    }
    // The chart's shape (series, title) is fixed per mount; data flows through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [title, xLabel, series.map((s) => s.label).join('|')])

  useEffect(() => {
    plot.current?.setData(data)
  }, [data])

  return <div className="chart" ref={holder} data-testid={testId} data-points={points} />
}
