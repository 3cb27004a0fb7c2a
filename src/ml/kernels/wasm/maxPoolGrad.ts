import { type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { maxPoolGradInto } from '../loops'
import { maxPoolGradInfo } from '../pool-info'
import { produce } from './heap'
import type { WasmBackendLike } from './kernelScope'

/**
 * MaxPool gradient: route each dy to the first maximum of its window (same
 * tie rule as the cpu backend: strictly greater wins, row-major window order),
 * accumulating where windows overlap. tfjs-wasm's own kernel is a scalar loop
 * slower than the conv next to it.
 */

function maxPoolGrad(args: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { dy, input } = args.inputs
  const info = maxPoolGradInfo(input, args.attrs)
  return produce(args.backend as WasmBackendLike, input.shape, [input, dy], (dx, [x, d]) => maxPoolGradInto(dx, x!, d!, info))
}

export const wasmMaxPoolGradConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGrad as unknown as KernelConfig['kernelFunc'],
}
