/**
 * Data types and the typed arrays that hold them.
 * `bool` is stored as Uint8Array (0 or 1).
 */
/** The dtypes: `float32`, `int32` and `bool` (stored as 0/1 bytes). */
export type DType = 'float32' | 'int32' | 'bool';

/** The typed arrays that hold each dtype's values on the host. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

/** The typed array constructor for a dtype. */
export function arrayFor(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'int32': return new Int32Array(size);
    case 'bool': return new Uint8Array(size);
  }
}

/** Copies `values` into a new typed array of `dtype` (bools become 0/1, int32 truncates). */
export function toTypedArray(values: ArrayLike<number | boolean>, dtype: DType): TypedArray {
  const out = arrayFor(dtype, values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = dtype === 'bool' ? (v ? 1 : 0) : Number(v);
  }
  return out;
}

/** Bytes per element of a dtype. @example bytesPerElement('float32') // 4 */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2 };

/**
 * The dtype two operands are promoted to for arithmetic (bool < int32 < float32).
 *
 * @example
 * promoteTypes('int32', 'float32'); // 'float32'
 */
export function promoteTypes(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** True for the names of the dtypes. */
export function isDType(x: unknown): x is DType {
  return x === 'float32' || x === 'int32' || x === 'bool';
}
