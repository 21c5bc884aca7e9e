/**
 * Checkpoints: resuming from epoch 1 reproduces an uninterrupted run's losses bitwise (model,
 * Adam state, StepLR state, loader order, dropout seed); corrupt and truncated files are clear
 * TensorloomErrors that change nothing and leave the previous good file in place; mismatched
 * models are rejected with every offending key named.
 */
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TensorloomError, manualSeed, memory, type Tensor } from '@tensorloom/core';
import { Adam, Dropout, Linear, ReLU, SGD, Sequential, StepLR, ReduceLROnPlateau, crossEntropy } from '@tensorloom/nn';
import { DataLoader, TensorDataset } from '@tensorloom/data';
import { Trainer, ModelCheckpoint, tensorsToSafetensors, checkpointFromBytes, checkpointToBytes, saveCheckpoint, loadCheckpoint } from '../src/index.js';
import { mlp, toyData, useCpu } from './helpers/setup.js';

beforeAll(useCpu);

const ce = (out: Tensor, y: Tensor): Tensor => crossEntropy(out, y);

function setup(initSeed: number): { model: Sequential; opt: Adam; sched: StepLR; trainer: Trainer } {
  manualSeed(initSeed);
  const model = new Sequential(new Linear(4, 16), new ReLU(), new Dropout(0.2), new Linear(16, 3));
  const opt = new Adam(model.parameters(), { lr: 0.02 });
  const sched = new StepLR(opt, { stepSize: 1, gamma: 0.7 });
  return { model, opt, sched, trainer: new Trainer({ model, optimizer: opt, loss: ce, scheduler: sched, metrics: ['accuracy'] }) };
}

async function weights(m: Sequential): Promise<number[]> {
  const out: number[] = [];
  for (const t of Object.values(m.stateDict())) out.push(...(await t.data()));
  return out;
}

describe('checkpoints', () => {
  it('resuming after epoch 1 reproduces the uninterrupted run bitwise', async () => {
    const { x, y } = toyData(60);
    const loader = (): DataLoader<[Tensor, Tensor]> => new DataLoader(new TensorDataset(x, y), { batchSize: 8, shuffle: true, seed: 11 });
    const dir = await mkdtemp(join(tmpdir(), 'tl-resume-'));

    const a = setup(1);
    const lossesA: number[] = [];
    a.trainer.on('batchEnd', (e) => lossesA.push(e.loss));
    await a.trainer.fit({ train: loader(), epochs: 3, seed: 5 });

    const b = setup(1);
    const path = join(dir, 'ckpt.safetensors');
    const b1 = new Trainer({ model: b.model, optimizer: b.opt, loss: ce, scheduler: b.sched, callbacks: [new ModelCheckpoint({ path, monitor: 'loss' })] });
    await b1.fit({ train: loader(), epochs: 1, seed: 5 });

    const c = setup(99); // different init: everything must come from the file
    const { epoch, extra } = await loadCheckpoint(path, { model: c.model, optimizer: c.opt, scheduler: c.sched });
    expect(epoch).toBe(1);
    expect(extra.monitor).toBe('loss');
    const lossesC: number[] = [];
    c.trainer.on('batchEnd', (e) => lossesC.push(e.loss));
    await c.trainer.fit({ train: loader(), epochs: 3, initialEpoch: epoch, seed: 5 });

    const perEpoch = lossesA.length / 3;
    expect(lossesC.length).toBe(2 * perEpoch);
    expect(lossesC).toEqual(lossesA.slice(perEpoch)); // bitwise: toEqual on numbers is Object.is
    expect(await weights(c.model)).toEqual(await weights(a.model));
    expect(c.opt.paramGroups[0].lr).toBe(a.opt.paramGroups[0].lr);
  });

  it('round-trips through bytes, including non-finite scheduler state, without leaking', async () => {
    const model = mlp(2);
    const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const sched = new ReduceLROnPlateau(opt, { patience: 2 });
    const before = memory().numTensors;
    const bytes = await checkpointToBytes({ model, optimizer: opt, scheduler: sched, epoch: 4, extra: { classes: ['a', 'b'] } });
    expect(memory().numTensors).toBe(before);
    const m2 = mlp(3);
    const opt2 = new SGD(m2.parameters(), { lr: 0.5, momentum: 0.9 });
    const sched2 = new ReduceLROnPlateau(opt2, { patience: 2 });
    sched2.best = 3;
    const res = checkpointFromBytes(bytes, { model: m2, optimizer: opt2, scheduler: sched2 });
    expect(res).toEqual({ epoch: 4, extra: { classes: ['a', 'b'] } });
    expect(sched2.best).toBe(Infinity);
    expect(opt2.paramGroups[0].lr).toBe(0.1);
    expect(await weights(m2)).toEqual(await weights(model));
    expect(memory().numTensors).toBe(before + 4); // m2's parameters replaced one for one: no growth beyond the model itself
  });

  it('a truncated or corrupted file is a clear error, changes nothing, and the previous good checkpoint survives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tl-corrupt-'));
    const path = join(dir, 'best.safetensors');
    const model = mlp(4);
    const opt = new Adam(model.parameters());
    await saveCheckpoint(path, { model, optimizer: opt, epoch: 1 });
    const good = new Uint8Array(await readFile(path));

    // A failed save (the writer throws midway) leaves the good file in place.
    await expect(saveCheckpoint(path, { model, epoch: -1 })).rejects.toThrow(TensorloomError);
    expect(new Uint8Array(await readFile(path))).toEqual(good);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const target = mlp(5);
    const snapshot = await weights(target);
    const bad = join(dir, 'bad.safetensors');
    for (const bytes of [good.subarray(0, good.length - 7), good.subarray(0, 20), (() => { const c = good.slice(); c[12] ^= 0xff; return c; })()]) {
      await writeFile(bad, bytes);
      const err = await loadCheckpoint(bad, { model: target, optimizer: new Adam(target.parameters()) }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TensorloomError);
      expect((err as Error).message).toMatch(/loadCheckpoint: .*bad\.safetensors.*(truncated|corrupt|unreadable|JSON)/);
    }
    expect(await weights(target)).toEqual(snapshot);
    const ok = await loadCheckpoint(path, { model: target });
    expect(ok.epoch).toBe(1);
    expect(await weights(target)).toEqual(await weights(model));
  });

  it('rejects checkpoints that do not fit the model, optimizer or scheduler', async () => {
    const bytes = await checkpointToBytes({ model: mlp(1), epoch: 0 });
    manualSeed(0);
    const wider = new Sequential(new Linear(4, 9), new ReLU(), new Linear(9, 3));
    expect(() => checkpointFromBytes(bytes, { model: wider })).toThrow(/0\.weight: checkpoint float32 \[8,4\] vs model float32 \[9,4\]/);
    const deeper = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3), new Linear(3, 3));
    expect(() => checkpointFromBytes(bytes, { model: deeper })).toThrow(/missing from the checkpoint: 3\.weight, 3\.bias/);
    const m = mlp(2);
    expect(() => checkpointFromBytes(bytes, { model: m, optimizer: new SGD(m.parameters(), { lr: 1 }) })).toThrow(/no optimizer state/);
    const withAdam = await checkpointToBytes({ model: m, optimizer: new Adam(m.parameters()), epoch: 0 });
    expect(() => checkpointFromBytes(withAdam, { model: m, optimizer: new SGD(m.parameters(), { lr: 1 }) })).toThrow(/Adam state but the optimizer is SGD/);
    const plain = await tensorsToSafetensors(m.stateDict());
    expect(() => checkpointFromBytes(plain, { model: m })).toThrow(/not a Tensorloom checkpoint/);
  });
});
