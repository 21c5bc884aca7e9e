/**
 * A long training loop on the ONNX backend keeps memory() flat, the compiled-session count and
 * the number of compilations flat (every step after the first reuses its graph), and the
 * process's resident memory bounded. CI runs 400 steps; `ONNX_SOAK_STEPS=10000` runs the long
 * version (`pnpm --filter @tensorloom/backend-onnx soak`).
 */
import { describe, expect, it } from 'vitest';
import * as T from '@tensorloom/core';
import { Adam, Linear, ReLU, Sequential, crossEntropy } from '@tensorloom/nn';
import { makeOnnx } from './helpers.js';

const STEPS = Number(process.env.ONNX_SOAK_STEPS ?? 400);

describe('memory over a long training loop on onnxruntime-node', () => {
  it(`${STEPS} Adam steps of an MLP keep memory(), sessions and compilations flat`, async () => {
    const backend = makeOnnx();
    T.registerBackend('onnx-soak', () => backend, 100);
    await T.setBackend('onnx-soak');
    T.manualSeed(0);
    const before = T.memory().numTensors;
    const model = new Sequential(new Linear(32, 64), new ReLU(), new Linear(64, 4));
    const opt = new Adam(model.parameters(), { lr: 1e-2 });
    const x = T.randn([64, 32]);
    const y = T.randint(0, 4, [64]);
    const checkpoint = Math.max(10, Math.floor(STEPS / 10));
    const samples: Array<{ tensors: number; bytes: number; sessions: number; compiled: number; rss: number }> = [];
    const losses: number[] = [];
    for (let step = 0; step < STEPS; step++) {
      T.startScope();
      opt.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      if (step % 10 === 0) losses.push(await loss.item());
      T.endScope();
      T.markStep();
      if ((step + 1) % checkpoint === 0) {
        await backend.flush();
        const info = backend.info() as Record<string, number>;
        samples.push({ tensors: T.memory().numTensors, bytes: T.memory().numBytes, sessions: info.cachedSessions, compiled: info.graphsCompiled, rss: process.memoryUsage().rss });
      }
    }
    const settled = samples.slice(1);
    expect(new Set(settled.map((s) => s.tensors)).size).toBe(1);
    expect(new Set(settled.map((s) => s.bytes)).size).toBe(1);
    expect(new Set(settled.map((s) => s.sessions)).size).toBe(1);
    expect(new Set(settled.map((s) => s.compiled)).size).toBe(1); // no compilation after the first tenth
    expect(settled[0].sessions).toBeLessThanOrEqual(4); // a step with and without the loss read, and the first steps
    const growth = (settled[settled.length - 1].rss - settled[0].rss) / 2 ** 20;
    expect(growth, `resident memory grew ${growth.toFixed(1)} MiB`).toBeLessThan(64);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] * 0.5);
    opt.dispose();
    model.dispose();
    [x, y].forEach((t) => t.dispose());
    expect(T.memory().numTensors).toBe(before);
    T.removeBackend('onnx-soak');
  }, 900_000);
});
