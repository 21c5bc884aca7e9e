/**
 * CpuBackend: Tensorloom's reference backend. Storage is a contiguous row-major TypedArray
 * (Float32Array, Int32Array, or Uint8Array of 0/1 for bool); kernels run synchronously on
 * the main thread; memory is garbage collected, so disposing is a no-op.
 */
import { TensorloomError, sizeOf } from '@tensorloom/core';
import type { Backend, DType, FusedKernels, PrimitiveKernels, TensorInfo, TypedArray } from '@tensorloom/core';
import { alloc } from './kernels/util/array.js';
import { fused, kernels } from './kernels/index.js';

/**
 * The CPU backend. Usually registered with `registerCpuBackend()`; construct it directly to
 * call its kernels or to register it under another name.
 *
 * @example
 * import { registerBackend, setBackend } from '@tensorloom/core';
 * registerBackend('cpu', () => new CpuBackend(), 1);
 */
export class CpuBackend implements Backend<TypedArray> {
  readonly name = 'cpu';
  readonly kernels: PrimitiveKernels<TypedArray> = kernels;
  readonly fused: FusedKernels<TypedArray> = fused;

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

  /** Nothing to do: typed arrays are garbage collected. */
  disposeData(_data: TypedArray): void {}

  info(): Record<string, unknown> {
    return { kind: 'cpu', floatPrecision: 32, accumulation: 'float64', async: false };
  }
}
