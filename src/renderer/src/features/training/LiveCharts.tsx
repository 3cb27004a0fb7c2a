// The four live charts of a run: loss (train/val), the validation metric, learning rate, and
// the smoothed batch loss within epochs. Fed from the run's stored epochs plus live events.
import { useMemo } from 'react'
import type uPlot from 'uplot'
import type { RunSummary } from '../../../../shared/domain'
import { epochSeries, type BatchLossTrace } from './run-metrics'
import { UPlotChart } from './UPlotChart'

const LOSS_SERIES = [{ label: 'train loss', stroke: '#58a6ff' }, { label: 'val loss', stroke: '#f0883e' }]
const SEG_SERIES = [{ label: 'val Dice', stroke: '#3fb950' }, { label: 'val IoU', stroke: '#a371f7', dash: [4, 3] }]
const CLS_SERIES = [{ label: 'val AUC', stroke: '#3fb950' }, { label: 'val accuracy', stroke: '#a371f7', dash: [4, 3] }]
const LR_SERIES = [{ label: 'learning rate', stroke: '#d29922', scale: 'lr' }]
const LR_SCALES: uPlot.Scales = { lr: { distr: 3 } }
const BATCH_SERIES = [{ label: 'smoothed batch loss', stroke: '#58a6ff' }]

export function LiveCharts({ run, trace, traceVersion }: { run: RunSummary; trace: BatchLossTrace | undefined; traceVersion: number }) {
  const s = useMemo(() => epochSeries(run.epochs, run.task), [run.epochs, run.task])
  const loss = useMemo<uPlot.AlignedData>(() => [s.epoch, s.loss, s.valLoss], [s])
  const metric = useMemo<uPlot.AlignedData>(() => [s.epoch, s.metric, s.metric2], [s])
  const lr = useMemo<uPlot.AlignedData>(() => [s.epoch, s.lr], [s])
  // The trace arrays grow in place; a fresh copy per version makes setData see the change.
  const batch = useMemo<uPlot.AlignedData>(() => [trace ? trace.x.slice() : [], trace ? trace.y.slice() : []], [trace, traceVersion])
  const seg = run.task === 'segmentation'
  const live = run.status === 'running' || run.status === 'queued'

  return (
    <div className="train-charts" key={run.id}>
      <UPlotChart title="Loss" xLabel="epoch" series={LOSS_SERIES} data={loss} testId="loss-chart" points={s.epoch.length} integerX />
      <UPlotChart title={seg ? 'Validation Dice / IoU' : 'Validation AUC / accuracy'} xLabel="epoch" series={seg ? SEG_SERIES : CLS_SERIES} data={metric} testId="metric-chart" points={s.epoch.length} integerX />
      <UPlotChart title="Learning rate" xLabel="epoch" series={LR_SERIES} scales={LR_SCALES} data={lr} testId="lr-chart" points={s.epoch.length} integerX />
      {(live || batch[0].length > 0) && <UPlotChart title="Batch loss (smoothed)" xLabel="epoch" series={BATCH_SERIES} data={batch} testId="batch-loss-chart" points={batch[0].length} />}
    </div>
  )
}
