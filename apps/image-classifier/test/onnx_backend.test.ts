/**
 * The app's CNN on the ONNX backend (lazy graphs in onnxruntime-node) against the CPU backend:
 * 100 Trainer steps (two epochs of 50, batch 16) follow the CPU losses within 1e-4 and reach
 * the same test accuracy; a checkpoint written after the first epoch on either backend
 * resumes on the other and follows the same losses. Bounded for CI (batch 16, 100 steps).
 */
import { beforeAll, expect, test } from 'vitest';
import { getBackend, manualSeed, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { registerOnnxBackend } from '@tensorloom/backend-onnx';
import { checkpointFromBytes, checkpointToBytes } from '@tensorloom/finetune';
import { loadAppMnist } from '../cli/mnist_files.js';
import { createModel } from '../src/model.js';
import { batches, createTrainer, mnistSplits, type Batches } from '../src/training.js';
import { evaluateConfusion } from '../src/evaluate.js';

const BATCH = 16;
const STEPS_PER_EPOCH = 50;
let train: Batches;
let test_: Batches;

beforeAll(async () => {
  registerCpuBackend();
  registerOnnxBackend({ runtime: 'node', threads: 1 });
  const [trainData, testData] = await Promise.all([loadAppMnist('train'), loadAppMnist('test')]);
  train = batches(mnistSplits(trainData, { size: STEPS_PER_EPOCH * BATCH, seed: 0 })[0], { batchSize: BATCH, shuffle: true, seed: 0 });
  test_ = batches(mnistSplits(testData, { size: 500, seed: 0 })[0], { batchSize: 250, seed: 0 });
}, 120_000);

interface Run { losses: number[]; checkpoint: Uint8Array; accuracy: number; info: Record<string, unknown> }

/** Trains on `backend` for two epochs; with `resumeFrom`, loads that epoch-1 checkpoint and trains epoch 2 only. */
async function run(backend: string, resumeFrom?: Uint8Array): Promise<Run> {
  await setBackend(backend);
  manualSeed(0);
  const model = createModel();
  const losses: number[] = [];
  const trainer = createTrainer(model, { lr: 2e-3, callbacks: [{ onBatchEnd: (e) => { losses.push(e.loss); } }] });
  let checkpoint = resumeFrom ?? new Uint8Array();
  if (resumeFrom) {
    checkpointFromBytes(resumeFrom, { model, optimizer: trainer.optimizer });
  } else {
    await trainer.fit({ train, epochs: 1 });
    checkpoint = await checkpointToBytes({ model, optimizer: trainer.optimizer, epoch: 1 });
  }
  await trainer.fit({ train, epochs: 2, initialEpoch: 1 });
  const info = getBackend().info?.() ?? {};
  const { accuracy } = await evaluateConfusion(model, test_);
  trainer.optimizer.dispose();
  model.dispose();
  return { losses, checkpoint, accuracy, info };
}

const within = (a: number[], b: number[], tol: number): void => {
  expect(a.length).toBe(b.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i])));
  expect(worst, `largest loss difference ${worst}`).toBeLessThanOrEqual(tol);
};

test('the CNN on onnx follows the CPU losses within 1e-4 over 100 steps; checkpoints resume across backends', async () => {
  const cpu = await run('cpu');
  const onnx = await run('onnx');
  expect(cpu.losses).toHaveLength(2 * STEPS_PER_EPOCH);
  expect(cpu.losses[99]).toBeLessThan(cpu.losses[0] * 0.6); // it learns
  within(onnx.losses, cpu.losses, 1e-4);
  // The Trainer marks each step: 100 steps compile a handful of graph shapes (with and without the
  // interval's read, the first step, the checkpoint's reads) and reuse them.
  expect(onnx.info.graphsCompiled as number).toBeLessThanOrEqual(12);
  expect(onnx.info.cacheHits as number).toBeGreaterThanOrEqual(85);
  expect(Math.abs(onnx.accuracy - cpu.accuracy)).toBeLessThanOrEqual(2 / 500);
  const cpuFromOnnx = await run('cpu', onnx.checkpoint);
  const onnxFromCpu = await run('onnx', cpu.checkpoint);
  within(cpuFromOnnx.losses, cpu.losses.slice(STEPS_PER_EPOCH), 1e-4);
  within(onnxFromCpu.losses, cpu.losses.slice(STEPS_PER_EPOCH), 1e-4);
}, 600_000);
