import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tl from '@tensorloom/core';
import { tensor } from '@tensorloom/core';
import { useWebgl } from './helpers/webgl.js';

const close = (got: ArrayLike<number>, want: number[], tol = 1e-5): void => {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    if (Number.isNaN(w)) expect(got[i], `element ${i}`).toBeNaN();
    else if (!Number.isFinite(w)) expect(got[i], `element ${i}`).toBe(w);
    else expect(Math.abs(got[i] - w), `element ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(w)));
  });
};
const vals = async (t: tl.Tensor): Promise<number[]> => Array.from(await t.data());

beforeAll(async () => { await useWebgl(); });

describe('webgl backend', () => {
  it('is WebGL2 with float32 render targets', () => {
    const info = tl.getBackend().info!();
    expect(info.backend).toBe('webgl');
    expect(info.webglVersion).toBe(2);
    expect(info.floatPrecision).toBe(32);
    expect(tf.getBackend()).toBe('webgl');
  });

  it('round-trips float32, int32 and bool', async () => {
    const f = tensor([1.5, -2, 3e30]);
    const i = tensor([1, -7, 123456], { dtype: 'int32' });
    const b = tensor([true, false, true]);
    close(await f.data(), [1.5, -2, 3e30]);
    expect(await i.data()).toEqual(new Int32Array([1, -7, 123456]));
    expect(await b.data()).toEqual(new Uint8Array([1, 0, 1]));
    expect(f.dataSync()).toEqual(new Float32Array([1.5, -2, 3e30]));
  });

  it('unary ops', async () => {
    const x = tensor([-1.5, 0, 2]);
    close(await vals(tl.neg(x)), [1.5, 0, -2]);
    close(await vals(tl.exp(x)), [Math.exp(-1.5), 1, Math.exp(2)]);
    close(await vals(tl.abs(x)), [1.5, 0, 2]);
    close(await vals(tl.floor(x)), [-2, 0, 2]);
    close(await vals(tl.tanh(tensor([-20, 0.5, 20]))), [-1, Math.tanh(0.5), 1]);
    close(await vals(tl.erf(tensor([-1, 0, 0.5]))), [-0.8427007929, 0, 0.5204998778], 1e-5);
    close(await vals(tl.sign(tensor([-3, 0, 2, NaN]))), [-1, 0, 1, NaN]);
    close(await vals(tl.log(tensor([1, 0, -1]))), [0, -Infinity, NaN]);
    close(await vals(tl.sqrt(tensor([4, 2]))), [2, Math.SQRT2]);
  });

  it('division is IEEE (tfjs gives 1 for 0/0)', async () => {
    close(await vals(tl.div(tensor([0, 1, -1, Infinity, 6, 3]), tensor([0, 0, 0, Infinity, 3, 3]))), [NaN, Infinity, -Infinity, NaN, 2, 1]);
    close(await vals(tl.div(tensor([[1], [2]]), tensor([1, 2, 4]))), [1, 0.5, 0.25, 2, 1, 0.5]);
  });

  it('binary ops broadcast; maximum/minimum propagate NaN', async () => {
    close(await vals(tl.add(tensor([[1], [2]]), tensor([10, 20]))), [11, 21, 12, 22]);
    close(await vals(tl.maximum(tensor([1, NaN, 3]), tensor([2, 0, NaN]))), [2, NaN, NaN]);
    close(await vals(tl.minimum(tensor([1, NaN, 3]), tensor([2, 0, 1]))), [1, NaN, 1]);
    close(await vals(tl.pow(tensor([2, -2, 4]), tensor([3, 2, 0.5]))), [8, 4, 2]);
    expect(Array.from(await tl.less(tensor([1, 2, 3]), tensor(2)).data())).toEqual([1, 0, 0]);
  });

  it('where with NaN in the unpicked branch', async () => {
    const c = tensor([true, false, true]);
    close(await vals(tl.where(c, tensor([1, NaN, 3]), tensor([NaN, 5, NaN]))), [1, 5, 3]);
  });

  it('cast truncates toward zero', async () => {
    expect(Array.from(await tl.cast(tensor([-1.7, 1.7, 2.5, -0.2]), 'int32').data())).toEqual([-1, 1, 2, 0]);
    expect(Array.from(await tl.cast(tensor([0, 2, -1]), 'bool').data())).toEqual([0, 1, 1]);
  });

  it('reductions', async () => {
    const x = tensor([[1, 5, 2], [7, 0, 7]]);
    close(await vals(tl.sum(x, 1)), [8, 14]);
    close(await vals(tl.sum(x)), [22]);
    close(await vals(tl.max(x, 0)), [7, 5, 7]);
    expect(Array.from(await tl.argmax(x, 1).data())).toEqual([1, 0]);
    expect(Array.from(await tl.argmin(x, 1).data())).toEqual([0, 1]);
    close(await vals(tl.max(tensor([[1, NaN], [2, 3]]), 1)), [NaN, 3]);
  });

  it('movement ops', async () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    close(await vals(tl.transpose(x)), [1, 4, 2, 5, 3, 6]);
    close(await vals(tl.reshape(x, [3, 2])), [1, 2, 3, 4, 5, 6]);
    close(await vals(tl.concat([x, x], 0)), [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6]);
  });

  it('gather and scatterAdd (duplicates summed)', async () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]]);
    const idx = tensor([[2, 0], [2, 2]], { dtype: 'int32' });
    const g = tl.gather(x, idx, 0);
    expect(g.shape).toEqual([2, 2, 2]);
    close(await vals(g), [5, 6, 1, 2, 5, 6, 5, 6]);
    // The gradient of gather is scatterAdd: ones in, counts out.
    const w = tensor([[0, 0], [0, 0], [0, 0]], { requiresGrad: true });
    tl.gather(w, idx, 0).sum().backward();
    close(await vals(w.grad!), [1, 1, 0, 0, 3, 3]);
  });

  it('batched matmul with broadcasting and transposes', async () => {
    const a = tensor([[[1, 2], [3, 4]], [[0, 1], [1, 0]]]); // [2,2,2]
    const b = tensor([[5, 6], [7, 8]]);
    close(await vals(tl.matmul(a, b)), [19, 22, 43, 50, 7, 8, 5, 6]);
  });

  it('empty tensors', async () => {
    const e = tl.zeros([0, 3]);
    close(await vals(tl.sum(e, 0)), [0, 0, 0]);
    expect((await tl.add(e, tensor(1)).data()).length).toBe(0);
  });
});

describe('fused kernels', () => {
  it('softmax over masked logits (−∞ and −1e9) is exact and finite', async () => {
    const p = tl.softmax(tensor([[1, -Infinity, 1, -1e9], [-1e9, 0, -1e9, -1e9]]), -1);
    close(await vals(p), [0.5, 0, 0.5, 0, 0, 1, 0, 0]);
    close(await vals(tl.softmax(tensor([[-Infinity, -Infinity]]))), [NaN, NaN]);
    close(await vals(tl.softmax(tensor([[1000, -1000, 0]]))), [1, 0, 0]);
  });

  it('softmax and logSoftmax along a non-last axis', async () => {
    const x = tensor([[1, 2], [3, 4]]);
    const e = 1 / (1 + Math.exp(2));
    close(await vals(tl.softmax(x, 0)), [e, e, 1 - e, 1 - e]);
    close(await vals(tl.logSoftmax(tensor([1e4, 0, -1e4]))), [0, -1e4, -2e4]);
    close(await vals(tl.logsumexp(tensor([1000, 1000]))), [1000.6931471805599]);
  });

  it('conv2d matches the composition (groups, stride with dilation, padding)', async () => {
    tl.manualSeed(3);
    const x = tl.randn([2, 4, 7, 6]);
    for (const opts of [{ padding: 1 }, { stride: 2, dilation: 2, padding: 2 }, { groups: 2, stride: [2, 1] as [number, number] }]) {
      const w = tl.randn([6, (opts as { groups?: number }).groups ? 2 : 4, 3, 3]);
      const got = tl.conv2d(x, w, null, opts);
      // The composition, on the same backend, with the fused kernel hidden.
      const b = tl.getBackend();
      const fused = b.fused as Record<string, unknown>;
      const saved = fused.conv2d;
      delete fused.conv2d;
      const want = tl.conv2d(x, w, null, opts);
      fused.conv2d = saved;
      expect(got.shape).toEqual(want.shape);
      close(await vals(got), await vals(want), 1e-4);
    }
  });

  it('pooling', async () => {
    const x = tensor([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    close(await vals(tl.maxPool2d(x, 2, { stride: 1 })), [5, 6, 8, 9]);
    close(await vals(tl.maxPool2d(tensor([[[[-1, -2], [-3, -4]]]]), 2, { stride: 2, padding: 1 })), [-1, -2, -3, -4]);
    close(await vals(tl.avgPool2d(x, 2, { stride: 1 })), [3, 4, 6, 7]);
    close(await vals(tl.avgPool2d(x, 2, { stride: 2, padding: 1, countIncludePad: false })), [1, 2.5, 5.5, 7]);
    close(await vals(tl.avgPool2d(x, 2, { stride: 2, padding: 1, countIncludePad: true })), [0.25, 1.25, 2.75, 7]);
  });

  it('sigmoid and softplus are finite at extremes', async () => {
    close(await vals(tl.sigmoid(tensor([-100, 0, 100]))), [0, 0.5, 1]);
    close(await vals(tl.softplus(tensor([-100, 0, 100]))), [0, Math.LN2, 100]);
  });

  it('cross-entropy (core composition) is finite for masked and large logits', async () => {
    const z = tensor([[1e4, -1e4, -Infinity], [0, 1, -1e9]], { requiresGrad: true });
    const loss = tl.softmaxCrossEntropy(z, tensor([1, 1], { dtype: 'int32' }));
    close(await vals(loss), [(2e4 + 0.31326168751822286) / 2], 1e-5);
    loss.backward();
    const g = await vals(z.grad!);
    expect(g.every(Number.isFinite)).toBe(true);
  });
});

describe('index checks', () => {
  it('gather and scatterAdd reject out-of-range indices written from JS', () => {
    expect(() => tl.gather(tl.ones([3]), tensor([3], { dtype: 'int32' }), 0)).toThrow(/gather: index 3 is out of range/);
    expect(() => tl.gather(tl.ones([3]), tensor([-1], { dtype: 'int32' }), 0)).toThrow(/out of range/);
    expect(() => tl.scatterAdd(tl.zeros([2]), tensor([2], { dtype: 'int32' }), tl.ones([1]), 0)).toThrow(/scatterAdd: index 2 is out of range/);
  });
});
