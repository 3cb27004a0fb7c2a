import { getKernel, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs'

/**
 * Minimal view of the wasm backend that composite kernels need. Typed here
 * rather than imported so the package's internal class stays an implementation
 * detail.
 */
export interface WasmBackendLike {
  disposeData(dataId: object, force?: boolean): boolean
  makeOutput(shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array
}

/**
 * Runs existing wasm kernels directly (no engine bookkeeping, no tape) and
 * frees every intermediate when the composite kernel finishes. Composite
 * gradient kernels are chains of fast native ops (pad, transpose, slice,
 * concat, XNNPACK matmul/conv); this keeps their memory tidy.
 */
export class KernelScope {
  private readonly owned: TensorInfo[] = []

  constructor(readonly backend: WasmBackendLike, private readonly backendName = 'wasm') {}

  run(kernelName: string, inputs: Record<string, TensorInfo> | TensorInfo[], attrs: NamedAttrMap = {}): TensorInfo {
    const config = getKernel(kernelName, this.backendName)
    if (config == null) throw new Error(`kernel ${kernelName} is not registered for backend ${this.backendName}`)
    const out = config.kernelFunc({ inputs: inputs as never, backend: this.backend as never, attrs }) as TensorInfo
    this.owned.push(out)
    return out
  }

  /** Frees `t` with the scope (for tensors made outside run()). */
  track(t: TensorInfo): TensorInfo {
    this.owned.push(t)
    return t
  }

  /** Stops tracking `t` (the caller disposed of it already). */
  untrack(t: TensorInfo): void {
    const i = this.owned.lastIndexOf(t)
    if (i >= 0) this.owned.splice(i, 1)
  }

  /** Reshape never copies on wasm: it shares the data id and bumps its refcount. */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape })
  }

  /** Hands `out` to the caller: it survives dispose(). */
  keep(out: TensorInfo): TensorInfo {
    const i = this.owned.lastIndexOf(out)
    if (i >= 0) this.owned.splice(i, 1)
    return out
  }

  dispose(): void {
    for (const t of this.owned) this.backend.disposeData(t.dataId)
    this.owned.length = 0
  }
}

/** Runs `body` with a fresh scope; the returned tensor is kept, the rest freed. */
export function withScope(backend: WasmBackendLike, body: (s: KernelScope) => TensorInfo): TensorInfo {
  const scope = new KernelScope(backend)
  try {
    return scope.keep(body(scope))
  } finally {
    scope.dispose()
  }
}

/** Runs `body` with a fresh scope and frees everything it made. */
export function inScope(backend: WasmBackendLike, body: (s: KernelScope) => void): void {
  const scope = new KernelScope(backend)
  try {
    body(scope)
  } finally {
    scope.dispose()
  }
}
