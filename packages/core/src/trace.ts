/**
 * Op tracing: `traceOps(fn, observer)` runs `fn` and tells `observer` about every op that
 * core dispatches at the top level (a primitive, or a composed op as one op: the primitives of
 * its composition are not reported). Exporters (ONNX) build graphs from it; nothing else in
 * core depends on it, and with no trace active dispatch pays one null check.
 */
import { TensorloomError } from './errors.js';
import type { OpAttrs, OpName } from './primitives.js';
import type { Tensor } from './tensor.js';

/** One op that ran while a trace was active. Inputs and output are alive during the call. */
export interface TracedOp<O extends OpName = OpName> {
  readonly op: O;
  readonly kind: 'primitive' | 'composed';
  readonly inputs: readonly Tensor[];
  readonly attrs: OpAttrs[O];
  readonly output: Tensor;
}

/** Receives each traced op, synchronously, right after it ran. */
export type OpObserver = (op: TracedOp) => void;

let observer: OpObserver | null = null;
let depth = 0;

/**
 * Runs `fn` and reports each top-level op it dispatches to `onOp`. Traces do not nest.
 *
 * @example
 * const ops: string[] = [];
 * traceOps(() => softmax(x.mul(2)), (t) => ops.push(t.op)); // ops = ['mul', 'softmax']
 */
export function traceOps<T>(fn: () => T, onOp: OpObserver): T {
  if (observer) throw new TensorloomError('traceOps', 'a trace is already active; traces do not nest');
  observer = onOp;
  depth = 0;
  try {
    return fn();
  } finally {
    observer = null;
    depth = 0;
  }
}

/** @internal Called by dispatch after each op. */
export function notifyOp(op: OpName, kind: 'primitive' | 'composed', inputs: readonly Tensor[], attrs: unknown, output: Tensor): void {
  if (observer && depth === 0) observer({ op, kind, inputs, attrs: attrs as never, output });
}

/** @internal Runs a composition without reporting its inner ops. */
export function inComposition<T>(fn: () => T): T {
  if (!observer) return fn();
  depth++;
  try { return fn(); } finally { depth--; }
}
