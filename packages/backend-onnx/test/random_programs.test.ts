/**
 * Seeded random programs against the CPU backend: chains of ops over live tensors with random
 * disposals, reads in the middle and a tiny node limit (so graphs are cut and queued in the
 * background, and later graphs are fed earlier results, some already disposed). Every read and
 * every tensor alive at the end must match the CPU backend's values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { makeOnnx } from './helpers.js';

type Op = (xs: T.Tensor[], w: T.Tensor) => T.Tensor;
const OPS: Array<[number, Op]> = [
  [2, ([a, b]) => T.add(a, b)],
  [2, ([a, b]) => T.mul(a, b)],
  [2, ([a, b]) => T.sub(a, b)],
  [2, ([a, b]) => T.maximum(a, b)],
  [1, ([a]) => T.exp(T.tanh(a))],
  [1, ([a]) => T.relu(T.neg(a))],
  [1, ([a]) => T.add(a, T.sum(a, 1, true))],
  [1, ([a], w) => T.tanh(T.matmul(a, w))],
  [2, ([a, b]) => T.where(T.greater(a, b), a, T.abs(b))],
  [1, ([a]) => T.softmax(a, 1)],
  [2, ([a, b]) => T.slice(T.concat([a, b], 1), [0, 2], [3, 4])],
  [1, ([a]) => T.reshape(T.transpose(T.reshape(a, [4, 3]), [1, 0]), [3, 4])],
];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** Runs program `seed` on the current backend; returns every read's values in order. */
async function runProgram(seed: number): Promise<number[][]> {
  const rnd = lcg(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const init = (): number[] => Array.from({ length: 12 }, () => Math.round((rnd() * 4 - 2) * 64) / 64);
  const w = T.tensor(init().concat(init().slice(0, 4)), { shape: [4, 4] });
  const live: T.Tensor[] = [T.tensor(init(), { shape: [3, 4] }), T.tensor(init(), { shape: [3, 4] })];
  const reads: number[][] = [];
  for (let step = 0; step < 40; step++) {
    const [arity, op] = OPS[pick(OPS.length)];
    const args = Array.from({ length: arity }, () => live[pick(live.length)]);
    live.push(T.tidy(() => op(args, w)));
    const r = rnd();
    if (r < 0.35 && live.length > 2) live.splice(pick(live.length), 1)[0].dispose();
    else if (r < 0.45) reads.push(Array.from(await live[pick(live.length)].data()));
    else if (r < 0.5) live.push(T.tensor(init(), { shape: [3, 4] })); // a fresh fed input mid-program
  }
  for (const t of live) reads.push(Array.from(await t.data()));
  [w, ...live].forEach((t) => t.dispose());
  return reads;
}

describe('random programs on the ONNX backend agree with the CPU backend', () => {
  beforeAll(() => {
    T.registerBackend('cpu-rp', () => new CpuBackend(), 100);
    T.registerBackend('onnx-rp', () => makeOnnx({ maxPendingNodes: 7, cacheSize: 4 }), 100);
  });
  afterAll(() => { T.removeBackend('cpu-rp'); T.removeBackend('onnx-rp'); });

  it('30 seeded programs of 40 ops (disposals, mid-program reads, graphs cut every 7 nodes)', async () => {
    for (let seed = 1; seed <= 30; seed++) {
      await T.setBackend('cpu-rp');
      const want = await runProgram(seed);
      await T.setBackend('onnx-rp');
      const before = T.memory().numTensors;
      const got = await runProgram(seed);
      expect(T.memory().numTensors, `program ${seed} leaked`).toBe(before);
      expect(got.length, `program ${seed}`).toBe(want.length);
      got.forEach((g, i) => g.forEach((v, j) => {
        const e = want[i][j];
        if (Math.abs(v - e) > 1e-4 * (1 + Math.abs(e))) throw new Error(`program ${seed}, read ${i}, element ${j}: onnx ${v}, cpu ${e}`);
      }));
    }
  });
});
