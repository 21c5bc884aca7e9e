/**
 * The worker-side helpers that need no browser: Trainer events as chart points, the
 * fine-tuning preconditions, and reading a result tensor (disposed on success and on failure).
 */
import { expect, test } from 'vitest';
import { toBatchPoint, toEpochPoint } from '../worker/trainer_events.js';
import { modelToFineTune } from '../worker/fine_tune_check.js';
import { readAndDispose } from '../worker/read_and_dispose.js';

test('batch and epoch events become the chart points', () => {
  const e = { epoch: 1, step: 4, stepsPerEpoch: 20, loss: 0.5, metrics: { accuracy: 0.75 }, samplesPerSecond: 300, batchSize: 8, lr: 1e-3 };
  expect(toBatchPoint(e, 99)).toEqual({ epoch: 1, step: 4, stepsPerEpoch: 20, loss: 0.5, accuracy: 0.75, samplesPerSecond: 300 });
  // No length from the source: the fallback; no accuracy metric: NaN (the chart skips it).
  const bare = toBatchPoint({ epoch: 0, step: 0, loss: 2.3, metrics: {}, samplesPerSecond: 10 }, 7);
  expect(bare.stepsPerEpoch).toBe(7);
  expect(bare.accuracy).toBeNaN();
  expect(toBatchPoint({ epoch: 0, step: 0, loss: 2.3, metrics: {}, samplesPerSecond: 10 }).stepsPerEpoch).toBe(1);
  expect(toEpochPoint({ epoch: 2, loss: 0.25, metrics: { accuracy: 0.9 }, seconds: 3.5 })).toEqual({ epoch: 2, loss: 0.25, accuracy: 0.9, seconds: 3.5 });
});

test('fine-tuning needs a model, an idle worker and examples, in that order', () => {
  const model = { name: 'm' };
  expect(modelToFineTune(model, { running: false, examples: 3 })).toBe(model);
  expect(() => modelToFineTune(null, { running: true, examples: 0 })).toThrow('train or load a model before fine-tuning');
  expect(() => modelToFineTune(model, { running: true, examples: 0 })).toThrow('training is running; fine-tune when it has finished');
  expect(() => modelToFineTune(model, { running: false, examples: 0 })).toThrow('add some examples first');
  expect(() => modelToFineTune(model, { running: false, examples: 0, noExamples: 'record some examples first' })).toThrow('record some examples first');
});

test('readAndDispose returns the values and disposes, also when the read fails', async () => {
  let disposed = 0;
  const ok = { data: async () => new Float32Array([0.25, 0.75]), dispose: () => { disposed++; } };
  expect(await readAndDispose(ok)).toEqual([0.25, 0.75]);
  expect(disposed).toBe(1);
  const failing = { data: async (): Promise<Float32Array> => { throw new Error('device lost'); }, dispose: () => { disposed++; } };
  await expect(readAndDispose(failing)).rejects.toThrow('device lost');
  expect(disposed).toBe(2);
});
