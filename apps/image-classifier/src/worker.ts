/**
 * The training worker (a module Web Worker): owns the backend, the data, the model and the
 * Trainer, and answers the page's messages (see protocol.ts). The page never touches a tensor,
 * so training never freezes the UI.
 */
import { getBackend, manualSeed, setBackend, tensor, tidy, noGrad } from '@tensorloom/core';
import { MNIST_MEAN, MNIST_STD, fetchMnist, type MnistData } from '@tensorloom/data';
import { softmaxWithTemperature, type Sequential } from '@tensorloom/nn';
import { createModel } from './model.js';
import { batches, createTrainer, mnistSplits } from './training.js';
import { evaluateConfusion, type Evaluation } from './evaluate.js';
import { fineTuneOnExamples } from './finetune_examples.js';
import { loadModelBytes, modelToBytes } from './weights.js';
import { MNIST_URLS } from './mnist_urls.js';
import { pagePort, yieldToEvents } from '../../shared/worker/page_port.js';
import { appBackends } from '../../shared/worker/app_backends.js';
import { toBatchPoint, toEpochPoint } from '../../shared/worker/trainer_events.js';
import { readAndDispose } from '../../shared/worker/read_and_dispose.js';
import { modelToFineTune } from '../../shared/worker/fine_tune_check.js';
import type { BackendName, FineTuneRequest, FromWorker, ToWorker, TrainRequest } from './protocol.js';

const { post, status, serve } = pagePort<ToWorker, FromWorker>();

const backends = appBackends();

let backend: BackendName = 'cpu';
let model: Sequential | null = null;
let abort: AbortController | null = null;
let epochsDone = 0;
/** The current model's last test-set score (the "before" of a fine-tuning run). */
let lastEval: Evaluation | null = null;
/** The softmax temperature fitted after the last fine-tuning run (1: uncalibrated). */
let temperature = 1;
const data: { train?: Promise<MnistData>; test?: Promise<MnistData> } = {};
const mnist = (split: 'train' | 'test'): Promise<MnistData> => (data[split] ??= fetchMnist(MNIST_URLS[split]));

async function useBackend(name: BackendName): Promise<void> {
  await setBackend(name);
  backend = name;
  model?.to(name);
}

async function train(req: TrainRequest): Promise<void> {
  const started = performance.now();
  status(`Loading MNIST and the ${req.backend} backend…`);
  await useBackend(req.backend);
  const trainData = await mnist('train');
  manualSeed(req.seed);
  model?.dispose();
  model = createModel();
  lastEval = null;
  temperature = 1;
  const loader = batches(mnistSplits(trainData, { size: req.trainSize, seed: req.seed })[0], { batchSize: req.batchSize, shuffle: true, seed: req.seed });
  const trainer = createTrainer(model, { lr: req.lr, callbacks: [{ onBatchEnd: yieldToEvents }] });
  trainer.on('batchEnd', (e) => post({ type: 'batch', point: toBatchPoint(e, loader.length) }));
  trainer.on('epochEnd', (e) => post({ type: 'epoch', point: toEpochPoint(e) }));
  abort = new AbortController();
  status(`Training on ${loader.size.toLocaleString()} images (${req.backend})…`);
  try {
    const history = await trainer.fit({ train: loader, epochs: req.epochs, signal: abort.signal });
    epochsDone = history.epoch.length;
    post({ type: 'trained', stopped: abort.signal.aborted, seconds: (performance.now() - started) / 1000, backend: getBackend().name });
  } finally {
    trainer.optimizer.dispose();
    abort = null;
  }
  await evaluate(req.testSize);
}

async function evaluate(testSize: number): Promise<Evaluation> {
  if (!model) throw new Error('train or load a model first');
  status('Scoring the test set…');
  const loader = batches(mnistSplits(await mnist('test'), { size: testSize, seed: 0 })[0], { batchSize: 256, seed: 0 });
  const r = await evaluateConfusion(model, loader, yieldToEvents);
  post({ type: 'confusion', ...r });
  status(`Test accuracy ${(100 * r.accuracy).toFixed(2)}% on ${r.count.toLocaleString()} images.`);
  lastEval = r;
  return r;
}

/**
 * Fine-tunes the current model on the user's drawings (+ MNIST replay, conv layers frozen; see
 * finetune_examples.ts), then scores the test set again and reports before → after.
 */
async function fineTune(req: FineTuneRequest): Promise<void> {
  const m = modelToFineTune(model, { running: abort !== null, examples: req.examples.length });
  const testCount = Math.min(req.testSize, (await mnist('test')).count);
  const before = lastEval?.count === testCount ? lastEval : await evaluate(req.testSize);
  status(`Fine-tuning on ${req.examples.length} of your drawings (+ MNIST replay), conv layers frozen…`);
  abort = new AbortController();
  let result;
  try {
    result = await fineTuneOnExamples(m, req.examples, {
      replay: await mnist('train'), epochs: req.epochs, signal: abort.signal,
      callbacks: [{ onBatchEnd: async (e) => { post({ type: 'batch', point: toBatchPoint(e) }); await yieldToEvents(); } }],
    });
  } finally {
    abort = null;
  }
  const after = await evaluate(req.testSize);
  const { examples, replay, epochs, stopped, seconds, eceBefore, eceAfter } = result;
  temperature = result.temperature;
  post({ type: 'finetuned', examples, replay, epochs, stopped, seconds, accuracyBefore: before.accuracy, accuracyAfter: after.accuracy, temperature, eceBefore, eceAfter });
}

async function predict(pixels: Float32Array): Promise<number[]> {
  if (!model) throw new Error('train or load a model first');
  const m = model;
  m.eval();
  return readAndDispose(tidy(() => noGrad(() => {
    const x = tensor(pixels.map((v) => (v - MNIST_MEAN) / MNIST_STD), { shape: [1, 1, 28, 28] });
    return softmaxWithTemperature(m.forward(x), temperature, -1);
  })));
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'train': return train(msg);
    case 'stop': abort?.abort(); return;
    case 'evaluate': await evaluate(msg.testSize); return;
    case 'finetune': return fineTune(msg);
    case 'predict': post({ type: 'prediction', id: msg.id, probs: await predict(msg.pixels), temperature }); return;
    case 'save': {
      if (!model) throw new Error('train or load a model first');
      const bytes = await modelToBytes(model, { epoch: epochsDone, trainedOn: backend, savedAt: new Date().toISOString() });
      post({ type: 'saved', id: msg.id, bytes }, [bytes.buffer]);
      return;
    }
    case 'load': {
      await useBackend(backend);
      const next = createModel();
      try {
        const info = loadModelBytes(next, msg.bytes);
        model?.dispose();
        model = next;
        lastEval = null;
        temperature = 1;
        epochsDone = typeof info.epoch === 'number' ? info.epoch : 0;
        post({ type: 'loaded', id: msg.id, info });
      } catch (e) {
        next.dispose();
        throw e;
      }
      return;
    }
  }
}

serve(handle);
post({ type: 'ready', backends });
