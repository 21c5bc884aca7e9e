/**
 * The softmax-family cases of ONNX's backend tests (Softmax, LogSoftmax, Hardmax,
 * SoftmaxCrossEntropyLoss, NegativeLogLikelihoodLoss; node suite without the *_expanded
 * compositions, which the CPU test runs, and the pytorch-converted softmax cases) on
 * the WebGL backend in headless Chromium, against ONNX's expected outputs (rtol 1e-3, atol 1e-7
 * as on the CPU; the test data comes from libonnx-testdata through a Node-side command). Also:
 * the PyTorch-exported LeNet trains on WebGL: logits and cross-entropy gradients match PyTorch.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { getBackend, memory, setBackend, softmaxCrossEntropy, tensor, tidy, valueAndGrad, type Tensor } from '@tensorloom/core';
import { registerWebglBackend } from '@tensorloom/backend-webgl';
import { importOnnx } from '../src/index.js';
import { decodeTensorProto } from '../src/proto.js';
import { readTensorProto } from '../src/tensor_proto.js';
import type { WireCase } from './helpers/browser_commands.js';
import { mismatch } from './helpers/mismatch.js';

declare module 'vitest/browser' {
  interface BrowserCommands {
    onnxCases: (suite: string, pattern: string) => Promise<WireCase[]>;
    onnxFixture: (name: string) => Promise<string>;
  }
}

const bytes = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const host = (s: string) => readTensorProto('test', decodeTensorProto('test', bytes(s)));

let cases: WireCase[] = [];

beforeAll(async () => {
  registerWebglBackend(2);
  await setBackend('webgl');
  cases = [
    // The *_expanded variants are compositions of generic ops (checked on the CPU); here the ops themselves.
    ...await commands.onnxCases('node', '^test_(softmax|logsoftmax|hardmax|sce|nllloss)(?!.*_expanded$)'),
    ...await commands.onnxCases('pytorch-converted', '^test_(Softmax|LogSoftmax|log_softmax|softmax)'),
  ];
});

describe('softmax family on webgl', () => {
  it('runs every softmax-family case of the ONNX test data', () => {
    expect(getBackend().name).toBe('webgl');
    expect(cases.length).toBeGreaterThan(70);
    const failures: string[] = [];
    const before = memory().numTensors;
    for (const c of cases) {
      try {
        const model = importOnnx(bytes(c.model));
        for (const set of c.sets) {
          tidy(() => {
            const feeds = Object.fromEntries(model.inputs.map((spec, i) => [spec.name, host(set.inputs[i]).toTensor('test')]));
            const out = model.run(feeds);
            model.outputs.forEach((o, i) => {
              const t = out[o.name];
              const m = mismatch(t.dataSync(), t.shape, host(set.outputs[i]), 1e-3, 1e-7);
              if (m) failures.push(`${c.key} ${o.name}: ${m}`);
            });
          });
        }
        model.dispose();
      } catch (e) {
        failures.push(`${c.key}: ${(e as Error).message}`);
      }
    }
    console.log(`WebGL: ${cases.length - new Set(failures.map((f) => f.split(' ')[0].replace(/:$/, ''))).size} of ${cases.length} softmax-family cases passed`);
    for (const f of failures) console.log(f);
    expect(failures).toEqual([]);
    expect(memory().numTensors).toBe(before);
  });
});

interface Json { shape: number[]; dtype: 'float32' | 'int32'; data: number[] }

describe('an imported model is differentiable on webgl', () => {
  it('LeNet (PyTorch export): logits within 1e-4 and weight gradients within 1e-3 of PyTorch', async () => {
    const fx = JSON.parse(atob(await commands.onnxFixture('lenet.json'))) as { inputs: Record<string, Json>; logits: Json; target: Json; grads: Record<string, Json> };
    const model = importOnnx(bytes(await commands.onnxFixture('lenet.onnx')));
    const x = tensor(fx.inputs.input.data, { shape: fx.inputs.input.shape });
    const y = tensor(fx.target.data, { shape: fx.target.shape, dtype: 'int32' });
    const logits = tidy(() => model.run({ input: x }).logits.dataSync());
    fx.logits.data.forEach((v, i) => expect(Math.abs(logits[i] - v), `logit ${i}`).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(v))));
    const names = Object.keys(fx.grads);
    const [loss, grads] = valueAndGrad((...ws: Tensor[]) => softmaxCrossEntropy(model.run({ input: x }, { weights: Object.fromEntries(names.map((n, i) => [n, ws[i]])) }).logits, y))(...names.map((n) => model.weights[n]));
    names.forEach((n, i) => {
      const want = fx.grads[n].data;
      const scale = Math.max(...want.map(Math.abs));
      const got = grads[i].dataSync();
      want.forEach((v, k) => expect(Math.abs(got[k] - v), `${n}[${k}]`).toBeLessThanOrEqual(1e-3 * scale + 1e-7));
    });
    loss.dispose(); grads.forEach((g) => g.dispose()); x.dispose(); y.dispose(); model.dispose();
  });
});
