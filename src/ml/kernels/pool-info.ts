import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'

/** Pool geometry of a MaxPoolGrad call, read from its attributes (shared by the cpu and wasm kernels). */
export function maxPoolGradInfo(input: TensorInfo, attrs: NamedAttrMap): backend_util.Conv2DInfo {
  const a = attrs as unknown as {
    filterSize: number | [number, number]
    strides: number | [number, number]
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding
    dimRoundingMode?: 'floor' | 'round' | 'ceil'
  }
  return backend_util.computePool2DInfo(input.shape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad as never, a.dimRoundingMode)
}
