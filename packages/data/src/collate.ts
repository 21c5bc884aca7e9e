/**
 * Collate: turns a list of items into one batch (`defaultCollate`), and `disposeBatch`, which
 * frees every tensor inside a batch.
 */
import { Tensor, TensorloomError, formatShape, stack, tensor } from '@tensorloom/core';
import type { Collated } from './dataset.js';

function collateAt(items: readonly unknown[], path: string): unknown {
  const first = items[0];
  if (first instanceof Tensor) {
    items.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new TensorloomError('collate', `item ${i}${path} is not a Tensor, but item 0's is; every item must have the same structure`);
      if (x.dtype !== first.dtype || x.shape.length !== first.shape.length || x.shape.some((d, k) => d !== first.shape[k])) {
        throw new TensorloomError('collate', `item ${i}${path} has shape ${formatShape(x.shape)} ${x.dtype} but item 0's is ${formatShape(first.shape)} ${first.dtype}; resize or pad items to one shape, or pass a custom collate`);
      }
    });
    return stack(items as Tensor[], 0);
  }
  if (typeof first === 'number') {
    const values = items.map((x, i) => {
      if (typeof x !== 'number') throw new TensorloomError('collate', `item ${i}${path} is ${typeof x}, but item 0's is a number`);
      return x;
    });
    const ints = values.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31);
    return tensor(ints ? Int32Array.from(values) : Float32Array.from(values));
  }
  if (typeof first === 'boolean') {
    return tensor(items.map((x) => Boolean(x)), { dtype: 'bool' });
  }
  if (typeof first === 'string') return items.map((x) => String(x));
  if (Array.isArray(first)) {
    return first.map((_, k) => {
      const column = items.map((x, i) => {
        if (!Array.isArray(x) || x.length !== first.length) {
          throw new TensorloomError('collate', `item ${i}${path} is not an array of length ${first.length} like item 0's`);
        }
        return x[k] as unknown;
      });
      return collateAt(column, `${path}[${k}]`);
    });
  }
  if (first !== null && typeof first === 'object' && Object.getPrototypeOf(first) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      const column = items.map((x, i) => {
        if (x === null || typeof x !== 'object' || !(key in x)) {
          throw new TensorloomError('collate', `item ${i}${path} has no key '${key}', but item 0 does`);
        }
        return (x as Record<string, unknown>)[key];
      });
      out[key] = collateAt(column, `${path}.${key}`);
    }
    return out;
  }
  throw new TensorloomError('collate', `cannot collate item${path} of type ${first === null ? 'null' : typeof first}; return tensors, numbers, booleans, strings, arrays or plain objects, or pass a custom collate`);
}

/**
 * Makes one batch from a list of items: tensors are stacked along a new axis 0; integer
 * numbers become an int32 tensor and other numbers float32; booleans a bool tensor;
 * strings a string array; tuples and plain objects are collated field by field.
 * New tensors belong to the caller.
 *
 * @example
 * const [x, y] = defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]);
 * // x: [[1,2],[3,4]] float32 [2,2]; y: [0, 1] int32 [2]
 */
export function defaultCollate<T>(items: readonly T[]): Collated<T> {
  if (items.length === 0) throw new TensorloomError('collate', 'cannot collate an empty list of items');
  return collateAt(items, '') as Collated<T>;
}

/**
 * Disposes every tensor inside a batch (a tensor, or arrays and plain objects of them).
 *
 * @example
 * for (const batch of loader) {
 *   tidy(() => step(batch));
 *   disposeBatch(batch);
 * }
 */
export function disposeBatch(batch: unknown): void {
  if (batch instanceof Tensor) { batch.dispose(); return; }
  if (Array.isArray(batch)) { for (const b of batch) disposeBatch(b); return; }
  if (batch !== null && typeof batch === 'object' && Object.getPrototypeOf(batch) === Object.prototype) {
    for (const v of Object.values(batch)) disposeBatch(v);
  }
}
