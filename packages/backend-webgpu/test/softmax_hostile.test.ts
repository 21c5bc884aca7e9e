/**
 * The softmax family on hostile rows (−1e9 and −∞ masks, logits ±1e4 apart, all-masked rows,
 * a NaN) on WebGPU against the CPU backend, along the last axis and an inner axis; and with
 * emulated float16 storage, where f16 peers give NaN, the results stay finite and match the
 * CPU backend on the same (half-representable) inputs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  registerBackend, removeBackend, setBackend, tensor, softmax, logSoftmax, logsumexp, softmaxCrossEntropy, argmax, sum, type Tensor,
} from '@tensorloom/core';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { createWebGpuBackend, type WebGpuBackend } from '@tensorloom/backend-webgpu';
import { nodeGpu } from './gpu.js';

const NEG = -Infinity;
/** Hostile rows (each value exactly representable in float16 except the −1e9 masks). */
const ROWS = [
  [2, -1e9, 0.5, -1e9, 3],
  [2, NEG, 0.5, NEG, 3],
  [1e4, -1e4, 0, 9992, 5],
  [-1e9, -1e9, -1e9, -1e9, -1e9],
  [NEG, NEG, NEG, NEG, NEG],
  [1, NaN, 2, 3, 4],
];
const TARGETS = [0, 2, 3, 1, 4, 0];

type Case = [string, () => Tensor];
const cases = (): Case[] => {
  const x = tensor(ROWS);
  const xt = tensor(ROWS[0].map((_, j) => ROWS.map((r) => r[j]))); // classes along axis 0
  const t = tensor(TARGETS, { dtype: 'int32' });
  return [
    ['softmax', () => softmax(x, -1)],
    ['softmax axis 0', () => softmax(xt, 0)],
    ['logSoftmax', () => logSoftmax(x, -1)],
    ['logSoftmax axis 0', () => logSoftmax(xt, 0)],
    ['logsumexp', () => logsumexp(x, -1)],
    ['logsumexp axis 0', () => logsumexp(xt, 0)],
    ['cross-entropy none', () => softmaxCrossEntropy(x, t, { reduction: 'none' })],
    ['cross-entropy smoothing none', () => softmaxCrossEntropy(x, t, { reduction: 'none', labelSmoothing: 0.1 })],
    ['cross-entropy mean of the finite rows', () => softmaxCrossEntropy(tensor(ROWS.slice(0, 4)), tensor(TARGETS.slice(0, 4), { dtype: 'int32' }))],
  ];
};

async function runAll(name: string): Promise<Map<string, Float32Array>> {
  await setBackend(name);
  const out = new Map<string, Float32Array>();
  for (const [label, f] of cases()) out.set(label, (await f().data()) as Float32Array);
  return out;
}

function same(got: Float32Array, want: Float32Array, rtol: number, atol: number, label: string): void {
  expect(got.length, label).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const g = got[i];
    if (Number.isNaN(w)) { expect(g, `${label}[${i}]`).toBeNaN(); continue; }
    if (!Number.isFinite(w)) { expect(g, `${label}[${i}]`).toBe(w); continue; }
    expect(Math.abs(g - w), `${label}[${i}]: got ${g}, want ${w}`).toBeLessThanOrEqual(atol + rtol * Math.abs(w));
  }
}

const made: WebGpuBackend[] = [];
let cpu: Map<string, Float32Array>;
beforeAll(async () => {
  registerBackend('cpu-ref', () => new CpuBackend(), 0);
  cpu = await runAll('cpu-ref');
});
afterAll(() => {
  for (const n of ['cpu-ref', 'webgpu-hostile', 'webgpu-f16']) removeBackend(n);
  for (const b of made) b.destroy();
});

describe('softmax family on hostile rows', () => {
  it('long rows (the workgroup-per-row shaders) match the CPU backend too, with argmax and sum', async () => {
    const b = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-long' });
    made.push(b);
    registerBackend('webgpu-long', () => b, 0);
    const long = (): Case[] => {
      const v = Array.from({ length: 3 * 300 }, (_, i) => (i % 7 === 3 ? -1e9 : i % 11 === 5 ? NEG : Math.sin(i) * 30));
      v[2 * 300 + 17] = 1e4;
      const x = tensor(v, { shape: [3, 300] });
      const t = tensor([4, 10, 17], { dtype: 'int32' });
      return [
        ['softmax', () => softmax(x, -1)], ['logSoftmax', () => logSoftmax(x, -1)], ['logsumexp', () => logsumexp(x, -1)],
        ['ce', () => softmaxCrossEntropy(x, t, { reduction: 'none', labelSmoothing: 0.05 })],
        ['argmax', () => argmax(x, -1)], ['sum', () => sum(x.mul(0.001).exp(), -1)],
      ];
    };
    const results = async (name: string) => {
      await setBackend(name);
      const out = new Map<string, Float32Array>();
      for (const [label, f] of long()) out.set(label, Float32Array.from(await f().data()));
      return out;
    };
    const want = await results('cpu-ref');
    const got = await results('webgpu-long');
    for (const [label, w] of want) same(got.get(label)!, w, 1e-5, 1e-5, label);
    removeBackend('webgpu-long');
  });

  it('float32 storage matches the CPU backend (NaN where it has NaN, exact 0 and −∞ for masks)', async () => {
    const b = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-hostile' });
    made.push(b);
    registerBackend('webgpu-hostile', () => b, 0);
    const got = await runAll('webgpu-hostile');
    for (const [label, want] of cpu) same(got.get(label)!, want, 1e-5, 1e-6, label);
  });

  it('emulated float16 storage stays finite on every row without NaN/−∞ input and matches the CPU within f16 rounding', async () => {
    const b = await createWebGpuBackend({ gpu: nodeGpu(), name: 'webgpu-f16', float16Storage: true });
    made.push(b);
    expect(b.info().floatPrecision).toBe(16);
    registerBackend('webgpu-f16', () => b, 0);
    const got = await runAll('webgpu-f16');
    const finiteRows = [0, 2, 3]; // −1e9 masks, ±1e4, all −1e9
    const p = got.get('softmax')!;
    const want = cpu.get('softmax')!;
    for (const r of finiteRows) {
      for (let j = 0; j < 5; j++) {
        const i = r * 5 + j;
        expect(Number.isFinite(p[i]), `softmax[${r}][${j}] = ${p[i]}`).toBe(true);
        expect(Math.abs(p[i] - want[i])).toBeLessThanOrEqual(2e-3 * Math.max(1, want[i]));
      }
    }
    const lsm = got.get('logSoftmax')!;
    for (const r of finiteRows) for (let j = 0; j < 5; j++) expect(Number.isFinite(lsm[r * 5 + j])).toBe(true);
    // The −1e9 mask is stored as −65504 (saturated, not −∞): all-masked rows stay uniform.
    for (let j = 0; j < 5; j++) expect(p[3 * 5 + j]).toBeCloseTo(0.2, 3);
    const ce = got.get('cross-entropy none')!;
    for (const r of finiteRows) {
      expect(Number.isFinite(ce[r]), `loss of row ${r}`).toBe(true);
      expect(Math.abs(ce[r] - cpu.get('cross-entropy none')![r])).toBeLessThanOrEqual(1e-2 * Math.max(1, Math.abs(ce[r])));
    }
    const mean = got.get('cross-entropy mean of the finite rows')![0];
    expect(Math.abs(mean - cpu.get('cross-entropy mean of the finite rows')![0])).toBeLessThanOrEqual(1e-2 * Math.max(1, Math.abs(mean)));
  });
});
