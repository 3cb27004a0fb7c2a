// How the training loop runs a step and a forward pass, whatever executes them: the model in
// this thread (LocalStepRunner) or data-parallel replicas on worker threads (parallel-runner.ts).
import * as tf from '@tensorflow/tfjs'
import type { LossFn } from './losses'

export interface StepRunner {
  /** Threads that compute each step (1 = this thread). */
  readonly workers: number
  /** One optimiser step on the batch; resolves to its mean loss. */
  trainStep(xs: tf.Tensor, ys: tf.Tensor): Promise<number>
  /** Logits of a batch in inference mode (the caller disposes them). */
  logits(xs: tf.Tensor): Promise<tf.Tensor>
  setLearningRate(lr: number): Promise<void>
  /** Brings the local model up to date with the trained state (before a checkpoint is saved). */
  syncModel(): Promise<void>
  dispose(): Promise<void>
}

export class LocalStepRunner implements StepRunner {
  readonly workers = 1
  private readonly optimizer: tf.AdamOptimizer

  constructor(
    private readonly model: tf.LayersModel,
    private readonly lossFn: LossFn,
    lr: number,
  ) {
    this.optimizer = tf.train.adam(lr)
  }

  async trainStep(xs: tf.Tensor, ys: tf.Tensor): Promise<number> {
    const lossT = this.optimizer.minimize(() => this.lossFn(this.model.apply(xs, { training: true }) as tf.Tensor, ys), true) as tf.Scalar
    const loss = (await lossT.data())[0]!
    lossT.dispose()
    return loss
  }

  async logits(xs: tf.Tensor): Promise<tf.Tensor> {
    return tf.tidy(() => this.model.apply(xs, { training: false }) as tf.Tensor)
  }

  async setLearningRate(lr: number): Promise<void> {
    // Adam reads its learning rate at every step, so a schedule can change it between epochs.
    ;(this.optimizer as unknown as { learningRate: number }).learningRate = lr
  }

  async syncModel(): Promise<void> {}

  async dispose(): Promise<void> {
    this.optimizer.dispose()
  }
}
