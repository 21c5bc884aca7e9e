/**
 * traceOps: the dispatch hook that exporters use. Reports top-level primitives and composed
 * ops (not the primitives inside a composition), with live inputs, attributes and outputs.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { tensor, softmax, traceOps, tidy, memory, conv2d, ones, TensorloomError, type TracedOp } from '@tensorloom/core';
import { useToyBackend } from './helpers/use_toy.js';

beforeAll(() => useToyBackend());

describe('traceOps', () => {
  it('reports primitives and composed ops once, in order, with attributes and live tensors', () => {
    const x = tensor([[1, 2, 3]]);
    const seen: Array<{ op: string; kind: string; shapes: number[][]; values: number[] }> = [];
    const before = memory().numTensors;
    const y = traceOps(() => tidy(() => softmax(x.mul(2), -1)), (t: TracedOp) => {
      seen.push({ op: t.op, kind: t.kind, shapes: t.inputs.map((i) => [...i.shape]), values: Array.from(t.output.dataSync()) });
      if (t.op === 'softmax') expect(t.attrs).toEqual({ axis: 1 });
    });
    expect(seen.map((s) => `${s.kind}:${s.op}`)).toEqual(['primitive:mul', 'composed:softmax']);
    expect(seen[0].shapes).toEqual([[1, 3], []]); // the scalar 2 is an input of its own
    expect(seen[0].values).toEqual([2, 4, 6]);
    const want = [2, 4, 6].map((v) => Math.exp(v - 6));
    const s = want.reduce((a, b) => a + b);
    Array.from(y.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i] / s, 6));
    y.dispose();
    expect(memory().numTensors).toBe(before); // the hook keeps nothing alive
    x.dispose();
  });
  it('reports nothing outside a trace and refuses to nest', () => {
    const x = ones([1, 1, 3, 3]);
    const w = ones([1, 1, 2, 2]);
    const ops: string[] = [];
    traceOps(() => conv2d(x, w).dispose(), (t) => ops.push(t.op));
    expect(ops).toEqual(['conv2d']);
    conv2d(x, w).dispose();
    expect(ops).toEqual(['conv2d']);
    expect(() => traceOps(() => traceOps(() => 0, () => {}), () => {})).toThrow(TensorloomError);
    // after a throw the trace is closed again
    traceOps(() => x.add(1).dispose(), (t) => ops.push(t.op));
    expect(ops).toEqual(['conv2d', 'add']);
    x.dispose(); w.dispose();
  });
});
