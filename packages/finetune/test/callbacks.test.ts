/**
 * Callbacks: EarlyStopping (patience, minDelta, restoreBestWeights), ModelCheckpoint (best by
 * a metric, atomic files), History and ProgressBar output on a fake stream.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Tensor } from '@tensorloom/core';
import { SGD, crossEntropy } from '@tensorloom/nn';
import { Trainer, EarlyStopping, ModelCheckpoint, ProgressBar, loadCheckpoint, type Callback, type EpochEndEvent } from '../src/index.js';
import { ToyLoader, mlp, toyData, useCpu } from './helpers/setup.js';

beforeAll(useCpu);
const ce = (out: Tensor, y: Tensor): Tensor => crossEntropy(out, y);

/** Replaces each epoch's valLoss/valAccuracy with scripted values (to test the policies exactly). */
function scripted(valLoss: number[], valAcc: number[] = valLoss.map(() => 0)): Callback {
  return { onEpochEnd: (e: EpochEndEvent) => { e.valLoss = valLoss[e.epoch]; e.valMetrics = { accuracy: valAcc[e.epoch] }; } };
}

async function flat(m: ReturnType<typeof mlp>): Promise<number[]> {
  const out: number[] = [];
  for (const t of Object.values(m.stateDict())) out.push(...(await t.data()));
  return out;
}

describe('callbacks', () => {
  it('EarlyStopping waits `patience` epochs without a minDelta improvement, then restores the best weights', async () => {
    const { x, y } = toyData(32);
    const model = mlp(1);
    const snapshots: number[][] = [];
    const es = new EarlyStopping({ monitor: 'valLoss', mode: 'min', patience: 2, minDelta: 0.05, restoreBestWeights: true });
    const trainer = new Trainer({
      model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce,
      callbacks: [scripted([1.0, 0.8, 0.78, 0.9, 0.5, 0.4]), es, { onEpochEnd: async () => { snapshots.push(await flat(model)); } }],
    });
    const h = await trainer.fit({ train: new ToyLoader(x, y, 16), epochs: 6 });
    // 0.78 is not 0.05 better than 0.8; 0.9 neither: stop after epoch 3, best epoch 1.
    expect(h.epoch).toEqual([0, 1, 2, 3]);
    expect(es.bestEpoch).toBe(1);
    expect(es.stoppedEpoch).toBe(3);
    expect(await flat(model)).toEqual(snapshots[1]);
    expect(h.history.loss.length).toBe(4);

    const es0 = new EarlyStopping({ monitor: 'valAccuracy', patience: 0 });
    const t0 = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, callbacks: [scripted([1, 1, 1], [0.5, 0.6, 0.6]), es0] });
    expect((await t0.fit({ train: new ToyLoader(x, y, 16), epochs: 3 })).epoch).toEqual([0, 1, 2]);
    expect(es0.mode).toBe('max');
    const bad = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, callbacks: [new EarlyStopping({ monitor: 'valLoss' })] });
    await expect(bad.fit({ train: new ToyLoader(x, y, 16), epochs: 1 })).rejects.toThrow(/monitors 'valLoss', but the epoch produced only loss \(pass val data/);
  });

  it('ModelCheckpoint keeps the best epoch by valAccuracy, atomically', async () => {
    const { x, y } = toyData(32);
    const model = mlp(2);
    const dir = await mkdtemp(join(tmpdir(), 'tl-best-'));
    const path = join(dir, 'best.safetensors');
    const ck = new ModelCheckpoint({ path, monitor: 'valAccuracy', mode: 'max', saveBestOnly: true });
    const snapshots: number[][] = [];
    const trainer = new Trainer({
      model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce,
      callbacks: [scripted([1, 1, 1, 1], [0.5, 0.7, 0.6, 0.7]), ck, { onEpochEnd: async () => { snapshots.push(await flat(model)); } }],
    });
    await trainer.fit({ train: new ToyLoader(x, y, 16), epochs: 4 });
    expect(ck.lastSaved).toEqual({ path, epoch: 2 });
    expect(ck.best).toBe(0.7);
    const target = mlp(3);
    const { epoch, extra } = await loadCheckpoint(path, { model: target });
    expect(epoch).toBe(2);
    expect(extra).toEqual({ monitor: 'valAccuracy', value: 0.7 });
    expect(await flat(target)).toEqual(snapshots[1]);
    expect(await readdir(dir)).toEqual(['best.safetensors']);

    const every = new ModelCheckpoint({ path: join(dir, 'epoch-{epoch}.safetensors'), saveWeightsOnly: true });
    await new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, callbacks: [every] }).fit({ train: new ToyLoader(x, y, 16), epochs: 2 });
    expect((await readdir(dir)).sort()).toEqual(['best.safetensors', 'epoch-1.safetensors', 'epoch-2.safetensors']);
  });

  it('ProgressBar writes live steps, metrics, throughput and ETA, and one summary line per epoch', async () => {
    const { x, y } = toyData(48);
    const model = mlp(4);
    const chunks: string[] = [];
    const stream = { isTTY: true, write: (s: string) => { chunks.push(s); return true; } };
    const trainer = new Trainer({
      model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, metrics: ['accuracy'],
      callbacks: [new ProgressBar({ stream, updateEveryMs: 0 })],
    });
    await trainer.fit({ train: new ToyLoader(x, y, 16), val: [[x, y]], epochs: 2 });
    const live = chunks.filter((c) => c.startsWith('\r') && !c.includes('\n'));
    expect(live.length).toBe(6);
    expect(live[0]).toMatch(/^\rEpoch 1\/2 · 1\/3 \[=+>?\.+\] · loss \d\.\d{4} accuracy \d\.\d{4} · \d+ samples\/s · ETA \d+s/);
    const lines = chunks.join('').split('\n').map((l) => l.replace(/^[\s\S]*\r(\x1b\[K)?/, '')).filter(Boolean);
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatch(/^Epoch 1\/2 · 3 steps · \d+\.\ds · loss \d\.\d{4} accuracy \d\.\d{4} valLoss \d\.\d{4} valAccuracy \d\.\d{4} · \d+ samples\/s · lr 0\.1000$/);
    expect(lines[1]).toMatch(/^Epoch 2\/2 /);

    const plain: string[] = [];
    const t2 = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, callbacks: [new ProgressBar({ stream: { write: (s: string) => plain.push(s) } })] });
    await t2.fit({ train: new ToyLoader(x, y, 16), epochs: 2 });
    expect(plain.length).toBe(2); // not a TTY: summaries only
    expect(plain[1]).toMatch(/^Epoch 2\/2 · 3 steps · .*loss/);
  });
});
