import { readFileSync } from 'node:fs';
import { manualSeed, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { checkDataset, selectRows } from '../src/dataset.js';
import { SPAM_PIPELINE, buildVocab, encodeTexts } from '../src/text_pipeline.js';
import { TextBatches } from '../src/text_batches.js';
import { createTextModel } from '../src/models/text_models.js';
import { createTrainer } from '../src/training.js';
registerCpuBackend(); await setBackend('cpu');
const data = checkDataset(JSON.parse(readFileSync('/work/wt-textapp/apps/text-classifier/generated/spam.json', 'utf8')));
const train = selectRows(data, 'train');
for (const T of [64, 128]) {
  const vocab = buildVocab(train.texts, { ...SPAM_PIPELINE, maxLen: T });
  const seqs = encodeTexts(vocab, train.texts.slice(0, 320), T);
  manualSeed(0);
  const model = createTextModel({ kind: 'lstm', vocabSize: vocab.size, numClasses: 2, maxLen: T });
  const tr = createTrainer(model, { lr: 3e-3 });
  const t0 = performance.now();
  await tr.fit({ train: new TextBatches(seqs, train.labels.slice(0, 320), { batchSize: 32, seed: 0 }), epochs: 1 });
  console.log(T, 'mean len', seqs.reduce((a, s) => a + s.length, 0) / seqs.length, ((performance.now() - t0) / 10).toFixed(0), 'ms/step');
}
