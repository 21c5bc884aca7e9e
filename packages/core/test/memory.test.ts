/**
 * Memory model: reference-counted storage, tidy/keep, manual scopes, Symbol.dispose, and
 * autograd graphs that free their saved tensors.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { memory, tidy, keep, ones, tensor, startScope, endScope, exp, sum, mul, reshape, TensorloomError, registerBackend, removeBackend } from '@tensorloom/core';
import { useToyBackend } from './helpers/use_toy.js';
import { createToyBackend } from './helpers/toy_backend.js';

beforeAll(() => useToyBackend());

describe('memory', () => {
  it('tidy returns nested structures and frees the rest', () => {
    const before = memory().numTensors;
    const out = tidy(() => {
      const a = ones([2]);
      const b = a.add(1);
      return { list: [b], c: b.mul(2) };
    });
    expect(memory().numTensors).toBe(before + 2);
    expect(Array.from(out.c.dataSync())).toEqual([4, 4]);
    out.list[0].dispose();
    out.c.dispose();
    expect(memory().numTensors).toBe(before);
  });
  it('keep survives tidy; nested tidy hands results outward', () => {
    const before = memory().numTensors;
    let kept = null as ReturnType<typeof ones> | null;
    const outer = tidy(() => {
      kept = keep(ones([1]));
      return tidy(() => ones([3]).mul(3));
    });
    expect(memory().numTensors).toBe(before + 2);
    outer.dispose();
    kept!.dispose();
    expect(memory().numTensors).toBe(before);
  });
  it('a throwing tidy still frees what it made', () => {
    const before = memory().numTensors;
    expect(() => tidy(() => { ones([4]); throw new Error('boom'); })).toThrow('boom');
    expect(memory().numTensors).toBe(before);
  });
  it('tidy refuses async functions', () => {
    expect(() => tidy((async () => ones([1])) as never)).toThrow(TensorloomError);
  });
  it('a kernel that returns its input storage shares it: one buffer until both views are disposed', () => {
    const toy = createToyBackend('sharing');
    registerBackend('sharing', () => ({ ...toy, kernels: { ...toy.kernels, reshape: ([x]) => x.data } }));
    const before = memory();
    const a = ones([2, 3], { backend: 'sharing' });
    const b = reshape(a, [6]);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers + 1);
    expect(memory().numTensors).toBe(before.numTensors + 2);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    b.dispose();
    expect(memory().numDataBuffers).toBe(before.numDataBuffers);
    expect(memory().numBytes).toBe(before.numBytes);
    removeBackend('sharing');
  });
  it('Symbol.dispose frees a tensor at the end of a block', () => {
    const before = memory().numTensors;
    {
      const t = ones([2]);
      t[Symbol.dispose]();
      expect(t.isDisposed).toBe(true);
    }
    expect(memory().numTensors).toBe(before);
  });
  it('startScope/endScope free tensors across awaits', async () => {
    const before = memory().numTensors;
    startScope();
    const t = ones([3]).mul(2);
    expect(Array.from(await t.data())).toEqual([2, 2, 2]);
    const kept = t.add(1);
    endScope(kept);
    expect(memory().numTensors).toBe(before + 1);
    kept.dispose();
    expect(() => endScope()).toThrow(/no scope is open/);
  });
  it('an unused autograd graph is freed when its output is disposed', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const before = memory();
    const y = tidy(() => sum(mul(exp(x), x)));
    expect(memory().numTensors).toBe(before.numTensors + 1); // only y is the user's
    expect(memory().numDataBuffers).toBeGreaterThan(before.numDataBuffers + 1); // saved activations
    y.dispose();
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numDataBuffers).toBe(before.numDataBuffers);
    x.dispose();
  });
  it('backward frees the saved tensors and disposing a leaf frees its grad', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const before = memory().numTensors;
    const y = tidy(() => sum(mul(exp(x), x)));
    y.backward();
    y.dispose();
    expect(memory().numTensors).toBe(before + 1); // x.grad
    x.dispose();
    expect(memory().numTensors).toBe(before - 1);
  });
});
