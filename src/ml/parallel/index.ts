export { averageDiffering, createDataParallelTrainer, shardSizes } from './dataParallelTrainer'
export type { CreateOptions, DataParallelTrainer, ImportedLoss, ParallelTrainerSpec, RegisteredLoss, ShapedArray } from './dataParallelTrainer'
