/**
 * chunkedCrossEntropy equals the full cross-entropy (value and gradients of hidden, weight
 * and bias) at V = 50,000, and its peak live memory, sampled before every kernel call,
 * stays well below the N × V floats that the full logits take.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { getBackend, memory, randint, randn, manualSeed, tidy, type Tensor } from '@tensorloom/core';
import { useTestBackend } from './helpers/backend.js';
import { expectClose } from './helpers/fixtures.js';
import { chunkedCrossEntropy, crossEntropy } from '../src/index.js';

beforeAll(useTestBackend);

/** Runs fn while recording the largest memory().numBytes seen before any kernel runs. */
function peakBytes(fn: () => void): number {
  const b = getBackend() as unknown as { kernels: Record<string, (...a: unknown[]) => unknown>; fused?: Record<string, (...a: unknown[]) => unknown> };
  let peak = memory().numBytes;
  const saved: Array<[Record<string, (...a: unknown[]) => unknown>, string, (...a: unknown[]) => unknown]> = [];
  for (const table of [b.kernels, b.fused ?? {}]) {
    for (const [name, k] of Object.entries(table)) {
      saved.push([table, name, k]);
      table[name] = (...a: unknown[]) => { peak = Math.max(peak, memory().numBytes); return k(...a); };
    }
  }
  try { fn(); } finally { for (const [t, n, k] of saved) t[n] = k; }
  return Math.max(peak, memory().numBytes);
}

describe('chunkedCrossEntropy', () => {
  it('equals the full loss and gradient at V = 50,000 with peak memory far below N×V', () => {
    manualSeed(7);
    const n = 256, d = 8, v = 50_000;
    const h = randn([n, d]).requiresGrad_();
    const w = randn([v, d], { std: 0.3 }).requiresGrad_();
    const b = randn([v], { std: 0.1 }).requiresGrad_();
    const t = randint(0, v, [n]);
    const full = tidy(() => crossEntropy(h.matmul(w.transpose()).add(b), t));
    full.backward();
    const [gh, gw, gb] = [h, w, b].map((x) => x.grad!.dataSync().slice());
    [h, w, b].forEach((x) => { x.grad = null; });
    const base = memory().numBytes;
    let loss: Tensor | null = null;
    const peak = peakBytes(() => {
      loss = chunkedCrossEntropy(h, w, t, { bias: b, chunkSize: 1024 });
      loss.backward();
    });
    expectClose([loss!.itemSync()], [full.itemSync()], 'loss');
    expectClose(h.grad!, Array.from(gh), 'd hidden', 1e-4, 1e-6);
    expectClose(w.grad!, Array.from(gw), 'd weight', 1e-4, 1e-7);
    expectClose(b.grad!, Array.from(gb), 'd bias', 1e-4, 1e-7);
    const nvBytes = n * v * 4;
    // Beside the parameters' own gradients (V·(D+1) floats, which any method must produce),
    // the extra peak is O(N × chunk), not N × V.
    const gradBytes = v * (d + 1) * 4;
    const extra = peak - base - gradBytes;
    console.log(`chunked CE: N×V = ${(nvBytes / 2 ** 20).toFixed(1)} MiB, extra peak beside parameter gradients = ${(extra / 2 ** 20).toFixed(1)} MiB`);
    expect(extra).toBeLessThan(nvBytes / 4);
    [loss!, full, h, w, b, t].forEach((x) => x.dispose());
  });

  it('handles ignoreIndex and sum reduction like crossEntropy', () => {
    manualSeed(3);
    const h = randn([6, 4]).requiresGrad_();
    const w = randn([37, 4]).requiresGrad_();
    const t = randint(0, 37, [6]);
    const ti = tidy(() => t.mul(t.notEqual(t.max()).cast('int32')).add(t.equal(t.max()).cast('int32').mul(-100 - 0)));
    for (const reduction of ['mean', 'sum'] as const) {
      const full = tidy(() => crossEntropy(h.matmul(w.transpose()), ti, { reduction, ignoreIndex: -100 }));
      full.backward();
      const gw = w.grad!.dataSync().slice();
      w.grad = null; h.grad = null;
      const ch = chunkedCrossEntropy(h, w, ti, { chunkSize: 5, reduction, ignoreIndex: -100 });
      ch.backward();
      expectClose([ch.itemSync()], [full.itemSync()], `${reduction} loss`);
      expectClose(w.grad!, Array.from(gw), `${reduction} d weight`, 1e-5, 1e-6);
      w.grad = null; h.grad = null;
      [full, ch].forEach((x) => x.dispose());
    }
    [h, w, t, ti].forEach((x) => x.dispose());
  });
});
