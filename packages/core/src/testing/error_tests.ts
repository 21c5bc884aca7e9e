/**
 * The kit's bad-input tests: shape, dtype, axis and backend errors are TensorloomErrors whose
 * messages say what to fix.
 */
import { describe } from 'vitest';
import * as T from '../index.js';
import { findBackend, registerBackend, removeBackend } from '../registry.js';
import { expectTensorloomError } from './checks.js';
import type { KitContext } from './context.js';
import type { Backend } from '../backend.js';

export function errorTests(ctx: KitContext, createBackend: () => Backend | Promise<Backend>): void {
  describe('errors', () => {
    ctx.test('shape errors', () => {
      expectTensorloomError(() => T.add(T.ones([2, 3]), T.ones([4])), /add: shapes \[2,3\] and \[4\] cannot be broadcast/);
      expectTensorloomError(() => T.matmul(T.ones([2, 3]), T.ones([4, 5])), /matmul: inner dimensions differ: \[2,3\] @ \[4,5\]/);
      expectTensorloomError(() => T.reshape(T.ones([2, 3]), [4, 2]), /cannot reshape \[2,3\]/);
      expectTensorloomError(() => T.conv2d(T.ones([1, 3, 5, 5]), T.ones([2, 4, 3, 3])), /expects 4 input channels/);
      expectTensorloomError(() => T.softmaxCrossEntropy(T.ones([4, 3]), T.zeros([5], { dtype: 'int32' })), /expected \[4\], got \[5\]/);
      expectTensorloomError(() => T.concat([T.ones([2, 3]), T.ones([3, 2])], 0), /differ outside axis 0/);
      expectTensorloomError(() => T.tensor([[1, 2], [3]]), /ragged/);
    });
    ctx.test('dtype errors', () => {
      expectTensorloomError(() => T.softmax(T.ones([3], { dtype: 'int32' })), /float32/);
      expectTensorloomError(() => T.gather(T.ones([3]), T.ones([2]), 0), /indices must be int32/);
      expectTensorloomError(() => T.softmaxCrossEntropy(T.ones([2, 3]), T.ones([2], { dtype: 'bool' })), /int32 class indices or float32 probabilities/);
      expectTensorloomError(() => T.ones([2], { dtype: 'int32' }).requiresGrad_(), /only float32 tensors can require grad/);
    });
    ctx.test('axis errors', () => {
      expectTensorloomError(() => T.sum(T.ones([2, 3]), 2), /axis 2 is out of range for a tensor of rank 2/);
      expectTensorloomError(() => T.softmax(T.ones([2, 3]), -3), /axis -3 is out of range/);
      expectTensorloomError(() => T.permute(T.ones([2, 3]), [0, 0]), /repeat a dimension/);
    });
    ctx.test('index errors', () => {
      expectTensorloomError(() => T.gather(T.ones([3]), T.tensor([3], { dtype: 'int32' }), 0).dataSync(), /out of range/);
      expectTensorloomError(() => T.softmaxCrossEntropy(T.ones([2, 3]), T.tensor([0, 5], { dtype: 'int32' })), /out of range/);
      // In range for the flattened logits but not for a row: must not read the next row.
      expectTensorloomError(() => T.softmaxCrossEntropy(T.ones([2, 3]), T.tensor([4, 0], { dtype: 'int32' })).dataSync(), /out of range/);
      expectTensorloomError(() => T.takeAlongAxis(T.ones([2, 3]), T.tensor([[3], [0]], { dtype: 'int32' }), 1).dataSync(), /out of range for axis 1 of size 3/);
    }, undefined);
    ctx.test('tensors on different backends do not mix', async () => {
      const other = `${ctx.backendName}-second`;
      registerBackend(other, createBackend);
      try {
        const made = findBackend(other);
        const a = T.ones([2]);
        const b = T.ones([2], { backend: made });
        expectTensorloomError(() => T.add(a, b), /different backends.*x\.to\(/);
        const moved = b.to(ctx.backendName);
        const sum = T.add(a, moved);
        if ((await sum.data())[0] !== 2) throw new Error('to() did not copy the values');
        b.dispose();
      } finally {
        removeBackend(other);
      }
    });
    ctx.test('using a disposed tensor', () => {
      const x = T.ones([2]);
      x.dispose();
      expectTensorloomError(() => T.add(x, 1), /already disposed/);
    });
  });
}
