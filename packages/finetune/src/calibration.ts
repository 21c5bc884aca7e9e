/**
 * Temperature scaling (Guo et al., 2017): divide the logits by one scalar T, fitted on held-out
 * data by minimising the negative log-likelihood, so that softmax confidences match accuracy.
 * NLL is convex in β = 1/T, so Newton's method on β (float64, on the host) finds the optimum in
 * a few steps. Reports NLL and expected calibration error (ECE, equal-width confidence bins)
 * before and after, and the reliability-diagram bins for a chart.
 */
import { Tensor, TensorloomError, noGrad } from '@tensorloom/core';
import type { Module } from '@tensorloom/nn';
import type { BatchSource } from './trainer/types.js';

export interface ReliabilityBin {
  /** The bin's confidence range (lower, upper]. */
  lower: number;
  upper: number;
  count: number;
  /** Fraction of the bin's samples predicted right (NaN when empty). */
  accuracy: number;
  /** Mean top-class probability in the bin (NaN when empty). */
  confidence: number;
}

export interface CalibrationMetrics { nll: number; ece: number; accuracy: number; bins: ReliabilityBin[] }

export interface CalibrationResult {
  /** The fitted temperature: use softmax(logits / T). */
  temperature: number;
  before: CalibrationMetrics;
  after: CalibrationMetrics;
  /** Validation samples used. */
  samples: number;
}

export interface CalibrateOptions {
  /** ECE / reliability bins (default 15). */
  bins?: number;
}

/**
 * NLL, ECE and reliability bins of `logits` [N, C] (row-major host values) at temperature `t`.
 *
 * @example
 * const m = calibrationMetrics(logits, labels, 10, 1.5); // m.nll, m.ece, m.bins
 */
export function calibrationMetrics(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number, t = 1, bins = 15): CalibrationMetrics {
  const n = labels.length;
  checkShapes('calibrationMetrics', logits, labels, classes);
  if (!(t > 0)) throw new TensorloomError('calibrationMetrics', `temperature must be positive, got ${t}`);
  const counts = new Float64Array(bins), right = new Float64Array(bins), conf = new Float64Array(bins);
  let nll = 0, correct = 0;
  for (let i = 0; i < n; i++) {
    let max = -Infinity, arg = 0;
    for (let c = 0; c < classes; c++) { const z = logits[i * classes + c] / t; if (z > max) { max = z; arg = c; } }
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[i * classes + c] / t - max);
    const y = labels[i];
    nll += Math.log(sum) + max - logits[i * classes + y] / t;
    const p = 1 / sum; // the top class's probability
    const b = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
    counts[b]++; conf[b] += p;
    if (arg === y) { right[b]++; correct++; }
  }
  let ece = 0;
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const k = counts[b];
    if (k > 0) ece += (k / n) * Math.abs(right[b] / k - conf[b] / k);
    out.push({ lower: b / bins, upper: (b + 1) / bins, count: k, accuracy: k ? right[b] / k : NaN, confidence: k ? conf[b] / k : NaN });
  }
  return { nll: nll / n, ece, accuracy: correct / n, bins: out };
}

/**
 * The temperature minimising the mean NLL of `logits` [N, C] for `labels`.
 *
 * @example
 * const t = fitTemperature(logits, labels, 10);
 */
export function fitTemperature(logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  checkShapes('fitTemperature', logits, labels, classes);
  const n = labels.length;
  // f(β) = mean(logsumexp(β z) − β z_y); f' = mean(E_p[z] − z_y); f'' = mean(Var_p[z]) ≥ 0.
  const derivs = (beta: number): [number, number, number] => {
    let f = 0, g = 0, h = 0;
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < classes; c++) max = Math.max(max, beta * logits[i * classes + c]);
      let s = 0, m1 = 0, m2 = 0;
      for (let c = 0; c < classes; c++) {
        const z = logits[i * classes + c];
        const e = Math.exp(beta * z - max);
        s += e; m1 += e * z; m2 += e * z * z;
      }
      const mean = m1 / s;
      const zy = logits[i * classes + labels[i]];
      f += Math.log(s) + max - beta * zy;
      g += mean - zy;
      h += m2 / s - mean * mean;
    }
    return [f / n, g / n, h / n];
  };
  const LO = 1e-3, HI = 1e3;
  let beta = 1;
  let [f, g, h] = derivs(beta);
  for (let iter = 0; iter < 100 && Math.abs(g) > 1e-10; iter++) {
    let step = h > 1e-12 ? -g / h : -Math.sign(g) * beta;
    let next = Math.min(HI, Math.max(LO, beta + step));
    let [fn, gn, hn] = derivs(next);
    while (fn > f && Math.abs(step) > 1e-12) { // damp until the NLL goes down
      step /= 2;
      next = Math.min(HI, Math.max(LO, beta + step));
      [fn, gn, hn] = derivs(next);
    }
    if (fn > f || next === beta) break;
    beta = next; f = fn; g = gn; h = hn;
  }
  return 1 / beta;
}

/**
 * Runs `model` (eval mode, no gradients) over `valLoader`, fits T on its logits, and reports
 * NLL and ECE before (T = 1) and after.
 *
 * @example
 * const { temperature, before, after } = await calibrateTemperature(model, valLoader);
 * const probs = softmaxWithTemperature(model.forward(x), temperature);
 */
export async function calibrateTemperature(model: Module<[Tensor], Tensor>, valLoader: BatchSource, options: CalibrateOptions = {}): Promise<CalibrationResult> {
  const op = 'calibrateTemperature';
  const bins = options.bins ?? 15;
  if (!Number.isInteger(bins) || bins < 1) throw new TensorloomError(op, `bins must be a positive integer, got ${bins}`);
  const { logits, labels, classes } = await collectLogits(op, model, valLoader);
  const temperature = fitTemperature(logits, labels, classes);
  return {
    temperature,
    before: calibrationMetrics(logits, labels, classes, 1, bins),
    after: calibrationMetrics(logits, labels, classes, temperature, bins),
    samples: labels.length,
  };
}

/** The model's logits [N, C] and the int32 labels over a batch source, on the host. */
export async function collectLogits(op: string, model: Module<[Tensor], Tensor>, source: BatchSource): Promise<{ logits: Float64Array; labels: Int32Array; classes: number }> {
  const parts: Float32Array[] = [];
  const labelParts: Int32Array[] = [];
  let classes = -1;
  const wasTraining = model.training;
  model.eval();
  const owned = source.autoDispose === false;
  try {
    for await (const batch of source as AsyncIterable<readonly unknown[]>) {
      const [x, y] = batch as unknown as [Tensor, Tensor];
      if (!(x instanceof Tensor) || !(y instanceof Tensor)) throw new TensorloomError(op, 'each batch must be a pair [x, y] of tensors');
      try {
        if (y.dtype !== 'int32' || y.rank !== 1) throw new TensorloomError(op, `targets must be int32 class indices [N], got ${y.dtype} [${y.shape}]`);
        const out = noGrad(() => model.forward(x));
        try {
          if (out.rank !== 2 || out.shape[0] !== y.shape[0]) throw new TensorloomError(op, `the model must give logits [N, C] for N targets; got [${out.shape}] for ${y.shape[0]}`);
          if (classes < 0) classes = out.shape[1];
          else if (classes !== out.shape[1]) throw new TensorloomError(op, `batches gave ${classes} and ${out.shape[1]} classes`);
          parts.push(((await out.data()) as Float32Array).slice());
          labelParts.push(((await y.data()) as Int32Array).slice());
        } finally {
          if (out !== x) out.dispose(); // an Identity model hands back its input
        }
      } finally {
        if (owned) { x.dispose(); y.dispose(); }
      }
    }
  } finally {
    model.train(wasTraining);
  }
  if (parts.length === 0) throw new TensorloomError(op, 'the validation source yielded no batches');
  const n = labelParts.reduce((s, p) => s + p.length, 0);
  const logits = new Float64Array(n * classes);
  const labels = new Int32Array(n);
  let at = 0;
  parts.forEach((p, i) => { logits.set(p, at * classes); labels.set(labelParts[i], at); at += labelParts[i].length; });
  return { logits, labels, classes };
}

function checkShapes(op: string, logits: ArrayLike<number>, labels: ArrayLike<number>, classes: number): void {
  if (!Number.isInteger(classes) || classes < 1) throw new TensorloomError(op, `classes must be a positive integer, got ${classes}`);
  if (labels.length === 0) throw new TensorloomError(op, 'needs at least one sample');
  if (logits.length !== labels.length * classes) throw new TensorloomError(op, `logits hold ${logits.length} values but ${labels.length} labels × ${classes} classes need ${labels.length * classes}`);
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= classes) throw new TensorloomError(op, `label ${y} at row ${i} is outside 0..${classes - 1}`);
  }
}
