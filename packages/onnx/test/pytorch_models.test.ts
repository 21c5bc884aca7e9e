/**
 * Models exported by PyTorch's own exporter (scripts/goldens/generate_onnx_fixtures.py,
 * torch 1.13): LeNet, Embedding + LSTM, bidirectional GRU, a transformer encoder layer and a
 * CNN with batch norm in eval mode. Imported outputs match PyTorch within 1e-4; the gradients
 * of PyTorch's cross-entropy loss with respect to every parameter match within 1e-3 relative.
 * Each imported model, re-exported with exportOnnx, runs in onnxruntime-node within 1e-5.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { memory, setBackend, softmaxCrossEntropy, tensor, tidy, valueAndGrad, type Tensor } from '@tensorloom/core';
import * as ort from 'onnxruntime-node';
import { exportOnnx, importOnnx } from '../src/index.js';
import { expectClose } from './helpers/compare.js';

interface Json { shape: number[]; dtype: 'float32' | 'int32'; data: number[] }
interface Fixture { inputs: Record<string, Json>; logits: Json; target: Json; loss: number; grads: Record<string, Json> }

const MODELS = ['lenet', 'text_lstm', 'bigru', 'transformer_encoder', 'bn_cnn'];
const dir = new URL('./fixtures/', import.meta.url);
const asTensor = (j: Json): Tensor => tensor(j.data, { shape: j.shape, dtype: j.dtype });

beforeAll(() => { registerCpuBackend(); setBackend('cpu'); });

describe('PyTorch-exported models', () => {
  for (const name of MODELS) {
    it(name, async () => {
      const fx = JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8')) as Fixture;
      const before = memory().numTensors;
      const model = importOnnx(new Uint8Array(readFileSync(new URL(`${name}.onnx`, dir))));
      const feeds = Object.fromEntries(Object.entries(fx.inputs).map(([k, v]) => [k, asTensor(v)]));
      const target = asTensor(fx.target);
      const logits = tidy(() => model.run(feeds).logits.dataSync());
      expectClose(logits, fx.logits.data, 1e-4, 1e-4, `${name} logits`);
      const names = Object.keys(fx.grads);
      for (const n of names) expect(model.weights[n], `ONNX initializer ${n}`).toBeDefined();
      const [loss, grads] = valueAndGrad((...ws: Tensor[]) => softmaxCrossEntropy(
        model.run(feeds, { weights: Object.fromEntries(names.map((n, i) => [n, ws[i]])) }).logits, target,
      ))(...names.map((n) => model.weights[n]));
      expect(Math.abs(loss.dataSync()[0] - fx.loss)).toBeLessThan(1e-4 * (1 + Math.abs(fx.loss)));
      names.forEach((n, i) => {
        // Relative to the gradient's scale: |g − g_torch| ≤ 1e-3·max|g_torch| (+ 1e-7).
        const want = fx.grads[n].data;
        const scale = Math.max(...want.map(Math.abs));
        expectClose(grads[i].dataSync(), want, 1e-7 + 1e-3 * scale, 1e-3, `${name} gradient of ${n}`);
      });
      loss.dispose(); grads.forEach((g) => g.dispose());
      await reexport(name, model, feeds, logits);
      Object.values(feeds).forEach((t) => t.dispose()); target.dispose(); model.dispose();
      expect(memory().numTensors).toBe(before);
    });
  }
});

/** importOnnx → exportOnnx → onnxruntime-node and importOnnx again: the same logits. */
async function reexport(name: string, model: ReturnType<typeof importOnnx>, feeds: Record<string, Tensor>, want: ArrayLike<number>): Promise<void> {
  const inputNames = Object.keys(feeds);
  const bytes = exportOnnx((...xs: Tensor[]) => model.run(Object.fromEntries(inputNames.map((n, i) => [n, xs[i]]))).logits,
    inputNames.map((n) => feeds[n]), { inputNames, outputNames: ['logits'], weights: model.weights });
  const session = await ort.InferenceSession.create(bytes);
  const ortFeeds = Object.fromEntries(inputNames.map((n) => {
    const t = feeds[n];
    return [n, t.dtype === 'int32' ? new ort.Tensor('int32', new Int32Array(t.dataSync()), [...t.shape]) : new ort.Tensor('float32', new Float32Array(t.dataSync()), [...t.shape])];
  }));
  const out = await session.run(ortFeeds);
  await session.release();
  expectClose(out.logits.data as Float32Array, want, 1e-5, 1e-5, `${name} re-exported, onnxruntime`);
  const again = importOnnx(bytes);
  for (const n of Object.keys(again.weights)) expect(model.weights[n], `re-exported initializer ${n}`).toBeDefined();
  expectClose(tidy(() => again.run(feeds).logits.dataSync()), want, 1e-6, 1e-5, `${name} re-exported, importOnnx`);
  again.dispose();
}
