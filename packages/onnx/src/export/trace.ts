/**
 * Traces a function of tensors with core's `traceOps`: every top-level op becomes a record
 * whose inputs are graph inputs, named weights, constants (their values read at trace time)
 * or earlier ops' outputs. Runs without gradients and frees what it made.
 */
import { noGrad, tidy, traceOps, Tensor, TensorloomError, type DType, type OpName } from '@tensorloom/core';

export type Ref =
  | { kind: 'input'; index: number }
  | { kind: 'weight'; name: string }
  | { kind: 'const'; id: number; shape: number[]; dtype: DType; values: ArrayLike<number> }
  | { kind: 'value'; id: number };

export interface OpRecord { op: OpName; kind: 'primitive' | 'composed'; attrs: Record<string, unknown>; inputs: Ref[]; inputShapes: number[][]; output: { id: number; shape: number[]; dtype: DType } }

export interface Trace { ops: OpRecord[]; outputs: Array<{ ref: Ref; shape: number[]; dtype: DType }>; outputKeys: string[] | null }

export type TraceableFn = (...inputs: Tensor[]) => Tensor | Tensor[] | Record<string, Tensor>;

/** Runs `fn(...inputs)` under a trace. */
export function traceFunction(fn: TraceableFn, inputs: readonly Tensor[], weights: Record<string, Tensor>): Trace {
  const weightNames = new Map<Tensor, string>();
  for (const [name, t] of Object.entries(weights)) if (!weightNames.has(t)) weightNames.set(t, name);
  const refs = new Map<Tensor, Ref>();
  inputs.forEach((t, index) => refs.set(t, { kind: 'input', index }));
  let next = 0;
  const ops: OpRecord[] = [];
  const refOf = (t: Tensor): Ref => {
    let r = refs.get(t);
    if (r) return r;
    const w = weightNames.get(t);
    r = w !== undefined ? { kind: 'weight', name: w } : { kind: 'const', id: next++, shape: [...t.shape], dtype: t.dtype, values: t.dataSync() };
    refs.set(t, r);
    return r;
  };
  return noGrad(() => tidy(() => {
    const result = traceOps(() => fn(...inputs), (op) => {
      const id = next++;
      ops.push({
        op: op.op, kind: op.kind, attrs: op.attrs as Record<string, unknown>,
        inputs: op.inputs.map(refOf), inputShapes: op.inputs.map((t) => [...t.shape]),
        output: { id, shape: [...op.output.shape], dtype: op.output.dtype },
      });
      refs.set(op.output, { kind: 'value', id });
    });
    let list: Tensor[];
    let outputKeys: string[] | null = null;
    if (result instanceof Tensor) list = [result];
    else if (Array.isArray(result)) list = result;
    else if (result && typeof result === 'object') { outputKeys = Object.keys(result); list = Object.values(result); }
    else throw new TensorloomError('exportOnnx', 'the function must return a Tensor, an array of tensors or an object of tensors');
    for (const t of list) if (!(t instanceof Tensor)) throw new TensorloomError('exportOnnx', 'the function returned something that is not a Tensor');
    const outputs = list.map((t) => ({ ref: refOf(t), shape: [...t.shape], dtype: t.dtype }));
    // tidy frees everything the function made; the trace keeps only shapes and constant values.
    return { ops, outputs, outputKeys };
  }));
}
