import { beforeAll, expect, test } from 'vitest';
import { manualSeed, setBackend, tensor } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { tensorsToSafetensors } from '@tensorloom/finetune';
import { createModel } from '../src/model.js';
import { loadModelBytes, modelToBytes } from '../src/weights.js';

beforeAll(async () => { registerCpuBackend(); await setBackend('cpu'); });

const outputOf = async (m: ReturnType<typeof createModel>): Promise<number[]> => {
  m.eval();
  const x = tensor(Float32Array.from({ length: 2 * 784 }, (_, i) => Math.sin(i)), { shape: [2, 1, 28, 28] });
  return Array.from(await m.forward(x).data());
};

test('a saved model loads into a fresh one and gives the same outputs', async () => {
  manualSeed(1);
  const a = createModel();
  const bytes = await modelToBytes(a, { epoch: 2, testAccuracy: 0.5 });
  manualSeed(2);
  const b = createModel();
  expect(await outputOf(b)).not.toEqual(await outputOf(a));
  const info = loadModelBytes(b, bytes);
  expect(info).toMatchObject({ epoch: 2, testAccuracy: 0.5, arch: 'tensorloom-mnist-cnn-v1' });
  expect(await outputOf(b)).toEqual(await outputOf(a));
});

test('plain safetensors weights with PyTorch names load too; a foreign file fails clearly', async () => {
  manualSeed(3);
  const a = createModel();
  const b = createModel();
  loadModelBytes(b, await tensorsToSafetensors(a.stateDict()));
  expect(await outputOf(b)).toEqual(await outputOf(a));
  const foreign = await tensorsToSafetensors({ 'fc.weight': tensor([[1, 2]]) });
  expect(() => loadModelBytes(b, foreign)).toThrow(/fc\.weight|missing/);
});
