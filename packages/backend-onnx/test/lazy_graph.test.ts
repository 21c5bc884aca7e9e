/**
 * The lazy machinery: which pending tensors become graph outputs, disposed nodes that pending
 * consumers still need, graphs chained through earlier results, the node limit, the session
 * cache (hits, LRU release, release on destroy), failures surfacing on read, and host index checks.
 */
import * as ort from 'onnxruntime-node';
import { afterEach, describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { OnnxBackend, type OrtModule, type OrtSessionLike } from '../src/index.js';

interface Counts { created: number; released: number; runs: number; outputs: number[]; feeds: number[] }

/** onnxruntime-node behind a wrapper that counts sessions, runs and graph outputs. */
function countingOrt(failCreate = false): { mod: OrtModule; counts: Counts } {
  const counts: Counts = { created: 0, released: 0, runs: 0, outputs: [], feeds: [] };
  const mod: OrtModule = {
    Tensor: ort.Tensor as unknown as OrtModule['Tensor'],
    InferenceSession: {
      async create(bytes, options) {
        if (failCreate) throw new Error('no runtime today');
        counts.created++;
        const s = await ort.InferenceSession.create(bytes, options as ort.InferenceSession.SessionOptions);
        const session: OrtSessionLike = {
          async run(feeds) {
            counts.runs++;
            counts.feeds.push(Object.keys(feeds).length);
            const r = await s.run(feeds as Record<string, ort.Tensor>);
            counts.outputs.push(Object.keys(r).length);
            return r;
          },
          async release() { counts.released++; await s.release(); },
        };
        return session;
      },
    },
  };
  return { mod, counts };
}

let current: OnnxBackend | null = null;
async function use(options: Partial<ConstructorParameters<typeof OnnxBackend>[0]> = {}, failCreate = false): Promise<{ b: OnnxBackend; counts: Counts }> {
  const { mod, counts } = countingOrt(failCreate);
  const b = new OnnxBackend({ ort: mod, threads: 1, name: 'onnx-lazy', ...options });
  T.registerBackend('onnx-lazy', () => b, 100);
  await T.setBackend('onnx-lazy');
  current = b;
  return { b, counts };
}

afterEach(() => {
  T.removeBackend('onnx-lazy');
  current?.destroy();
  current = null;
});

const info = (b: OnnxBackend): Record<string, number> => b.info() as Record<string, number>;

describe('lazy graphs on onnxruntime-node', () => {
  it('computes nothing until a read; disposed intermediates stay internal', async () => {
    const { counts } = await use();
    const x = T.tensor([1, 2, 3]);
    const y = T.exp(x);
    const z = T.mul(y, 2);
    const w = T.add(z, 1);
    y.dispose();
    z.dispose();
    expect(counts.runs).toBe(0);
    const got = await w.data();
    expect(Array.from(got)).toEqual(Array.from(Float32Array.from([1, 2, 3].map((v) => Math.fround(Math.fround(Math.exp(v)) * 2) + 1))));
    expect(counts.runs).toBe(1);
    expect(counts.outputs).toEqual([1]); // only w: y and z were disposed
    [x, w].forEach((t) => t.dispose());
  });

  it('every alive pending tensor is an output, and later graphs are fed the results', async () => {
    const { counts } = await use();
    const x = T.tensor([[1, -2], [3, 4]]);
    const a = T.relu(x);
    const b = T.sum(a);
    expect(await b.item()).toBe(8);
    expect(counts.outputs).toEqual([2]); // a and b
    const c = T.mul(a, b); // a is fed to the second graph
    expect(Array.from(await c.data())).toEqual([8, 0, 24, 32]);
    expect(counts.runs).toBe(2);
    [x, a, b, c].forEach((t) => t.dispose());
  });

  it('a disposed tensor that a pending consumer needs is still computed (or fed)', async () => {
    await use();
    let w = T.tensor([1, 2, 3]);
    for (let i = 0; i < 5; i++) {
      const next = T.add(w, 1);
      w.dispose(); // the ready input (i = 0) and then pending nodes, each needed by `next`
      w = next;
    }
    expect(Array.from(await w.data())).toEqual([6, 7, 8]);
    w.dispose();
  });

  it('flushes past the node limit without waiting for a read', async () => {
    const { b, counts } = await use({ maxPendingNodes: 8 });
    let x = T.tensor([0.5]);
    for (let i = 0; i < 30; i++) {
      const next = T.add(x, 1);
      x.dispose();
      x = next;
    }
    expect(info(b).pendingNodes).toBeLessThan(8);
    expect(await x.item()).toBe(30.5);
    expect(counts.runs).toBeGreaterThanOrEqual(4);
    x.dispose();
  });

  it('identical steps compile once and reuse the session; markStep queues the pending graph', async () => {
    const { b, counts } = await use();
    let w = T.tensor([[0.5, -0.25], [0.1, 0.3]]);
    const x = T.tensor([[1, 2], [3, 4]]);
    for (let step = 0; step < 6; step++) {
      const wg = w.detach().requiresGrad_();
      const loss = T.tidy(() => T.sum(T.square(T.matmul(x, wg))));
      loss.backward();
      const next = T.noGrad(() => T.sub(wg, T.mul(wg.grad as T.Tensor, 0.01)));
      [loss, wg, w].forEach((t) => t.dispose());
      w = next;
      b.markStep();
      expect(info(b).pendingNodes).toBe(0);
    }
    await b.flush();
    expect(counts.runs).toBe(6);
    expect(counts.created).toBe(1);
    expect(info(b).cacheHits).toBe(5);
    // The same loop on the CPU-free reference: plain float64 gradient descent on Σ (xW)².
    let ref = [[0.5, -0.25], [0.1, 0.3]];
    const xs = [[1, 2], [3, 4]];
    for (let step = 0; step < 6; step++) {
      const y = xs.map((r) => [0, 1].map((j) => r[0] * ref[0][j] + r[1] * ref[1][j]));
      const g = [0, 1].map((i) => [0, 1].map((j) => 2 * (xs[0][i] * y[0][j] + xs[1][i] * y[1][j])));
      ref = ref.map((r, i) => r.map((v, j) => v - 0.01 * g[i][j]));
    }
    const got = Array.from(await w.data());
    ref.flat().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    [w, x].forEach((t) => t.dispose());
  });

  it('embeds written scalars; one that changes is fed from then on (one more compilation, the stale session released)', async () => {
    const { b, counts } = await use();
    const x = T.tensor([1, 2, 3]);
    for (const scale of [2, 2, 2]) {
      const y = T.add(T.mul(x, scale), 0.5);
      expect(Array.from(await y.data())).toEqual([1, 2, 3].map((v) => v * scale + 0.5));
      y.dispose();
    }
    expect(counts.created).toBe(1); // the same scalars: one graph
    for (const scale of [3, -0, 7, NaN, 7]) {
      const y = T.add(T.mul(x, scale), 0.5);
      const got = Array.from(await y.data());
      [1, 2, 3].forEach((v, i) => expect(Object.is(got[i], Math.fround(v * scale) + 0.5)).toBe(true));
      y.dispose();
    }
    expect(counts.created).toBe(2); // the scale became fed once; 0.5 stays embedded
    expect(info(b).cachedSessions).toBe(1);
    await new Promise((r) => setTimeout(r, 10));
    expect(counts.released).toBe(1); // the graph that embedded scale = 2
    x.dispose();
  });

  it('embeds written int32 ranges (oneHot\'s classes) as one literal; x·1 and x/1 are exact', async () => {
    const { counts } = await use();
    const t = T.tensor([2, 0, 1, 2], { dtype: 'int32' });
    const x = T.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9], [-0, NaN, -Infinity]]);
    for (let step = 0; step < 3; step++) {
      // Two oneHots write two ranges 0, 1, 2; a written [0, 1, 2] used as indices is a range too.
      const y = T.tidy(() => T.add(T.mul(T.oneHot(t, 3), x), T.mul(T.oneHot(t, 3), 10)));
      const picked = T.tidy(() => T.gather(x, T.tensor([0, 1, 2], { dtype: 'int32' }), 1));
      const ones = T.tidy(() => [T.mul(x, 1), T.div(x, 1), T.mul(1, x)]);
      const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, -0, NaN, -Infinity];
      expect(Array.from(await y.data())).toEqual(xs.map((v, i) => { const hot = [2, 0, 1, 2][Math.floor(i / 3)] === i % 3 ? 1 : 0; return hot * v + hot * 10; }));
      expect(Array.from(await picked.data())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, -0, NaN, -Infinity]);
      for (const o of ones) {
        const got = Array.from(await o.data());
        [1, 2, 3, 4, 5, 6, 7, 8, 9, -0, NaN, -Infinity].forEach((v, i) => expect(Object.is(got[i], v), `element ${i}: ${got[i]}`).toBe(true));
      }
      [y, picked, ...ones].forEach((o) => o.dispose());
    }
    expect(counts.created).toBe(1);
    expect(counts.feeds).toEqual([2, 2, 2]); // t and x only: the ranges are embedded
    t.dispose();
    x.dispose();
  });

  it('keeps at most cacheSize sessions (least recently used out) and releases the rest on destroy', async () => {
    const { b, counts } = await use({ cacheSize: 2 });
    const x = T.tensor([1, 2, 3, 4]);
    for (const f of [T.exp, T.sin, T.cos, T.exp]) {
      const y = f(x);
      await y.data();
      y.dispose();
    }
    expect(counts.created).toBe(4); // exp was evicted by cos
    expect(info(b).cachedSessions).toBe(2);
    await new Promise((r) => setTimeout(r, 10));
    expect(counts.released).toBe(2);
    x.dispose();
    T.removeBackend('onnx-lazy');
    b.destroy();
    current = null;
    await new Promise((r) => setTimeout(r, 20));
    expect(counts.released).toBe(4);
    expect(() => b.write(new Float32Array(1), [1], 'float32')).toThrow(/destroyed/);
  });

  it('a graph that cannot run fails its reads with a TensorloomError', async () => {
    await use({}, true);
    const y = T.exp(T.tensor([1]));
    await expect(y.data()).rejects.toThrow(/onnxruntime failed to run a graph.*no runtime today/);
    const z = T.add(y, 1); // fed a failed value: fails too
    await expect(z.data()).rejects.toThrow(/no runtime today/);
    [y, z].forEach((t) => t.dispose());
  });

  it('checks indices known on the host; clamps indices still pending', async () => {
    await use();
    const x = T.tensor([10, 20, 30]);
    const computed = T.add(T.tensor([1, 1], { dtype: 'int32' }), T.tensor([0, 1], { dtype: 'int32' }));
    await computed.data(); // now on the host
    expect(() => T.gather(x, T.add(computed, 1), 0)).not.toThrow(); // pending: not checked
    const bad = T.add(computed, T.tensor([0, 2], { dtype: 'int32' })); // [1, 4]
    await bad.data();
    expect(() => T.gather(x, bad, 0)).toThrow(/gather: index 4 is out of range for axis 0 of size 3/);
    expect(() => T.scatterAdd(T.zeros([3]), bad, T.ones([2]), 0)).toThrow(/scatterAdd: index 4 is out of range/);
    const pending = T.add(bad, 0);
    const g = T.gather(x, pending, 0); // [1, 4] clamped: a value of x, no failure
    const got = Array.from(await g.data());
    expect(got[0]).toBe(20);
    expect([10, 20, 30]).toContain(got[1]);
    T.tidy(() => undefined);
    [x, computed, bad, pending, g].forEach((t) => t.dispose());
  });

  it('softmaxCrossEntropy checks class targets known on the host and clamps pending ones into their row', async () => {
    await use();
    const z = T.tensor([[1, 2, 3], [0, 1, -1]]);
    const logp = [[1, 2, 3], [0, 1, -1]].map((r) => { const m = Math.log(r.reduce((s, v) => s + Math.exp(v), 0)); return r.map((v) => v - m); });
    const want = -(logp[0][2] + logp[1][0]) / 2;
    const pendingTargets = T.add(T.tensor([1, 0], { dtype: 'int32' }), T.tensor([1, 0], { dtype: 'int32' })); // [2, 0], in the graph
    const fromGraph = T.softmaxCrossEntropy(z, pendingTargets);
    expect(Math.abs((await fromGraph.item()) - want)).toBeLessThan(1e-6);
    const known = T.tensor([2, 0], { dtype: 'int32' });
    expect(Math.abs((await T.softmaxCrossEntropy(z, known).item()) - want)).toBeLessThan(1e-6);
    expect(() => T.softmaxCrossEntropy(z, T.tensor([3, 0], { dtype: 'int32' }))).toThrow(/softmaxCrossEntropy: a class target is out of range/);
    // A pending target out of range (3) takes a log-probability of its own row: no failure.
    const outOfRange = T.softmaxCrossEntropy(z, T.add(T.tensor([2, 0], { dtype: 'int32' }), T.tensor([1, 0], { dtype: 'int32' })), { reduction: 'none' });
    const got = Array.from(await outOfRange.data());
    expect(logp[0].map((v) => -v).some((v) => Math.abs(v - got[0]) < 1e-6)).toBe(true);
    expect(Math.abs(got[1] + logp[1][0])).toBeLessThan(1e-6);
    T.tidy(() => undefined);
  });
});
