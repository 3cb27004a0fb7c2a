import { backend_util, getKernel, registerKernel, unregisterKernel, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { conv2dFilterGrad } from '../loops'

/** Subset of tfjs-backend-cpu's MathBackendCPU used here. */
interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } }
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo
}

/**
 * The stock cpu Conv2DBackpropFilter reads every element through
 * TensorBuffer.get() (index arithmetic and bounds checks per multiply-add);
 * this one walks the raw Float32Arrays and skips zero activations.
 */
function conv2DBackpropFilterCpu(args: { inputs: { x: TensorInfo; dy: TensorInfo }; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { x, dy } = args.inputs
  const a = args.attrs as unknown as {
    strides: number | [number, number]
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding
    dataFormat: 'NHWC' | 'NCHW'
    dimRoundingMode?: 'floor' | 'round' | 'ceil'
    filterShape: [number, number, number, number]
  }
  if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter (cpu, RadLab): only NHWC is supported')
  const backend = args.backend as CpuBackendLike
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad as never, a.dimRoundingMode, false,
  )
  const dW = conv2dFilterGrad(backend.data.get(x.dataId).values, backend.data.get(dy.dataId).values, info)
  return backend.makeTensorInfo(a.filterShape, 'float32', dW)
}

let done = false

/** Replaces the cpu backend's worst training kernel. Idempotent; returns the kernel names replaced. */
export function speedUpCpuBackend(): string[] {
  if (!done) {
    const config: KernelConfig = {
      kernelName: 'Conv2DBackpropFilter',
      backendName: 'cpu',
      kernelFunc: conv2DBackpropFilterCpu as unknown as KernelConfig['kernelFunc'],
    }
    if (getKernel(config.kernelName, 'cpu') != null) unregisterKernel(config.kernelName, 'cpu')
    registerKernel(config)
    done = true
  }
  return ['Conv2DBackpropFilter']
}
