/**
 * Classification metrics computed on the host: accuracy, top-k accuracy, confusion matrix,
 * and precision / recall / F1 per class, macro- and micro-averaged. Predictions are class
 * indices or logits/probabilities [N, C] (argmax taken); targets are class indices.
 * Host-side by design: each function reads its tensor arguments once, asynchronously
 * (`await t.data()`, no synchronous read), so they return promises. To keep a metric on the
 * device during training, use the Trainer's built-in `'accuracy'` (read once per log interval).
 */
import { Tensor, TensorloomError } from '@tensorloom/core';

/** Class indices, logits [N, C] as a Tensor, or a plain array of indices. */
export type Predictions = Tensor | ArrayLike<number>;

async function labelsOf(op: string, pred: Predictions): Promise<number[]> {
  if (!(pred instanceof Tensor)) return Array.from(pred);
  if (pred.rank === 2 && pred.dtype === 'float32') {
    const [n, c] = pred.shape;
    const v = await pred.data();
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (v[i * c + j] > v[i * c + best]) best = j;
      out[i] = best;
    }
    return out;
  }
  if (pred.rank !== 1) throw new TensorloomError(op, `predictions must be class indices [N] or scores [N, C], got [${pred.shape}]`);
  return Array.from(await pred.data());
}

async function pairOf(op: string, pred: Predictions, target: Predictions): Promise<[number[], number[]]> {
  const p = await labelsOf(op, pred);
  const t = target instanceof Tensor ? Array.from(await target.data()) : Array.from(target);
  if (p.length !== t.length) throw new TensorloomError(op, `got ${p.length} predictions but ${t.length} targets`);
  return [p, t];
}

/**
 * Fraction of predictions equal to the target (NaN for no samples). Host-side (one async read).
 *
 * @example
 * await accuracy(logits, labels); // 0.93
 */
export async function accuracy(pred: Predictions, target: Predictions): Promise<number> {
  const [p, t] = await pairOf('accuracy', pred, target);
  return p.length === 0 ? NaN : p.filter((v, i) => v === t[i]).length / p.length;
}

/**
 * Fraction of samples whose target is among the k highest scores (ties: lower index first).
 * Host-side (one async read).
 *
 * @example
 * await topKAccuracy(logits, labels, 5);
 */
export async function topKAccuracy(scores: Tensor, target: Predictions, k: number): Promise<number> {
  if (!(scores instanceof Tensor) || scores.rank !== 2) throw new TensorloomError('topKAccuracy', 'scores must be a [N, C] Tensor');
  const [n, c] = scores.shape;
  if (!Number.isInteger(k) || k < 1 || k > c) throw new TensorloomError('topKAccuracy', `k must be an integer in [1, ${c}], got ${k}`);
  const t = target instanceof Tensor ? await target.data() : target;
  if (t.length !== n) throw new TensorloomError('topKAccuracy', `got ${n} rows of scores but ${t.length} targets`);
  const v = await scores.data();
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const s = v[i * c + t[i]];
    let above = 0;
    for (let j = 0; j < c; j++) { const x = v[i * c + j]; if (x > s || (x === s && j < t[i])) above++; }
    if (above < k) hits++;
  }
  return n === 0 ? NaN : hits / n;
}

/**
 * The confusion matrix: `m[target][pred]` counts. Host-side (one async read).
 *
 * @example
 * (await confusionMatrix(preds, labels, 10))[3][5]; // 3s predicted as 5
 */
export async function confusionMatrix(pred: Predictions, target: Predictions, numClasses: number): Promise<number[][]> {
  const [p, t] = await pairOf('confusionMatrix', pred, target);
  if (!Number.isInteger(numClasses) || numClasses < 1) throw new TensorloomError('confusionMatrix', `numClasses must be a positive integer, got ${numClasses}`);
  const m = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  p.forEach((v, i) => {
    if (v < 0 || v >= numClasses || t[i] < 0 || t[i] >= numClasses || !Number.isInteger(v) || !Number.isInteger(t[i])) {
      throw new TensorloomError('confusionMatrix', `class ${v} / ${t[i]} at sample ${i} is outside [0, ${numClasses})`);
    }
    m[t[i]][v]++;
  });
  return m;
}

export interface ClassificationReport {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  macro: { precision: number; recall: number; f1: number };
  micro: { precision: number; recall: number; f1: number };
}

/**
 * Precision, recall and F1 per class plus macro and micro averages (0 where undefined, as
 * scikit-learn's zero_division=0). Host-side (one async read).
 *
 * @example
 * const r = await precisionRecallF1(logits, labels, 3);
 * r.macro.f1; r.f1[2];
 */
export async function precisionRecallF1(pred: Predictions, target: Predictions, numClasses: number): Promise<ClassificationReport> {
  const m = await confusionMatrix(pred, target, numClasses);
  const safe = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const f = (p: number, r: number): number => safe(2 * p * r, p + r);
  const precision: number[] = [];
  const recall: number[] = [];
  const f1: number[] = [];
  const support: number[] = [];
  let tpAll = 0;
  for (let c = 0; c < numClasses; c++) {
    const tp = m[c][c];
    const predicted = m.reduce((s, row) => s + row[c], 0);
    const actual = m[c].reduce((s, v) => s + v, 0);
    tpAll += tp;
    precision.push(safe(tp, predicted));
    recall.push(safe(tp, actual));
    f1.push(f(precision[c], recall[c]));
    support.push(actual);
  }
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const total = support.reduce((a, b) => a + b, 0);
  const micro = safe(tpAll, total);
  return {
    precision, recall, f1, support,
    macro: { precision: mean(precision), recall: mean(recall), f1: mean(f1) },
    micro: { precision: micro, recall: micro, f1: micro },
  };
}
