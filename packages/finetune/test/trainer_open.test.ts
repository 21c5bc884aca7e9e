/**
 * The open Trainer: overridable computeLoss / trainStep / evalStep / predictStep, record
 * batches ({ x, mask, y }) through an override or the computeLoss option, log intervals
 * (events of an interval arrive together after its read, epoch values unchanged), schedulers
 * that declare `stepsOnMetric`, `on()` as callbacks, `model.train()` once per epoch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Tensor, TensorloomError, tidy } from '@tensorloom/core';
import { ReduceLROnPlateau, SGD, StepLR, clipGradNorm, crossEntropy } from '@tensorloom/nn';
import { ProgressBar, Trainer, type Batch, type BatchEndEvent, type LossOutput, type SchedulerLike, type StepOutput } from '../src/index.js';
import { ToyLoader, mlp, toyData, useCpu } from './helpers/setup.js';

beforeAll(useCpu);
const ce = (out: Tensor, y: Tensor): Tensor => crossEntropy(out, y);
type Masked = { x: Tensor; mask: Tensor; y: Tensor };

/** The toy batches as records, with an all-ones mask (so the loss equals the [x, y] loss). */
function records(loader: ToyLoader): Iterable<Masked> & { length: number } {
  return {
    length: loader.length,
    *[Symbol.iterator]() {
      for (const [x, y] of loader) {
        const mask = tidy(() => x.mul(0).add(1));
        try { yield { x, mask, y }; } finally { mask.dispose(); }
      }
    },
  };
}

describe('the open Trainer', () => {
  it('logEvery groups the events after one read each and leaves every number unchanged', async () => {
    const { x, y } = toyData(56);
    const histories = [];
    for (const logEvery of [1, 3, 100]) {
      const model = mlp(3);
      let stepsRun = 0;
      class Counting extends Trainer {
        protected override trainStep(batch: Batch): StepOutput | Promise<StepOutput> { stepsRun++; return super.trainStep(batch); }
      }
      const seen: Array<[number, number]> = [];
      const t = new Counting({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, metrics: ['accuracy'], logEvery });
      t.on('batchEnd', (e: BatchEndEvent) => { seen.push([e.step, stepsRun]); });
      histories.push((await t.fit({ train: new ToyLoader(x, y, 8), val: [[x, y]], epochs: 2 })).history);
      const first = seen.slice(0, 7); // 7 steps per epoch
      if (logEvery === 1) expect(first).toEqual([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 7]]);
      if (logEvery === 3) expect(first).toEqual([[0, 3], [1, 3], [2, 3], [3, 6], [4, 6], [5, 6], [6, 7]]);
      if (logEvery === 100) expect(first).toEqual([[0, 7], [1, 7], [2, 7], [3, 7], [4, 7], [5, 7], [6, 7]]);
    }
    const numbers = histories.map(({ seconds: _s, ...h }) => h);
    expect(numbers[1]).toEqual(numbers[0]);
    expect(numbers[2]).toEqual(numbers[0]);
    expect(() => new Trainer({ model: mlp(1), optimizer: new SGD(mlp(1).parameters(), { lr: 0.1 }), loss: ce, logEvery: 0 })).toThrow(/logEvery/);
  });

  it('the ProgressBar draws the last step of each read when its throttle skipped some', async () => {
    const { x, y } = toyData(56);
    const model = mlp(3);
    const chunks: string[] = [];
    const stream = { isTTY: true, write: (c: string) => { chunks.push(c); return true; } };
    const t = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, logEvery: 3, callbacks: [new ProgressBar({ stream, updateEveryMs: 1e9 })] });
    await t.fit({ train: new ToyLoader(x, y, 8), epochs: 1 });
    const drawn = chunks.filter((c) => c.startsWith('\r') && !c.includes('\n')).map((c) => /· (\d)\/7 /.exec(c)?.[1]);
    expect(drawn).toEqual(['1', '3', '6', '7']); // the first step, the end of each read of 3 steps, the epoch's last step
  });

  it('record batches via a computeLoss override, or the computeLoss option, train like [x, y] batches', async () => {
    const { x, y } = toyData(32);
    const plain = mlp(4);
    const hPlain = await new Trainer({ model: plain, optimizer: new SGD(plain.parameters(), { lr: 0.1 }), loss: ce, metrics: ['accuracy'] })
      .fit({ train: new ToyLoader(x, y, 8), epochs: 2 });

    class MaskedTrainer extends Trainer<Masked> {
      protected override computeLoss({ x: input, mask, y: labels }: Masked): LossOutput {
        const output = this.model.forward(input.mul(mask));
        return { loss: ce(output, labels), output, target: labels };
      }
      protected override predictStep(b: Tensor | Masked): Tensor { return this.model.forward(b instanceof Tensor ? b : b.x.mul(b.mask)); }
    }
    const m1 = mlp(4);
    const t1 = new MaskedTrainer({ model: m1, optimizer: new SGD(m1.parameters(), { lr: 0.1 }), metrics: ['accuracy'] });
    const h1 = await t1.fit({ train: records(new ToyLoader(x, y, 8)), epochs: 2 });
    expect(h1.history.loss).toEqual(hPlain.history.loss);
    expect(h1.history.accuracy).toEqual(hPlain.history.accuracy);
    const ev = await t1.evaluate(records(new ToyLoader(x, y, 8)));
    expect(ev.accuracy).toBeGreaterThan(0);
    const out = await t1.predict(records(new ToyLoader(x, y, 8)));
    expect(out.shape).toEqual([32, 3]);
    out.dispose();

    const m2 = mlp(4);
    const t2 = new Trainer<Masked>({
      model: m2, optimizer: new SGD(m2.parameters(), { lr: 0.1 }), metrics: ['accuracy'],
      computeLoss: ({ x: input, mask, y: labels }) => { const output = m2.forward(input.mul(mask)); return { loss: ce(output, labels), output, target: labels }; },
    });
    expect((await t2.fit({ train: records(new ToyLoader(x, y, 8)), epochs: 2 })).history.loss).toEqual(hPlain.history.loss);
    const noLoss = new Trainer<Masked>({ model: m2, optimizer: new SGD(m2.parameters(), { lr: 0.1 }), loss: ce });
    await expect(noLoss.fit({ train: records(new ToyLoader(x, y, 8)), epochs: 1 })).rejects.toThrow(/computeLoss/);
    expect(() => new Trainer({ model: m2, optimizer: new SGD(m2.parameters(), { lr: 0.1 }) })).toThrow(/needs a loss/);
    await expect(t2.fit({ train: [{ x, y: 3 }] as never, epochs: 1 })).rejects.toThrow(/record batch must hold tensors/);
  });

  it('trainStep and evalStep overrides replace the steps (gradient clipping, a custom eval metric)', async () => {
    const { x, y } = toyData(32);
    const norms: Tensor[] = [];
    class Clipped extends Trainer {
      protected override trainStep([input, labels]: Batch): StepOutput {
        this.optimizer.zeroGrad();
        const loss = tidy(() => ce(this.model.forward(input), labels));
        loss.backward();
        norms.push(clipGradNorm(this.model.parameters(), 0.01));
        this.optimizer.step();
        return { loss };
      }
      protected override evalStep([input, labels]: Batch): StepOutput {
        const out = this.model.forward(input);
        return { loss: ce(out, labels), metrics: { top1: out.argmax(-1).equal(labels).cast('float32').mean(), constant: 2 } };
      }
    }
    const model = mlp(5);
    const t = new Clipped({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: ce, metrics: ['accuracy'] });
    const h = await t.fit({ train: new ToyLoader(x, y, 8), val: [[x, y]], epochs: 1 });
    expect(norms.length).toBe(4);
    expect(h.history.valConstant).toEqual([2]);
    expect(h.history.accuracy).toBeUndefined(); // the override returned no metrics
    const plainEval = await new Trainer({ model, optimizer: t.optimizer, loss: ce, metrics: ['accuracy'] }).evaluate([[x, y]]);
    expect(h.history.valTop1[0]).toBeCloseTo(plainEval.accuracy, 6);
    norms.forEach((n) => n.dispose());
  });

  it('schedulers say whether they step on a metric; on() adds callbacks; train() once per epoch', async () => {
    const { x, y } = toyData(32);
    const model = mlp(6);
    const opt = new SGD(model.parameters(), { lr: 0.1 });
    expect(new ReduceLROnPlateau(opt).stepsOnMetric).toBe(true);
    expect(new StepLR(opt, { stepSize: 1 }).stepsOnMetric).toBe(false);
    const got: Array<number | undefined> = [];
    const custom: SchedulerLike = { stepsOnMetric: true, step: (v) => { got.push(v); }, stateDict: () => ({}), loadStateDict: () => {} };
    const t = new Trainer({ model, optimizer: opt, loss: ce, scheduler: custom, schedulerInterval: 'step', schedulerMonitor: 'loss' });
    let trainCalls = 0;
    const original = model.train.bind(model);
    model.train = (mode?: boolean) => { trainCalls++; return original(mode); };
    const before = t.callbacks.length;
    const off = t.on('epochEnd', () => {});
    expect(t.callbacks.length).toBe(before + 1);
    const h = await t.fit({ train: new ToyLoader(x, y, 8), epochs: 3 });
    expect(got).toEqual(h.history.loss); // once per epoch, with the metric, even with schedulerInterval 'step'
    expect(trainCalls).toBe(3); // 12 steps, 3 epochs
    off();
    expect(t.callbacks.length).toBe(before);
    expect(() => t.on('nope' as 'batchEnd', () => {})).toThrow(TensorloomError);
    const bad = new Trainer({ model, optimizer: opt, loss: ce, scheduler: custom, schedulerMonitor: 'valLoss' });
    await expect(bad.fit({ train: new ToyLoader(x, y, 8), epochs: 1 })).rejects.toThrow(/steps on 'valLoss'/);
  });
});
