/**
 * StepLog: the Trainer's values of the steps since the last read, held on the device. Each
 * step adds its loss and metrics (scalar tensors, kept); `flush` reads all of them in **one**
 * read (one concatenated tensor) and turns them into numbers, step by step, exactly as a read
 * after every step would have. Sample-weighted means over an epoch are summed on the host in
 * float64 (`Means`).
 */
import { Tensor, TensorloomError, concat, keep, tidy } from '@tensorloom/core';
import type { MetricValue, StepOutput } from './types.js';

/** What the Trainer knows about a step on the host, beside its device values. */
export interface StepInfo {
  step: number;
  batchSize: number;
  lr: number;
  samplesPerSecond: number;
}

/** A step once its values are read. */
export interface LoggedStep extends StepInfo { values: Record<string, number> }

type Pending = { kind: 'tensor'; t: Tensor } | { kind: 'number'; v: number } | { kind: 'sum'; t: Tensor; count: number };

export class StepLog {
  private steps: Array<{ info: StepInfo; values: Array<[string, Pending]> }> = [];

  /** Steps waiting for the next read. */
  get size(): number { return this.steps.length; }

  /** Adds a step's outputs; the tensors are kept (detached) until `flush` or `dispose`. */
  add(op: string, out: StepOutput, info: StepInfo): void {
    const values: Array<[string, Pending]> = [['loss', pending(op, 'loss', out.loss)]];
    for (const [name, v] of Object.entries(out.metrics ?? {})) {
      if (name === 'loss') throw new TensorloomError(op, "a metric cannot be named 'loss'");
      values.push([name, pending(op, name, v)]);
    }
    this.steps.push({ info, values });
  }

  /** Reads every pending value in one read and returns the steps in order; the log is then empty. */
  async flush(): Promise<LoggedStep[]> {
    const steps = this.steps;
    this.steps = [];
    const tensors: Tensor[] = [];
    for (const s of steps) for (const [, p] of s.values) if (p.kind !== 'number') tensors.push(p.t);
    let host: ArrayLike<number> = [];
    try {
      if (tensors.length > 0) {
        const all = tidy(() => concat(tensors.map((t) => t.reshape([1]).cast('float32')), 0));
        try { host = await all.data(); } finally { all.dispose(); }
      }
    } finally {
      for (const t of tensors) t.dispose();
    }
    let at = 0;
    return steps.map(({ info, values }) => {
      const out: Record<string, number> = {};
      for (const [name, p] of values) {
        out[name] = p.kind === 'number' ? p.v : p.kind === 'tensor' ? host[at++] : host[at++] / p.count;
      }
      return { ...info, values: out };
    });
  }

  /** Frees the pending tensors without reading them (after an error). */
  dispose(): void {
    for (const s of this.steps) for (const [, p] of s.values) if (p.kind !== 'number') p.t.dispose();
    this.steps = [];
  }
}

function pending(op: string, name: string, v: MetricValue): Pending {
  if (typeof v === 'number') return { kind: 'number', v };
  if (v instanceof Tensor) {
    if (v.size !== 1) throw new TensorloomError(op, `${name} must be a scalar, got shape [${v.shape}]; reduce it with .mean()`);
    return { kind: 'tensor', t: keep(v.detach()) };
  }
  if (v && typeof v === 'object' && v.sum instanceof Tensor && typeof v.count === 'number') {
    if (v.sum.size !== 1) throw new TensorloomError(op, `${name}.sum must be a scalar, got shape [${v.sum.shape}]`);
    return { kind: 'sum', t: keep(v.sum.detach()), count: v.count };
  }
  throw new TensorloomError(op, `metric '${name}' returned ${typeof v}; return a scalar Tensor, a number or { sum, count }`);
}

/** Sample-weighted running means, summed on the host in float64. */
export class Means {
  private sums: Record<string, number> = {};
  count = 0;
  add(values: Record<string, number>, n: number): void {
    for (const [k, v] of Object.entries(values)) this.sums[k] = (this.sums[k] ?? 0) + v * n;
    this.count += n;
  }
  get(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, s] of Object.entries(this.sums)) out[k] = this.count ? s / this.count : NaN;
    return out;
  }
}
