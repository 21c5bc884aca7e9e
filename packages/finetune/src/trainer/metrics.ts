/**
 * Built-in metrics the Trainer resolves by name ('accuracy'), computed on the host from one
 * batch's output and target: class indices, one-hot/soft targets, or binary outputs.
 */
import { TensorloomError, type Tensor } from '@tensorloom/core';
import type { MetricFn, MetricsSpec } from './types.js';

async function values(t: Tensor): Promise<ArrayLike<number>> { return t.data(); }

function argmaxRows(v: ArrayLike<number>, n: number, c: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (v[i * c + j] > v[i * c + best]) best = j;
    out[i] = best;
  }
  return out;
}

/**
 * Accuracy that adapts to the output: scores [N, C] against class indices [N] or one-hot /
 * soft targets [N, C] (argmax of both); a single score per sample ([N] or [N, 1]) against
 * 0/1 targets, thresholded at `threshold` (0.5 for probabilities, 0 for logits).
 *
 * @example
 * await accuracyOf(logits, labels); // 0.75
 */
export async function accuracyOf(output: Tensor, target: Tensor, threshold = 0.5): Promise<number> {
  const n = output.shape[0] ?? 1;
  const out = await values(output);
  const tgt = await values(target);
  const perSample = output.size / Math.max(n, 1);
  if (perSample === 1) {
    if (tgt.length !== n) throw new TensorloomError('accuracy', `binary output has ${n} samples but the target has ${tgt.length} values`);
    let hits = 0;
    for (let i = 0; i < n; i++) if ((out[i] > threshold ? 1 : 0) === (tgt[i] > 0.5 ? 1 : 0)) hits++;
    return n === 0 ? NaN : hits / n;
  }
  const pred = argmaxRows(out, n, perSample);
  const labels = tgt.length === n ? tgt : tgt.length === n * perSample ? argmaxRows(tgt, n, perSample) : null;
  if (!labels) throw new TensorloomError('accuracy', `output [${output.shape}] and target [${target.shape}] do not match: use class indices [N] or one-hot [N, C] targets`);
  let hits = 0;
  for (let i = 0; i < n; i++) if (pred[i] === labels[i]) hits++;
  return n === 0 ? NaN : hits / n;
}

/** Turns a metrics spec into named functions. */
export function resolveMetrics(spec: MetricsSpec | undefined): Record<string, MetricFn> {
  if (!spec) return {};
  if (Array.isArray(spec)) {
    const out: Record<string, MetricFn> = {};
    for (const name of spec) {
      if (name !== 'accuracy') throw new TensorloomError('Trainer', `unknown metric '${String(name)}'; built-in: 'accuracy' (or pass { name: (output, target) => number })`);
      out.accuracy = (o, t) => accuracyOf(o, t);
    }
    return out;
  }
  for (const [name, fn] of Object.entries(spec as Record<string, unknown>)) {
    if (typeof fn !== 'function') throw new TensorloomError('Trainer', `metric '${name}' must be a function (output, target) => number`);
  }
  return { ...(spec as Record<string, MetricFn>) };
}
