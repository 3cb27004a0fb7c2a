// Metrics shared by the trainer, main (evaluate, review), the renderer and the CLI.
export * from './segmentation'
export * from './classification'
export * from './roc'
export * from './uncertainty'
