/**
 * TensorDataset: a dataset over tensors that share their first dimension (PyTorch's
 * `TensorDataset`); item i is the tuple of each tensor's row i.
 */
import { Tensor, TensorloomError, gather, tensor, tidy, formatShape } from '@tensorloom/core';
import { checkIndex, type Collated, type Dataset } from './dataset.js';

/**
 * Rows of tensors that share a first dimension. `get(i)` returns new tensors (row i of
 * each, without the first axis); `getBatch(indices)` gathers a whole batch at once, which
 * is what `DataLoader` uses. The dataset does not own or dispose the tensors it was given.
 *
 * @example
 * const ds = new TensorDataset(images, labels); // [N,1,28,28] and [N]
 * const [x, y] = ds.get(0);                     // [1,28,28] and []
 * ds.length;                                    // N
 */
export class TensorDataset<T extends Tensor[]> implements Dataset<T> {
  readonly tensors: Readonly<T>;
  readonly length: number;

  constructor(...tensors: T) {
    if (tensors.length === 0) throw new TensorloomError('TensorDataset', 'needs at least one tensor');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TensorloomError('TensorDataset', `argument ${i} is not a Tensor`);
      if (t.rank === 0) throw new TensorloomError('TensorDataset', `tensor ${i} is a scalar; every tensor needs a first (sample) dimension`);
    });
    const n = tensors[0].shape[0];
    tensors.forEach((t, i) => {
      if (t.shape[0] !== n) {
        throw new TensorloomError('TensorDataset', `tensors must share their first dimension: tensor 0 has ${n} rows but tensor ${i} has ${t.shape[0]} (shapes ${tensors.map((u) => `${formatShape(u.shape)}`).join(', ')})`);
      }
    });
    this.tensors = tensors;
    this.length = n;
  }

  get(index: number): T {
    checkIndex('TensorDataset.get', index, this.length);
    return tidy(() => this.tensors.map((t) => gather(t, tensor([index], { dtype: 'int32', shape: [], backend: t.backend }), 0))) as T;
  }

  getBatch(indices: readonly number[]): Collated<T> {
    for (const i of indices) checkIndex('TensorDataset.getBatch', i, this.length);
    return tidy(() => this.tensors.map((t) => gather(t, tensor(Int32Array.from(indices), { dtype: 'int32', backend: t.backend }), 0))) as Collated<T>;
  }
}
