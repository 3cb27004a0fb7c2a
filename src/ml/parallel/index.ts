export { createDataParallelTrainer, shardSizes } from './dataParallelTrainer'
export type { CreateOptions, DataParallelTrainer, ImportedLoss, ParallelTrainerSpec, ShapedArray } from './dataParallelTrainer'
