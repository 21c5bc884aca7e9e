/**
 * Dataset: the contract every dataset meets (a length and random access by index), the
 * batch type the default collate makes from an item type, and `mapDataset` for per-item
 * transforms.
 */
import { TensorloomError, type Tensor } from '@tensorloom/core';

/**
 * What the default collate makes of a batch of items of type `T`: tensors are stacked along
 * a new first axis, numbers and booleans become 1-D tensors, strings become string arrays,
 * and tuples, arrays and plain objects are collated position by position or key by key.
 */
export type Collated<T> =
  T extends Tensor ? Tensor
    : T extends number | boolean ? Tensor
      : T extends string ? string[]
        : T extends readonly unknown[] ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object ? { -readonly [K in keyof T]: Collated<T[K]> }
            : never;

/**
 * A map-style dataset (PyTorch's `Dataset`): `length` items, read by index.
 *
 * Ownership: `get(i)` may return fresh tensors (then the caller owns them) or tensors the
 * dataset keeps; `DataLoader` runs `get` and collate inside `tidy`, which frees what was made
 * there and leaves the dataset's own tensors alone.
 *
 * `getBatch(indices)` is an optional fast path that returns the collated batch in one go
 * (`TensorDataset` does one gather instead of N slices and a stack). `DataLoader` uses it
 * unless a custom `collate` is given.
 *
 * @example
 * const squares: Dataset<number> = { length: 10, get: (i) => i * i };
 */
export interface Dataset<T> {
  readonly length: number;
  get(index: number): T;
  getBatch?(indices: readonly number[]): Collated<T>;
}

/** Throws unless `index` is an integer in [0, length). */
export function checkIndex(op: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new TensorloomError(op, `index ${index} is out of range for a dataset of length ${length}; use an integer in 0..${length - 1}`);
  }
}

/**
 * A dataset whose items are `fn(item, index)` of another's (a per-item transform, like a
 * torchvision `transform=`). Items are computed on each `get`; nothing is cached.
 *
 * @example
 * const augmented = mapDataset(train, ([x, y]) => [randomShift({ maxShift: 2 })(x), y] as [Tensor, Tensor]);
 */
export function mapDataset<T, U>(dataset: Dataset<T>, fn: (item: T, index: number) => U): Dataset<U> {
  return {
    get length() { return dataset.length; },
    get: (index: number) => fn(dataset.get(index), index),
  };
}
