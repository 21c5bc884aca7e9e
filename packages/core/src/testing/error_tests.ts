/**
 * The kit's bad-input tests: shape, dtype, axis and backend errors are TensorloomErrors whose
 * messages say what to fix.
 */
import * as T from '../index.js';
import { registerBackend, removeBackend, resolveBackend } from '../registry.js';
import { expectTensorloomError, expectTensorloomErrorAsync, expectValues } from './checks.js';
import { needs } from './capabilities.js';
import type { KitContext } from './context.js';
import type { Backend } from '../backend.js';

export function errorTests(ctx: KitContext, createBackend: () => Backend | Promise<Backend>): void {
  ctx.describe('errors', () => {
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
    ctx.test('index errors: indices written from JS', async () => {
      await expectTensorloomErrorAsync(() => T.gather(T.ones([3]), T.tensor([3], { dtype: 'int32' }), 0).data(), /out of range/);
      await expectTensorloomErrorAsync(() => T.gather(T.ones([3]), T.tensor([-1], { dtype: 'int32' }), 0).data(), /out of range/);
      await expectTensorloomErrorAsync(
        () => T.scatterAdd(T.zeros([3]), T.tensor([0, 3], { dtype: 'int32' }), T.ones([2]), 0).data(), /out of range/,
      );
    }, { requires: needs.hostIndexChecks });
    ctx.test('index errors: indices computed on the device', async () => {
      await expectTensorloomErrorAsync(() => T.softmaxCrossEntropy(T.ones([2, 3]), T.tensor([0, 5], { dtype: 'int32' })).data(), /out of range/);
      // In range for the flattened logits but not for a row: must not read the next row.
      await expectTensorloomErrorAsync(() => T.softmaxCrossEntropy(T.ones([2, 3]), T.tensor([4, 0], { dtype: 'int32' })).data(), /out of range/);
      await expectTensorloomErrorAsync(
        () => T.takeAlongAxis(T.ones([2, 3]), T.tensor([[3], [0]], { dtype: 'int32' }), 1).data(), /out of range for axis 1 of size 3/,
      );
    }, { requires: needs.deviceIndexChecks });
    ctx.test('tensors on different backends do not mix; toAsync (and to, with sync reads) move them', async () => {
      const other = `${ctx.backendName}-second`;
      registerBackend(other, createBackend);
      try {
        const made = await resolveBackend(other);
        const a = T.ones([2]);
        const b = T.tensor([1, 2], { backend: made });
        expectTensorloomError(() => T.add(a, b), /different backends.*x\.to\(/);
        const moved = await b.toAsync(ctx.backendName);
        if (moved.backend !== a.backend || moved.requiresGrad) throw new Error('toAsync() must give a tensor on the target backend that does not require grad');
        await expectValues(T.add(a, moved), [2], [2, 3]);
        // The kit never asks an asynchronous backend for a synchronous read (core's refusal is tested in core).
        if (ctx.capabilities.syncRead) await expectValues(T.add(a, b.to(ctx.backendName)), [2], [2, 3]);
        b.dispose();
      } finally {
        removeBackend(other);
      }
    });
    ctx.test('synchronous reads agree with data()', async () => {
      const x = T.tensor([[1.5, -2], [3, 4]]);
      const async = Array.from(await x.data());
      if (Array.from(x.dataSync()).some((v, i) => v !== async[i])) throw new Error('dataSync() differs from data()');
      if (JSON.stringify(x.arraySync()) !== JSON.stringify([[1.5, -2], [3, 4]])) throw new Error(`arraySync() gave ${JSON.stringify(x.arraySync())}`);
      if (T.sum(x).itemSync() !== 6.5) throw new Error('itemSync() of the sum is not 6.5');
    }, { requires: needs.syncRead });
    ctx.test('using a disposed tensor', () => {
      const x = T.ones([2]);
      x.dispose();
      expectTensorloomError(() => T.add(x, 1), /already disposed/);
    });
  });
}
