export { createDataParallelTrainer, shardSizes } from './dataParallelTrainer'
export type { CreateOptions, DataParallelTrainer, ParallelTrainerSpec, ShapedArray } from './dataParallelTrainer'
