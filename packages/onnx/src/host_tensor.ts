/**
 * HostTensor: a value known on the host while a graph runs (initializers of integer type,
 * Constant nodes, Shape outputs and whatever is computed only from them). Shape arithmetic
 * (Shape → Gather → Concat → Reshape) stays here, so no backend round trip is needed and
 * int64 values beyond int32 (Slice ends of INT64_MAX) survive until they enter a tensor.
 */
import { TensorloomError, tensor, type Tensor, type DType } from '@tensorloom/core';

/** Integers are kept as float64 numbers (exact to 2^53), floats as float32, bools as 0/1. */
export type HostValues = Float64Array | Float32Array | Uint8Array;

export class HostTensor {
  constructor(
    readonly dtype: DType,
    readonly shape: readonly number[],
    readonly values: HostValues,
  ) {}

  get size(): number { return this.values.length; }

  /** The values as JS numbers. */
  numbers(): number[] { return Array.from(this.values); }

  /** A new tensor on the current backend; integers outside int32 are an error naming `op`. */
  toTensor(op: string): Tensor {
    if (this.dtype === 'int32') {
      const out = new Int32Array(this.values.length);
      for (let i = 0; i < out.length; i++) {
        const v = this.values[i];
        if (!(v >= -2147483648 && v <= 2147483647)) {
          throw new TensorloomError(op, `the int64 value ${v} does not fit in int32 (Tensorloom has no int64); keep such values within ±2^31`);
        }
        out[i] = v;
      }
      return tensor(out, { shape: this.shape, dtype: 'int32' });
    }
    if (this.dtype === 'bool') return tensor(Array.from(this.values, (v) => v !== 0), { shape: this.shape, dtype: 'bool' });
    return tensor(this.values instanceof Float32Array ? this.values : Float32Array.from(this.values), { shape: this.shape, dtype: 'float32' });
  }

  /** A host copy of a tensor's values (a synchronous read). */
  static fromTensor(t: Tensor): HostTensor {
    const data = t.dataSync();
    const values = t.dtype === 'float32' ? Float32Array.from(data) : t.dtype === 'bool' ? Uint8Array.from(data) : Float64Array.from(data);
    return new HostTensor(t.dtype, [...t.shape], values);
  }
}
