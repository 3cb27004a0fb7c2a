export { MaskHistory, type HistoryStep, type MaskHistoryOptions } from './mask-history'
export { decodeRegionRle, encodeRegionRle } from './region-rle'
