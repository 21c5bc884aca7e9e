/**
 * Built-in metrics the Trainer resolves by name ('accuracy') from one batch's output and
 * target (class indices, one-hot/soft targets, or binary outputs): `accuracySum` on the
 * device (what the Trainer uses: read with the loss once per log interval) and `accuracyOf`
 * on the host (one asynchronous read).
 */
import { TensorloomError, tidy, type Tensor } from '@tensorloom/core';
import type { MetricFn, MetricSum, MetricsSpec } from './types.js';

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
 * Host-side: reads both tensors (asynchronously); see `accuracySum` for the device form.
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

/**
 * `accuracyOf`'s rules on the device: the number of hits as a scalar tensor and the number of
 * samples, so the mean (hits / N) is exact when the Trainer divides on the host. Reads nothing.
 *
 * @example
 * const { sum, count } = accuracySum(logits, labels); // sum: hits (scalar tensor), count: N
 */
export function accuracySum(output: Tensor, target: Tensor, threshold = 0.5): MetricSum {
  const n = output.shape[0] ?? 1;
  const perSample = output.size / Math.max(n, 1);
  if (perSample === 1) {
    if (target.size !== n) throw new TensorloomError('accuracy', `binary output has ${n} samples but the target has ${target.size} values`);
    return { sum: tidy(() => output.reshape([n]).greater(threshold).equal(target.reshape([n]).greater(0.5)).cast('float32').sum()), count: n };
  }
  const classes = target.size === n ? 'indices' : target.size === n * perSample ? 'scores' : null;
  if (!classes) throw new TensorloomError('accuracy', `output [${output.shape}] and target [${target.shape}] do not match: use class indices [N] or one-hot [N, C] targets`);
  return {
    sum: tidy(() => {
      const pred = output.reshape([n, perSample]).argmax(-1);
      const labels = classes === 'indices' ? target.reshape([n]) : target.reshape([n, perSample]).argmax(-1);
      return pred.equal(labels).cast('float32').sum();
    }),
    count: n,
  };
}

/** Turns a metrics spec into named functions. */
export function resolveMetrics(spec: MetricsSpec | undefined): Record<string, MetricFn> {
  if (!spec) return {};
  if (Array.isArray(spec)) {
    const out: Record<string, MetricFn> = {};
    for (const name of spec) {
      if (name !== 'accuracy') throw new TensorloomError('Trainer', `unknown metric '${String(name)}'; built-in: 'accuracy' (or pass { name: (output, target) => number })`);
      out.accuracy = (o, t) => accuracySum(o, t);
    }
    return out;
  }
  for (const [name, fn] of Object.entries(spec as Record<string, unknown>)) {
    if (typeof fn !== 'function') throw new TensorloomError('Trainer', `metric '${name}' must be a function (output, target) => scalar Tensor | number`);
  }
  return { ...(spec as Record<string, MetricFn>) };
}
