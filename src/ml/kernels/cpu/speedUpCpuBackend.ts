import { backend_util, getKernel, registerKernel, unregisterKernel, util, type KernelConfig, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'
import { conv2dFilterGrad, maxPoolGradInto, sumLeadingInto } from '../loops'
import { maxPoolGradInfo } from '../pool-info'

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

/** The stock cpu MaxPoolGrad goes through TensorBuffer.get/set per element too. */
function maxPoolGradCpu(args: { inputs: { dy: TensorInfo; input: TensorInfo }; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { dy, input } = args.inputs
  const backend = args.backend as CpuBackendLike
  const info = maxPoolGradInfo(input, args.attrs)
  const dx = new Float32Array(input.shape.reduce((p, q) => p * q, 1))
  maxPoolGradInto(dx, backend.data.get(input.dataId).values, backend.data.get(dy.dataId).values, info)
  return backend.makeTensorInfo(input.shape, 'float32', dx)
}

/** Bias gradients sum over the leading axes; the stock cpu Sum transposes first. Other reductions go to the stock kernel. */
function makeSumCpu(stock: KernelConfig): KernelConfig['kernelFunc'] {
  return ((args: { inputs: { x: TensorInfo }; backend: unknown; attrs: NamedAttrMap }) => {
    const { x } = args.inputs
    const rank = x.shape.length
    const axes = util.parseAxisParam(args.attrs.axis as number | number[], x.shape).slice().sort((p, q) => p - q)
    const leading = axes.length > 0 && axes.length < rank && axes.every((ax, i) => ax === i)
    if (x.dtype !== 'float32' || !leading) return stock.kernelFunc(args as never)
    const kept = x.shape.slice(axes.length)
    const n = kept.reduce((p, q) => p * q, 1)
    const out = new Float32Array(n)
    const backend = args.backend as CpuBackendLike
    sumLeadingInto(out, backend.data.get(x.dataId).values, x.shape.slice(0, axes.length).reduce((p, q) => p * q, 1), n)
    const shape = args.attrs.keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : kept
    return backend.makeTensorInfo(shape, 'float32', out)
  }) as unknown as KernelConfig['kernelFunc']
}

let done = false

const REPLACED = ['Conv2DBackpropFilter', 'MaxPoolGrad', 'Sum']

/** Replaces the cpu backend's worst training kernels. Idempotent; returns the kernel names replaced. */
export function speedUpCpuBackend(): string[] {
  if (done) return [...REPLACED]
  const stockSum = getKernel('Sum', 'cpu')
  const configs: KernelConfig[] = [
    { kernelName: 'Conv2DBackpropFilter', backendName: 'cpu', kernelFunc: conv2DBackpropFilterCpu as unknown as KernelConfig['kernelFunc'] },
    { kernelName: 'MaxPoolGrad', backendName: 'cpu', kernelFunc: maxPoolGradCpu as unknown as KernelConfig['kernelFunc'] },
  ]
  if (stockSum) configs.push({ kernelName: 'Sum', backendName: 'cpu', kernelFunc: makeSumCpu(stockSum) })
  for (const c of configs) {
    if (getKernel(c.kernelName, 'cpu') != null) unregisterKernel(c.kernelName, 'cpu')
    registerKernel(c)
  }
  done = true
  return [...REPLACED]
}
