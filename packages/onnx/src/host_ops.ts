/**
 * Shape arithmetic on the host: the ops PyTorch's exporter wraps around Shape (Gather,
 * Concat, Slice, Reshape, Cast, integer Add/Sub/Mul/Div, Equal, Less, Greater, Where,
 * ConstantOfShape, Expand of small values) computed on HostTensors when every input is known,
 * so no backend runs them. An op returns null to decline (the graph runner then uses the
 * backend implementation).
 */
import { broadcastShapes, type DType } from '@tensorloom/core';
import type { NodeContext } from './context.js';
import { HostTensor, type HostValues } from './host_tensor.js';
import { dtypeOf } from './tensor_proto.js';

const LIMIT = 1 << 16;

function strides(shape: readonly number[]): number[] {
  const s = Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1] * shape[i + 1];
  return s;
}

function alloc(dtype: DType, n: number): HostValues {
  return dtype === 'float32' ? new Float32Array(n) : dtype === 'bool' ? new Uint8Array(n) : new Float64Array(n);
}

/** Values of `t` broadcast to `shape`, element by element. */
function broadcastGet(t: HostTensor, shape: readonly number[]): (flat: number) => number {
  const off = shape.length - t.shape.length;
  const ts = strides(t.shape);
  const os = strides(shape);
  return (flat) => {
    let idx = 0;
    for (let d = 0; d < shape.length; d++) {
      const coord = Math.floor(flat / os[d]) % shape[d];
      const td = d - off;
      if (td >= 0 && t.shape[td] !== 1) idx += coord * ts[td];
    }
    return t.values[idx];
  };
}

function elementwise(inputs: HostTensor[], dtype: DType, f: (...v: number[]) => number): HostTensor | null {
  const shape = inputs.map((t) => t.shape).reduce((a, b) => broadcastShapes('host', a, b));
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > LIMIT) return null;
  const getters = inputs.map((t) => broadcastGet(t, shape));
  const out = alloc(dtype, n);
  for (let i = 0; i < n; i++) out[i] = f(...getters.map((g) => g(i)));
  return new HostTensor(dtype, shape, out);
}

const intOrFloat = (a: HostTensor): DType => a.dtype;

type HostImpl = (ctx: NodeContext, inputs: HostTensor[]) => HostTensor | null;

function gather(ctx: NodeContext, [x, idx]: HostTensor[]): HostTensor | null {
  const axis = ctx.axis(ctx.attrs.int('axis', 0), x.shape.length);
  const dim = x.shape[axis];
  const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = outer * idx.size * inner;
  if (n > LIMIT) return null;
  const out = alloc(x.dtype, n);
  let o = 0;
  for (let a = 0; a < outer; a++) for (let j = 0; j < idx.size; j++) {
    let k = idx.values[j];
    if (k < 0) k += dim;
    if (!(k >= 0 && k < dim)) ctx.fail(`index ${idx.values[j]} is out of range for dimension ${dim}`);
    for (let b = 0; b < inner; b++) out[o++] = x.values[(a * dim + k) * inner + b];
  }
  return new HostTensor(x.dtype, [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], out);
}

function concat(ctx: NodeContext, parts: HostTensor[]): HostTensor | null {
  const r = parts[0].shape.length;
  const axis = ctx.axis(ctx.attrs.int('axis', 0), r);
  for (const p of parts) {
    if (p.shape.length !== r || p.dtype !== parts[0].dtype || p.shape.some((d, i) => i !== axis && d !== parts[0].shape[i])) ctx.fail('inputs must agree in rank, dtype and every dimension but axis');
  }
  const outer = parts[0].shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const shape = [...parts[0].shape];
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis], 0);
  const n = shape.reduce((a, b) => a * b, 1);
  if (n > LIMIT) return null;
  const out = alloc(parts[0].dtype, n);
  let o = 0;
  for (let a = 0; a < outer; a++) for (const p of parts) {
    const chunk = p.size / outer;
    for (let k = 0; k < chunk; k++) out[o++] = p.values[a * chunk + k];
  }
  return new HostTensor(parts[0].dtype, shape, out);
}

/** 1-D Slice (what shape arithmetic slices); other ranks go to the backend. */
function slice(ctx: NodeContext, inputs: HostTensor[]): HostTensor | null {
  const [x] = inputs;
  if (x.shape.length !== 1 || ctx.opset < 10) return null;
  const dim = x.shape[0];
  const [start, end] = [inputs[1].values[0], inputs[2].values[0]];
  if (inputs[3] && inputs[3].values[0] !== 0 && inputs[3].values[0] !== -1) ctx.fail('axis is out of range for rank 1');
  const step = inputs[4] ? inputs[4].values[0] : 1;
  if (step === 0) ctx.fail('steps must be nonzero');
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) { s = Math.min(Math.max(s, 0), dim); e = Math.min(Math.max(e, 0), dim); } else { s = Math.min(Math.max(s, 0), dim - 1); e = Math.min(Math.max(e, -1), dim - 1); }
  const vals: number[] = [];
  for (let j = s; step > 0 ? j < e : j > e; j += step) vals.push(x.values[j]);
  const out = alloc(x.dtype, vals.length);
  vals.forEach((v, i) => { out[i] = v; });
  return new HostTensor(x.dtype, [vals.length], out);
}

function reshape(ctx: NodeContext, [x, s]: HostTensor[]): HostTensor | null {
  if (ctx.opset < 5 || !s) return null;
  const allowZero = ctx.attrs.int('allowzero', 0) === 1;
  const shape = s.numbers().map((d, i) => (d === 0 && !allowZero ? x.shape[i] : d));
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  const minus = shape.indexOf(-1);
  if (minus >= 0) shape[minus] = known === 0 ? 0 : x.size / known;
  if (shape.some((d) => !Number.isInteger(d) || d < 0) || shape.reduce((a, b) => a * b, 1) !== x.size) ctx.fail(`cannot reshape [${x.shape.join(',')}] to [${s.numbers().join(',')}]`);
  return new HostTensor(x.dtype, shape, x.values);
}

function cast(ctx: NodeContext, [x]: HostTensor[]): HostTensor | null {
  const dtype = dtypeOf(ctx.attrs.int('to', 0));
  if (!dtype) return null;
  const out = alloc(dtype, x.size);
  for (let i = 0; i < x.size; i++) {
    const v = x.values[i];
    out[i] = dtype === 'bool' ? (v !== 0 ? 1 : 0) : dtype === 'int32' ? Math.trunc(v) : v;
  }
  return new HostTensor(dtype, x.shape, out);
}

const int = (f: (a: number, b: number) => number, fl: (a: number, b: number) => number): HostImpl => (_ctx, [a, b]) => {
  if (a.dtype !== b.dtype || a.dtype === 'bool') return null;
  return elementwise([a, b], intOrFloat(a), a.dtype === 'int32' ? f : fl);
};

export const HOST_OPS: Readonly<Record<string, HostImpl>> = {
  Gather: gather,
  Concat: concat,
  Slice: slice,
  Reshape: reshape,
  Cast: cast,
  Add: int((a, b) => a + b, (a, b) => Math.fround(a + b)),
  Sub: int((a, b) => a - b, (a, b) => Math.fround(a - b)),
  Mul: int((a, b) => a * b, (a, b) => Math.fround(a * b)),
  Div: int((a, b) => (b === 0 ? NaN : Math.trunc(a / b)), (a, b) => Math.fround(a / b)),
  Equal: (_ctx, [a, b]) => (a.dtype === b.dtype ? elementwise([a, b], 'bool', (x, y) => (x === y ? 1 : 0)) : null),
  Less: (_ctx, [a, b]) => (a.dtype === b.dtype ? elementwise([a, b], 'bool', (x, y) => (x < y ? 1 : 0)) : null),
  Greater: (_ctx, [a, b]) => (a.dtype === b.dtype ? elementwise([a, b], 'bool', (x, y) => (x > y ? 1 : 0)) : null),
  Where: (_ctx, [c, a, b]) => (a.dtype === b.dtype && c.dtype === 'bool' ? elementwise([c, a, b], a.dtype, (k, x, y) => (k ? x : y)) : null),
  ConstantOfShape: (ctx, [s]) => {
    const shape = s.numbers();
    const n = ctx.checkSize('the constant', shape);
    if (n > LIMIT) return null;
    const v = ctx.attrs.tensor('value');
    const dtype = v?.dtype ?? 'float32';
    const out = alloc(dtype, n);
    out.fill(v && v.size > 0 ? v.values[0] : 0);
    return new HostTensor(dtype, shape, out);
  },
  Expand: (ctx, [x, s]) => {
    const shape = broadcastShapes('Expand', x.shape, s.numbers());
    if (ctx.checkSize('the expanded tensor', shape) > LIMIT) return null;
    return elementwiseTo(x, shape);
  },
};

function elementwiseTo(x: HostTensor, shape: number[]): HostTensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const get = broadcastGet(x, shape);
  const out = alloc(x.dtype, n);
  for (let i = 0; i < n; i++) out[i] = get(i);
  return new HostTensor(x.dtype, shape, out);
}
