/**
 * Scores saved models on one split, alone and as an ensemble (the mean of their class
 * probabilities), beside Naive Bayes on the same split:
 * `pnpm --filter text-classifier score -- --split val models/a.safetensors models/b.safetensors`.
 * Models trained with `train -- --val-only` never saw the test split; scoring them on it is
 * a separate, deliberate step (`--split test`). Each model reads its texts with its own
 * saved `maxLen` and truncation.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { checkDataset, selectRows, type CorpusName } from '../src/dataset.js';
import { buildVocab, encodeTexts, textTokens, type Truncation } from '../src/text_pipeline.js';
import { argmaxRows, meanProbabilities, predictProbs, scorePredictions } from '../src/evaluate.js';
import { NaiveBayes } from '../src/naive_bayes.js';
import { loadModelBytes } from '../src/weights.js';
import { formatReport } from './format_report.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: opts, positionals: paths } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  allowPositionals: true,
  options: {
    split: { type: 'string' },
    dump: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help || paths.length === 0) {
  console.log(`Usage: pnpm --filter text-classifier score -- --split val|test MODEL.safetensors [MODEL …]
  --split val|test   the split to score (required: the test split only on purpose)
  --dump PATH        also write each text's label and class probabilities (each model, the
                     ensemble, Naive Bayes' log-posteriors) as JSON`);
  process.exit(paths.length === 0 && !opts.help ? 2 : 0);
}
const split = opts.split;
if (split !== 'val' && split !== 'test') { console.error(`--split must be val or test, got ${String(split)}`); process.exit(2); }

registerCpuBackend();
await setBackend('cpu');

const models = await Promise.all(paths.map(async (p) => {
  if (!existsSync(resolve(p))) { console.error(`${p} does not exist`); process.exit(2); }
  return { path: p, ...loadModelBytes(new Uint8Array(await readFile(resolve(p)))) };
}));
const corpus = models[0].meta.corpus as CorpusName;
if (models.some((m) => m.meta.corpus !== corpus || m.meta.classes.join() !== models[0].meta.classes.join())) { console.error('the models must be of one corpus and one set of classes'); process.exit(2); }
const dataPath = join(appDir, 'generated', `${corpus}.json`);
if (!existsSync(dataPath)) { console.error(`${dataPath} is missing: run \`pnpm --filter text-classifier prepare-data\``); process.exit(2); }
const data = checkDataset(JSON.parse(await readFile(dataPath, 'utf8')));
const [train, rows] = [selectRows(data, 'train'), selectRows(data, split)];
const classes = data.classes;
const name = split === 'val' ? 'validation' : 'test';

const nb = NaiveBayes.fit(train.texts.map((t) => textTokens(t)), train.labels, classes.length);
const nbScores = rows.texts.map((t) => nb.scores(textTokens(t)));
const nbEval = await scorePredictions(argmaxRows(nbScores), rows.labels, classes.length);

const probs: number[][][] = [];
for (const m of models) {
  const truncation = (m.extra.truncation ?? 'head') as Truncation;
  // The saved vocabulary must be the one the training texts give (same data, same pipeline).
  const recipe = (m.extra.recipe ?? {}) as { minFreq?: number; maxVocab?: number };
  if (recipe.minFreq !== undefined && recipe.maxVocab !== undefined) {
    const rebuilt = buildVocab(train.texts, { maxLen: m.meta.maxLen, minFreq: recipe.minFreq, maxVocab: recipe.maxVocab, truncation });
    if (rebuilt.tokens.join('\n') !== m.vocab.tokens.join('\n')) console.warn(`${m.path}: its vocabulary differs from the one the training texts give now`);
  }
  const p = await predictProbs(m.model, encodeTexts(m.vocab, rows.texts, m.meta.maxLen, truncation));
  probs.push(p);
  const e = await scorePredictions(argmaxRows(p), rows.labels, classes.length);
  console.log(`${m.path} (${m.meta.kind}${m.meta.pooling ? ` ${m.meta.pooling}` : ''}, ${m.meta.maxLen} tokens ${truncation}, seed ${String(m.extra.seed)}): ${(100 * e.accuracy).toFixed(2)}% on ${e.count} ${name} texts`);
  m.model.dispose();
}
const mean = meanProbabilities(probs);
const ens = await scorePredictions(argmaxRows(mean), rows.labels, classes.length);
console.log(`\n${formatReport(models.length > 1 ? `ensemble of ${models.length} (mean probabilities)` : models[0].path, ens, classes)}\n`);
console.log(`${formatReport('Naive Bayes (same split, all tokens)', nbEval, classes)}\n`);
console.log(`${split === 'val' ? 'Validation' : 'Test'} accuracy: ${models.length > 1 ? `ensemble of ${models.length}` : models[0].meta.kind} ${(100 * ens.accuracy).toFixed(2)}% vs Naive Bayes ${(100 * nbEval.accuracy).toFixed(2)}% on ${ens.count} ${corpus} ${name} texts`);
if (opts.dump) {
  await writeFile(resolve(opts.dump), JSON.stringify({ split, models: paths, labels: rows.labels, probs, mean, nbScores }));
  console.log(`Wrote ${opts.dump}`);
}
