/**
 * Round trips: Tensorloom models (core ops and nn layers) exported with exportOnnx run in
 * onnxruntime-node and onnxruntime-web (its WebAssembly build, in Node) with outputs within 1e-5 of Tensorloom's, at the traced batch size and at
 * another one (dynamicBatch); importOnnx(exportOnnx(f)) gives the same outputs and the same
 * gradients for every weight.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import {
  manualSeed, memory, randn, randint, setBackend, tidy, valueAndGrad, mul, sum, relu, softmax, type Tensor, tensor, TensorloomError,
  scatterAdd, zeros,
} from '@tensorloom/core';
import {
  Sequential, Linear, ReLU, Conv2d, MaxPool2d, AvgPool2d, Flatten, LSTM, GRU, MultiheadAttention, LayerNorm, BatchNorm2d,
  Embedding, GELU, Tanh, type Module,
} from '@tensorloom/nn';
import { exportOnnx, importOnnx } from '../src/index.js';
import { expectClose } from './helpers/compare.js';

beforeAll(() => { registerCpuBackend(); setBackend('cpu'); ortWeb.env.wasm.numThreads = 1; });

interface Case { name: string; build: () => { forward: (x: Tensor) => Tensor; weights: Record<string, Tensor>; input: (batch: number) => Tensor } }

function module(m: Module, f: (x: Tensor) => Tensor, input: (b: number) => Tensor): ReturnType<Case['build']> {
  return { forward: f, weights: m.stateDict(), input };
}

const cases: Case[] = [
  { name: 'MLP (Linear, ReLU, GELU, softmax)', build: () => {
    const m = new Sequential(new Linear(6, 8), new ReLU(), new Linear(8, 8), new GELU(), new Linear(8, 4));
    return module(m, (x) => softmax(m.forward(x), -1), (b) => randn([b, 6]));
  } },
  { name: 'CNN (Conv2d, BatchNorm2d eval, MaxPool2d, AvgPool2d, Flatten, Linear)', build: () => {
    const m = new Sequential(new Conv2d(2, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Conv2d(4, 4, 3, { stride: 1 }), new Tanh(), new AvgPool2d(2, { stride: 1 }), new Flatten(), new Linear(4, 3));
    // Non-trivial running statistics, then eval mode.
    m.train(); tidy(() => { m.forward(randn([5, 2, 8, 8])); }); m.eval();
    return module(m, (x) => m.forward(x), (b) => randn([b, 2, 8, 8]));
  } },
  { name: 'LSTM (2 layers, bidirectional, batchFirst) + Linear', build: () => {
    const lstm = new LSTM(5, 6, { numLayers: 2, bidirectional: true, batchFirst: true });
    const head = new Linear(12, 3);
    const weights = { ...prefixed('lstm', lstm.stateDict()), ...prefixed('head', head.stateDict()) };
    return { forward: (x) => head.forward(lstm.forward(x)[0]), weights, input: (b) => randn([b, 4, 5]) };
  } },
  { name: 'GRU (bidirectional) + Embedding', build: () => {
    const emb = new Embedding(10, 5);
    const gru = new GRU(5, 4, { bidirectional: true, batchFirst: true });
    const weights = { ...prefixed('emb', emb.stateDict()), ...prefixed('gru', gru.stateDict()) };
    return { forward: (x) => gru.forward(emb.forward(x))[1], weights, input: (b) => randint(0, 10, [b, 3]) };
  } },
  { name: 'MultiheadAttention + LayerNorm (a transformer block)', build: () => {
    const mha = new MultiheadAttention(8, 2, { batchFirst: true });
    const ln = new LayerNorm(8);
    const ff = new Linear(8, 8);
    const weights = { ...prefixed('attn', mha.stateDict()), ...prefixed('ln', ln.stateDict()), ...prefixed('ff', ff.stateDict()) };
    return { forward: (x) => { const a = mha.forward(x, x, x)[0]; const h = ln.forward(x.add(a)); return h.add(relu(ff.forward(h))); }, weights, input: (b) => randn([b, 5, 8]) };
  } },
];

function prefixed(p: string, sd: Record<string, Tensor>): Record<string, Tensor> {
  return Object.fromEntries(Object.entries(sd).map(([k, v]) => [`${p}.${k}`, v]));
}

async function runOrt(runtime: typeof ort | typeof ortWeb, bytes: Uint8Array, x: Tensor): Promise<Float32Array> {
  const session = await runtime.InferenceSession.create(bytes);
  const data = x.dtype === 'int32' ? new Int32Array(x.dataSync()) : new Float32Array(x.dataSync());
  const feed = new runtime.Tensor(x.dtype === 'int32' ? 'int32' : 'float32', data, [...x.shape]);
  const out = await session.run({ input: feed });
  await session.release();
  return out.out.data as Float32Array;
}

describe('exportOnnx round trips', () => {
  for (const c of cases) {
    it(c.name, async () => {
      manualSeed(7);
      const start = memory().numTensors;
      const { forward, weights, input } = c.build();
      const x3 = input(3);
      const x5 = input(5);
      const bytes = exportOnnx(forward, [x3], { inputNames: ['input'], outputNames: ['out'], dynamicBatch: true, opset: 17, weights });
      const before = memory().numTensors;
      for (const x of [x3, x5]) {
        const want = tidy(() => forward(x).dataSync());
        expectClose(await runOrt(ort, bytes, x), want, 1e-5, 1e-5, `${c.name}: onnxruntime-node at batch ${x.shape[0]}`);
        expectClose(await runOrt(ortWeb, bytes, x), want, 1e-5, 1e-5, `${c.name}: onnxruntime-web at batch ${x.shape[0]}`);
        const model = importOnnx(bytes);
        const got = tidy(() => model.run({ input: x }).out.dataSync());
        expectClose(got, want, 1e-6, 1e-5, `${c.name}: importOnnx at batch ${x.shape[0]}`);
        model.dispose();
      }
      expect(memory().numTensors).toBe(before);
      // Gradients: loss = Σ out·r, for every exported weight, through the model and through the import.
      const model = importOnnx(bytes);
      const names = Object.keys(model.weights);
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) expect(weights[n], `initializer ${n} is a state-dict name`).toBeDefined();
      const r = tidy(() => randn(forward(x3).shape));
      const trainable = names.filter((n) => weights[n].requiresGrad);
      expect(trainable.length).toBeGreaterThan(0);
      tidy(() => sum(mul(forward(x3), r)).backward());
      const gWant = trainable.map((n) => weights[n].grad as Tensor);
      const [loss, gGot] = valueAndGrad((...ps: Tensor[]) => sum(mul(model.run({ input: x3 }, { weights: Object.fromEntries(trainable.map((n, i) => [n, ps[i]])) }).out, r)))(...trainable.map((n) => model.weights[n]));
      trainable.forEach((n, i) => expectClose(gGot[i].dataSync(), gWant[i].dataSync(), 1e-5, 1e-4, `${c.name}: gradient of ${n}`));
      for (const g of gGot) g.dispose();
      loss.dispose();
      model.dispose(); r.dispose(); x3.dispose(); x5.dispose();
      for (const n of trainable) weights[n].grad = null;
      for (const t of new Set(Object.values(weights))) t.dispose();
      expect(memory().numTensors).toBe(start);
    });
  }

  it('rejects ops without an ONNX form, naming them', () => {
    const x = zeros([3]);
    const i = tensor([0, 1], { dtype: 'int32' });
    expect(() => exportOnnx((t) => scatterAdd(t, i, tensor([1, 2])), [x])).toThrow(TensorloomError);
    expect(() => exportOnnx((t) => scatterAdd(t, i, tensor([1, 2])), [x])).toThrow(/scatterAdd has no ONNX form|'scatterAdd' has no ONNX form/);
    expect(() => exportOnnx((t) => t, [x], { opset: 18 })).toThrow(/opset 18 is not supported/);
    x.dispose(); i.dispose();
  });
});

