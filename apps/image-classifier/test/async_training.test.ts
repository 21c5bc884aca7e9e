/**
 * The app's CNN trains on an asynchronous backend (core's read-counting test backend: no
 * readSync, every read a macrotask away): 50 Trainer steps on MNIST read the loss and the
 * accuracy exactly once per log interval, with no synchronous read anywhere (model, data
 * loader, metric, Trainer), and the epoch's numbers are the exact means of the per-step
 * values. (That a log interval changes no number, against the synchronous CPU backend
 * reading after every step, is finetune's trainer_async.test.ts, on a smaller model.)
 */
import { beforeAll, expect, test } from 'vitest';
import { manualSeed, memory, registerBackend, setBackend } from '@tensorloom/core';
import { CpuBackend, registerCpuBackend } from '@tensorloom/backend-cpu';
import { loadAppMnist } from '../cli/mnist_files.js';
import { DEFAULT_LOG_EVERY, type BatchEndEvent, type History } from '@tensorloom/finetune';
import { AsyncTestBackend } from '../../../packages/core/test/helpers/async_backend.js';
import { createModel } from '../src/model.js';
import { batches, createTrainer, mnistSplits, type Batches } from '../src/training.js';

const STEPS = 50;
const BATCH = 8;
const backend = new AsyncTestBackend('async-app', new CpuBackend());
let loader: Batches;

beforeAll(async () => {
  registerCpuBackend();
  registerBackend('async-app', () => backend, 100);
  const data = await loadAppMnist('train');
  loader = batches(mnistSplits(data, { size: STEPS * BATCH, seed: 0 })[0], { batchSize: BATCH, shuffle: true, seed: 0 });
}, 120_000);

async function run(backendName = 'async-app'): Promise<{ history: History; events: BatchEndEvent[]; readsAtEvent: number[] }> {
  await setBackend(backendName);
  manualSeed(0);
  const model = createModel();
  const events: BatchEndEvent[] = [];
  const readsAtEvent: number[] = [];
  const trainer = createTrainer(model, { lr: 2e-3, callbacks: [{ onBatchEnd: (e) => { events.push(e); readsAtEvent.push(backend.reads); } }] });
  backend.resetCounts();
  const history = await trainer.fit({ train: loader, epochs: 1 });
  trainer.optimizer.dispose();
  model.dispose();
  return { history, events, readsAtEvent };
}

test('50 steps of the app CNN: one read per log interval, no synchronous read, exact epoch means', async () => {
  expect(loader.length).toBe(STEPS);
  const before = memory().numTensors;
  const asyncRun = await run();
  expect(backend.blockingCalls).toEqual([]);
  const intervals = Math.ceil(STEPS / DEFAULT_LOG_EVERY);
  expect(DEFAULT_LOG_EVERY).toBe(10);
  expect(backend.reads).toBe(intervals); // 5 reads for 50 steps: the loss and accuracy of 10 steps in each
  // The events of interval k arrive after its read, and only then.
  expect(asyncRun.events.map((e) => e.step)).toEqual(Array.from({ length: STEPS }, (_, i) => i));
  expect(asyncRun.readsAtEvent).toEqual(Array.from({ length: STEPS }, (_, i) => Math.floor(i / DEFAULT_LOG_EVERY) + 1));
  const { loss, accuracy } = asyncRun.history.history;
  expect(loss[0]).toBeLessThan(asyncRun.events[0].loss); // it learns
  expect(accuracy[0]).toBeGreaterThan(0.25);
  // Epoch values are the exact sample-weighted means of the per-step values.
  expect(loss[0]).toBe(asyncRun.events.reduce((s, e) => s + e.loss * e.batchSize, 0) / (STEPS * BATCH));
  expect(accuracy[0]).toBe(asyncRun.events.reduce((s, e) => s + e.metrics.accuracy * e.batchSize, 0) / (STEPS * BATCH));
  expect(memory().numTensors).toBe(before);
}, 120_000);
