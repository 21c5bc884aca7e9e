/**
 * nn on an asynchronous backend (core's read-counting test backend: the CPU kernels behind
 * opaque storage, no `readSync`): every layer's forward and backward, every init, every
 * optimizer step and the metrics run without one synchronous read. Oracles: the PyTorch
 * goldens for the layers they cover, and the same computation on the synchronous CPU backend
 * (bitwise: the kernels are the same) for the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualSeed, memory, mul, randn, registerBackend, removeBackend, setBackend, tensor, tidy, type Tensor } from '@tensorloom/core';
import { CpuBackend, registerCpuBackend } from '@tensorloom/backend-cpu';
import * as nn from '../src/index.js';
import { AsyncTestBackend } from '../../core/test/helpers/async_backend.js';
import { expectClose, fromFixture, loadFixture } from './helpers/fixtures.js';
import { buildCase, made, type LayerCase } from './helpers/cases.js';

const { cases } = loadFixture<{ cases: LayerCase[] }>('nn_layers.json');
const backend = new AsyncTestBackend('async-nn', new CpuBackend());

beforeAll(async () => {
  registerCpuBackend();
  registerBackend('async-nn', () => backend, 100);
  await setBackend('async-nn');
});
afterAll(() => removeBackend('async-nn'));

async function host(t: Tensor): Promise<number[]> { return Array.from(await t.data()); }

/** Runs `fn` on the async backend and asserts it made no synchronous read. */
async function onAsync<T>(fn: () => Promise<T>): Promise<T> {
  await setBackend('async-nn');
  backend.resetCounts();
  const out = await fn();
  expect(backend.blockingCalls, 'synchronous reads on the async backend').toEqual([]);
  return out;
}

describe('nn on an asynchronous backend (no readSync)', () => {
  it.each(cases.map((k) => [k.name, k] as const))('golden case %s: forward and backward match PyTorch', async (_name, k) => {
    await onAsync(async () => {
      const before = memory().numTensors;
      const { module, run } = buildCase(k);
      if (module) {
        const state = Object.fromEntries(Object.entries(k.state).map(([n, e]) => [n, fromFixture(e)]));
        module.loadStateDict(state);
        Object.values(state).forEach((t) => t.dispose());
        module.train(k.train);
      }
      const inputs: Record<string, Tensor> = {};
      for (const [n, e] of Object.entries(k.inputs)) {
        const t = fromFixture(e);
        if (k.grads[n]) t.requiresGrad_();
        inputs[n] = t;
      }
      const outs = run(module, inputs);
      for (const [i, o] of outs.entries()) {
        expect([...o.shape]).toEqual(k.outputs[i].shape);
        expectClose(await host(o), k.outputs[i], `${k.name} output ${i}`);
      }
      const total = tidy(() => outs.map((o, i) => mul(o, fromFixture(k.cotangents[i])).sum()).reduce((a, b) => a.add(b)));
      total.backward();
      for (const [n, g] of Object.entries(k.grads)) {
        const actual = n in inputs ? inputs[n].grad : module!.getParameter(n).grad;
        expect(actual, `gradient of ${n}`).not.toBeNull();
        expectClose(await host(actual!), g, `${k.name} d/d${n}`, 1e-5, 1e-5);
      }
      for (const [n, b] of Object.entries(k.buffersAfter ?? {})) expectClose(await host(module!.getBuffer(n)), b, `${k.name} buffer ${n}`);
      [total, ...outs, ...Object.values(inputs)].forEach((t) => t.dispose());
      module?.dispose();
      made.splice(0).forEach((t) => t.dispose());
      expect(memory().numTensors, 'no tensors leak').toBe(before);
    });
  });
});

/** A layer the goldens do not cover (or a construction path they skip): how to build and call it. */
interface Extra { name: string; build: () => nn.AnyModule; inputs: () => Tensor[]; train?: boolean }
const x4 = (): Tensor[] => [randn([3, 4])];
const EXTRAS: Extra[] = [
  { name: 'Identity', build: () => new nn.Identity(), inputs: x4 },
  { name: 'Dropout', build: () => new nn.Dropout(0.5), inputs: x4, train: true },
  { name: 'ELU', build: () => new nn.ELU(0.7), inputs: x4 },
  { name: 'Softplus', build: () => new nn.Softplus(), inputs: x4 },
  { name: 'BatchNorm1d', build: () => new nn.BatchNorm1d(4, { momentum: null }), inputs: x4, train: true },
  { name: 'BatchNorm2d', build: () => new nn.BatchNorm2d(2), inputs: () => [randn([2, 2, 3, 3])], train: true },
  { name: 'Embedding', build: () => new nn.Embedding(6, 3, { paddingIdx: 2 }), inputs: () => [tensor([[0, 2, 5], [2, 1, 1]], { dtype: 'int32' })] },
  { name: 'Sequential', build: () => new nn.Sequential(new nn.Linear(4, 5), new nn.GELU(), new nn.LayerNorm([5]), new nn.Linear(5, 2)), inputs: x4, train: true },
  { name: 'CrossEntropyLoss', build: () => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }), inputs: () => [randn([3, 4]), tensor([0, 3, 1], { dtype: 'int32' })] },
  { name: 'NLLLoss', build: () => new nn.NLLLoss(), inputs: () => [randn([3, 4]).logSoftmax(-1), tensor([2, 0, 1], { dtype: 'int32' })] },
  { name: 'BCEWithLogitsLoss', build: () => new nn.BCEWithLogitsLoss(), inputs: () => [randn([3, 4]), randn([3, 4]).sigmoid()] },
  { name: 'BCELoss', build: () => new nn.BCELoss(), inputs: () => [randn([3, 4]).sigmoid(), randn([3, 4]).sigmoid()] },
  { name: 'MSELoss', build: () => new nn.MSELoss(), inputs: () => [randn([3, 4]), randn([3, 4])] },
  { name: 'L1Loss', build: () => new nn.L1Loss(), inputs: () => [randn([3, 4]), randn([3, 4])] },
  { name: 'HuberLoss', build: () => new nn.HuberLoss({ delta: 0.5 }), inputs: () => [randn([3, 4]), randn([3, 4])] },
  { name: 'SmoothL1Loss', build: () => new nn.SmoothL1Loss(), inputs: () => [randn([3, 4]), randn([3, 4])] },
  { name: 'KLDivLoss', build: () => new nn.KLDivLoss({ reduction: 'batchmean' }), inputs: () => [randn([3, 4]).logSoftmax(-1), randn([3, 4]).softmax(-1)] },
];

/** Forward, backward of Σ out·cotangent, then every output, gradient and buffer on the host. */
async function probe(e: Extra): Promise<Record<string, number[]>> {
  manualSeed(11);
  const m = e.build();
  m.train(e.train ?? false);
  const inputs = tidy(() => e.inputs()).map((t) => (t.dtype === 'float32' ? t.requiresGrad_() : t));
  const raw = (m as unknown as { forward(...a: Tensor[]): Tensor | [Tensor, unknown] }).forward(...inputs);
  const out = Array.isArray(raw) ? raw[0] : raw;
  const total = tidy(() => out.mul(randn(out.shape)).sum());
  total.backward();
  const got: Record<string, number[]> = { out: await host(out) };
  for (const [i, t] of inputs.entries()) if (t.grad) got[`d input ${i}`] = await host(t.grad);
  for (const [n, p] of m.namedParameters()) got[`d ${n}`] = p.grad ? await host(p.grad) : [];
  for (const [n, b] of m.namedBuffers()) got[`buffer ${n}`] = await host(b);
  [total, out, ...inputs].forEach((t) => t.dispose());
  m.dispose();
  return got;
}

describe('every other layer on the async backend equals the synchronous CPU backend', () => {
  it.each(EXTRAS.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
    await setBackend('cpu');
    const expected = await probe(e);
    const before = memory().numTensors;
    const actual = await onAsync(() => probe(e));
    expect(actual).toEqual(expected);
    expect(memory().numTensors).toBe(before);
  });

  it('covers every layer class nn exports', () => {
    const covered = new Set([...cases.map((k) => ({ SoftmaxT: 'Softmax', SequentialMLP: 'Sequential' }[k.layer] ?? k.layer)), ...EXTRAS.map((e) => e.name), 'ModuleList', 'ModuleDict']);
    const layers = Object.entries(nn).filter(([, v]) => typeof v === 'function' && v.prototype instanceof nn.Module).map(([n]) => n);
    expect(layers.length).toBeGreaterThan(35);
    expect(layers.filter((n) => !covered.has(n))).toEqual([]);
  });
});

describe('init, optimizers, clipping and metrics on the async backend', () => {
  it('every init function runs without a read; orthogonal gives W Wᵀ = gain² I', async () => {
    await onAsync(async () => {
      for (const make of [
        () => nn.init.uniform([3, 4]), () => nn.init.normal([3, 4]), () => nn.init.constant([3, 4], 2), () => nn.init.xavierUniform([3, 4]),
        () => nn.init.xavierNormal([3, 4]), () => nn.init.kaimingUniform([3, 4]), () => nn.init.kaimingNormal([3, 4]),
      ]) make().dispose();
      const p = new nn.Parameter(randn([5, 3]));
      for (const f of [nn.init.uniform_, nn.init.normal_, nn.init.zeros_, nn.init.ones_, nn.init.xavierUniform_, nn.init.xavierNormal_,
        nn.init.kaimingUniform_, nn.init.kaimingNormal_, nn.init.orthogonal_]) f(p);
      p.dispose();
      for (const shape of [[6, 6], [3, 7], [8, 2]]) {
        const w = nn.init.orthogonal(shape, 1.5);
        const small = Math.min(shape[0], shape[1]);
        const g = tidy(() => (shape[0] <= shape[1] ? w.matmul(w.transpose()) : w.transpose().matmul(w)));
        const v = await host(g);
        for (let i = 0; i < small; i++) for (let j = 0; j < small; j++) expect(v[i * small + j]).toBeCloseTo(i === j ? 2.25 : 0, 5);
        [w, g].forEach((t) => t.dispose());
      }
    });
  });

  it('every optimizer step and gradient clipping equal the CPU backend bitwise', async () => {
    const run = async (): Promise<number[][]> => {
      const results: number[][] = [];
      const makers = [
        (ps: nn.Parameter[]) => new nn.SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }),
        (ps: nn.Parameter[]) => new nn.Adam(ps, { lr: 0.01, amsgrad: true }), (ps: nn.Parameter[]) => new nn.AdamW(ps, { lr: 0.01 }),
        (ps: nn.Parameter[]) => new nn.RMSprop(ps, { lr: 0.01, momentum: 0.5 }), (ps: nn.Parameter[]) => new nn.Adagrad(ps, { lr: 0.1 }),
      ];
      for (const make of makers) {
        manualSeed(3);
        const model = new nn.Sequential(new nn.Linear(4, 3), new nn.Tanh(), new nn.Linear(3, 2));
        const opt = make(model.parameters()) as unknown as nn.Optimizer;
        for (let step = 0; step < 3; step++) {
          opt.zeroGrad();
          const loss = tidy(() => nn.mseLoss(model.forward(randn([5, 4])), randn([5, 2])));
          loss.backward();
          loss.dispose();
          nn.clipGradNorm(model.parameters(), 0.5).dispose();
          nn.clipGradValue(model.parameters(), 0.05);
          opt.step();
        }
        for (const p of model.parameters()) results.push(await host(p.value));
        opt.dispose();
        model.dispose();
      }
      return results;
    };
    await setBackend('cpu');
    const expected = await run();
    expect(await onAsync(run)).toEqual(expected);
  });

  it('the host-side metrics read asynchronously', async () => {
    await onAsync(async () => {
      const logits = tensor([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1], [0.2, 0.3, 0.5]]);
      const target = tensor([1, 0, 1], { dtype: 'int32' });
      expect(await nn.accuracy(logits, target)).toBeCloseTo(2 / 3, 12);
      expect(await nn.topKAccuracy(logits, target, 2)).toBe(1);
      expect(await nn.confusionMatrix(logits, target, 3)).toEqual([[1, 0, 0], [0, 1, 1], [0, 0, 0]]);
      expect((await nn.precisionRecallF1(logits, target, 3)).micro.f1).toBeCloseTo(2 / 3, 12);
      expect(backend.reads).toBeGreaterThan(0);
      [logits, target].forEach((t) => t.dispose());
    });
  });
});
