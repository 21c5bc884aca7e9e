/**
 * A read-counting asynchronous test backend: the CPU backend's kernels (passed in, so this
 * file imports no backend package) behind opaque storage handles, with **no `readSync`**, reads that resolve only after a macrotask (as a GPU queue
 * does) and a counter of every read. Any attempt at a synchronous read (`dataSync`,
 * `arraySync`, `itemSync`, `to()`) is recorded with its stack and then fails, as it would on
 * WebGPU. Library code that must run on asynchronous and lazy backends is tested on it.
 */
import type { Backend, DType, FusedKernels, OutputSpec, PrimitiveKernels, TensorInfo, TypedArray } from '@tensorloom/core';

/** Opaque storage: the wrapped typed array is reachable only through this module's map. */
class Handle { private readonly brand = 'async-test-storage'; }

type Info = TensorInfo<TypedArray>;

/**
 * A synchronous backend (the CPU backend) seen through an asynchronous read path.
 *
 * @example
 * const backend = new AsyncTestBackend('async-cpu', new CpuBackend());
 * registerBackend('async-cpu', () => backend, 100);
 * await setBackend('async-cpu');
 * await tensor([1, 2]).data(); // backend.reads === 1
 */
export class AsyncTestBackend implements Backend<Handle> {
  readonly name: string;
  readonly kernels: PrimitiveKernels<Handle>;
  readonly fused: FusedKernels<Handle>;
  /** Reads served (`await x.data()`, `x.array()`, …). */
  reads = 0;
  /** One stack per attempted synchronous read (each also threw a TensorloomError in core). */
  readonly blockingCalls: string[] = [];
  /** Kernels dispatched (primitive and fused). */
  dispatches = 0;
  private readonly store = new WeakMap<Handle, TypedArray>();
  private live = 0;

  constructor(name: string, private readonly inner: Backend<TypedArray>) {
    this.name = name;
    this.kernels = this.wrapAll(this.inner.kernels) as unknown as PrimitiveKernels<Handle>;
    this.fused = this.wrapAll(this.inner.fused ?? {}) as unknown as FusedKernels<Handle>;
  }

  /** Always undefined: this backend cannot read synchronously. Asking is recorded as a blocking call. */
  get readSync(): undefined {
    this.blockingCalls.push(new Error('synchronous read attempted').stack ?? 'synchronous read attempted');
    return undefined;
  }

  write(values: TypedArray, shape: readonly number[], dtype: DType): Handle {
    return this.box(this.inner.write(values, shape, dtype));
  }

  /** Resolves after a macrotask, so code that assumes a read completes synchronously breaks here. */
  async read(info: TensorInfo<Handle>): Promise<TypedArray> {
    this.reads++;
    const data = this.unbox(info.data);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    return data.slice();
  }

  disposeData(data: Handle): void {
    if (this.store.delete(data)) this.live--;
  }

  info(): Record<string, unknown> { return { ...this.inner.info?.(), async: true, liveHandles: this.live }; }

  /** Zeroes the counters (between phases of a test). */
  resetCounts(): void {
    this.reads = 0;
    this.dispatches = 0;
    this.blockingCalls.length = 0;
  }

  private box(data: TypedArray): Handle {
    const h = new Handle();
    this.store.set(h, data);
    this.live++;
    return h;
  }

  private unbox(h: Handle): TypedArray {
    const data = this.store.get(h);
    if (!data) throw new Error(`${this.name}: storage used after it was disposed`);
    return data;
  }

  private wrapAll(kernels: object): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, k] of Object.entries(kernels)) {
      if (typeof k !== 'function') continue;
      const kernel = k as (inputs: Info[], attrs: unknown, spec: OutputSpec) => TypedArray;
      out[name] = (inputs: TensorInfo<Handle>[], attrs: unknown, spec: OutputSpec): Handle => {
        this.dispatches++;
        const unboxed = inputs.map((t) => ({ data: this.unbox(t.data), shape: t.shape, dtype: t.dtype }));
        return this.box(kernel(unboxed, attrs, spec));
      };
    }
    return out;
  }
}
