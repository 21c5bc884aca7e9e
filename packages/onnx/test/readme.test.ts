/**
 * The README's import → fine-tune → export lines, run on the committed LeNet fixture: the loss
 * falls, and onnxruntime-node runs the exported model with the tuned weights.
 */
import { mkdtempSync, readFileSync, writeFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { randn, randint, setBackend, softmaxCrossEntropy, tidy, valueAndGrad, keep, manualSeed, type Tensor } from '@tensorloom/core';
import { exportOnnx, importOnnx } from '../src/index.js';
import { expectClose } from './helpers/compare.js';

it('README example: import, fine-tune 20 SGD steps, export, run in onnxruntime', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tensorloom-onnx-'));
  copyFileSync(new URL('./fixtures/lenet.onnx', import.meta.url), join(dir, 'lenet.onnx'));
  const cwd = process.cwd();
  process.chdir(dir);
  manualSeed(0);
  try {
    // ---- the README's lines ----
    registerCpuBackend(); setBackend('cpu');
    const model = importOnnx(new Uint8Array(readFileSync('lenet.onnx')));
    const names = Object.keys(model.weights), x = randn([8, 1, 16, 16]), y = randint(0, 10, [8]);
    let w = model.weights, f = (...ws: Tensor[]) => softmaxCrossEntropy(model.run({ input: x }, { weights: Object.fromEntries(names.map((n, i) => [n, ws[i]])) }).logits, y);
    for (let step = 0; step < 20; step++) w = tidy(() => { const [, g] = valueAndGrad(f)(...names.map((n) => w[n])); return Object.fromEntries(names.map((n, i) => [n, keep(w[n].sub(g[i].mul(0.1)))])); });
    writeFileSync('tuned.onnx', exportOnnx((t) => model.run({ input: t }, { weights: w }).logits, [x], { inputNames: ['input'], outputNames: ['logits'], dynamicBatch: true, weights: w }));
    // ---- checks ----
    f = f as (...ws: Tensor[]) => Tensor;
    const before = tidy(() => f(...names.map((n) => model.weights[n])).dataSync()[0]);
    const after = tidy(() => f(...names.map((n) => w[n])).dataSync()[0]);
    expect(after).toBeLessThan(before * 0.5);
    const session = await ort.InferenceSession.create(readFileSync('tuned.onnx'));
    const x2 = randn([3, 1, 16, 16]);
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(x2.dataSync()), [3, 1, 16, 16]) });
    await session.release();
    const want = tidy(() => model.run({ input: x2 }, { weights: w }).logits.dataSync());
    expectClose(out.logits.data as Float32Array, want, 1e-5, 1e-5, 'tuned model in onnxruntime (batch 3)');
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});
