/**
 * The ONNX compositions where onnxruntime's own op differs from primitives.ts, checked against
 * the CPU backend (itself checked by the kit against float64): NaN through maximum/minimum,
 * max, argmax/argmin and sign; float → int32 casts that wrap; exact wrapping int32 pow and
 * arithmetic; bool padding; scatterAdd along an inner axis with repeats; conv2d gradients
 * with stride, padding, dilation and groups (ConvTranspose and per-group Conv).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { makeOnnx } from './helpers.js';

const same = (got: ArrayLike<number>, want: ArrayLike<number>, tol = 0): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) expect(Number.isNaN(got[i]), `element ${i}: ${got[i]} vs NaN`).toBe(true);
    else if (tol === 0 || !Number.isFinite(want[i])) expect(got[i], `element ${i}`).toBe(want[i]);
    else expect(Math.abs(got[i] - want[i]), `element ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i])));
  }
};

/** Runs `f` on the CPU backend and on the ONNX backend and returns both results' values. */
async function both(f: () => T.Tensor | T.Tensor[]): Promise<Array<[number[], number[]]>> {
  const run = async (name: string): Promise<number[][]> => {
    await T.setBackend(name);
    const out = T.tidy(() => { const r = f(); return Array.isArray(r) ? r : [r]; });
    const values = await Promise.all(out.map(async (t) => Array.from(await t.data())));
    out.forEach((t) => t.dispose());
    return values;
  };
  const cpu = await run('cpu-oracle');
  const onnx = await run('onnx-sem');
  return cpu.map((c, i) => [onnx[i], c]);
}

describe('ONNX compositions agree with the CPU backend', () => {
  beforeAll(() => {
    T.registerBackend('cpu-oracle', () => new CpuBackend(), 100);
    T.registerBackend('onnx-sem', () => makeOnnx(), 100);
  });
  afterAll(() => { T.removeBackend('cpu-oracle'); T.removeBackend('onnx-sem'); });

  const withNaN = [1, NaN, -2, 3, -Infinity, Infinity, 0, -0.5, NaN, 2, 7, -7];

  it('NaN through maximum, minimum, max, argmax, argmin and sign', async () => {
    for (const [got, want] of await both(() => {
      const x = T.tensor(withNaN, { shape: [3, 4] });
      const y = T.tensor([0, 0, NaN, 5], { shape: [4] });
      return [T.maximum(x, y), T.minimum(x, y), T.max(x, 1), T.max(x, 0), T.argmax(x, 1), T.argmin(x, 1), T.argmax(x, 0), T.sign(x)];
    })) same(got, want);
  });

  it('float32 → int32 casts truncate and wrap; NaN and ±∞ give 0; → bool is x != 0', async () => {
    const values = [2.5, -2.5, 0.99, -0.99, 3e9, -3e9, 2 ** 31, -(2 ** 31), 4294967296 + 7, 1e20, -1e20, NaN, Infinity, -Infinity, 0, -0];
    for (const [got, want] of await both(() => {
      const x = T.tensor(values);
      return [T.cast(x, 'int32'), T.cast(x, 'bool'), T.cast(T.tensor([-3, 0, 5], { dtype: 'int32' }), 'bool')];
    })) same(got, want);
  });

  it('int32 pow is exact and wraps; negative exponents truncate; add, mul, sum and abs wrap', async () => {
    const bases: number[] = [];
    const exps: number[] = [];
    for (const b of [-3, -2, -1, 0, 1, 2, 3, 7, 46341]) for (const e of [-3, -1, 0, 1, 2, 5, 20, 31, 33]) { bases.push(b); exps.push(e); }
    for (const [got, want] of await both(() => {
      const a = T.tensor(bases, { dtype: 'int32' });
      const e = T.tensor(exps, { dtype: 'int32' });
      const big = T.tensor([2147483647, -2147483648, 123456789], { dtype: 'int32' });
      return [T.pow(a, e), T.add(big, big), T.mul(big, T.tensor(3, { dtype: 'int32' })), T.sum(big), T.abs(big), T.neg(big)];
    })) same(got, want);
  });

  it('bool padding, comparisons of bools, scatterAdd along axis 1 with repeated indices', async () => {
    for (const [got, want] of await both(() => {
      const b = T.tensor([true, false, true, true], { shape: [2, 2] });
      const x = T.tensor([[1, 2, 3], [4, 5, 6]]);
      const idx = T.tensor([2, 0, 2, 2], { dtype: 'int32' });
      const upd = T.tensor([[1, 10, 100, 1000], [2, 20, 200, 2000]]);
      return [T.pad(b, [[1, 0], [0, 2]]), T.less(b, T.logicalNot(b)), T.scatterAdd(x, idx, upd, 1), T.gather(x, idx, 1)];
    })) same(got, want);
  });

  it('gather and scatterAdd along an inner axis with small blocks (axis moved to the front) and max-pool gradients at batch size', async () => {
    for (const [got, want] of await both(() => {
      T.manualSeed(9);
      const x = T.randn([4, 5, 7, 2]);
      const idx = T.tensor([[6, 0, 3], [3, 3, 1]], { dtype: 'int32' });
      const p = T.randn([4, 5, 6, 6]).requiresGrad_();
      const s = T.sum(T.mul(T.maxPool2d(p, 2), T.randn([4, 5, 3, 3])));
      s.backward();
      const rows = T.scatterAdd(T.zeros([4, 5, 3]), T.tensor([2, 0, 2, 2], { dtype: 'int32' }), T.randn([4, 5, 4]), 2);
      return [rows, T.gather(x, idx, 2), T.gather(T.reshape(x, [20, 7, 2]), idx, 1), T.gather(x, T.tensor([[1, 0], [1, 1]], { dtype: 'int32' }), 3), s, T.mul(p.grad as T.Tensor, 1)];
    })) same(got, want, 1e-6);
  });

  it('conv2d and its input and filter gradients with stride, padding, dilation and groups', async () => {
    for (const opts of [{ stride: 2, padding: 1, dilation: 1, groups: 1 }, { stride: 1, padding: 2, dilation: 2, groups: 2 }, { stride: [2, 1] as [number, number], padding: [0, 1] as [number, number], dilation: 1, groups: 4 }]) {
      for (const [got, want] of await both(() => {
        T.manualSeed(3);
        const x = T.randn([2, 4, 7, 6]).requiresGrad_();
        const w = T.randn([8, 4 / opts.groups, 3, 2]).requiresGrad_();
        const y = T.conv2d(x, w, null, opts);
        const loss = T.sum(T.mul(y, T.randn(y.shape)));
        loss.backward();
        return [y, T.mul(x.grad as T.Tensor, 1), T.mul(w.grad as T.Tensor, 1)];
      })) same(got, want, 1e-5);
    }
  });

  it('pooling and the softmax family, forward and backward', async () => {
    for (const [got, want] of await both(() => {
      T.manualSeed(5);
      const x = T.randn([2, 3, 6, 5]).requiresGrad_();
      const y = T.add(T.sum(T.maxPool2d(x, 2, { stride: 2, padding: 1 })), T.sum(T.mul(T.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), 2)));
      const z = T.add(y, T.sum(T.mul(T.logSoftmax(x, 1), T.softmax(x, 3))));
      const s = T.add(z, T.sum(T.logsumexp(x, [2, 3])));
      s.backward();
      return [s, T.mul(x.grad as T.Tensor, 1)];
    })) same(got, want, 2e-5);
  });
});
