/**
 * split into many pieces (an RNN's time steps) takes the halving path: same values and
 * gradients as narrowing each piece, nothing left behind but the pieces, and a backward whose
 * work grows like n·log n (each piece's gradient is padded only to its half).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memory, narrow, randn, registerBackend, removeBackend, setBackend, split, stack, tensor } from '@tensorloom/core';
import { createToyBackend } from './helpers/toy_backend.js';

/** Elements written by the backend's pad kernel (what slice's gradient costs). */
let padded = 0;

describe('split into many pieces', () => {
  beforeAll(async () => {
    registerBackend('toy-split', () => {
      const b = createToyBackend('toy-split');
      const pad = b.kernels.pad;
      b.kernels.pad = (inputs, attrs, out) => { padded += out.shape.reduce((a, d) => a * d, 1); return pad(inputs, attrs, out); };
      return b;
    }, 100);
    await setBackend('toy-split');
  });
  afterAll(() => removeBackend('toy-split'));

  it('equals narrowing each piece, in values and gradients, and leaves only the pieces', async () => {
    const x = randn([3, 37, 2], { requiresGrad: true });
    const sizes = [1, 4, 2, 5, 1, 3, 2, 6, 1, 1, 4, 2, 5];
    const before = memory().numTensors;
    const pieces = split(x, sizes, 1);
    expect(memory().numTensors).toBe(before + sizes.length);
    let at = 0;
    for (const [i, p] of pieces.entries()) {
      expect(p.shape).toEqual([3, sizes[i], 2]);
      expect(Array.from(await p.data())).toEqual(Array.from(await narrow(x, 1, at, sizes[i]!).data()));
      at += sizes[i]!;
    }
    // a weighted sum of the pieces: d/dx is each piece's weight, placed where the piece came from
    let loss = tensor(0);
    pieces.forEach((p, i) => { loss = loss.add(p.sum().mul(i + 1)); });
    loss.backward();
    const g = await x.grad!.array() as number[][][];
    let col = 0;
    sizes.forEach((s, i) => { for (let k = 0; k < s; k++, col++) expect(g[1]![col]![0]).toBe(i + 1); });
  });

  it('backward pads O(n·log n) gradient elements in all, not n full-size gradients', () => {
    const n = 128;
    const x = randn([n, 4], { requiresGrad: true });
    const loss = stack(split(x, 1, 0).map((p, i) => p.mul(i)), 0).sum();
    padded = 0;
    loss.backward();
    expect(padded).toBeGreaterThan(n * 4);
    // leaves of ≤ 8 pieces pad to their leaf, each halving level pads n·4 in all; narrowing
    // every piece from the input pads n full-size gradients: n·n·4 = 65,536 here
    expect(padded).toBeLessThanOrEqual(n * 4 * (8 + 2 * Math.log2(n)));
  });
});
