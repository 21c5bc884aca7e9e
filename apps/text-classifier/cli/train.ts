/**
 * The CLI: `pnpm --filter text-classifier train -- --task spam|sentiment|transfer`.
 * spam / sentiment: trains a classifier with a progress bar, prints test accuracy,
 * precision / recall / F1 per class and the confusion matrix beside a Naive Bayes baseline
 * on the same split, and saves the model. transfer: the Yelp + Amazon → IMDB experiment
 * (see src/transfer.ts) with random and, when fetched, GloVe initialisation.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { manualSeed, memory, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { EarlyStopping, ProgressBar, loadCheckpoint, readSafetensors, saveCheckpoint } from '@tensorloom/finetune';
import { checkDataset, selectRows, type CorpusName } from '../src/dataset.js';
import { SENTIMENT_PIPELINE, SPAM_PIPELINE, TRUNCATIONS, buildVocab, encodeTexts, textTokens, type Truncation } from '../src/text_pipeline.js';
import { TextBatches } from '../src/text_batches.js';
import { LSTM_POOLINGS, MODEL_KINDS, createTextModel, type LstmPooling, type ModelKind } from '../src/models/text_models.js';
import { SENTIMENT_RECIPE, SPAM_RECIPE, createTrainer } from '../src/training.js';
import { argmaxRows, meanProbabilities, predictProbs, scorePredictions } from '../src/evaluate.js';
import { NaiveBayes } from '../src/naive_bayes.js';
import { TRANSFER_DEFAULTS, formatTransferTable, runTransfer } from '../src/transfer.js';
import { initEmbedding } from '../src/glove.js';
import { ARCH } from '../src/weights.js';
import { formatReport } from './format_report.js';

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const gloveDefault = join(appDir, '.cache', 'glove-100d-cut.json');
const { values: opts } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    task: { type: 'string', default: 'spam' },
    model: { type: 'string', default: 'lstm' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string', default: '32' },
    lr: { type: 'string', default: '0.003' },
    'max-len': { type: 'string' },
    truncate: { type: 'string' },
    'weight-decay': { type: 'string' },
    'embed-dim': { type: 'string' },
    pooling: { type: 'string', default: 'lastMean' },
    'min-freq': { type: 'string' },
    'max-vocab': { type: 'string' },
    dropout: { type: 'string' },
    clip: { type: 'string' },
    schedule: { type: 'string' },
    'drop-at': { type: 'string' },
    'drop-lr': { type: 'string' },
    patience: { type: 'string' },
    monitor: { type: 'string' },
    seed: { type: 'string', default: '0' },
    ensemble: { type: 'string' },
    glove: { type: 'string' },
    'no-glove': { type: 'boolean', default: false },
    out: { type: 'string' },
    resume: { type: 'string' },
    'val-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (opts.help) {
  console.log(`Usage: pnpm --filter text-classifier train -- [options]
  --task spam|sentiment|transfer   what to train (default spam)
  --model lstm|bag|transformer     the classifier (default lstm: Embedding → LSTM(64) → Dense)
  --epochs N                       (default: spam ${SPAM_RECIPE.epochs}, sentiment 8; transfer: ${TRANSFER_DEFAULTS.sourceEpochs} on the source)
  --batch-size N                   (default 32)
  --lr X                           Adam learning rate (default 0.003)
  --weight-decay X                 AdamW with this decoupled weight decay (default: spam ${SPAM_RECIPE.weightDecay || 'off'}, sentiment ${SENTIMENT_RECIPE.weightDecay || 'off'}; 0 = Adam)
  --max-len N                      tokens read per text (default: spam ${SPAM_PIPELINE.maxLen}, sentiment ${SENTIMENT_PIPELINE.maxLen})
  --truncate head|headTail         a longer text keeps its first N tokens, or its first N/2 and last N/2
                                   (default: spam ${SPAM_PIPELINE.truncation ?? 'head'}, sentiment ${SENTIMENT_PIPELINE.truncation ?? 'head'})
  --pooling lastMean|lastMeanMax|meanMax
                                   lstm: what the head reads from the states: last state + mean (default),
                                   + masked max, or mean + max
  --embed-dim N                    embedding width (default 64; 100 with GloVe and in the transfer task)
  --min-freq N, --max-vocab N      vocabulary: tokens seen at least N times, at most N entries
                                   (default: spam ${SPAM_PIPELINE.minFreq} / ${SPAM_PIPELINE.maxVocab}, sentiment ${SENTIMENT_PIPELINE.minFreq} / ${SENTIMENT_PIPELINE.maxVocab})
  --dropout P                      dropout before the head (default 0.2)
  --clip X                         clip the gradients' joint L2 norm to X (default: spam ${SPAM_RECIPE.clip || 'off'}, sentiment ${SENTIMENT_RECIPE.clip || 'off'}; 0 = off)
  --schedule constant|cosine|step  lr: constant, cosine down to lr/100 over all --epochs (per step), or step:
                                   --lr for --drop-at epochs, then --drop-lr (default: spam ${SPAM_RECIPE.schedule}, sentiment ${SENTIMENT_RECIPE.schedule})
  --drop-at N, --drop-lr X         the step schedule (default: spam ${SPAM_RECIPE.dropAt} / ${SPAM_RECIPE.dropLr}, sentiment ${SENTIMENT_RECIPE.dropAt} / ${SENTIMENT_RECIPE.dropLr})
  --patience N                     early stopping: stop after N epochs without a better --monitor on the
                                   validation split and keep the best epoch's weights (default: spam ${SPAM_RECIPE.patience || 'off'}, sentiment ${SENTIMENT_RECIPE.patience || 'off'}; 0 = off)
  --monitor valLoss|valAccuracy    what early stopping watches (default: spam ${SPAM_RECIPE.monitor}, sentiment ${SENTIMENT_RECIPE.monitor})
  --seed N                         seed of init and shuffle (default 0; the split is fixed by prepare-data)
  --ensemble N                     train N models, seeds --seed, --seed + 1, …, and classify by their mean class
                                   probabilities (default: spam ${SPAM_RECIPE.ensemble}, sentiment ${SENTIMENT_RECIPE.ensemble}); each is
                                   saved (…-seed<k>.safetensors when N > 1) and scored alone too
  --glove PATH                     initialise the embedding from cut GloVe vectors (transfer: default
                                   .cache/glove-100d-cut.json when present; make it with
                                   \`pnpm --filter text-classifier fetch-glove\`)
  --no-glove                       random init only
  --out PATH                       where to save the model (default models/<task>-<model>.safetensors)
  --resume PATH                    continue a saved spam / sentiment run (weights, Adam state, epoch)
                                   up to --epochs, at --lr
  --val-only                       report on the validation split instead of test (model selection:
                                   the test split is then never scored)`);
  process.exit(0);
}

const num = (name: keyof typeof opts, fallback?: number): number => {
  const raw = opts[name] ?? fallback;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0) { console.error(`--${name} must be a non-negative number, got ${String(raw)}`); process.exit(2); }
  return v;
};
const task = opts.task as string;
if (!['spam', 'sentiment', 'transfer'].includes(task)) { console.error(`--task must be spam, sentiment or transfer, got ${task}`); process.exit(2); }
const kind = opts.model as ModelKind;
if (!MODEL_KINDS.includes(kind)) { console.error(`--model must be one of ${MODEL_KINDS.join(', ')}, got ${kind}`); process.exit(2); }
const seed = num('seed');
const pooling = opts.pooling as LstmPooling;
if (!LSTM_POOLINGS.includes(pooling)) { console.error(`--pooling must be one of ${LSTM_POOLINGS.join(', ')}, got ${pooling}`); process.exit(2); }
// GloVe: --glove PATH for any task; the transfer task also takes the fetched file by default.
const glovePath = opts['no-glove'] ? null : opts.glove ? resolve(opts.glove) : task === 'transfer' && existsSync(gloveDefault) ? gloveDefault : null;
if (opts.glove && !existsSync(resolve(opts.glove))) { console.error(`--glove: ${opts.glove} does not exist`); process.exit(2); }

registerCpuBackend();
await setBackend('cpu');

async function loadCorpus(name: CorpusName) {
  const path = join(appDir, 'generated', `${name}.json`);
  if (!existsSync(path)) { console.error(`${path} is missing: run \`pnpm --filter text-classifier prepare-data\``); process.exit(2); }
  return checkDataset(JSON.parse(await readFile(path, 'utf8')));
}
const loadGlove = async (): Promise<unknown | null> => (glovePath ? JSON.parse(await readFile(glovePath, 'utf8')) : null);

if (task === 'transfer') {
  const data = await loadCorpus('sentiment');
  const config = {
    ...TRANSFER_DEFAULTS, kind, seed, batchSize: num('batch-size'), sourceLr: num('lr'),
    sourceEpochs: num('epochs', TRANSFER_DEFAULTS.sourceEpochs), embedDim: num('embed-dim', TRANSFER_DEFAULTS.embedDim),
    callbacks: [new ProgressBar()], log: (l: string) => console.log(l),
  };
  console.log(`Transfer: ${kind}, embed ${config.embedDim}, source ${config.sourceEpochs} epochs at lr ${config.sourceLr}; IMDB head-only ${config.headEpochs} epochs at ${config.headLr}, then unfrozen ${config.unfrozenEpochs} epochs (embedding + encoder at ${config.unfrozenLr}, head at ${config.headLr / 2}); seed ${seed}`);
  const rows = [await runTransfer(data, config, null)];
  const glove = await loadGlove();
  if (glove) {
    rows.push(await runTransfer(data, config, glove));
    const c = rows[1].coverage!;
    console.log(`GloVe coverage: ${c.found}/${c.total} vocabulary entries (${(100 * c.vocabCoverage).toFixed(1)}%), ${(100 * c.tokenCoverage).toFixed(1)}% of training tokens; missing e.g. ${c.missing.slice(0, 8).join(' ')}`);
  } else {
    console.log('GloVe: not fetched (run `pnpm --filter text-classifier fetch-glove`); random init only.');
  }
  console.log(`\n${formatTransferTable(rows, selectRows(data, 'test', ['imdb']).texts.length)}`);
  process.exit(0);
}

const corpus = task as CorpusName;
const data = await loadCorpus(corpus);
const base = corpus === 'spam' ? SPAM_PIPELINE : SENTIMENT_PIPELINE;
const truncation = (opts.truncate ?? base.truncation ?? 'head') as Truncation;
if (!TRUNCATIONS.includes(truncation)) { console.error(`--truncate must be ${TRUNCATIONS.join(' or ')}, got ${truncation}`); process.exit(2); }
const pipeline = { maxLen: num('max-len', base.maxLen), minFreq: num('min-freq', base.minFreq), maxVocab: num('max-vocab', base.maxVocab), truncation };
const recipe = corpus === 'spam' ? SPAM_RECIPE : SENTIMENT_RECIPE;
const clip = num('clip', recipe.clip);
const weightDecay = num('weight-decay', recipe.weightDecay);
const schedule = (opts.schedule ?? recipe.schedule) as string;
if (!['constant', 'cosine', 'step'].includes(schedule)) { console.error(`--schedule must be constant, cosine or step, got ${schedule}`); process.exit(2); }
if (schedule !== 'constant' && opts.resume) { console.error('--resume continues at a constant --lr: add --schedule constant'); process.exit(2); }
const dropAt = num('drop-at', recipe.dropAt), dropLr = num('drop-lr', recipe.dropLr);
if (schedule === 'step' && (!Number.isInteger(dropAt) || dropAt < 1 || dropLr <= 0)) { console.error(`--schedule step needs --drop-at ≥ 1 (whole epochs) and --drop-lr > 0, got ${dropAt} and ${dropLr}`); process.exit(2); }
const scheduleText = schedule === 'step' ? `step: ${dropLr} after epoch ${dropAt}` : schedule;
const patience = num('patience', recipe.patience);
const monitor = opts.monitor ?? recipe.monitor;
if (!['valLoss', 'valAccuracy'].includes(monitor)) { console.error(`--monitor must be valLoss or valAccuracy, got ${monitor}`); process.exit(2); }
const valOnly = opts['val-only'] as boolean;
const [train, val, test] = (['train', 'val', valOnly ? 'val' : 'test'] as const).map((s) => selectRows(data, s));
const scored = valOnly ? 'validation' : 'test';
const classes = data.classes;

// Naive Bayes on the same split (all tokens of each text).
let t0 = performance.now();
const nb = NaiveBayes.fit(train.texts.map((t) => textTokens(t)), train.labels, classes.length);
const nbEval = await scorePredictions(test.texts.map((t) => nb.predict(textTokens(t))), test.labels, classes.length);
const nbSeconds = (performance.now() - t0) / 1000;

const vocab = buildVocab(train.texts, pipeline);
const [trainSeqs, valSeqs, testSeqs] = [train, val, test].map((r) => encodeTexts(vocab, r.texts, pipeline.maxLen, truncation));
const glove = await loadGlove();
const embedDim = num('embed-dim', glove ? 100 : 64);
const epochs = num('epochs', recipe.epochs);
const batchSize = num('batch-size');
const ensemble = num('ensemble', recipe.ensemble);
if (!Number.isInteger(ensemble) || ensemble < 1) { console.error(`--ensemble must be a whole number ≥ 1, got ${ensemble}`); process.exit(2); }
if (ensemble > 1 && opts.resume) { console.error('--resume continues one model: leave out --ensemble'); process.exit(2); }
const outBase = resolve(opts.out ?? join(appDir, 'models', `${corpus}-${kind}.safetensors`));

/** Trains one model with `seed`, reports it on the scored split, saves it to `out`; returns its class probabilities there. */
async function trainOne(seed: number, out: string): Promise<{ probs: number[][]; accuracy: number }> {
  manualSeed(seed);
  const model = createTextModel({ kind, vocabSize: vocab.size, numClasses: classes.length, embedDim, maxLen: pipeline.maxLen, dropout: num('dropout', 0.2), pooling });
  if (glove) {
    const c = initEmbedding(model.embedding, vocab, glove, seed);
    console.log(`GloVe init: ${c.found}/${c.total} vocabulary entries (${(100 * c.vocabCoverage).toFixed(1)}%), ${(100 * c.tokenCoverage).toFixed(1)}% of training tokens`);
  }
  const trainBatches = new TextBatches(trainSeqs, train.labels, { batchSize, seed });
  console.log(`${corpus}: ${kind} (${model.numParameters().toLocaleString()} parameters, vocab ${vocab.size.toLocaleString()}, ${pipeline.maxLen} tokens (${truncation}), embed ${embedDim}${kind === 'lstm' ? `, pooling ${pooling}` : ''}) on cpu: ` +
    `${train.texts.length} train, ${val.texts.length} val, ${test.texts.length} ${valOnly ? 'val scored (test unused)' : 'test'}; batch ${batchSize}, ${weightDecay ? `AdamW (weight decay ${weightDecay})` : 'Adam'} lr ${opts.lr} (${scheduleText}), clip ${clip || 'off'}, dropout ${num('dropout', 0.2)}, ` +
    `${epochs} epochs${patience ? `, early stopping on ${monitor} (patience ${patience})` : ''}, seed ${seed}`);
  const stopper = patience ? new EarlyStopping({ monitor, patience, restoreBestWeights: true }) : null;
  const trainer = createTrainer(model, {
    lr: num('lr'), weightDecay, clipNorm: clip || undefined, cosineSteps: schedule === 'cosine' ? epochs * trainBatches.length : undefined,
    lrDrop: schedule === 'step' ? { epochs: dropAt, factor: dropLr / num('lr') } : undefined,
    callbacks: [new ProgressBar(), ...(stopper ? [stopper] : [])],
  });
  let initialEpoch = 0;
  if (opts.resume) {
    // The vocabulary is rebuilt from the same training texts: it must be the saved one.
    const saved = JSON.parse(readSafetensors(new Uint8Array(await readFile(resolve(opts.resume)))).metadata.extra ?? '{}') as { vocab?: { tokens?: string[] }; kind?: string; pooling?: string };
    if (saved.kind !== kind || (kind === 'lstm' && (saved.pooling ?? 'lastMean') !== pooling) || JSON.stringify(saved.vocab?.tokens) !== JSON.stringify(vocab.tokens)) { console.error(`--resume: ${opts.resume} is not a ${kind} model of this task and pipeline`); process.exit(2); }
    initialEpoch = (await loadCheckpoint(resolve(opts.resume), { model, optimizer: trainer.optimizer })).epoch;
    for (const g of trainer.optimizer.paramGroups) g.lr = num('lr');
    console.log(`Resumed ${opts.resume} after epoch ${initialEpoch}; lr now ${opts.lr}`);
  }
  t0 = performance.now();
  const history = await trainer.fit({
    initialEpoch,
    train: trainBatches,
    val: new TextBatches(valSeqs, val.labels, { batchSize: 128, seed, shuffle: false }),
    epochs, seed,
  });
  const seconds = history.history.seconds ?? [];
  console.log(`\nSeconds per epoch: ${seconds.map((s) => s.toFixed(1)).join(', ')} (total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  if (stopper) console.log(`Early stopping: best ${monitor} ${stopper.best.toFixed(4)} at epoch ${stopper.bestEpoch + 1}${stopper.stoppedEpoch >= 0 ? `, stopped after epoch ${stopper.stoppedEpoch + 1}` : ''}; the model keeps epoch ${stopper.bestEpoch + 1}'s weights`);
  const probs = await predictProbs(model, testSeqs);
  const r = await scorePredictions(argmaxRows(probs), test.labels, classes.length);
  console.log(`\n${formatReport(`${kind} (seed ${seed})`, r, classes)}\n`);
  console.log(`${formatReport(`Naive Bayes (same split, all tokens; ${nbSeconds.toFixed(1)} s)`, nbEval, classes)}\n`);
  console.log(`${valOnly ? 'Validation' : 'Test'} accuracy: ${kind} ${(100 * r.accuracy).toFixed(2)}% vs Naive Bayes ${(100 * nbEval.accuracy).toFixed(2)}% on ${r.count} ${corpus} ${scored} texts`);

  await mkdir(dirname(out), { recursive: true });
  await saveCheckpoint(out, {
    model, optimizer: trainer.optimizer, epoch: stopper && stopper.bestEpoch >= 0 ? stopper.bestEpoch + 1 : initialEpoch + history.epoch.length,
    extra: { arch: ARCH, kind, embedDim, ...(kind === 'lstm' ? { pooling } : {}), classes, corpus, maxLen: pipeline.maxLen, truncation, vocab: vocab.toJSON(), ...(valOnly ? { valAccuracy: r.accuracy } : { testAccuracy: r.accuracy }), seed,
      recipe: { lr: num('lr'), weightDecay, batchSize, epochs, schedule, ...(schedule === 'step' ? { dropAt, dropLr } : {}), clip, patience, monitor, dropout: num('dropout', 0.2), minFreq: pipeline.minFreq, maxVocab: pipeline.maxVocab, bestEpoch: stopper ? stopper.bestEpoch + 1 : null } },
  });
  console.log(`Saved the model to ${out}`);
  trainer.optimizer.dispose();
  model.dispose();
  return { probs, accuracy: r.accuracy };
}

const members: { seed: number; accuracy: number; probs: number[][] }[] = [];
for (let k = 0; k < ensemble; k++) {
  const s = seed + k;
  if (ensemble > 1) console.log(`\n— ensemble member ${k + 1}/${ensemble}: seed ${s}`);
  const out = ensemble > 1 ? outBase.replace(/(\.safetensors)?$/, `-seed${s}.safetensors`) : outBase;
  members.push({ seed: s, ...(await trainOne(s, out)) });
}
if (ensemble > 1) {
  const mean = meanProbabilities(members.map((m) => m.probs));
  const e = await scorePredictions(argmaxRows(mean), test.labels, classes.length);
  const title = `ensemble of ${ensemble} ${kind} models (seeds ${members.map((m) => m.seed).join(', ')}; mean class probabilities)`;
  console.log(`\n${formatReport(title, e, classes)}\n`);
  console.log(`Members: ${members.map((m) => `seed ${m.seed} ${(100 * m.accuracy).toFixed(2)}%`).join(', ')}`);
  console.log(`${valOnly ? 'Validation' : 'Test'} accuracy: ensemble of ${ensemble} ${kind} ${(100 * e.accuracy).toFixed(2)}% vs Naive Bayes ${(100 * nbEval.accuracy).toFixed(2)}% on ${e.count} ${corpus} ${scored} texts`);
}
console.log(`Live tensors: ${memory().numTensors}`);
