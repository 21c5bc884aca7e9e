/**
 * Scoring a classifier on labelled texts: predictions a batch at a time (eval mode, no
 * gradients), then accuracy, the confusion matrix (`matrix[true][predicted]`) and
 * precision / recall / F1 per class. Shared by the CLI, the worker and the tests.
 */
import { noGrad, softmax, tidy, type Tensor } from '@tensorloom/core';
import { confusionMatrix, precisionRecallF1, type ClassificationReport, type Module } from '@tensorloom/nn';
import { makeBatch } from './text_batches.js';

export interface Evaluation { accuracy: number; count: number; matrix: number[][]; report: ClassificationReport }

/** Scores for predictions and labels (host arrays). */
export async function scorePredictions(pred: readonly number[], labels: readonly number[], numClasses: number): Promise<Evaluation> {
  const [matrix, report] = await Promise.all([confusionMatrix(pred, labels, numClasses), precisionRecallF1(pred, labels, numClasses)]);
  const correct = pred.filter((p, i) => p === labels[i]).length;
  return { accuracy: pred.length ? correct / pred.length : NaN, count: pred.length, matrix, report };
}

/**
 * Class probabilities [N][C] of encoded texts, `batchSize` rows at a time (rows sorted by
 * length so batches pad little; results in the input order).
 *
 * @example
 * const probs = await predictProbs(model, encodeTexts(vocab, texts, 128));
 */
export async function predictProbs(model: Module<[Tensor], Tensor>, seqs: readonly Int32Array[], options: { batchSize?: number; onBatch?: () => Promise<void> | void } = {}): Promise<number[][]> {
  const batchSize = options.batchSize ?? 128;
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[a].length - seqs[b].length);
  const out = new Array<number[]>(seqs.length);
  const wasTraining = model.training;
  model.eval();
  try {
    for (let k = 0; k < order.length; k += batchSize) {
      const rows = order.slice(k, k + batchSize);
      const [x, y] = makeBatch(rows.map((r) => seqs[r]), rows.map(() => 0));
      const probs = tidy(() => noGrad(() => softmax(model.forward(x), -1)));
      x.dispose(); y.dispose();
      const v = await probs.data();
      const c = probs.shape[1];
      probs.dispose();
      rows.forEach((r, j) => { out[r] = Array.from(v.subarray(j * c, (j + 1) * c)); });
      await options.onBatch?.();
    }
  } finally {
    model.train(wasTraining);
  }
  return out;
}

/**
 * An ensemble's class probabilities: the mean over the members of each text's probabilities
 * (`members[m][i][c]`, every member over the same texts and classes).
 *
 * @example
 * meanProbabilities([[[0.9, 0.1]], [[0.3, 0.7]]]); // [[0.6, 0.4]]
 */
export function meanProbabilities(members: readonly (readonly (readonly number[])[])[]): number[][] {
  if (members.length === 0) throw new Error('meanProbabilities: no members');
  const [first] = members;
  members.forEach((m, k) => {
    if (m.length !== first.length || m.some((row, i) => row.length !== first[i].length)) throw new Error(`meanProbabilities: member ${k} has other texts or classes than member 0`);
  });
  return first.map((row, i) => row.map((_, c) => members.reduce((a, m) => a + m[i][c], 0) / members.length));
}

/** argmax of each row. */
export function argmaxRows(probs: readonly number[][]): number[] { return probs.map((p) => p.indexOf(Math.max(...p))); }

/**
 * Accuracy, confusion matrix and per-class report of `model` on encoded texts.
 *
 * @example
 * const r = await evaluateModel(model, testSeqs, test.labels, 2);
 */
export async function evaluateModel(model: Module<[Tensor], Tensor>, seqs: readonly Int32Array[], labels: readonly number[], numClasses: number, onBatch?: () => Promise<void> | void): Promise<Evaluation> {
  return scorePredictions(argmaxRows(await predictProbs(model, seqs, { onBatch })), labels, numClasses);
}
