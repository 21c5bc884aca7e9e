import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { keep, manualSeed, memory, randn, randint, softmaxCrossEntropy, tensor } from '@tensorloom/core';
import { Linear, ReLU, Sequential, SGD } from '@tensorloom/nn';
import { DataLoader, TensorDataset } from '@tensorloom/data';
import { Trainer, cacheFeatures, freeze, type BatchSource } from '../src/index.js';
import { useCpu } from './helpers/setup.js';
import { maxAbsDiff } from './helpers/lenet.js';

beforeAll(useCpu);

function parts(): { backbone: Sequential; head: Linear } {
  manualSeed(21);
  const backbone = new Sequential(new Linear(6, 16), new ReLU(), new Linear(16, 8), new ReLU());
  const head = new Linear(8, 3);
  return { backbone, head };
}

const fitHead = async (model: Sequential | Linear, loader: BatchSource): Promise<void> => {
  const params = model.parameters().filter((p) => p.requiresGrad);
  const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
  await new Trainer({ model, optimizer: opt, loss: (o, y) => softmaxCrossEntropy(o, y) }).fit({ train: loader, epochs: 3 });
  opt.dispose();
};

describe('cacheFeatures', () => {
  for (const where of ['memory', 'disk'] as const) {
    it(`a head trained on cached features (${where}) equals the head trained through the frozen backbone within 1e-6`, async () => {
      manualSeed(4);
      const x = keep(randn([100, 6]));
      const y = keep(randint(0, 3, [100]));
      const data = new TensorDataset(x, y);

      const a = parts();
      const full = new Sequential({ backbone: a.backbone, head: a.head });
      freeze(full, 'backbone');
      await fitHead(full, new DataLoader(data, { batchSize: 16, shuffle: true, seed: 3, autoDispose: true }));

      const b = parts();
      const start = memory().numTensors;
      const dir = join(tmpdir(), `tl-cache-${process.pid}`);
      const cached = await cacheFeatures(b.backbone, new DataLoader(data, { batchSize: 32, autoDispose: true }), where === 'disk' ? { dir } : {});
      expect(cached.length).toBe(100);
      expect(cached.featureShape).toEqual([8]);
      if (where === 'disk') expect(existsSync(cached.path!)).toBe(true);
      else expect(cached.path).toBeNull();
      expect(memory().numTensors).toBe(start);
      await fitHead(b.head, new DataLoader(cached, { batchSize: 16, shuffle: true, seed: 3, autoDispose: true }));

      const wa = a.head.weight.value.dataSync(), wb = b.head.weight.value.dataSync();
      expect(maxAbsDiff(wa, wb)).toBeLessThan(1e-6);
      expect(maxAbsDiff(a.head.bias!.value.dataSync(), b.head.bias!.value.dataSync())).toBeLessThan(1e-6);
      expect(maxAbsDiff(wa, parts().head.weight.value.dataSync())).toBeGreaterThan(1e-3); // it did train

      const [f, t] = cached.get(7);
      const direct = b.backbone.forward(x.gather(tensor([7], { dtype: 'int32' }))).reshape([8]);
      expect(maxAbsDiff(f.dataSync(), direct.dataSync())).toBeLessThan(1e-6);
      expect(t.itemSync()).toBe(y.dataSync()[7]);
      f.dispose(); t.dispose(); direct.dispose();
      cached.dispose();
      if (where === 'disk') expect(existsSync(cached.path!)).toBe(false);
      expect(() => cached.getBatch([0])).toThrow(/disposed/);
      full.dispose(); b.backbone.dispose(); b.head.dispose(); x.dispose(); y.dispose();
    });
  }

  it('rejects out-of-range rows and empty sources', async () => {
    const { backbone } = parts();
    await expect(cacheFeatures(backbone, [])).rejects.toThrow(/cacheFeatures: the source yielded no batches/);
    manualSeed(1);
    const cached = await cacheFeatures(backbone, [[randn([4, 6]), randint(0, 3, [4])]]);
    expect(() => cached.getBatch([4])).toThrow(/index 4 is out of range for 4 cached rows/);
    cached.dispose();
    backbone.dispose();
  });
});
