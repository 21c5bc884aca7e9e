/**
 * The kit's edge cases with exact expectations: the inputs that break other libraries
 * (logits 1e4 apart, −∞ masks, all-masked rows), empty tensors, scalars and dtype rules.
 */
import * as T from '../index.js';
import { tidy } from '../memory.js';
import { expectValues } from './checks.js';
import type { KitContext } from './context.js';
import { needs } from './capabilities.js';

export function edgeCaseTests(ctx: KitContext): void {
  ctx.describe('softmax family edge cases', () => {
    ctx.test('softmax of [1000, -1000, 0] is [1, 0, 0]', async () => {
      await expectValues(T.softmax(T.tensor([[1000, -1000, 0]]), -1), [1, 3], [1, 0, 0]);
    });
    ctx.test('softmax with -inf entries gives 0 there and no NaN', async () => {
      const x = T.tensor([[0, -Infinity, 1, -Infinity], [2, 2, -Infinity, 2]]);
      const e1 = 1 / (1 + Math.E);
      await expectValues(T.softmax(x, 1), [2, 4], [e1, 0, Math.E * e1, 0, 1 / 3, 1 / 3, 0, 1 / 3]);
      await expectValues(T.logSoftmax(x, 1), [2, 4], [Math.log(e1), -Infinity, 1 + Math.log(e1), -Infinity, -Math.log(3), -Math.log(3), -Infinity, -Math.log(3)]);
    });
    ctx.test('masked softmax has finite gradients', async () => {
      const x = T.tensor([[0, -Infinity, 1, -1e9]], { requiresGrad: true });
      const y = T.sum(T.mul(T.softmax(x, 1), T.tensor([[1, 2, 3, 4]])));
      y.backward();
      const p0 = 1 / (1 + Math.E), p2 = Math.E / (1 + Math.E);
      const dot = p0 * 1 + p2 * 3;
      await expectValues(x.grad!, [1, 4], [p0 * (1 - dot), 0, p2 * (3 - dot), 0]);
    });
    ctx.test('a row of all -inf gives NaN in that row only, as PyTorch', async () => {
      const x = T.tensor([[-Infinity, -Infinity, -Infinity], [0, 0, 0]]);
      await expectValues(T.softmax(x, 1), [2, 3], [NaN, NaN, NaN, 1 / 3, 1 / 3, 1 / 3]);
      await expectValues(T.logSoftmax(x, 1), [2, 3], [NaN, NaN, NaN, -Math.log(3), -Math.log(3), -Math.log(3)]);
      await expectValues(T.logsumexp(x, 1), [2], [-Infinity, Math.log(3)]);
    });
    ctx.test('logits 1e4 apart: finite, exact log-probabilities and losses', async () => {
      const z = T.tensor([[1e4, 0, -1e4], [0, 1e4, -1e4]]);
      await expectValues(T.logSoftmax(z, 1), [2, 3], [0, -1e4, -2e4, -1e4, 0, -2e4]);
      const t = T.tensor([0, 0], { dtype: 'int32' });
      await expectValues(T.softmaxCrossEntropy(z, t, { reduction: 'none' }), [2], [0, 1e4]);
      await expectValues(T.softmaxCrossEntropy(z, t), [], [5e3]);
    });
    ctx.test('cross-entropy gradient is (softmax - onehot) / N', async () => {
      const values = [[0.5, -1, 2, 0], [1e4, 0, -1e4, 3], [0, 0, 0, 0]];
      const z = T.tensor(values, { requiresGrad: true });
      const targets = [2, 1, 3];
      const loss = T.softmaxCrossEntropy(z, T.tensor(targets, { dtype: 'int32' }));
      loss.backward();
      const expected: number[] = [];
      values.forEach((row, i) => {
        const m = Math.max(...row);
        const e = row.map((v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        e.forEach((v, j) => expected.push((v / s - (j === targets[i] ? 1 : 0)) / values.length));
      });
      await expectValues(z.grad!, [3, 4], expected);
    });
    ctx.test('cross-entropy with a masked logit keeps a finite loss', async () => {
      const z = T.tensor([[0, -Infinity, 1]], { requiresGrad: true });
      const loss = T.softmaxCrossEntropy(z, T.tensor([2], { dtype: 'int32' }));
      const p2 = Math.E / (1 + Math.E);
      await expectValues(loss, [], [-Math.log(p2)]);
      loss.backward();
      await expectValues(z.grad!, [1, 3], [1 - p2, 0, p2 - 1]);
    });
    ctx.test('soft targets with zero mass on a masked class give a finite loss', async () => {
      const z = T.tensor([[0, -Infinity, 1]]);
      const y = T.tensor([[0.5, 0, 0.5]]);
      const lp0 = -Math.log(1 + Math.E), lp2 = 1 - Math.log(1 + Math.E);
      await expectValues(T.softmaxCrossEntropy(z, y), [], [-(0.5 * lp0 + 0.5 * lp2)]);
    });
    ctx.test('all targets ignored: mean loss is NaN (as PyTorch) and the gradient is 0', async () => {
      const z = T.tensor([[1, 2], [3, 4]], { requiresGrad: true });
      const loss = T.softmaxCrossEntropy(z, T.tensor([-100, -100], { dtype: 'int32' }), { ignoreIndex: -100 });
      await expectValues(loss, [], [NaN]);
      loss.backward();
      await expectValues(z.grad!, [2, 2], [0, 0, 0, 0]);
    });
    ctx.test('softmax row with a NaN is NaN', async () => {
      await expectValues(T.softmax(T.tensor([[1, NaN, 2], [1, 2, 3]]), 1), [2, 3], [NaN, NaN, NaN, ...[-2, -1, 0].map((v) => Math.exp(v) / (Math.exp(-2) + Math.exp(-1) + 1))]);
    });
  });

  ctx.describe('shapes and dtypes', () => {
    ctx.test('empty tensors', async () => {
      const e = T.zeros([0, 3]);
      await expectValues(T.sum(e, 0), [3], [0, 0, 0]);
      await expectValues(T.add(e, 1), [0, 3], []);
      await expectValues(T.matmul(e, T.ones([3, 2])), [0, 2], []);
      await expectValues(T.matmul(T.ones([2, 0]), T.ones([0, 3])), [2, 3], [0, 0, 0, 0, 0, 0]);
      await expectValues(T.reshape(e, [3, 0]), [3, 0], []);
      await expectValues(T.softmax(e, 1), [0, 3], []);
    });
    ctx.test('scalars', async () => {
      const s = T.scalar(3);
      await expectValues(T.mul(s, s), [], [9]);
      await expectValues(T.sum(s), [], [3]);
      await expectValues(T.add(s, T.ones([2])), [2], [4, 4]);
      const g = T.tensor(2, { requiresGrad: true });
      T.mul(g, g).backward();
      await expectValues(g.grad!, [], [4]);
    });
    ctx.test('integer min and max at the int32 limits', async () => {
      await expectValues(T.min(T.tensor([-2147483648, 5], { dtype: 'int32' })), [], [-2147483648]);
      await expectValues(T.max(T.tensor([2147483647, 5], { dtype: 'int32' })), [], [2147483647]);
    }, { requires: needs.int32Range });
    ctx.test('bool min, empty batches, flattened argmax with keepDims, squeezing a scalar', async () => {
      await expectValues(T.min(T.tensor([true, false])), [], [0]);
      await expectValues(T.matmul(T.ones([1, 2, 3]), T.ones([0, 3, 4])), [0, 2, 4], []);
      await expectValues(T.conv2d(T.zeros([0, 1, 3, 3]), T.ones([2, 1, 2, 2])), [0, 2, 2, 2], []);
      await expectValues(T.argmax(T.tensor([[1, 5], [7, 2]]), undefined, true), [1, 1], [2]);
      await expectValues(T.squeeze(T.scalar(4), 0), [], [4]);
    });
    ctx.test('cross-entropy skips class targets of -100 by default, as PyTorch', async () => {
      const z = T.tensor([[1, 2, 0], [0, 0, 5]]);
      const lp = 2 - Math.log(Math.exp(1) + Math.exp(2) + 1);
      await expectValues(T.softmaxCrossEntropy(z, T.tensor([1, -100], { dtype: 'int32' })), [], [-lp]);
    });
    ctx.test('size-1 dimensions broadcast both ways', async () => {
      await expectValues(T.mul(T.tensor([[1], [2]]), T.tensor([[1, 10, 100]])), [2, 3], [1, 10, 100, 2, 20, 200]);
    });
    ctx.test('dtype rules', async () => {
      const i = T.tensor([1, 2, 3], { dtype: 'int32' });
      const checks: Array<[string, string]> = [
        [T.add(i, 1).dtype, 'int32'], [T.add(i, 0.5).dtype, 'float32'], [T.div(i, 2).dtype, 'float32'],
        [T.less(i, 2).dtype, 'bool'], [T.sum(T.less(i, 3)).dtype, 'int32'], [T.argmax(T.tensor([1, 3, 2])).dtype, 'int32'],
        [T.mean(i).dtype, 'float32'], [T.cast(i, 'bool').dtype, 'bool'],
      ];
      for (const [got, want] of checks) if (got !== want) throw new Error(`dtype ${got}, expected ${want}`);
      await expectValues(T.sum(T.less(i, 3)), [], [2]);
      await expectValues(T.cast(T.tensor([0, 2, -1, NaN]), 'bool'), [4], [0, 1, 1, 1]);
    });
    ctx.test('random tensors are reproducible from a seed', async () => {
      T.manualSeed(123);
      const a = await tidy(() => T.randn([5])).data();
      const u = await tidy(() => T.rand([1000])).data();
      const k = await tidy(() => T.randint(0, 3, [300])).data();
      T.manualSeed(123);
      const b = await tidy(() => T.randn([5])).data();
      if (Array.from(a).some((v, j) => v !== b[j])) throw new Error('same seed gave different numbers');
      const meanU = Array.from(u).reduce((s, v) => s + v, 0) / u.length;
      if (Math.abs(meanU - 0.5) > 0.05 || Math.min(...u) < 0 || Math.max(...u) >= 1) throw new Error(`rand is not uniform in [0,1): mean ${meanU}`);
      if (new Set(Array.from(k)).size !== 3 || Math.min(...k) !== 0 || Math.max(...k) !== 2) throw new Error('randint(0, 3) must give 0, 1 and 2');
    });
  });
}
