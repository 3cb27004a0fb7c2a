import '@tensorflow/tfjs-backend-wasm' // registers the stock wasm kernels our replacements wrap
import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs'
import { wasmConv2DBackpropFilterConfig } from './wasm/conv2dBackpropFilter'
import { makeWasmConv2DBackpropInputConfig } from './wasm/conv2dBackpropInput'
import { makeWasmBatchMatMulConfig } from './wasm/batchMatMul'
import { makeWasmConcatConfig, makeWasmSplitVConfig, makeWasmSumConfig } from './wasm/dataMovement'
import { wasmDepthwiseFilterGradConfig, wasmDepthwiseInputGradConfig } from './wasm/depthwiseGrads'
import { wasmMaxPoolGradConfig } from './wasm/maxPoolGrad'
import { makeWasmWinogradConv2DConfig, makeWasmWinogradFusedConv2DConfig } from './wasm/winogradConv'

/** Marks configs we registered so a second call recognises them. */
const OURS = Symbol.for('radlab.kernel')

function isOurs(config: KernelConfig | undefined): boolean {
  return config != null && (config as unknown as Record<symbol, boolean>)[OURS] === true
}

function install(config: KernelConfig): boolean {
  const existing = getKernel(config.kernelName, config.backendName)
  if (isOurs(existing)) return false
  if (existing != null) unregisterKernel(config.kernelName, config.backendName)
  ;(config as unknown as Record<symbol, boolean>)[OURS] = true
  registerKernel(config)
  return true
}

const installed: string[] = []

/**
 * Registers the gradient kernels that training needs on tfjs-backend-wasm
 * 4.22: it has no Conv2DBackpropFilter or depthwise gradients, and its
 * Conv2DBackpropInput is a scalar loop. Safe to call before or after the wasm
 * backend is initialised, and more than once. Returns the kernel names
 * registered (the same list on every call).
 */
export function registerWasmTrainingKernels(): string[] {
  // Replacements are built lazily: each captures the stock kernel as its fallback.
  const replace = (name: string, make: () => KernelConfig) => (isOurs(getKernel(name, 'wasm')) ? null : make())
  const configs = [
    wasmConv2DBackpropFilterConfig,
    replace('Conv2DBackpropInput', makeWasmConv2DBackpropInputConfig),
    wasmDepthwiseFilterGradConfig,
    wasmDepthwiseInputGradConfig,
    wasmMaxPoolGradConfig,
    replace('BatchMatMul', makeWasmBatchMatMulConfig),
    replace('Concat', makeWasmConcatConfig),
    replace('SplitV', makeWasmSplitVConfig),
    replace('Sum', makeWasmSumConfig),
    replace('Conv2D', makeWasmWinogradConv2DConfig),
    replace('FusedConv2D', makeWasmWinogradFusedConv2DConfig),
  ]
  for (const c of configs) {
    if (c != null && install(c) && !installed.includes(c.kernelName)) installed.push(c.kernelName)
  }
  return [...installed]
}
