/**
 * CpuBackend: Tensorloom's CPU backend. Storage is a contiguous row-major TypedArray
 * (Float32Array, Int32Array, or Uint8Array of 0/1 for bool); disposing hands large arrays to a
 * bounded buffer pool that later outputs of the same dtype and length reuse (the rest is
 * garbage collected). The hot kernels (gemm, conv2d, pooling, elementwise, reductions) run in WebAssembly SIMD128 where
 * the engine has it, copying their operands in and results out; the rest, and everything where
 * WebAssembly SIMD is missing or `{ wasm: false }` is asked for, run as JavaScript.
 */
import { TensorloomError, sizeOf } from '@tensorloom/core';
import type { Backend, DType, FusedKernels, PrimitiveKernels, TensorInfo, TypedArray } from '@tensorloom/core';
import { alloc } from './kernels/util/array.js';
import { poolBytes, recycle } from './kernels/util/buffer_pool.js';
import { fused, kernels } from './kernels/index.js';
import { singleThread } from './wasm/wasm_gemm.js';
import { WasmPool, coreCount } from './wasm/wasm_pool.js';
import { wasmFeatures } from './wasm/wasm_features.js';
import { wasmKernels } from './wasm/wasm_kernels.js';
import { WasmRuntime } from './wasm/wasm_runtime.js';

/** How a CpuBackend runs its kernels. */
export interface CpuBackendOptions {
  /** Run the hot kernels in WebAssembly SIMD where the engine has it (default true). */
  readonly wasm?: boolean;
  /** Use relaxed SIMD (fused multiply-add) where the engine has it (default true). */
  readonly relaxedSimd?: boolean;
  /**
   * Threads for the gemm-based kernels, the calling one included (default: the machine's
   * cores, at most 8). Needs SharedArrayBuffer (cross-origin isolation in browsers); without
   * it the backend runs on one thread and says so in `info()`. Results are bitwise the same
   * at any thread count.
   */
  readonly threads?: number;
}

/** The most threads the default picks. */
const MAX_DEFAULT_THREADS = 8;

/**
 * The CPU backend. Usually registered with `registerCpuBackend()`; construct it directly to
 * call its kernels or to register it under another name.
 *
 * @example
 * import { registerBackend, setBackend } from '@tensorloom/core';
 * registerBackend('cpu', () => new CpuBackend(), 1);
 * registerBackend('cpu-js', () => new CpuBackend({ wasm: false }), 0);
 */
export class CpuBackend implements Backend<TypedArray> {
  readonly name = 'cpu';
  readonly kernels: PrimitiveKernels<TypedArray>;
  readonly fused: FusedKernels<TypedArray>;
  /** The WebAssembly runtime, or null where the kernels run as JavaScript. */
  readonly wasm: WasmRuntime | null;
  /** The worker pool, or null on one thread. */
  readonly pool: WasmPool | null = null;
  private readonly note: string;
  private threadNote: string;

  constructor(options: CpuBackendOptions = {}) {
    const want = options.wasm ?? true;
    const features = wasmFeatures();
    const threads = options.threads;
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) {
      throw new TensorloomError('CpuBackend', `threads must be an integer in [1, 64], got ${String(threads)}`);
    }
    this.threadNote = 'one thread';
    if (want && features.simd) {
      const size = threads ?? Math.min(MAX_DEFAULT_THREADS, coreCount());
      const shared = size > 1 && features.sharedMemory;
      this.wasm = new WasmRuntime({ relaxed: options.relaxedSimd ?? true, shared });
      if (shared) {
        this.pool = new WasmPool(this.wasm, size);
        this.threadNote = `${size} threads (worker pool, starts on first use)`;
      } else if (size > 1) {
        this.threadNote = 'one thread: no SharedArrayBuffer here (in a browser the page must be cross-origin isolated)';
      } else if (threads === undefined) {
        this.threadNote = 'one thread (one core)';
      }
      const w = wasmKernels(this.wasm, this.pool ?? singleThread(this.wasm));
      this.kernels = { ...kernels, ...w.kernels };
      this.fused = { ...fused, ...w.fused };
      this.note = this.wasm.relaxed ? 'WebAssembly relaxed SIMD' : 'WebAssembly SIMD128';
    } else {
      this.wasm = null;
      this.kernels = kernels;
      this.fused = fused;
      this.note = want ? 'JavaScript (this engine has no WebAssembly SIMD128)' : 'JavaScript (wasm: false)';
    }
  }

  /**
   * Resolves once the worker pool (if any) runs, so the first kernels already use every
   * thread; the registry's factory starts it. Kernels work before it resolves, on the threads
   * that run by then, with bitwise the same results.
   *
   * @example
   * const b = new CpuBackend({ threads: 2 });
   * await b.ready();
   */
  async ready(): Promise<void> {
    if (!this.pool) return;
    await this.pool.whenReady();
    if (this.pool.failure) this.threadNote = `one thread: the worker pool did not start (${this.pool.failure})`;
    else this.threadNote = `${this.pool.size} threads (worker pool)`;
  }

  /** Stops the worker pool. */
  destroy(): void {
    this.pool?.destroy();
  }

  /** Copies `values` into new storage of `dtype` (bools become 0/1, floats to int32 truncate). */
  write(values: TypedArray, shape: readonly number[], dtype: DType): TypedArray {
    const size = sizeOf(shape);
    if (values.length !== size) {
      throw new TensorloomError('write', `got ${values.length} values for shape [${shape.join(',')}] of ${size} elements`);
    }
    const data = alloc(dtype, size);
    if (dtype === 'bool') for (let i = 0; i < size; i++) data[i] = values[i] !== 0 ? 1 : 0;
    else data.set(values);
    return data;
  }

  /** A copy of the storage. */
  read(info: TensorInfo<TypedArray>): Promise<TypedArray> {
    return Promise.resolve(info.data.slice());
  }

  /** A copy of the storage, synchronously. */
  readSync(info: TensorInfo<TypedArray>): TypedArray {
    return info.data.slice();
  }

  /** Hands the array to the buffer pool, for the next output of its dtype and length. */
  disposeData(data: TypedArray): void {
    recycle(data);
  }

  /** Kernel flavour, precision and the WebAssembly heap's size. */
  info(): Record<string, unknown> {
    return {
      kind: 'cpu', floatPrecision: 32, async: false,
      kernels: this.note, threads: this.pool?.ready ? this.pool.size : 1,
      threading: this.pool?.ready ? `${this.pool.size} threads (worker pool)` : this.threadNote,
      // gemm-based kernels accumulate in float32 SIMD lanes; reductions and the softmax family in float64.
      accumulation: this.wasm ? 'float32 (gemm), float64 (reductions, softmax family)' : 'float64',
      wasmHeapBytes: this.wasm ? this.wasm.heapBytes : 0, pooledBytes: poolBytes(),
      simd: wasmFeatures().simd, relaxedSimd: this.wasm?.relaxed ?? false,
    };
  }
}
