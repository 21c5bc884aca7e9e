/**
 * Trainer: fit / evaluate / predict on a small MLP, flat memory across epochs, events and
 * callback order, stopping (callback and AbortSignal), batch ownership with the DataLoader,
 * and schedulers stepped per epoch, per step and on a plateau.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { memory, TensorloomError, type Tensor } from '@tensorloom/core';
import { Adam, SGD, StepLR, OneCycleLR, ReduceLROnPlateau, crossEntropy } from '@tensorloom/nn';
import { DataLoader, TensorDataset } from '@tensorloom/data';
import { Trainer, LRLogger, type Batch, type BatchEndEvent, type EpochEndEvent, type Callback } from '../src/index.js';
import { ToyLoader, mlp, toyData, useCpu } from './helpers/setup.js';

beforeAll(useCpu);

const ce = (out: Tensor, y: Tensor): Tensor => crossEntropy(out, y);

describe('Trainer', () => {
  it('fits, lowers the loss, reports metrics and keeps memory flat across epochs', async () => {
    const { x, y } = toyData(96);
    const model = mlp(3);
    const trainer = new Trainer({ model, optimizer: new Adam(model.parameters(), { lr: 0.05 }), loss: ce, metrics: ['accuracy'] });
    const train = new ToyLoader(x, y, 16);
    const counts: number[] = [];
    trainer.on('epochEnd', () => { counts.push(memory().numTensors); });
    const history = await trainer.fit({ train, val: [[x, y]], epochs: 6 });
    expect(history.epoch).toEqual([0, 1, 2, 3, 4, 5]);
    expect(history.history.loss.length).toBe(6);
    expect(history.history.loss[5]).toBeLessThan(history.history.loss[0]);
    expect(history.history.valAccuracy[5]).toBeGreaterThan(0.7);
    expect(new Set(counts.slice(1)).size).toBe(1);
    const ev = await trainer.evaluate([[x, y]]);
    expect(ev.loss).toBeCloseTo(history.history.valLoss[5], 6);
    expect(ev.accuracy).toBe(history.history.valAccuracy[5]);
    const before = memory().numTensors;
    await trainer.fit({ train, epochs: 2 });
    expect(memory().numTensors).toBe(before);
    await trainer.evaluate([[x, y]]);
    expect(memory().numTensors).toBe(before);
    const out = await trainer.predict(x);
    expect(out.shape).toEqual([96, 3]);
    out.dispose();
    const out2 = await trainer.predict(train);
    expect(out2.shape).toEqual([96, 3]);
    out2.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('evaluate is the sample-weighted mean over batches', async () => {
    const { x, y } = toyData(10);
    const model = mlp(4);
    const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, metrics: ['accuracy'] });
    const whole = await trainer.evaluate([[x, y]]);
    const parts: Batch[] = [[x.slice([0, 0], [3, 4]), y.slice([0], [3])], [x.slice([3, 0], [7, 4]), y.slice([3], [7])]];
    const split = await trainer.evaluate(parts);
    expect(split.loss).toBeCloseTo(whole.loss, 6);
    expect(split.accuracy).toBeCloseTo(whole.accuracy, 12);
  });

  it('emits events and calls callbacks in order; async callbacks are awaited', async () => {
    const { x, y } = toyData(32);
    const model = mlp(5);
    const log: string[] = [];
    const cb: Callback = {
      onTrainBegin: () => { log.push('trainBegin'); },
      onEpochBegin: (e) => { log.push(`epochBegin ${e}`); },
      onBatchEnd: async (e) => { await new Promise((r) => setTimeout(r, 1)); log.push(`batch ${e.epoch}.${e.step}`); },
      onEpochEnd: (e) => { log.push(`epochEnd ${e.epoch}`); },
      onTrainEnd: (e) => { log.push(`trainEnd ${e.epochs}`); },
    };
    const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, callbacks: [cb] });
    const batches: BatchEndEvent[] = [];
    const epochs: EpochEndEvent[] = [];
    trainer.on('batchEnd', (e) => batches.push(e));
    const off = trainer.on('epochEnd', (e) => epochs.push(e));
    await trainer.fit({ train: new ToyLoader(x, y, 16), val: [[x, y]], epochs: 2 });
    expect(log).toEqual(['trainBegin', 'epochBegin 0', 'batch 0.0', 'batch 0.1', 'epochEnd 0', 'epochBegin 1', 'batch 1.0', 'batch 1.1', 'epochEnd 1', 'trainEnd 2']);
    expect(batches[0]).toMatchObject({ epoch: 0, step: 0, stepsPerEpoch: 2, lr: 0.1, batchSize: 16 });
    expect(batches[0].samplesPerSecond).toBeGreaterThan(0);
    expect(epochs[1].valLoss).toBeTypeOf('number');
    expect(epochs[1].seconds).toBeGreaterThan(0);
    off();
    await trainer.fit({ train: new ToyLoader(x, y, 16), epochs: 1 });
    expect(epochs.length).toBe(2);
  });

  it('stops when a callback sets stopTraining or the signal aborts', async () => {
    const { x, y } = toyData(32);
    const model = mlp(6);
    const trainer = new Trainer({
      model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce,
      callbacks: [{ onEpochEnd: (e, t) => { if (e.epoch === 1) t.stopTraining = true; } }],
    });
    const h = await trainer.fit({ train: new ToyLoader(x, y, 8), epochs: 10 });
    expect(h.epoch).toEqual([0, 1]);
    const controller = new AbortController();
    const t2 = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce });
    let steps = 0;
    t2.on('batchEnd', () => { if (++steps === 3) controller.abort(); });
    let end = { epochs: -1, stopped: false };
    t2.on('trainEnd', (e) => { end = e; });
    const h2 = await t2.fit({ train: new ToyLoader(x, y, 8), epochs: 10, signal: controller.signal });
    expect(steps).toBe(3);
    expect(h2.epoch).toEqual([]);
    expect(end).toEqual({ epochs: 0, stopped: true });
  });

  it('disposes DataLoader batches it was handed, and leaves autoDispose loaders alone', async () => {
    const { x, y } = toyData(40);
    const model = mlp(7);
    const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce });
    const ds = new TensorDataset(x, y);
    await trainer.fit({ train: new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 1 }), epochs: 1 });
    const before = memory().numTensors;
    await trainer.fit({ train: new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 1 }), epochs: 2 });
    expect(memory().numTensors).toBe(before);
    await trainer.fit({ train: new DataLoader(ds, { batchSize: 8, shuffle: true, seed: 1, autoDispose: true }), epochs: 2 });
    expect(memory().numTensors).toBe(before);
    // An array of batches is re-used every epoch and never disposed.
    const h = await trainer.fit({ train: [[x, y]], epochs: 2 });
    expect(h.epoch.length).toBe(2);
    expect(x.isDisposed).toBe(false);
  });

  it('accepts async iterables', async () => {
    const { x, y } = toyData(16);
    const model = mlp(8);
    const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce });
    const source = { async *[Symbol.asyncIterator](): AsyncGenerator<Batch> { yield [x, y]; } };
    const h = await trainer.fit({ train: source, epochs: 2 });
    expect(h.history.loss[1]).toBeLessThan(h.history.loss[0]);
  });

  it('steps schedulers per epoch, per step and on a plateau; LRLogger records them', async () => {
    const { x, y } = toyData(32);
    const model = mlp(9);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    const lrs = new LRLogger({ perStep: true });
    const t = new Trainer({ model, optimizer: opt, loss: ce, scheduler: new StepLR(opt, { stepSize: 1, gamma: 0.5 }), callbacks: [lrs] });
    const h = await t.fit({ train: new ToyLoader(x, y, 16), epochs: 3 });
    expect(lrs.epochs).toEqual([0.1, 0.05, 0.025]);
    expect(h.history.lr).toEqual([0.1, 0.05, 0.025]);
    expect(lrs.steps).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025]);

    const opt2 = new SGD(model.parameters(), { lr: 0.1 });
    const steps: number[] = [];
    const t2 = new Trainer({ model, optimizer: opt2, loss: ce, scheduler: new OneCycleLR(opt2, { maxLr: 0.1, totalSteps: 4 }), schedulerInterval: 'step' });
    t2.on('batchEnd', (e) => steps.push(e.lr));
    await t2.fit({ train: new ToyLoader(x, y, 16), epochs: 2 });
    expect(new Set(steps).size).toBe(4);

    const opt3 = new SGD(model.parameters(), { lr: 0.1 });
    // mode 'max' on a falling loss: after the first epoch never an improvement, so the lr halves.
    const t3 = new Trainer({ model, optimizer: opt3, loss: ce, scheduler: new ReduceLROnPlateau(opt3, { mode: 'max', patience: 0, factor: 0.5 }), schedulerMonitor: 'loss' });
    const h3 = await t3.fit({ train: new ToyLoader(x, y, 16), epochs: 3 });
    expect(h3.history.lr).toEqual([0.1, 0.1, 0.05]);
  });

  it('rejects bad input with TensorloomErrors', async () => {
    const { x, y } = toyData(8);
    const model = mlp(10);
    const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: (o) => o });
    await expect(trainer.fit({ train: [[x, y]], epochs: 1 })).rejects.toThrow(/scalar/);
    const ok = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce });
    await expect(ok.fit({ train: [[x]] as unknown as Batch[], epochs: 1 })).rejects.toThrow(TensorloomError);
    await expect(ok.fit({ train: [[x, y]], epochs: 1, initialEpoch: 2 })).rejects.toThrow(/epochs/);
    expect(() => new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, metrics: ['f2' as 'accuracy'] })).toThrow(/unknown metric/);
  });
});
