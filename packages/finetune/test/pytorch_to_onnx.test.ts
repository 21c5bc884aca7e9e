/**
 * PyTorch → Tensorloom → ONNX: the LeNet PyTorch trained (scripts/goldens/generate_lenet_fixture.py)
 * is loaded with loadPretrained (logits within 1e-5 of PyTorch's), fine-tuned here, exported
 * with exportOnnx, and run by onnxruntime-node: the same logits within 1e-5. The export then
 * comes back as an OnnxModule whose initializers are Parameters under their ONNX names: it
 * fine-tunes, freezes and round-trips through a checkpoint like a native module.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { memory, noGrad, tensor, type Tensor } from '@tensorloom/core';
import { SGD } from '@tensorloom/nn';
import { exportOnnx } from '@tensorloom/onnx';
import { OnnxModule, Trainer, crossEntropyLoss, checkpointFromBytes, checkpointToBytes, freeze, loadPretrained, trainableSummary } from '../src/index.js';
import { useCpu } from './helpers/setup.js';
import { LENET_RENAME, closeness, fixture, lenet, lenetIo, maxAbsDiff } from './helpers/lenet.js';

beforeAll(useCpu);

const io = lenetIo();
const logits = (m: { forward(x: Tensor): Tensor; eval(): unknown }, x: Tensor): Float32Array => {
  m.eval();
  const y = noGrad(() => m.forward(x));
  const v = y.dataSync() as Float32Array;
  y.dispose();
  return v;
};

async function runOrt(bytes: Uint8Array, x: Tensor): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ input: new ort.Tensor('float32', x.dataSync() as Float32Array, [...x.shape]) });
    return out.logits.data as Float32Array;
  } finally {
    await session.release();
  }
}

describe('PyTorch → Tensorloom → ONNX', () => {
  it('loads the PyTorch LeNet, fine-tunes it, exports it, and onnxruntime-node gives the same logits', async () => {
    const model = lenet(0);
    await loadPretrained(model, fixture('lenet_f32.safetensors'), { rename: LENET_RENAME, strict: true });
    const x = io.inputs();
    expect(maxAbsDiff(logits(model, x), io.logits.f32)).toBeLessThan(1e-5);

    // Fine-tune here: the classifier only, a few SGD steps on the fixture's images.
    freeze(model, ['0.*', '3.*']);
    const y = tensor(io.labels, { dtype: 'int32' });
    const opt = new SGD(model.parameters(), { lr: 0.05 });
    await new Trainer({ model, optimizer: opt, crossEntropy: {} }).fit({ train: [[x, y]], epochs: 5 });
    opt.dispose();
    const tuned = logits(model, x);
    expect(maxAbsDiff(tuned, io.logits.f32)).toBeGreaterThan(1e-3);

    const bytes = exportOnnx((t) => model.forward(t), [x], { inputNames: ['input'], outputNames: ['logits'], dynamicBatch: true, weights: model.stateDict() });
    expect(maxAbsDiff(await runOrt(bytes, x), tuned)).toBeLessThan(1e-5);
    // Dynamic batch: three images.
    const x3 = noGrad(() => x.slice([0, 0, 0, 0], [3, 1, 28, 28]));
    expect(maxAbsDiff(await runOrt(bytes, x3), tuned.subarray(0, 30))).toBeLessThan(1e-5);

    // Back in as an OnnxModule: Parameters under the ONNX names, the same logits.
    const start = memory().numTensors;
    const net = new OnnxModule(bytes);
    expect(net.onnxNames.sort()).toEqual(['0.bias', '0.weight', '3.bias', '3.weight', '7.bias', '7.weight']);
    expect(Object.keys(net.stateDict()).sort()).toEqual(net.onnxNames.sort());
    expect(maxAbsDiff(logits(net, x), tuned)).toBeLessThan(1e-5);
    const mem = memory().numTensors;
    expect(maxAbsDiff(logits(net, x3), tuned.subarray(0, 30))).toBeLessThan(1e-5);
    expect(memory().numTensors).toBe(mem);
    net.dispose();
    expect(memory().numTensors).toBe(start);
    x.dispose(); x3.dispose(); y.dispose(); model.dispose();
  });

  it('an OnnxModule from a PyTorch-exported ONNX file fine-tunes with frozen layers and round-trips a checkpoint', async () => {
    const onnxBytes = new Uint8Array(readFileSync(fileURLToPath(new URL('../../onnx/test/fixtures/lenet.onnx', import.meta.url))));
    type Json = { shape: number[]; data: number[] };
    const spec = JSON.parse(readFileSync(fileURLToPath(new URL('../../onnx/test/fixtures/lenet.json', import.meta.url)), 'utf8')) as
      { inputs: { input: Json }; logits: Json; target: Json; loss: number; grads: Record<string, Json> };
    const net = new OnnxModule(onnxBytes);
    expect(net.onnxNames).toEqual(['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']);
    const x = tensor(Float32Array.from(spec.inputs.input.data), { shape: spec.inputs.input.shape });
    const y = tensor(Int32Array.from(spec.target.data), { dtype: 'int32' });
    expect(closeness(logits(net, x), spec.logits.data, 1e-5, 1e-5)).toBeLessThanOrEqual(1); // PyTorch's logits
    // Gradients reach the Parameters: PyTorch's gradient of its cross-entropy, within 1e-5 + 1e-5·|g|.
    const loss = crossEntropyLoss()(net.forward(x), y);
    expect(closeness([loss.itemSync()], [spec.loss], 1e-5, 1e-5)).toBeLessThanOrEqual(1);
    loss.backward();
    for (const [k, p] of net.namedParameters()) expect(closeness(p.grad!.dataSync(), spec.grads[k].data, 1e-5, 1e-5), k).toBeLessThanOrEqual(1);
    loss.dispose();
    net.zeroGrad();

    freeze(net, 'conv*');
    expect(trainableSummary(net).rows.map((r) => [r.module, r.frozen > 0, r.trainable > 0])).toEqual([
      ['conv1', true, false], ['conv2', true, false], ['fc1', false, true], ['fc2', false, true],
    ]);
    const before = Object.fromEntries(net.namedParameters().map(([k, p]) => [k, p.value.dataSync().slice()]));
    const opt = new SGD(net.parameters(), { lr: 0.1 });
    await new Trainer({ model: net, optimizer: opt, crossEntropy: {} }).fit({ train: [[x, y]], epochs: 3 });
    for (const [k, p] of net.namedParameters()) {
      if (k.startsWith('conv')) expect(p.value.dataSync(), k).toEqual(before[k]);
      else expect(p.value.dataSync(), k).not.toEqual(before[k]);
    }
    const tuned = logits(net, x);
    const fresh = new OnnxModule(onnxBytes);
    const saved = checkpointFromBytes(await checkpointToBytes({ model: net, epoch: 3 }), { model: fresh });
    expect(saved.epoch).toBe(3);
    expect(logits(fresh, x)).toEqual(tuned);
    opt.dispose(); x.dispose(); y.dispose(); net.dispose(); fresh.dispose();
  });
});
