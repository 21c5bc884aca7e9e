/**
 * Naive Bayes against a hand computation, the classification report, the text pipeline's
 * encoding rules, and fine-tuning on the user's texts (raises their labels' probability,
 * frees what it makes).
 */
import { beforeAll, expect, test } from 'vitest';
import { manualSeed, memory, setBackend } from '@tensorloom/core';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { NaiveBayes } from '../src/naive_bayes.js';
import { argmaxRows, meanProbabilities, scorePredictions } from '../src/evaluate.js';
import { SPAM_RECIPE } from '../src/training.js';
import { SPAM_PIPELINE } from '../src/text_pipeline.js';
import { buildVocab, encodeTexts, textTokens } from '../src/text_pipeline.js';
import { createTextModel } from '../src/models/text_models.js';
import { fineTuneOnTexts } from '../src/finetune_examples.js';

beforeAll(async () => { registerCpuBackend(); await setBackend('cpu'); });

test('Naive Bayes: log-posteriors equal the add-one formula', () => {
  const docs = [['free', 'money'], ['free', 'free', 'win'], ['hello', 'bob'], ['hello', 'money']];
  const nb = NaiveBayes.fit(docs, [1, 1, 0, 0], 2);
  // Vocabulary {free, money, win, hello, bob} + 1 unseen slot = 6; class 1 has 5 tokens, class 0 has 4.
  const prior = Math.log(3 / 6);
  const want1 = prior + Math.log((3 + 1) / (5 + 6)) + Math.log((0 + 1) / (5 + 6)) + Math.log(1 / (5 + 6));
  const want0 = prior + Math.log((0 + 1) / (4 + 6)) + Math.log((2 + 1) / (4 + 6)) + Math.log(1 / (4 + 6));
  const s = nb.scores(['free', 'hello', 'zzz']);
  expect(s[1]).toBeCloseTo(want1, 12);
  expect(s[0]).toBeCloseTo(want0, 12);
  expect(nb.predict(['free', 'win'])).toBe(1);
  expect(nb.predict(['hello', 'bob'])).toBe(0);
  expect(() => NaiveBayes.fit([['a']], [2], 2)).toThrow(/outside/);
});

test('scorePredictions: accuracy, confusion matrix, precision / recall / F1', async () => {
  const r = await scorePredictions([1, 1, 0, 0, 1], [1, 0, 0, 0, 1], 2);
  expect(r.accuracy).toBeCloseTo(0.8, 12);
  expect(r.matrix).toEqual([[2, 1], [0, 2]]);
  expect(r.report.precision[1]).toBeCloseTo(2 / 3, 12);
  expect(r.report.recall[0]).toBeCloseTo(2 / 3, 12);
  expect(r.report.f1[1]).toBeCloseTo(0.8, 12);
});

test('pipeline: truncation to maxLen, placeholders, empty text → one <unk>', () => {
  expect(textTokens('Call 555-1234 or see http://a.b now', 5)).toEqual(['call', '<num>', '-', '<num>', 'or']);
  const vocab = buildVocab(['free money', 'free'], { maxLen: 8, minFreq: 2, maxVocab: 100 });
  expect(vocab.tokens).toEqual(['<pad>', '<unk>', 'free']);
  expect(encodeTexts(vocab, ['free money free', '', '   '], 2).map((a) => Array.from(a))).toEqual([[2, 1], [1], [1]]);
});

test('pipeline: head + tail truncation keeps both ends, odd lengths favour the head, short texts whole', () => {
  const text = 'a b c d e f g';
  expect(textTokens(text, 4, 'headTail')).toEqual(['a', 'b', 'f', 'g']);
  expect(textTokens(text, 5, 'headTail')).toEqual(['a', 'b', 'c', 'f', 'g']);
  expect(textTokens(text, 1, 'headTail')).toEqual(['a']);
  expect(textTokens(text, 7, 'headTail')).toEqual(textTokens(text));
  expect(textTokens(text, 20, 'headTail')).toEqual(textTokens(text));
  expect(textTokens('', 4, 'headTail')).toEqual([]);
  expect(textTokens(text, 4, 'head')).toEqual(['a', 'b', 'c', 'd']);
  expect(() => textTokens(text, 4, 'tail' as never)).toThrow(/truncation must be/);
  const vocab = buildVocab(['free money now free'], { maxLen: 8, minFreq: 1, maxVocab: 100 });
  const ids = (w: string): number => vocab.encode([w])[0];
  expect(Array.from(encodeTexts(vocab, ['free x y z money now'], 3, 'headTail')[0])).toEqual([ids('free'), ids('x'), ids('now')]);
  expect(Array.from(encodeTexts(vocab, [''], 3, 'headTail')[0])).toEqual([vocab.unkId]);
});

test('fine-tuning on the user\'s texts raises the probability of their labels and frees its tensors', async () => {
  manualSeed(7);
  const replay = { texts: ['good movie', 'great film', 'bad movie', 'awful film', 'nice plot', 'poor plot'], labels: [1, 1, 0, 0, 1, 0] };
  const vocab = buildVocab([...replay.texts, 'not worth it'], { maxLen: 8, minFreq: 1, maxVocab: 100 });
  const model = createTextModel({ kind: 'lstm', vocabSize: vocab.size, numClasses: 2, embedDim: 8, hidden: 8 });
  const before = memory().numTensors;
  const r = await fineTuneOnTexts(model, vocab, [{ text: 'not worth it', label: 0 }, { text: 'great plot', label: 1 }], { replay, maxLen: 8, epochs: 8, lr: 0.02, batchSize: 4 });
  expect(memory().numTensors).toBe(before);
  expect(r.replay).toBe(6);
  expect(r.repeats).toBe(1);
  expect(r.probAfter).toBeGreaterThan(r.probBefore);
  expect(r.probAfter).toBeGreaterThan(0.8);
  await expect(fineTuneOnTexts(model, vocab, [], { replay, maxLen: 8 })).rejects.toThrow(/examples first/);
  await expect(fineTuneOnTexts(model, vocab, [{ text: 'x', label: 5 }], { replay, maxLen: 8 })).rejects.toThrow(/label 5/);
  model.dispose();
});

test('ensemble: mean of the members\' class probabilities per text; mismatched members fail clearly', () => {
  const a = [[0.9, 0.1], [0.2, 0.8], [0.55, 0.45]];
  const b = [[0.6, 0.4], [0.7, 0.3], [0.1, 0.9]];
  const c = [[0.3, 0.7], [0.1, 0.9], [0.5, 0.5]];
  const m = meanProbabilities([a, b, c]);
  const expected = [[0.6, 0.4], [1 / 3, 2 / 3], [1.15 / 3, 1.85 / 3]];
  m.forEach((row, i) => row.forEach((v, k) => expect(v).toBeCloseTo(expected[i][k], 12)));
  // The ensemble can disagree with the majority of single votes: a and c say class 0 for text 2 (0.55, 0.5 tie → 0), the mean says 1.
  expect(argmaxRows(m)).toEqual([0, 1, 1]);
  expect(meanProbabilities([a])).toEqual(a);
  expect(() => meanProbabilities([])).toThrow(/no members/);
  expect(() => meanProbabilities([a, b.slice(1)])).toThrow(/member 1/);
  expect(() => meanProbabilities([a, [[1], [1], [1]]])).toThrow(/member 1/);
});

test('the CLI\'s spam defaults are the recipe the README reports (4 seeds, 64 tokens head + tail, 3 + 2 epochs)', () => {
  expect(SPAM_PIPELINE).toEqual({ maxLen: 64, minFreq: 2, maxVocab: 8_000, truncation: 'headTail' });
  expect(SPAM_RECIPE).toEqual({ epochs: 5, clip: 0, schedule: 'step', patience: 0, monitor: 'valLoss', weightDecay: 0, dropAt: 3, dropLr: 0.001, ensemble: 4 });
});
