/**
 * The training worker (a module Web Worker): owns the backend, the prepared datasets, the
 * vocabulary, the model and the Trainer, and answers the page's messages (protocol.ts).
 * The page never touches a tensor, so training never freezes the UI.
 */
import { manualSeed, setBackend } from '@tensorloom/core';
import { SeededRandom, type Vocab } from '@tensorloom/data';
import spamUrl from '../generated/spam.json?url';
import sentimentUrl from '../generated/sentiment.json?url';
import { checkDataset, selectRows, type Rows, type TextDataset } from './dataset.js';
import { SENTIMENT_PIPELINE, SPAM_PIPELINE, buildVocab, encodeTexts } from './text_pipeline.js';
import { TextBatches } from './text_batches.js';
import { createTextModel, type TextClassifier } from './models/text_models.js';
import { createTrainer } from './training.js';
import { evaluateModel, type Evaluation } from './evaluate.js';
import { explainText } from './explain.js';
import { fineTuneOnTexts } from './finetune_examples.js';
import { loadModelBytes, modelToBytes, type ModelMeta } from './weights.js';
import { pagePort, yieldToEvents } from '../../shared/worker/page_port.js';
import { appBackends } from '../../shared/worker/app_backends.js';
import { toBatchPoint, toEpochPoint } from '../../shared/worker/trainer_events.js';
import { modelToFineTune } from '../../shared/worker/fine_tune_check.js';
import type { BackendName, FineTuneRequest, FromWorker, TaskName, ToWorker, TrainRequest } from './protocol.js';

const { post, status, serve } = pagePort<ToWorker, FromWorker>();
const backends = appBackends();

let backend: BackendName = 'cpu';
let current: { model: TextClassifier; vocab: Vocab; meta: ModelMeta } | null = null;
let abort: AbortController | null = null;
let lastEval: Evaluation | null = null;
/** The rows the current model was trained and scored on (fine-tuning replays and re-scores them). */
let trainRows: Rows | null = null;
let testRows: Rows | null = null;
const datasets: Partial<Record<TaskName, Promise<TextDataset>>> = {};
const URLS: Record<TaskName, string> = { spam: spamUrl, sentiment: sentimentUrl };

function dataset(task: TaskName): Promise<TextDataset> {
  return (datasets[task] ??= fetch(URLS[task]).then(async (r) => {
    if (!r.ok) throw new Error(`could not load the ${task} data (${r.status})`);
    return checkDataset(await r.json());
  }));
}

/** A seeded subset of `rows` (all when size is 0 or larger). */
function subsetRows(rows: Rows, size: number, seed: number): Rows {
  if (!size || size >= rows.texts.length) return rows;
  const pick = new SeededRandom(seed).permutation(rows.texts.length).slice(0, size);
  return { texts: pick.map((i) => rows.texts[i]), labels: pick.map((i) => rows.labels[i]) };
}

async function useBackend(name: BackendName): Promise<void> {
  await setBackend(name);
  backend = name;
  current?.model.to(name);
}

async function train(req: TrainRequest): Promise<void> {
  if (abort) throw new Error('training is already running');
  const started = performance.now();
  status(`Loading the ${req.task} data and the ${req.backend} backend…`);
  await useBackend(req.backend);
  const data = await dataset(req.task);
  const base = req.task === 'spam' ? SPAM_PIPELINE : SENTIMENT_PIPELINE;
  const pipeline = { ...base, maxLen: req.maxLen || base.maxLen };
  const rows = subsetRows(selectRows(data, 'train'), req.trainSize, req.seed);
  const test = subsetRows(selectRows(data, 'test'), req.testSize, req.seed);
  const vocab = buildVocab(rows.texts, pipeline);
  manualSeed(req.seed);
  current?.model.dispose();
  current = null;
  const model = createTextModel({ kind: req.model, vocabSize: vocab.size, numClasses: data.classes.length, maxLen: pipeline.maxLen });
  current = { model, vocab, meta: { kind: req.model, embedDim: model.embedding.embeddingDim, maxLen: pipeline.maxLen, classes: data.classes, corpus: req.task } };
  trainRows = rows;
  testRows = test;
  lastEval = null;
  const loader = new TextBatches(encodeTexts(vocab, rows.texts, pipeline.maxLen), rows.labels, { batchSize: req.batchSize, seed: req.seed });
  const trainer = createTrainer(model, { lr: req.lr, callbacks: [{ onBatchEnd: yieldToEvents }] });
  trainer.on('batchEnd', (e) => post({ type: 'batch', point: toBatchPoint(e) }));
  trainer.on('epochEnd', (e) => post({ type: 'epoch', point: toEpochPoint(e) }));
  abort = new AbortController();
  status(`Training a ${req.model} on ${rows.texts.length.toLocaleString()} ${req.task} texts (vocab ${vocab.size.toLocaleString()}, ${req.backend})…`);
  try {
    await trainer.fit({ train: loader, epochs: req.epochs, signal: abort.signal, seed: req.seed });
    post({ type: 'trained', stopped: abort.signal.aborted, seconds: (performance.now() - started) / 1000, classes: data.classes, task: req.task });
  } finally {
    trainer.optimizer.dispose();
    abort = null;
  }
  await evaluate();
}

async function evaluate(): Promise<Evaluation> {
  if (!current) throw new Error('train or load a model first');
  const { model, vocab, meta } = current;
  if (!testRows) testRows = selectRows(await dataset(meta.corpus === 'sentiment' ? 'sentiment' : 'spam'), 'test');
  status('Scoring the test set…');
  const r = await evaluateModel(model, encodeTexts(vocab, testRows.texts, meta.maxLen), testRows.labels, meta.classes.length, yieldToEvents);
  post({ type: 'confusion', classes: meta.classes, accuracy: r.accuracy, count: r.count, matrix: r.matrix, precision: r.report.precision, recall: r.report.recall, f1: r.report.f1 });
  status(`Test accuracy ${(100 * r.accuracy).toFixed(2)}% on ${r.count.toLocaleString()} texts.`);
  lastEval = r;
  return r;
}

async function fineTune(req: FineTuneRequest): Promise<void> {
  const { model, vocab, meta } = modelToFineTune(current, { running: abort !== null, examples: req.examples.length });
  const before = lastEval ?? await evaluate();
  const replay = trainRows ?? selectRows(await dataset(meta.corpus === 'sentiment' ? 'sentiment' : 'spam'), 'train');
  status(`Fine-tuning on ${req.examples.length} of your examples (+ replay of training texts)…`);
  abort = new AbortController();
  let r;
  try {
    r = await fineTuneOnTexts(model, vocab, req.examples, {
      replay, maxLen: meta.maxLen, epochs: req.epochs, signal: abort.signal,
      callbacks: [{ onBatchEnd: async (e) => { post({ type: 'batch', point: toBatchPoint(e) }); await yieldToEvents(); } }],
    });
  } finally {
    abort = null;
  }
  const after = await evaluate();
  post({
    type: 'finetuned', examples: r.examples, replay: r.replay, epochs: r.epochs, stopped: r.stopped, seconds: r.seconds,
    exampleProbBefore: r.probBefore, exampleProbAfter: r.probAfter, accuracyBefore: before.accuracy, accuracyAfter: after.accuracy,
  });
}

async function handle(msg: ToWorker): Promise<void> {
  switch (msg.type) {
    case 'train': return train(msg);
    case 'stop': abort?.abort(); return;
    case 'evaluate': await evaluate(); return;
    case 'finetune': return fineTune(msg);
    case 'predict': {
      if (!current) throw new Error('train or load a model first');
      const { probs, tokens } = await explainText(current.model, current.vocab, msg.text, current.meta.maxLen, { explain: msg.explain, maxOccluded: 64, method: msg.method });
      post({ type: 'prediction', id: msg.id, probs, tokens });
      return;
    }
    case 'save': {
      if (!current) throw new Error('train or load a model first');
      const bytes = await modelToBytes(current.model, current.vocab, current.meta, { trainedOn: backend, savedAt: new Date().toISOString(), testAccuracy: lastEval?.accuracy ?? null });
      post({ type: 'saved', id: msg.id, bytes }, [bytes.buffer]);
      return;
    }
    case 'load': {
      if (abort) throw new Error('wait for training to finish, then load');
      await useBackend(backend);
      const next = loadModelBytes(msg.bytes);
      current?.model.dispose();
      current = { model: next.model, vocab: next.vocab, meta: next.meta };
      const task: TaskName = next.meta.corpus === 'sentiment' ? 'sentiment' : 'spam';
      // Keep the rows when the file is for the task that was trained here; else use the full splits.
      if (!trainRows || !testRows || !(await dataset(task)).classes.every((c, i) => c === next.meta.classes[i])) { trainRows = null; testRows = null; }
      lastEval = null;
      post({ type: 'loaded', id: msg.id, classes: next.meta.classes, task, kind: next.meta.kind });
      return;
    }
  }
}

serve(handle);
post({ type: 'ready', backends });
