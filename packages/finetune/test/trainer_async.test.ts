/**
 * The Trainer, its callbacks and the Keras face on an asynchronous backend (core's
 * read-counting test backend, no readSync): no synchronous read anywhere, a known number of
 * reads (one per log interval of training or evaluation, none for predict), and bitwise the
 * same History as the synchronous CPU backend reading after every step.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keep, manualSeed, memory, randn, registerBackend, removeBackend, setBackend, type Tensor } from '@tensorloom/core';
import { SGD, StepLR, crossEntropy } from '@tensorloom/nn';
import { EarlyStopping, ModelCheckpoint, Trainer, keras, loadCheckpoint, type Batch } from '../src/index.js';
import { CpuBackend } from '@tensorloom/backend-cpu';
import { AsyncTestBackend } from '../../core/test/helpers/async_backend.js';
import { ToyLoader, mlp, toyData, useCpu } from './helpers/setup.js';

const backend = new AsyncTestBackend('async-ft', new CpuBackend());
const ce = (out: Tensor, y: Tensor): Tensor => crossEntropy(out, y);

beforeAll(async () => {
  await useCpu();
  registerBackend('async-ft', () => backend, 100);
});
afterAll(() => removeBackend('async-ft'));

/** toyData (made on the CPU backend: its labels are computed on the host) on backend `name`. */
async function data(n: number, name: string): Promise<{ x: Tensor; y: Tensor }> {
  await setBackend('cpu');
  const { x, y } = toyData(n);
  if (name === 'cpu') return { x, y };
  const moved = { x: keep(x.to(name)), y: keep(y.to(name)) };
  [x, y].forEach((v) => v.dispose());
  await setBackend(name);
  return moved;
}

/** A seeded fit: 96 samples in batches of 16 (6 steps per epoch), validation, StepLR, accuracy. */
async function fitOn(name: string, logEvery?: number): Promise<{ history: Record<string, number[]>; losses: number[] }> {
  const { x, y } = await data(96, name);
  const model = mlp(3);
  const opt = new SGD(model.parameters(), { lr: 0.2, momentum: 0.9 });
  const t = new Trainer({ model, optimizer: opt, loss: ce, metrics: ['accuracy'], scheduler: new StepLR(opt, { stepSize: 1, gamma: 0.7 }), logEvery });
  const losses: number[] = [];
  t.on('batchEnd', (e) => { losses.push(e.loss); });
  backend.resetCounts();
  const { seconds: _s, samplesPerSecond: _p, ...history } = (await t.fit({ train: new ToyLoader(x, y, 16), val: [[x, y]], epochs: 3 })).history;
  [x, y].forEach((v) => v.dispose());
  opt.dispose();
  model.dispose();
  return { history, losses };
}

describe('the Trainer on an asynchronous backend', () => {
  it('reads once per log interval, never synchronously, and gives the CPU backend\'s numbers', async () => {
    const before = memory().numTensors;
    const asyncRun = await fitOn('async-ft');
    expect(backend.blockingCalls).toEqual([]);
    expect(backend.reads).toBe(6); // per epoch: one read for its 6 steps (logEvery 10), one for validation
    expect(memory().numTensors).toBe(before);
    const cpuRun = await fitOn('cpu', 1);
    expect(asyncRun.history).toEqual(cpuRun.history);
    expect(asyncRun.losses).toEqual(cpuRun.losses);
  });

  it('evaluate reads once per logEvery batches; predict reads nothing', async () => {
    const { x, y } = await data(50, 'async-ft');
    const model = mlp(4);
    const t = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, metrics: ['accuracy'], logEvery: 4 });
    const batches: Batch[] = Array.from({ length: 10 }, (_, i) => [x.narrow(0, i * 5, 5), y.narrow(0, i * 5, 5)]);
    backend.resetCounts();
    const split = await t.evaluate(batches);
    expect(backend.reads).toBe(3); // 4 + 4 + 2 batches
    const whole = await t.evaluate([[x, y]]);
    expect(split.loss).toBeCloseTo(whole.loss, 6);
    expect(split.accuracy).toBeCloseTo(whole.accuracy, 12);
    backend.resetCounts();
    const out = await t.predict(batches);
    expect(out.shape).toEqual([50, 3]);
    expect(backend.reads).toBe(0);
    expect(backend.blockingCalls).toEqual([]);
    [out, x, y, ...batches.flat()].forEach((v) => v.dispose());
    model.dispose();
  });

  it('EarlyStopping, ModelCheckpoint and the Keras face run without a synchronous read', async () => {
    const { x, y } = await data(32, 'async-ft');
    backend.resetCounts();
    const model = mlp(5);
    const dir = await mkdtemp(join(tmpdir(), 'tl-async-'));
    const ck = new ModelCheckpoint({ path: join(dir, 'best.safetensors'), monitor: 'loss', mode: 'min' });
    const es = new EarlyStopping({ monitor: 'loss', patience: 5, restoreBestWeights: true });
    const t = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, callbacks: [ck, es] });
    await t.fit({ train: new ToyLoader(x, y, 8), epochs: 3 });
    const target = mlp(6);
    expect((await loadCheckpoint(join(dir, 'best.safetensors'), { model: target })).epoch).toBeGreaterThan(0);

    manualSeed(1);
    const k = keras.Sequential([keras.layers.Dense(8, { activation: 'relu', inputShape: [4] }), keras.layers.Dense(3, { activation: 'softmax' })]);
    k.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const h = await k.fit(x, y, { epochs: 2, batchSize: 8, validationSplit: 0.25, verbose: 0 });
    expect(h.history.valAccuracy.length).toBe(2);
    const probs = k.predict(randn([2, 4]));
    const rows = await probs.array() as number[][];
    rows.forEach((r) => expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5));
    expect((await k.evaluate(x, y)).loss).toBeGreaterThan(0);
    expect(backend.blockingCalls).toEqual([]);
    [probs, x, y].forEach((v) => v.dispose());
    [model, target, k].forEach((m) => m.dispose());
  });
});
