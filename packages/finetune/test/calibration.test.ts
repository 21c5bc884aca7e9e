import { beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, memory, randn, tensor, type Tensor } from '@tensorloom/core';
import { Identity, Sequential } from '@tensorloom/nn';
import { calibrateTemperature, calibrationMetrics, fitTemperature } from '../src/index.js';
import { useCpu } from './helpers/setup.js';

beforeAll(useCpu);

/** N samples whose labels are drawn from softmax(z); the "model" reports scale·z (over-confident for scale > 1). */
function overconfident(n: number, classes: number, scale: number): { batches: Array<[Tensor, Tensor]>; z: Float32Array; y: Int32Array } {
  manualSeed(8);
  const zt = randn([n, classes], { std: 1.5 });
  const z = zt.dataSync() as Float32Array;
  zt.dispose();
  const y = new Int32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(z[i * classes + c]);
    s = (s * 1103515245 + 12345) % 2147483648;
    let u = (s / 2147483648) * sum;
    let c = 0;
    while (c < classes - 1 && (u -= Math.exp(z[i * classes + c])) > 0) c++;
    y[i] = c;
  }
  const batches: Array<[Tensor, Tensor]> = [];
  for (let at = 0; at < n; at += 500) {
    const rows = Math.min(500, n - at);
    batches.push([tensor(z.slice(at * classes, (at + rows) * classes).map((v) => v * scale), { shape: [rows, classes] }), tensor(y.slice(at, at + rows))]);
  }
  return { batches, z, y };
}

describe('temperature calibration', () => {
  it('ECE, NLL and reliability bins match a hand-computed example', () => {
    const logits = [Math.log(3), 0, Math.log(3), 0, 0, Math.log(9), 0, 0];
    const m = calibrationMetrics(logits, [0, 1, 1, 0], 2);
    expect(m.ece).toBeCloseTo(0.5 * 0.25 + 0.25 * 0.1 + 0.25 * 0.5, 12);
    expect(m.nll).toBeCloseTo(-(Math.log(0.75) + Math.log(0.25) + Math.log(0.9) + Math.log(0.5)) / 4, 12);
    expect(m.accuracy).toBe(0.75);
    expect(m.bins).toHaveLength(15);
    expect(m.bins[11]).toMatchObject({ count: 2, accuracy: 0.5 });
    expect(m.bins[11].confidence).toBeCloseTo(0.75, 12);
    expect(m.bins[13]).toMatchObject({ count: 1, accuracy: 1 });
    expect(m.bins[7]).toMatchObject({ count: 1, accuracy: 1 });
    expect(m.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(() => calibrationMetrics([1, 2], [2], 2)).toThrow(/label 2 at row 0 is outside 0\.\.1/);
  });

  it('lowers NLL and ECE of a deliberately over-confident model and recovers its temperature', async () => {
    const { batches, z, y } = overconfident(4000, 5, 4);
    const model = new Sequential(new Identity());
    const start = memory().numTensors;
    const r = await calibrateTemperature(model, batches);
    expect(memory().numTensors).toBe(start);
    expect(r.samples).toBe(4000);
    // The labels were drawn from softmax(z) and the model says 4z: the best T is about 4.
    expect(r.temperature).toBeGreaterThan(3.5);
    expect(r.temperature).toBeLessThan(4.5);
    expect(r.after.nll).toBeLessThan(r.before.nll - 0.3);
    expect(r.after.ece).toBeLessThan(r.before.ece / 3);
    expect(r.after.accuracy).toBe(r.before.accuracy); // scaling never changes the argmax
    // It is the minimum: NLL at 2% either side is higher (computed independently from z).
    const scaled = Float64Array.from(z, (v) => 4 * v);
    const at = (t: number): number => calibrationMetrics(scaled, y, 5, t).nll;
    expect(at(r.temperature)).toBeCloseTo(r.after.nll, 12);
    expect(at(r.temperature * 1.02)).toBeGreaterThan(r.after.nll);
    expect(at(r.temperature / 1.02)).toBeGreaterThan(r.after.nll);
    // An under-confident model gets T < 1.
    expect(fitTemperature(Float64Array.from(z, (v) => 0.5 * v), y, 5)).toBeLessThan(0.7);
    for (const [a, b] of batches) { a.dispose(); b.dispose(); }
  });

  it('rejects probability targets and empty sources', async () => {
    const model = new Sequential(new Identity());
    await expect(calibrateTemperature(model, [])).rejects.toThrow(/calibrateTemperature: the validation source yielded no batches/);
    const x = tensor([[1, 2]]), y = tensor([[0, 1]]);
    await expect(calibrateTemperature(model, [[x, y]])).rejects.toThrow(/targets must be int32 class indices/);
    x.dispose(); y.dispose();
  });
});
