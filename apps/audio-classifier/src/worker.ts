/**
 * The training worker (a module Web Worker): owns the backend, the synthesised clips, the
 * model and the Trainer, and answers the page's messages (protocol.ts). The page records,
 * draws and never touches a tensor, so training never freezes the UI.
 */
import { manualSeed, noGrad, setBackend, softmax, tensor, tidy, type Tensor } from '@tensorloom/core';
import { SeededRandom } from '@tensorloom/data';
import { confusionMatrix, type Sequential } from '@tensorloom/nn';
import { fitToWindow } from './clips.js';
import { decodeClips, type Clip, type ClipIndex } from './dataset.js';
import { clipFeatures, FEATURE_SHAPE } from './features.js';
import { LABELS, NUM_CLASSES } from './keywords.js';
import { createModel } from './model.js';
import { clipBatches, createTrainer, fineTuneHead, predictClips } from './training.js';
import { loadModelBytes, modelToBytes } from './weights.js';
import { pagePort, yieldToEvents } from '../../shared/worker/page_port.js';
import { appBackends } from '../../shared/worker/app_backends.js';
import { toBatchPoint, toEpochPoint } from '../../shared/worker/trainer_events.js';
import { readAndDispose } from '../../shared/worker/read_and_dispose.js';
import { modelToFineTune } from '../../shared/worker/fine_tune_check.js';
import type { BackendName, Example, FromWorker, ToWorker, TrainRequest } from './protocol.js';

const { post, status, serve } = pagePort<ToWorker, FromWorker>();
const backends = appBackends();

let model: Sequential | null = null;
let abort: AbortController | null = null;
let clipsPromise: Promise<Clip[]> | null = null;

/** The synthesised keyword clips the dev server (or the build) serves beside the page. */
function clips(): Promise<Clip[]> {
  clipsPromise ??= (async () => {
    // Under the app's base, in dev and in a build. (Not `new URL('../keywords/', import.meta.url)`:
    // the dev server rewrites that pattern as an asset URL without the folder, so /clips.json came back as the page.)
    const base = new URL(`${import.meta.env.BASE_URL}keywords/`, self.location.href);
    const [index, bin] = await Promise.all([
      fetch(new URL('clips.json', base)).then((r) => { if (!r.ok) throw new Error(`keywords/clips.json: HTTP ${r.status}`); return r.json() as Promise<ClipIndex>; }),
      fetch(new URL('clips.bin', base)).then((r) => { if (!r.ok) throw new Error(`keywords/clips.bin: HTTP ${r.status}`); return r.arrayBuffer(); }),
    ]);
    return decodeClips(index, new Uint8Array(bin));
  })();
  return clipsPromise;
}

function subsetPerClass(all: Clip[], perClass: number, seed: number): Clip[] {
  if (perClass <= 0) return all;
  const rng = new SeededRandom(seed, 5);
  return LABELS.flatMap((_, label) => {
    const pool = all.filter((c) => c.label === label);
    return rng.permutation(pool.length).slice(0, perClass).map((i) => pool[i]!);
  });
}

async function train(req: TrainRequest): Promise<void> {
  const started = performance.now();
  status(`Loading the clips and the ${req.backend} backend…`);
  await setBackend(req.backend);
  const all = await clips();
  const trainClips = subsetPerClass(all.filter((c) => c.split === 'train'), req.perClass, req.seed);
  const test = all.filter((c) => c.split === 'test');
  manualSeed(req.seed);
  model?.dispose();
  model = createModel();
  const batches = clipBatches(trainClips, { batchSize: req.batchSize, train: true, seed: req.seed });
  const trainer = createTrainer(model, { lr: req.lr, epochs: req.epochs, callbacks: [{ onBatchEnd: yieldToEvents }] });
  trainer.on('batchEnd', (e) => post({ type: 'batch', point: toBatchPoint(e, batches.length) }));
  trainer.on('epochEnd', (e) => post({ type: 'epoch', point: toEpochPoint(e) }));
  abort = new AbortController();
  // Stop aborts this signal only while fit runs (afterwards `abort` is null): it says whether the run was cut short.
  const { signal } = abort;
  status(`Training on ${trainClips.length} clips (${req.backend})…`);
  try {
    await trainer.fit({ train: batches, epochs: req.epochs, signal });
  } finally {
    trainer.optimizer.dispose();
    abort = null;
  }
  status('Scoring the held-out voices…');
  const pred = await predictClips(model, test);
  const correct = pred.filter((p, i) => p === test[i]!.label).length;
  post({
    type: 'trained', stopped: signal.aborted, seconds: (performance.now() - started) / 1000,
    testAccuracy: correct / test.length, testClips: test.length, confusion: await confusionMatrix(pred, test.map((c) => c.label), NUM_CLASSES),
  });
}

async function scoreExamples(m: Sequential, examples: Clip[]): Promise<number> {
  const pred = await predictClips(m, examples);
  return pred.filter((p, i) => p === examples[i]!.label).length / Math.max(1, examples.length);
}

/** Fine-tunes the head on the user's recordings plus a replay of 8 synthesised clips per class. */
async function fineTune(examples: Example[], epochs: number): Promise<void> {
  const m = modelToFineTune(model, { running: abort !== null, examples: examples.length, noExamples: 'record some examples first' });
  const started = performance.now();
  const mine: Clip[] = examples.map((e) => ({ word: LABELS[e.label]!, label: e.label, split: 'train', voice: 'you', samples: e.samples }));
  const replay = subsetPerClass((await clips()).filter((c) => c.split === 'train'), 8, 1);
  const before = await scoreExamples(m, mine);
  status(`Fine-tuning the head on ${mine.length} recordings (+ ${replay.length} replayed clips), convolutions frozen…`);
  await fineTuneHead(m, [...mine, ...mine, ...replay], { epochs, lr: 3e-3, batchSize: 16, seed: 0, augment: { maxShift: 800 } });
  post({ type: 'finetuned', examples: mine.length, replay: replay.length, accuracyBefore: before, accuracyAfter: await scoreExamples(m, mine), seconds: (performance.now() - started) / 1000 });
}

async function predict(samples: Float32Array): Promise<number[]> {
  if (!model) throw new Error('train or load a model first');
  const m = model;
  m.eval();
  return readAndDispose(tidy(() => noGrad(() => softmax(m.forward(tensor(clipFeatures(fitToWindow(samples)), { shape: [1, ...FEATURE_SHAPE] })) as Tensor, -1))));
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'train': return train(msg);
    case 'stop': abort?.abort(); return;
    case 'finetune': return fineTune(msg.examples, msg.epochs);
    case 'predict': post({ type: 'prediction', id: msg.id, probs: await predict(msg.samples) }); return;
    case 'save': {
      if (!model) throw new Error('train or load a model first');
      const bytes = await modelToBytes(model, { savedAt: new Date().toISOString() });
      post({ type: 'saved', id: msg.id, bytes }, [bytes.buffer]);
      return;
    }
    case 'load': {
      const next = createModel();
      try {
        const info = loadModelBytes(next, msg.bytes);
        model?.dispose();
        model = next;
        post({ type: 'loaded', id: msg.id, info });
      } catch (e) {
        next.dispose();
        throw e;
      }
    }
  }
}

serve(handle);
post({ type: 'ready', backends, labels: [...LABELS] });
