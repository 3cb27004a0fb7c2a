/**
 * Fast training kernels for the pure-JS/wasm tfjs backends.
 * - registerWasmTrainingKernels(): gradient kernels tfjs-backend-wasm lacks or runs slowly
 * - speedUpCpuBackend(): the cpu backend's worst training kernel, rewritten
 * - initWasmBackend(): loads wasm offline from node_modules and registers the kernels
 * - measureBackendThroughput(): img/s of a small CNN training step, for backend choice
 * - checkBackendGradients(): does a backend's training step match the cpu backend's
 */
export { registerWasmTrainingKernels } from './registerWasm'
export { speedUpCpuBackend } from './cpu/speedUpCpuBackend'
export { initWasmBackend, wasmDistDir } from './loadWasm'
export { measureBackendThroughput } from './throughput'
export { checkBackendGradients } from './selfTest'
export type { GradientCheck } from './selfTest'
export type { ThroughputResult } from './throughput'
