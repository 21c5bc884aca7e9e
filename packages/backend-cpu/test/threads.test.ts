/**
 * Threads: the conformance kit and the PyTorch goldens on a 2-thread backend, and 100 training
 * steps of an MLP and of a small CNN (big enough that their gemms are split over the pool)
 * giving bitwise identical losses and weights with 1 and 2 threads, with memory() and the
 * WebAssembly heap flat over the steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { runConformance } from '@tensorloom/core/testing';
import { torchGoldenTests } from '../../core/test/helpers/torch_goldens.js';
import { CpuBackend } from '../src/index.js';
import { randint, randn, spec } from './helpers.js';

const twoThreads = async (): Promise<CpuBackend> => {
  const b = new CpuBackend({ threads: 2 });
  await b.ready();
  return b;
};

// (The kit also makes a second instance synchronously, so its factory is synchronous; the pool
// starts in the background.)
runConformance(() => {
  const b = new CpuBackend({ threads: 2 });
  void b.ready();
  return b;
}, { name: 'cpu-2-threads', runner: { describe, it, beforeAll, afterAll } });
torchGoldenTests('cpu-2-threads', () => new CpuBackend({ threads: 2 }));

/** 100 SGD steps of an MLP and a CNN; returns every loss and the final weights. */
async function train(backend: CpuBackend, name: string): Promise<{ losses: number[]; weights: Float32Array[]; heap: number[]; tensors: number[] }> {
  T.registerBackend(name, () => backend, 100);
  await T.setBackend(name);
  T.manualSeed(1);
  const x = T.randn([64, 96]);
  const y = T.randint(0, 10, [64]);
  const img = T.randn([8, 3, 16, 16]);
  const yi = T.randint(0, 10, [8]);
  let params = [
    T.mul(T.randn([96, 128]), 0.1), T.zeros([128]), T.mul(T.randn([128, 10]), 0.1),
    T.mul(T.randn([16, 3, 3, 3]), 0.2), T.mul(T.randn([16 * 8 * 8, 10]), 0.05),
  ];
  const lossOf = (w1: T.Tensor, b1: T.Tensor, w2: T.Tensor, c1: T.Tensor, d: T.Tensor): T.Tensor => {
    const mlp = T.softmaxCrossEntropy(T.matmul(T.relu(T.add(T.matmul(x, w1), b1)), w2), y);
    const h = T.maxPool2d(T.relu(T.conv2d(img, c1, null, { padding: 1 })), 2);
    const cnn = T.softmaxCrossEntropy(T.matmul(T.reshape(h, [8, 16 * 8 * 8]), d), yi);
    return T.add(mlp, cnn);
  };
  const losses: number[] = [];
  const heap: number[] = [];
  const tensors: number[] = [];
  for (let step = 0; step < 100; step++) {
    const [loss, grads] = T.valueAndGrad(lossOf)(...params);
    const next = T.tidy(() => params.map((p, i) => T.sub(p, T.mul(grads[i], 0.05))));
    losses.push(loss.dataSync()[0]);
    [loss, ...grads, ...params].forEach((t) => t.dispose());
    params = next;
    if (step >= 10) {
      heap.push(backend.wasm!.heapBytes);
      tensors.push(T.memory().numTensors);
    }
  }
  const weights = params.map((p) => p.dataSync() as Float32Array);
  [x, y, img, yi, ...params].forEach((t) => t.dispose());
  T.removeBackend(name);
  return { losses, weights, heap, tensors };
}

describe('threads', () => {
  it('100 training steps are bitwise identical on 1 and 2 threads; heap and memory() stay flat', async () => {
    const one = await train(new CpuBackend({ threads: 1 }), 'cpu-t1');
    const b2 = await twoThreads();
    expect(b2.info().threads).toBe(2);
    const two = await train(b2, 'cpu-t2');
    expect(b2.pool!.jobs).toBeGreaterThan(100); // the gemms really were split
    expect(two.losses).toEqual(one.losses);
    for (let i = 0; i < one.weights.length; i++) expect(Array.from(two.weights[i])).toEqual(Array.from(one.weights[i]));
    expect(one.losses[99]).toBeLessThan(one.losses[0] * 0.8);
    for (const r of [one, two]) {
      expect(new Set(r.heap).size).toBe(1);
      expect(new Set(r.tensors).size).toBe(1);
    }
  }, 300_000);

  it('matmul split over rows (B packed once for all threads) or columns, every transpose, is bitwise equal to 1 thread', async () => {
    const b1 = new CpuBackend({ threads: 1 });
    const b2 = await twoThreads();
    // [batch, m, k, n]: rows ≥ columns (row split), few rows (column split), a batch, tails.
    for (const [bt, m, k, n] of [[1, 301, 257, 203], [1, 13, 300, 517], [3, 67, 129, 65]]) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = randn([bt, ta ? k : m, ta ? m : k], m + k);
          const b = randn([bt, tb ? n : k, tb ? k : n], n + k);
          const jobs = b2.pool!.jobs;
          const run = (be: CpuBackend): number[] => Array.from(be.kernels.matmul([a, b], { transposeA: ta, transposeB: tb }, spec([bt, m, n])));
          const two = run(b2);
          expect(b2.pool!.jobs).toBeGreaterThan(jobs);
          expect(two).toEqual(run(b1));
        }
      }
    }
    b2.destroy();
  });

  it('conv2d and both gradients, split over the pool in every way, are bitwise equal to 1 thread', async () => {
    const b1 = new CpuBackend({ threads: 1 });
    const b2 = await twoThreads();
    // Forward units (image, group, pixel block) incl. one image cut into pixel blocks; input
    // gradients per (image, group); filter gradients by tap tiles (many taps) and by row tiles
    // (one input channel: 9 taps), grouped and depthwise, strided and dilated.
    const cases = [
      { x: [16, 8, 12, 12], w: [16, 8, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
      { x: [1, 16, 40, 40], w: [24, 16, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
      { x: [8, 1, 28, 28], w: [32, 1, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
      { x: [4, 12, 17, 15], w: [18, 4, 3, 2], stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 3 },
      { x: [6, 16, 20, 20], w: [16, 1, 3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 16 },
    ];
    for (const [i, c] of cases.entries()) {
      const [n, , h, w] = c.x;
      const [o, , kh, kw] = c.w;
      const ho = Math.floor((h + 2 * c.padding[0] - c.dilation[0] * (kh - 1) - 1) / c.stride[0]) + 1;
      const wo = Math.floor((w + 2 * c.padding[1] - c.dilation[1] * (kw - 1) - 1) / c.stride[1]) + 1;
      const ys = [n, o, ho, wo];
      const attrs = { stride: c.stride as [number, number], padding: c.padding as [number, number], dilation: c.dilation as [number, number], groups: c.groups };
      const x = randn(c.x, 40 + i), wt = randn(c.w, 50 + i), dy = randn(ys, 60 + i);
      const ia = { ...attrs, inputSize: [h, w] as [number, number] };
      const fa = { ...attrs, kernelSize: [kh, kw] as [number, number] };
      const jobs = b2.pool!.jobs;
      for (const be of [b1, b2]) {
        (be as unknown as { out: Float32Array[] }).out = [
          be.fused.conv2d!([x, wt], attrs, spec(ys)) as Float32Array,
          be.fused.conv2dInputGrad!([dy, wt], ia, spec(c.x)) as Float32Array,
          be.fused.conv2dFilterGrad!([x, dy], fa, spec(c.w)) as Float32Array,
        ];
      }
      expect(b2.pool!.jobs - jobs, `case ${i}`).toBe(3); // each of the three really was split
      const [one, two] = [b1, b2].map((be) => (be as unknown as { out: Float32Array[] }).out);
      for (let k = 0; k < 3; k++) expect(Array.from(two[k])).toEqual(Array.from(one[k]));
      // And they are right (the float64 JS kernels as the reference).
      const js = new CpuBackend({ wasm: false });
      const ref = js.fused.conv2dFilterGrad!([x, dy], fa, spec(c.w));
      for (let k = 0; k < ref.length; k++) expect(Math.abs(one[2][k] - ref[k])).toBeLessThan(1e-3 * (1 + Math.abs(ref[k])));
    }
    b2.destroy();
  });

  it('the softmax family split over rows is bitwise equal to 1 thread (odd rows and classes, −∞, NaN, huge logits)', async () => {
    const b1 = new CpuBackend({ threads: 1 });
    const b2 = await twoThreads();
    // [rows, classes]: every case but the first two is big enough to be split over the pool;
    // softmax and logSoftmax go in blocks of ~1 MB of rows ([20001, 17] and [257, 10000]: 2 and
    // 9 blocks, the last one short).
    const cases = [[1, 10000], [3, 10000], [131073, 1], [43691, 3], [8209, 17], [20001, 17], [1025, 255], [513, 257], [17, 10000], [257, 10000]];
    for (const [rows, c] of cases) {
      const x = randn([rows, c], rows + c, -30, 30);
      const xd = x.data as Float32Array;
      for (let i = 0; i < xd.length; i += 97) xd[i] = -Infinity;
      xd[Math.floor(xd.length / 2)] = 3e38;
      if (rows > 2) xd[c] = NaN; // row 1 is NaN
      const target = randint([rows], c, 0, c);
      const jobs = b2.pool!.jobs;
      const run = (be: CpuBackend): Float32Array[] => [
        be.fused.softmax!([x], { axis: 1 }, spec([rows, c])),
        be.fused.logSoftmax!([x], { axis: 1 }, spec([rows, c])),
        be.fused.logsumexp!([x], { axes: [1], keepDims: false }, spec([rows])),
        be.fused.softmaxCrossEntropy!([x, target], { axis: 1, reduction: 'none', labelSmoothing: 0, ignoreIndex: null }, spec([rows])),
      ] as Float32Array[];
      const two = run(b2);
      if (rows * c >= 1 << 17) expect(b2.pool!.jobs - jobs, `[${rows}, ${c}]`).toBeGreaterThanOrEqual(4);
      else expect(b2.pool!.jobs - jobs, `[${rows}, ${c}]`).toBe(0);
      const one = run(b1);
      for (let k = 0; k < 4; k++) {
        const u1 = new Uint32Array(one[k].buffer, one[k].byteOffset, one[k].length);
        const u2 = new Uint32Array(two[k].buffer, two[k].byteOffset, two[k].length);
        let differ = 0;
        for (let i = 0; i < u1.length; i++) if (u1[i] !== u2[i]) differ++;
        expect(differ, `[${rows}, ${c}] output ${k}`).toBe(0);
      }
      // And right: softmax rows sum to 1 (the NaN row is NaN), the losses are −logSoftmax at the target (float32).
      const [sm, ls, , ce] = two;
      for (let q = 0; q < rows; q++) {
        let s = 0;
        let masked = true;
        for (let k = 0; k < c; k++) {
          s += sm[q * c + k];
          masked &&= xd[q * c + k] === -Infinity;
        }
        if ((q === 1 && rows > 2) || masked) expect(s).toBeNaN(); // a NaN row, an all −∞ row (1 class)
        else expect(Math.abs(s - 1), `row ${q}`).toBeLessThan(1e-5);
        const want = -ls[q * c + target.data[q]];
        if (Number.isFinite(want)) expect(Math.abs(ce[q] - want), `row ${q}`).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(want)));
        else expect(ce[q]).toBe(want); // NaN row, or a −∞ logit at the target: +∞

      }
    }
    b2.destroy();
  });

  it('without SharedArrayBuffer-backed memory, or with threads: 1, it runs on one thread', () => {
    const b = new CpuBackend({ threads: 1 });
    expect(b.pool).toBeNull();
    expect(b.info().threads).toBe(1);
    expect(() => new CpuBackend({ threads: 0 })).toThrow(/threads must be an integer/);
  });
});
