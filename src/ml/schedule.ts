// Learning-rate schedules and early stopping, as small state machines the loop steps once
// per epoch.
import type { TrainConfig } from '../shared/trainer-protocol'

export interface LrSchedule {
  /** Learning rate for the given 0-based epoch, told whether the last epoch improved the monitored metric. */
  lrFor(epoch: number, improvedLastEpoch: boolean): number
}

/** StepLR: lr · gamma^⌊epoch / step⌋ (the seed's step 3, gamma 0.1). */
export function stepLr(base: number, step: number, gamma: number): LrSchedule {
  return { lrFor: (epoch) => base * gamma ** Math.floor(epoch / step) }
}

/** Reduce on plateau: multiply by gamma after `patience` epochs without improvement. */
export function plateauLr(base: number, patience: number, gamma: number, minLr = base * 1e-3): LrSchedule {
  let lr = base
  let stale = 0
  return {
    lrFor(epoch, improved) {
      if (epoch === 0) return lr
      stale = improved ? 0 : stale + 1
      if (stale >= patience) {
        lr = Math.max(minLr, lr * gamma)
        stale = 0
      }
      return lr
    },
  }
}

export function makeSchedule(cfg: TrainConfig): LrSchedule {
  switch (cfg.schedule) {
    case 'step':
      return stepLr(cfg.lr, cfg.stepSize, cfg.gamma)
    case 'plateau':
      // gamma 0.1 suits StepLR; on a plateau halving is gentler and recovers faster.
      return plateauLr(cfg.lr, cfg.plateauPatience, Math.max(cfg.gamma, 0.5))
    case 'none':
      return { lrFor: () => cfg.lr }
  }
}

/** Tracks the best value of a higher-is-better metric; `shouldStop` after `patience` stale epochs (0 = never). */
export class EarlyStopping {
  best = -Infinity
  bestEpoch = -1
  private stale = 0
  constructor(private readonly patience: number) {}

  /** Returns true when `value` is a new best. NaN never improves. */
  update(epoch: number, value: number): boolean {
    if (value > this.best + 1e-6 || (this.bestEpoch < 0 && !Number.isNaN(value))) {
      this.best = value
      this.bestEpoch = epoch
      this.stale = 0
      return true
    }
    this.stale++
    return false
  }

  get shouldStop(): boolean {
    return this.patience > 0 && this.stale >= this.patience
  }
}
