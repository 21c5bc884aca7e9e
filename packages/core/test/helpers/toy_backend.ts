/**
 * A toy backend that implements only the required primitives, each as the plainest loop
 * over multi-indices, and no fused kernels. It proves a third party can add a backend with
 * the primitives alone; the conformance kit runs on it like on any other backend.
 */
import {
  TensorloomError, sizeOf, stridesOf, type Backend, type DType, type OutputSpec, type PrimitiveKernels,
  type TensorInfo, type TypedArray,
} from '@tensorloom/core';
import { reference } from '@tensorloom/core/testing';

const { erf } = reference;

type Info = TensorInfo<TypedArray>;

function alloc(out: OutputSpec): TypedArray {
  const n = sizeOf(out.shape);
  return out.dtype === 'float32' ? new Float32Array(n) : out.dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
}

/** Multi-index of flat position `flat` in `shape`. */
function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat = Math.floor(flat / shape[d]); }
  return idx;
}

/** Flat position in a (broadcast) input of the output multi-index `idx`. */
function broadcastOffset(idx: number[], shape: readonly number[]): number {
  const strides = stridesOf(shape);
  const lead = idx.length - shape.length;
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += (shape[d] === 1 ? 0 : idx[lead + d]) * strides[d];
  return off;
}

function map(fn: (...v: number[]) => number) {
  return (inputs: Info[], _attrs: unknown, out: OutputSpec): TypedArray => {
    const res = alloc(out);
    for (let i = 0; i < res.length; i++) {
      const idx = unravel(i, out.shape);
      res[i] = fn(...inputs.map((t) => t.data[broadcastOffset(idx, t.shape)]));
    }
    return res;
  };
}

function reduce(init: number, step: (acc: number, v: number) => number) {
  return ([x]: Info[], { axes }: { axes: number[] }, out: OutputSpec): TypedArray => {
    const acc = new Float64Array(sizeOf(out.shape)).fill(init);
    const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    for (let i = 0; i < x.data.length; i++) {
      const idx = unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
      const o = broadcastOffset(idx, keptShape);
      acc[o] = step(acc[o], x.data[i]);
    }
    const res = alloc(out);
    res.set(acc);
    return res;
  };
}

function argReduce(better: (a: number, b: number) => boolean) {
  return ([x]: Info[], { axis }: { axis: number }, out: OutputSpec): TypedArray => {
    const res = alloc(out);
    const n = x.shape[axis];
    const inner = sizeOf(x.shape.slice(axis + 1));
    for (let o = 0; o < res.length; o++) {
      const outer = Math.floor(o / inner), k = o % inner;
      let best = 0;
      for (let j = 1; j < n; j++) {
        const v = x.data[(outer * n + j) * inner + k];
        const b = x.data[(outer * n + best) * inner + k];
        if (!Number.isNaN(b) && (Number.isNaN(v) || better(v, b))) best = j;
      }
      res[o] = best;
    }
    return res;
  };
}

function checkIndex(op: string, i: number, n: number): number {
  if (!(i >= 0 && i < n)) throw new TensorloomError(op, `index ${i} is out of range for a dimension of size ${n}`);
  return i;
}

const kernels: PrimitiveKernels<TypedArray> = {
  neg: map((a) => -a), exp: map(Math.exp), log: map(Math.log), sqrt: map(Math.sqrt), sin: map(Math.sin),
  cos: map(Math.cos), tanh: map(Math.tanh), erf: map(erf), abs: map(Math.abs),
  sign: map((a) => (Number.isNaN(a) ? NaN : Math.sign(a))), floor: map(Math.floor),
  reciprocal: map((a) => 1 / a), logicalNot: map((a) => (a ? 0 : 1)),
  cast: ([x], { dtype }, out) => map((a) => (dtype === 'bool' ? (a !== 0 ? 1 : 0) : dtype === 'int32' ? (Number.isNaN(a) ? 0 : Math.trunc(a)) : a))([x], {}, out),
  add: map((a, b) => a + b), sub: map((a, b) => a - b), mul: map((a, b) => a * b), div: map((a, b) => a / b),
  pow: map((a, b) => a ** b),
  maximum: map((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b))),
  minimum: map((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b))),
  equal: map((a, b) => +(a === b)), less: map((a, b) => +(a < b)), lessEqual: map((a, b) => +(a <= b)),
  greater: map((a, b) => +(a > b)), greaterEqual: map((a, b) => +(a >= b)),
  logicalAnd: map((a, b) => +(!!a && !!b)), logicalOr: map((a, b) => +(!!a || !!b)),
  where: map((c, a, b) => (c ? a : b)),
  sum: reduce(0, (acc, v) => acc + v),
  max: reduce(-Infinity, (acc, v) => (Number.isNaN(acc) || Number.isNaN(v) ? NaN : Math.max(acc, v))),
  argmax: argReduce((a, b) => a > b),
  argmin: argReduce((a, b) => a < b),
  reshape: ([x]) => x.data.slice(),
  transpose: ([x], { perm }, out) => {
    const res = alloc(out);
    const strides = stridesOf(x.shape);
    for (let i = 0; i < res.length; i++) {
      const idx = unravel(i, out.shape);
      res[i] = x.data[idx.reduce((s, v, d) => s + v * strides[perm[d]], 0)];
    }
    return res;
  },
  slice: ([x], { begin }, out) => {
    const res = alloc(out);
    const strides = stridesOf(x.shape);
    for (let i = 0; i < res.length; i++) res[i] = x.data[unravel(i, out.shape).reduce((s, v, d) => s + (v + begin[d]) * strides[d], 0)];
    return res;
  },
  pad: ([x], { pads, value }, out) => {
    const res = alloc(out).fill(value);
    const strides = stridesOf(out.shape);
    for (let i = 0; i < x.data.length; i++) res[unravel(i, x.shape).reduce((s, v, d) => s + (v + pads[d][0]) * strides[d], 0)] = x.data[i];
    return res;
  },
  concat: (inputs, { axis }, out) => {
    const res = alloc(out);
    const strides = stridesOf(out.shape);
    let at = 0;
    for (const t of inputs) {
      for (let i = 0; i < t.data.length; i++) {
        res[unravel(i, t.shape).reduce((s, v, d) => s + (d === axis ? v + at : v) * strides[d], 0)] = t.data[i];
      }
      at += t.shape[axis];
    }
    return res;
  },
  expand: ([x], _a, out) => map((a) => a)([x], {}, out),
  gather: ([x, idx], { axis }, out) => {
    const res = alloc(out);
    const xs = stridesOf(x.shape);
    const r = idx.shape.length;
    for (let i = 0; i < res.length; i++) {
      const o = unravel(i, out.shape);
      const j = checkIndex('gather', idx.data[broadcastOffset(o.slice(axis, axis + r), idx.shape)], x.shape[axis]);
      const src = [...o.slice(0, axis), j, ...o.slice(axis + r)];
      res[i] = x.data[src.reduce((s, v, d) => s + v * xs[d], 0)];
    }
    return res;
  },
  scatterAdd: ([x, idx, upd], { axis }, out) => {
    const res = alloc(out);
    res.set(x.data);
    const xs = stridesOf(x.shape);
    const r = idx.shape.length;
    for (let i = 0; i < upd.data.length; i++) {
      const u = unravel(i, upd.shape);
      const j = checkIndex('scatterAdd', idx.data[broadcastOffset(u.slice(axis, axis + r), idx.shape)], x.shape[axis]);
      const dst = [...u.slice(0, axis), j, ...u.slice(axis + r)];
      res[dst.reduce((s, v, d) => s + v * xs[d], 0)] += upd.data[i];
    }
    return res;
  },
  matmul: ([a, b], { transposeA, transposeB }, out) => {
    const res = alloc(out);
    const [bs, m, n] = out.shape;
    const k = transposeA ? a.shape[1] : a.shape[2];
    for (let p = 0; p < bs; p++) {
      const pa = a.shape[0] === 1 ? 0 : p, pb = b.shape[0] === 1 ? 0 : p;
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) {
          const av = transposeA ? a.data[(pa * k + q) * m + i] : a.data[(pa * m + i) * k + q];
          const bv = transposeB ? b.data[(pb * n + j) * k + q] : b.data[(pb * k + q) * n + j];
          s += av * bv;
        }
        res[(p * m + i) * n + j] = s;
      }
    }
    return res;
  },
};

/** The primitives-only toy backend. */
export function createToyBackend(name = 'toy'): Backend<TypedArray> {
  return {
    name,
    write: (values: TypedArray, _shape: readonly number[], _dtype: DType) => values.slice(),
    read: async (info) => info.data.slice(),
    readSync: (info) => info.data.slice(),
    disposeData: () => {},
    kernels,
  };
}
