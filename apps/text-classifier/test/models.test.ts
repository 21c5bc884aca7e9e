/**
 * The models on the CPU backend: the LSTM runner against nn's LSTM (itself checked against
 * PyTorch goldens) in values and gradients, padding invariance of every model, save/load
 * round trips, freezing, occlusion weights, and flat memory across training steps.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { manualSeed, memory, randn, setBackend, tensor, tidy, noGrad, softmax, type Tensor } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { LSTM, Adam } from '@tensorloom/nn';
import { Vocab } from '@tensorloom/data';
import { lstmLastState, unstack } from '../src/models/lstm_last_state.js';
import { LSTM_POOLINGS, MODEL_KINDS, createTextModel, type LstmClassifier, type LstmPooling, type ModelKind, type TextClassifier } from '../src/models/text_models.js';
import { makeBatch, TextBatches } from '../src/text_batches.js';
import { createTrainer } from '../src/training.js';
import { freeze, groupsByLr, trainableParameters } from '../src/freeze.js';
import { loadModelBytes, modelToBytes } from '../src/weights.js';
import { explainText } from '../src/explain.js';
import { predictProbs } from '../src/evaluate.js';
import { encodeTexts } from '../src/text_pipeline.js';

beforeAll(async () => { registerCpuBackend(); await setBackend('cpu'); });

/** Every model, and the lstm with each of its poolings. */
const VARIANTS: [string, ModelKind, LstmPooling | undefined][] = [
  ...MODEL_KINDS.map((k): [string, ModelKind, undefined] => [k, k, undefined]),
  ...LSTM_POOLINGS.filter((p) => p !== 'lastMean').map((p): [string, ModelKind, LstmPooling] => [`lstm ${p}`, 'lstm', p]),
];

const values = (t: Tensor): number[] => Array.from(t.dataSync());
const close = (a: number[], b: number[], tol = 1e-5): void => { expect(a.length).toBe(b.length); a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(tol + tol * Math.abs(b[i]))); };

describe('lstmLastState', () => {
  test('unstack gives each step', () => {
    const x = tensor(Float32Array.from({ length: 5 * 2 }, (_, i) => i), { shape: [5, 2] });
    expect(unstack(x).map(values)).toEqual([[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]);
    x.dispose();
  });

  test('equals nn.LSTM run on each row cut to its length, values and gradients', () => {
    manualSeed(1);
    const lstm = new LSTM(3, 4, { batchFirst: true });
    const lengths = [5, 2, 1];
    const x = randn([3, 5, 3]);
    const mask = tensor(Float32Array.from({ length: 15 }, (_, i) => (i % 5 < lengths[Math.floor(i / 5)] ? 1 : 0)), { shape: [3, 5] });
    const { last, outputs } = lstmLastState(lstm, x, mask);
    lengths.forEach((n, r) => {
      const [out, [hn]] = lstm.forward(x.narrow(0, r, 1).narrow(1, 0, n));
      close(values(last.narrow(0, r, 1)), values(hn));
      close(values(outputs.narrow(0, r, 1).narrow(1, 0, n)), values(out));
    });
    // Gradients of a loss on the full, unpadded outputs: ours vs nn's.
    const full = tensor(new Float32Array(15).fill(1), { shape: [3, 5] });
    const w = randn([3, 5, 4]);
    const grads = (f: () => Tensor): number[][] => {
      for (const p of lstm.parameters()) p.grad = null;
      const l = f(); l.backward(); l.dispose();
      return lstm.parameters().map((p) => values(p.grad!));
    };
    const ours = grads(() => tidy(() => lstmLastState(lstm, x, full).outputs.mul(w).sum()));
    const theirs = grads(() => tidy(() => lstm.forward(x)[0].mul(w).sum()));
    ours.forEach((g, i) => close(g, theirs[i], 1e-4));
  });
});

describe('text models', () => {
  const vocabSize = 50;
  const seqs = [Int32Array.of(5, 6, 7, 8), Int32Array.of(9), Int32Array.of(10, 11)];

  test.each(VARIANTS)('%s: logits [B, C], and padding does not change them', (_, kind, pooling) => {
    manualSeed(2);
    const model = createTextModel({ kind, vocabSize, numClasses: 3, embedDim: 8, hidden: 8, maxLen: 16, pooling });
    model.eval();
    const [x, y] = makeBatch(seqs, [0, 1, 2]);
    expect(values(x)).toEqual([5, 6, 7, 8, 9, 0, 0, 0, 10, 11, 0, 0]);
    const padded = tensor(Int32Array.of(5, 6, 7, 8, 0, 9, 0, 0, 0, 0, 10, 11, 0, 0, 0), { shape: [3, 5], dtype: 'int32' });
    const a = noGrad(() => model.forward(x));
    const b = noGrad(() => model.forward(padded));
    expect(a.shape).toEqual([3, 3]);
    close(values(a), values(b), 1e-5);
    // Each row alone gives the same logits as in the batch.
    seqs.forEach((s, r) => {
      const [xi, yi] = makeBatch([s], [0]);
      const li = noGrad(() => model.forward(xi));
      close(values(li), values(a).slice(3 * r, 3 * r + 3), 1e-5);
      for (const t of [xi, yi, li]) t.dispose();
    });
    for (const t of [x, y, padded, a, b]) t.dispose();
    model.dispose();
  });

  test.each(['lastMean', 'lastMeanMax', 'meanMax'] as const)('lstm %s: the head reads the last state / mean / max of the states over the real tokens (host oracle)', (pooling) => {
    manualSeed(5);
    const model = createTextModel({ kind: 'lstm', vocabSize, numClasses: 2, embedDim: 8, hidden: 4, pooling, dropout: 0 }) as LstmClassifier;
    model.eval();
    const [x, y] = makeBatch(seqs, [0, 1, 0]);
    const mask = x.notEqual(0).cast('float32');
    const states = noGrad(() => lstmLastState(model.lstm, model.embedding.forward(x), mask).outputs); // [3, 4, 4]
    const h = values(states), logits = values(noGrad(() => model.forward(x)));
    const w = values(model.head.getParameter('weight').value), bias = values(model.head.getParameter('bias').value);
    const width = { lastMean: 8, lastMeanMax: 12, meanMax: 8 }[pooling];
    expect(model.head.getParameter('weight').value.shape).toEqual([2, width]);
    seqs.forEach((s, r) => {
      const at = (t: number, k: number): number => h[(r * 4 + t) * 4 + k];
      const n = s.length, ks = [0, 1, 2, 3];
      const last = ks.map((k) => at(n - 1, k));
      const mean = ks.map((k) => Array.from({ length: n }, (_, t) => at(t, k)).reduce((a, b) => a + b) / n);
      const max = ks.map((k) => Math.max(...Array.from({ length: n }, (_, t) => at(t, k))));
      const features = { lastMean: [...last, ...mean], lastMeanMax: [...last, ...mean, ...max], meanMax: [...mean, ...max] }[pooling];
      const expected = [0, 1].map((c) => bias[c] + features.reduce((a, f, j) => a + f * w[c * width + j], 0));
      close(logits.slice(2 * r, 2 * r + 2), expected, 1e-5);
    });
    for (const t of [x, y, mask, states]) t.dispose();
    model.dispose();
    expect(() => createTextModel({ kind: 'lstm', vocabSize, numClasses: 2, pooling: 'max' as LstmPooling })).toThrow(/pooling must be one of lastMean, lastMeanMax, meanMax/);
  });

  test('training steps keep memory flat and lower the loss', async () => {
    manualSeed(3);
    const model = createTextModel({ kind: 'lstm', vocabSize, numClasses: 2, embedDim: 8, hidden: 8 });
    // Class 1 texts hold token 3, class 0 texts token 4.
    const data = Array.from({ length: 32 }, (_, i) => Int32Array.from({ length: 2 + (i % 5) }, (_, k) => (k === 0 ? (i % 2 ? 3 : 4) : 10 + ((i * 7 + k) % 30))));
    const labels = data.map((_, i) => i % 2);
    const batches = new TextBatches(data, labels, { batchSize: 8, seed: 0 });
    const trainer = createTrainer(model, { lr: 0.02 });
    await trainer.fit({ train: batches, epochs: 1 });
    const before = memory().numTensors;
    const history = await trainer.fit({ train: batches, epochs: 6 });
    expect(memory().numTensors).toBe(before);
    const losses = history.history.loss;
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);
    trainer.optimizer.dispose();
    model.dispose();
  });
});

test('save → load restores the same classifier, vocabulary and classes; foreign files fail clearly', async () => {
  manualSeed(4);
  const vocab = Vocab.build([['free', 'money', 'now', 'hello', 'bob']]);
  const model = createTextModel({ kind: 'lstm', vocabSize: vocab.size, numClasses: 2, embedDim: 8 });
  const meta = { kind: 'lstm' as const, embedDim: 8, maxLen: 16, classes: ['ham', 'spam'], corpus: 'spam' };
  const bytes = await modelToBytes(model, vocab, meta);
  const loaded = loadModelBytes(bytes);
  expect(loaded.meta).toEqual(meta);
  expect(loaded.vocab.tokens).toEqual(vocab.tokens);
  const seqs = encodeTexts(vocab, ['free money now', 'hello bob', ''], 16);
  const [p, q] = [await predictProbs(model, seqs), await predictProbs(loaded.model, seqs)];
  p.forEach((row, i) => close(row, q[i], 1e-7));
  loaded.model.dispose();
  const other = new Uint8Array(bytes);
  expect(() => loadModelBytes(other.subarray(0, 20))).toThrow();
  model.dispose();
  // The pooling travels with the file (its head is wider).
  const pooled = createTextModel({ kind: 'lstm', vocabSize: vocab.size, numClasses: 2, embedDim: 8, pooling: 'lastMeanMax' });
  const pooledMeta = { ...meta, pooling: 'lastMeanMax' as const };
  const back = loadModelBytes(await modelToBytes(pooled, vocab, pooledMeta));
  expect(back.meta).toEqual(pooledMeta);
  const [pp, qq] = [await predictProbs(pooled, seqs), await predictProbs(back.model, seqs)];
  pp.forEach((row, i) => close(row, qq[i], 1e-7));
  back.model.dispose();
  // A file that claims another pooling than its weights fail clearly.
  await expect(modelToBytes(pooled, vocab, { ...meta, pooling: 'meanMax' }).then(loadModelBytes)).rejects.toThrow();
  pooled.dispose();
});

test('freeze: frozen parameters stay bitwise equal through a step; groups get their own learning rate', async () => {
  manualSeed(5);
  const model = createTextModel({ kind: 'lstm', vocabSize: 20, numClasses: 2, embedDim: 4, hidden: 4 }) as LstmClassifier;
  const snapshot = (ps: ReturnType<typeof model.parameters>): number[][] => ps.map((p) => values(p.value));
  const lower = [...model.embedding.parameters(), ...model.lstm.parameters()];
  const frozenBefore = snapshot(lower), headBefore = snapshot(model.head.parameters());
  const unfreeze = freeze([model.embedding, model.lstm]);
  expect(trainableParameters(model)).toEqual(model.head.parameters());
  const trainer = createTrainer(model, { lr: 0.05, params: trainableParameters(model) });
  const batch = makeBatch([Int32Array.of(1, 2, 3), Int32Array.of(4)], [0, 1]);
  await trainer.fit({ train: [batch], epochs: 2 });
  batch.forEach((t) => t.dispose());
  expect(snapshot(lower)).toEqual(frozenBefore);
  expect(snapshot(model.head.parameters())).not.toEqual(headBefore);
  unfreeze();
  expect(trainableParameters(model).length).toBe(model.parameters().length);
  const groups = groupsByLr(model, [{ modules: [model.embedding, model.lstm], lr: 1e-4 }], 1e-3);
  expect(groups.map((g) => [g.params.length, g.lr])).toEqual([[lower.length, 1e-4], [2, 1e-3]]);
  const opt = new Adam(groups, { lr: 1e-3 });
  expect(opt.paramGroups.map((g) => g.lr)).toEqual([1e-4, 1e-3]);
  opt.dispose(); trainer.optimizer.dispose(); model.dispose();
});

test('occlusion weights: log-odds of class 1 for the text minus without each token', async () => {
  manualSeed(6);
  const vocab = Vocab.build([['free', 'money', 'now', 'hello', 'bob']]);
  const model = createTextModel({ kind: 'bag', vocabSize: vocab.size, numClasses: 2, embedDim: 8 });
  const text = 'Free money, Bob';
  const { probs, tokens } = await explainText(model, vocab, text, 16);
  expect(tokens.map((t) => text.slice(t.start, t.end))).toEqual(['Free', 'money', ',', 'Bob']);
  const ids = [vocab.idOf('free'), vocab.idOf('money'), vocab.unkId, vocab.idOf('bob')];
  model.eval();
  const p1 = (row: number[]): number => {
    const [x, y] = makeBatch([Int32Array.from(row)], [0]);
    const pr = noGrad(() => softmax(model.forward(x), -1));
    const v = values(pr)[1];
    for (const t of [x, y, pr]) t.dispose();
    return v;
  };
  expect(probs[1]).toBeCloseTo(p1(ids), 6);
  const lo = (p: number): number => Math.log(p / (1 - p));
  tokens.forEach((t, i) => expect(t.weight).toBeCloseTo(lo(p1(ids)) - lo(p1(ids.filter((_, j) => j !== i))), 5));
  model.dispose();
});

describe('gradient × embedding', () => {
  const vocab = Vocab.build([['free', 'money', 'now', 'hello', 'bob', 'win', 'prize']]);
  const text = 'Win free money now, Bob';
  const ids = (): number[] => ['win', 'free', 'money', 'now', ',', 'bob'].map((w) => (vocab.has(w) ? vocab.idOf(w) : vocab.unkId));

  /** Log-odds of class 1 with token t's embedding scaled by `scale` (eval mode, no gradients). */
  function logOddsScaled(model: TextClassifier, row: number[], t: number, scale: number): number {
    const x = tensor(Int32Array.from(row), { shape: [1, row.length], dtype: 'int32' });
    const s = tensor(Float32Array.from(row, (_, j) => (j === t ? scale : 1)), { shape: [1, row.length, 1] });
    const z = noGrad(() => tidy(() => model.forwardEmbedded(model.embedding.forward(x).mul(s), x)));
    const [z0, z1] = values(z);
    for (const u of [x, s, z]) u.dispose();
    return z1 - z0;
  }

  test('bag of embeddings: equals the closed form (w₁ − w₀)·e_t / n', async () => {
    manualSeed(7);
    const model = createTextModel({ kind: 'bag', vocabSize: vocab.size, numClasses: 2, embedDim: 8 });
    const row = ids();
    const { tokens } = await explainText(model, vocab, text, 16, { method: 'gradient' });
    const w = values(model.head.getParameter('weight').value); // [2, 8]
    const table = values(model.embedding.getParameter('weight').value); // [V, 8]
    row.forEach((id, t) => {
      let dot = 0;
      for (let k = 0; k < 8; k++) dot += (w[8 + k] - w[k]) * table[id * 8 + k];
      expect(tokens[t].weight).toBeCloseTo(dot / row.length, 6);
    });
    model.dispose();
  });

  test.each(VARIANTS)('%s: each weight equals the central finite difference of the log-odds in the token\'s embedding scale', async (_, kind, pooling) => {
    manualSeed(8);
    const model = createTextModel({ kind, vocabSize: vocab.size, numClasses: 2, embedDim: 8, hidden: 8, maxLen: 16, pooling });
    model.train(); // explainText must switch to eval mode (dropout off) and back
    const before = memory().numTensors;
    const { probs, tokens } = await explainText(model, vocab, text, 16, { method: 'gradient' });
    expect(memory().numTensors).toBe(before);
    expect(model.training).toBe(true);
    model.eval();
    const row = ids();
    expect(tokens.map((t) => t.token)).toEqual(['win', 'free', 'money', 'now', ',', 'bob']);
    close(probs, (await predictProbs(model, [Int32Array.from(row)]))[0], 1e-5);
    const h = 1e-2;
    const fd = row.map((_, t) => (logOddsScaled(model, row, t, 1 + h) - logOddsScaled(model, row, t, 1 - h)) / (2 * h));
    close(tokens.map((t) => t.weight), fd, 2e-3);
    expect(fd.some((v) => Math.abs(v) > 1e-2)).toBe(true); // the check is not vacuous
    model.dispose();
  });

  test('orders the words of a trained bag model like occlusion does', async () => {
    manualSeed(9);
    const texts = ['win free money now', 'free prize now', 'win a prize', 'hello bob', 'bob hello now', 'hello there bob'];
    const labels = [1, 1, 1, 0, 0, 0];
    const v = Vocab.build(texts.map((t) => t.split(' ')));
    const model = createTextModel({ kind: 'bag', vocabSize: v.size, numClasses: 2, embedDim: 8, dropout: 0 });
    const trainer = createTrainer(model, { lr: 0.05 });
    await trainer.fit({ train: new TextBatches(encodeTexts(v, texts, 16), labels, { batchSize: 6, seed: 0 }), epochs: 30 });
    const message = 'hello bob win free prize';
    const [grad, occ] = await Promise.all([explainText(model, v, message, 16, { method: 'gradient' }), explainText(model, v, message, 16)]);
    const order = (e: typeof grad): string[] => [...e.tokens].sort((a, b) => a.weight - b.weight).map((t) => t.token);
    expect(order(grad)).toEqual(order(occ));
    expect(grad.tokens.find((t) => t.token === 'free')!.weight).toBeGreaterThan(0);
    expect(grad.tokens.find((t) => t.token === 'hello')!.weight).toBeLessThan(0);
    trainer.optimizer.dispose(); model.dispose();
  });
});

test('createTrainer: clipNorm bounds the gradients\' joint norm at each step; cosineSteps anneals the lr per step', async () => {
  const data = Array.from({ length: 16 }, (_, i) => Int32Array.from({ length: 3 }, (_, k) => (k === 0 ? (i % 2 ? 3 : 4) : 5 + ((i + k) % 20))));
  const labels = data.map((_, i) => i % 2);
  const jointNorm = (model: TextClassifier): number => Math.sqrt(model.parameters().reduce((s, p) => s + (p.grad ? values(p.grad).reduce((a, v) => a + v * v, 0) : 0), 0));
  const run = async (config: { clipNorm?: number; cosineSteps?: number }): Promise<{ norm: number; lrs: number[] }> => {
    manualSeed(10);
    const model = createTextModel({ kind: 'bag', vocabSize: 30, numClasses: 2, embedDim: 8, dropout: 0 });
    const lrs: number[] = [], norms: number[] = [];
    // One batch per epoch: at each epoch's end the gradients are that step's, after clipping.
    const trainer = createTrainer(model, { lr: 0.01, ...config, callbacks: [{ onBatchEnd: (e) => { lrs.push(e.lr); }, onEpochEnd: () => { norms.push(jointNorm(model)); } }] });
    await trainer.fit({ train: new TextBatches(data, labels, { batchSize: 16, seed: 0 }), epochs: 4 });
    trainer.optimizer.dispose(); model.dispose();
    return { norm: Math.min(...norms), lrs };
  };
  const plain = await run({});
  expect(plain.norm).toBeGreaterThan(0.05);
  const clipped = await run({ clipNorm: 0.01 });
  expect(clipped.norm).toBeCloseTo(0.01, 4);
  const { lrs } = await run({ cosineSteps: 4 });
  close(lrs, [0, 1, 2, 3].map((k) => 1e-4 + (0.01 - 1e-4) * (1 + Math.cos((Math.PI * k) / 4)) / 2), 1e-6);
});

test('createTrainer: weightDecay switches to AdamW, whose step differs from Adam\'s by −lr·wd·p (decoupled decay)', async () => {
  const data = Array.from({ length: 8 }, (_, i) => Int32Array.of(i % 2 ? 3 : 4, 5 + i));
  const labels = data.map((_, i) => i % 2);
  const step = async (weightDecay?: number): Promise<{ before: number[]; after: number[]; optimizer: string }> => {
    manualSeed(11);
    const model = createTextModel({ kind: 'bag', vocabSize: 16, numClasses: 2, embedDim: 4, dropout: 0 });
    const before = values(model.head.weight.value);
    const trainer = createTrainer(model, { lr: 0.01, weightDecay });
    await trainer.fit({ train: new TextBatches(data, labels, { batchSize: 8, seed: 0 }), epochs: 1 });
    const r = { before, after: values(model.head.weight.value), optimizer: trainer.optimizer.constructor.name };
    trainer.optimizer.dispose(); model.dispose();
    return r;
  };
  const adam = await step();
  const adamw = await step(0.5);
  expect(adam.optimizer).toBe('Adam');
  expect(adamw.optimizer).toBe('AdamW');
  expect(adamw.before).toEqual(adam.before);
  close(adamw.after.map((v, i) => v - adam.after[i]), adam.before.map((p) => -0.01 * 0.5 * p), 1e-6);
});

test('createTrainer: lrDrop keeps lr for the first N epochs, then lr · factor; bad settings fail clearly', async () => {
  const data = Array.from({ length: 8 }, (_, i) => Int32Array.of(i % 2 ? 3 : 4, 5 + i));
  const labels = data.map((_, i) => i % 2);
  manualSeed(12);
  const model = createTextModel({ kind: 'bag', vocabSize: 16, numClasses: 2, embedDim: 4, dropout: 0 });
  const lrs: number[] = [];
  // Two batches per epoch.
  const trainer = createTrainer(model, { lr: 0.01, lrDrop: { epochs: 2, factor: 0.25 }, callbacks: [{ onBatchEnd: (e) => { lrs.push(e.lr); } }] });
  await trainer.fit({ train: new TextBatches(data, labels, { batchSize: 4, seed: 0 }), epochs: 4 });
  close(lrs, [0.01, 0.01, 0.01, 0.01, 0.0025, 0.0025, 0.0025, 0.0025], 1e-9);
  trainer.optimizer.dispose();
  expect(() => createTrainer(model, { lr: 0.01, lrDrop: { epochs: 0, factor: 0.5 } })).toThrow(/whole number of epochs/);
  expect(() => createTrainer(model, { lr: 0.01, lrDrop: { epochs: 2.5, factor: 0.5 } })).toThrow(/whole number of epochs/);
  expect(() => createTrainer(model, { lr: 0.01, lrDrop: { epochs: 2, factor: 0 } })).toThrow(/factor > 0/);
  model.dispose();
});
