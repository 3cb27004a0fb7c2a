export { MaskHistory, type HistoryStep, type MaskHistoryOptions } from './mask-history'
export { decodeRegionRle, encodeRegionRle } from './region-rle'
export type { EditHistory } from './edit-history'
export { VolumeHistory, type SliceChange, type SliceTouched } from './volume-history'
