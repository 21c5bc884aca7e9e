/**
 * Fine-tuning on the user's own labelled texts: the examples, repeated so that they make up
 * about a quarter of each epoch, mixed with a seeded replay sample of the training texts
 * so that the model learns them without forgetting the rest. All layers train, at a small
 * learning rate. Shared by the worker and the tests (tensors only, no DOM).
 */
import { SeededRandom, type Vocab } from '@tensorloom/data';
import type { Callback } from '@tensorloom/finetune';
import type { TextClassifier } from './models/text_models.js';
import { encodeTexts } from './text_pipeline.js';
import { TextBatches } from './text_batches.js';
import { createTrainer } from './training.js';
import { predictProbs } from './evaluate.js';

export interface LabelledText { text: string; label: number }

export interface ExampleFineTuneOptions {
  /** Training texts to draw the replay sample from. */
  replay: { texts: readonly string[]; labels: readonly number[] };
  replaySize?: number;
  epochs?: number;
  lr?: number;
  batchSize?: number;
  seed?: number;
  maxLen: number;
  signal?: AbortSignal;
  callbacks?: Callback[];
}

export interface ExampleFineTuneResult { examples: number; replay: number; repeats: number; epochs: number; stopped: boolean; seconds: number; probBefore: number; probAfter: number }

/** Mean probability the model gives each example's own label. */
export async function meanLabelProb(model: TextClassifier, vocab: Vocab, examples: readonly LabelledText[], maxLen: number): Promise<number> {
  const probs = await predictProbs(model, encodeTexts(vocab, examples.map((e) => e.text), maxLen));
  return probs.reduce((s, p, i) => s + p[examples[i].label], 0) / Math.max(1, examples.length);
}

/**
 * Fine-tunes `model` in place on `examples` (+ replay). Frees every tensor it made.
 *
 * @example
 * const r = await fineTuneOnTexts(model, vocab, [{ text: 'cheap meds here', label: 1 }], { replay: train, maxLen: 128 });
 * r.probBefore; r.probAfter;
 */
export async function fineTuneOnTexts(model: TextClassifier, vocab: Vocab, examples: readonly LabelledText[], options: ExampleFineTuneOptions): Promise<ExampleFineTuneResult> {
  if (examples.length === 0) throw new Error('add some examples first');
  const numClasses = model.head.outFeatures;
  for (const e of examples) if (!Number.isInteger(e.label) || e.label < 0 || e.label >= numClasses) throw new Error(`an example has label ${e.label}; the model has ${numClasses} classes`);
  const started = performance.now();
  const { epochs = 3, lr = 1e-3, batchSize = 16, seed = 0, maxLen } = options;
  const nReplay = Math.min(options.replaySize ?? 200, options.replay.texts.length);
  const pick = new SeededRandom(seed).permutation(options.replay.texts.length).slice(0, nReplay);
  const repeats = Math.max(1, Math.round(nReplay / (3 * examples.length)));
  const texts = [...pick.map((i) => options.replay.texts[i])];
  const labels = [...pick.map((i) => options.replay.labels[i])];
  for (const e of examples) for (let r = 0; r < repeats; r++) { texts.push(e.text); labels.push(e.label); }
  const probBefore = await meanLabelProb(model, vocab, examples, maxLen);
  const trainer = createTrainer(model, { lr, callbacks: options.callbacks });
  try {
    const history = await trainer.fit({ train: new TextBatches(encodeTexts(vocab, texts, maxLen), labels, { batchSize, seed }), epochs, signal: options.signal, seed });
    const done = history.epoch.length;
    const probAfter = await meanLabelProb(model, vocab, examples, maxLen);
    return { examples: examples.length, replay: nReplay, repeats, epochs: done, stopped: done < epochs, seconds: (performance.now() - started) / 1000, probBefore, probAfter };
  } finally {
    trainer.optimizer.dispose();
  }
}
