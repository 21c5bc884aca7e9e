/**
 * A float64 reference implementation of Tensorloom's ops: the plainest loops over
 * multi-indices, written independently of core's compositions, so the conformance kit can
 * check any backend against it (forward values, and gradients by finite differences).
 */
import { sizeOf, stridesOf } from '../shape.js';

/** A float64 tensor: integer and bool values are stored as numbers too. */
export interface Ref { shape: number[]; data: Float64Array }

export function ref(shape: readonly number[], data: ArrayLike<number>): Ref {
  return { shape: [...shape], data: Float64Array.from(data) };
}

export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat = Math.floor(flat / shape[d]); }
  return idx;
}

function offsetIn(idx: readonly number[], shape: readonly number[]): number {
  const strides = stridesOf(shape);
  const lead = idx.length - shape.length;
  let off = 0;
  for (let d = 0; d < shape.length; d++) off += (shape[d] === 1 ? 0 : idx[lead + d]) * strides[d];
  return off;
}

export function broadcast(...shapes: number[][]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, i) => Math.max(...shapes.map((s) => s[s.length - rank + i] ?? 1)));
}

/** Elementwise function of any number of broadcast operands. */
export function zip(fn: (...v: number[]) => number, ...xs: Ref[]): Ref {
  const shape = broadcast(...xs.map((x) => x.shape));
  const out = new Float64Array(sizeOf(shape));
  for (let i = 0; i < out.length; i++) {
    const idx = unravel(i, shape);
    out[i] = fn(...xs.map((x) => x.data[offsetIn(idx, x.shape)]));
  }
  return { shape, data: out };
}

export function reduce(x: Ref, axes: number[], keepDims: boolean, init: number, step: (a: number, v: number) => number): Ref {
  const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Float64Array(sizeOf(kept)).fill(init);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, d) => (axes.includes(d) ? 0 : v));
    const o = offsetIn(idx, kept);
    out[o] = step(out[o], x.data[i]);
  }
  return { shape: keepDims ? kept : x.shape.filter((_, i) => !axes.includes(i)), data: out };
}

export const sum = (x: Ref, axes: number[], keepDims = false): Ref => reduce(x, axes, keepDims, 0, (a, v) => a + v);
export const max = (x: Ref, axes: number[], keepDims = false): Ref =>
  reduce(x, axes, keepDims, -Infinity, (a, v) => (Number.isNaN(a) || Number.isNaN(v) ? NaN : Math.max(a, v)));

export function reshape(x: Ref, shape: number[]): Ref { return { shape: [...shape], data: x.data }; }

export function transpose(x: Ref, perm: number[]): Ref {
  const shape = perm.map((p) => x.shape[p]);
  const strides = stridesOf(x.shape);
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = x.data[unravel(i, shape).reduce((s, v, d) => s + v * strides[perm[d]], 0)];
  return { shape, data: out };
}

export function slice(x: Ref, begin: number[], size: number[]): Ref {
  const strides = stridesOf(x.shape);
  const out = new Float64Array(sizeOf(size));
  for (let i = 0; i < out.length; i++) out[i] = x.data[unravel(i, size).reduce((s, v, d) => s + (v + begin[d]) * strides[d], 0)];
  return { shape: [...size], data: out };
}

export function pad(x: Ref, pads: Array<[number, number]>, value: number): Ref {
  const shape = x.shape.map((d, i) => d + pads[i][0] + pads[i][1]);
  const out = new Float64Array(sizeOf(shape)).fill(value);
  const strides = stridesOf(shape);
  for (let i = 0; i < x.data.length; i++) out[unravel(i, x.shape).reduce((s, v, d) => s + (v + pads[d][0]) * strides[d], 0)] = x.data[i];
  return { shape, data: out };
}

export function concat(xs: Ref[], axis: number): Ref {
  const shape = [...xs[0].shape];
  shape[axis] = xs.reduce((n, x) => n + x.shape[axis], 0);
  const out = new Float64Array(sizeOf(shape));
  const strides = stridesOf(shape);
  let at = 0;
  for (const x of xs) {
    for (let i = 0; i < x.data.length; i++) out[unravel(i, x.shape).reduce((s, v, d) => s + (d === axis ? v + at : v) * strides[d], 0)] = x.data[i];
    at += x.shape[axis];
  }
  return { shape, data: out };
}

export function expand(x: Ref, shape: number[]): Ref { return zip((v) => v, x, { shape, data: new Float64Array(sizeOf(shape)) }); }

/** ONNX Gather along `axis`. */
export function gather(x: Ref, idx: Ref, axis: number): Ref {
  const shape = [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)];
  const out = new Float64Array(sizeOf(shape));
  const xs = stridesOf(x.shape);
  const r = idx.shape.length;
  for (let i = 0; i < out.length; i++) {
    const o = unravel(i, shape);
    const j = idx.data[offsetIn(o.slice(axis, axis + r), idx.shape)];
    out[i] = x.data[[...o.slice(0, axis), j, ...o.slice(axis + r)].reduce((s, v, d) => s + v * xs[d], 0)];
  }
  return { shape, data: out };
}

export function scatterAdd(x: Ref, idx: Ref, upd: Ref, axis: number): Ref {
  const out = Float64Array.from(x.data);
  const xs = stridesOf(x.shape);
  const r = idx.shape.length;
  for (let i = 0; i < upd.data.length; i++) {
    const u = unravel(i, upd.shape);
    const j = idx.data[offsetIn(u.slice(axis, axis + r), idx.shape)];
    out[[...u.slice(0, axis), j, ...u.slice(axis + r)].reduce((s, v, d) => s + v * xs[d], 0)] += upd.data[i];
  }
  return { shape: [...x.shape], data: out };
}

/** NumPy matmul (1-D operands promoted, batch dimensions broadcast). */
export function matmul(a: Ref, b: Ref): Ref {
  const a2 = a.shape.length === 1 ? reshape(a, [1, a.shape[0]]) : a;
  const b2 = b.shape.length === 1 ? reshape(b, [b.shape[0], 1]) : b;
  const [m, k] = a2.shape.slice(-2);
  const n = b2.shape[b2.shape.length - 1];
  const batch = broadcast(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  const out = new Float64Array(sizeOf(batch) * m * n);
  const aBatch = a2.shape.slice(0, -2), bBatch = b2.shape.slice(0, -2);
  for (let p = 0; p < sizeOf(batch); p++) {
    const bi = unravel(p, batch);
    const ao = offsetIn(bi, aBatch) * m * k, bo = offsetIn(bi, bBatch) * k * n;
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a2.data[ao + i * k + q] * b2.data[bo + q * n + j];
      out[(p * m + i) * n + j] = s;
    }
  }
  const shape = [...batch, ...(a.shape.length === 1 ? [] : [m]), ...(b.shape.length === 1 ? [] : [n])];
  return { shape, data: out };
}

/** Applies `fn` to each 1-D lane along `axis` (softmax-like ops). */
export function alongAxis(x: Ref, axis: number, fn: (lane: number[]) => number[]): Ref {
  const out = new Float64Array(x.data.length);
  const n = x.shape[axis];
  const inner = sizeOf(x.shape.slice(axis + 1));
  const outer = sizeOf(x.shape.slice(0, axis));
  for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) {
    const lane = Array.from({ length: n }, (_, j) => x.data[(o * n + j) * inner + k]);
    fn(lane).forEach((v, j) => { out[(o * n + j) * inner + k] = v; });
  }
  return { shape: [...x.shape], data: out };
}

export function softmax(x: Ref, axis: number): Ref {
  return alongAxis(x, axis, (lane) => {
    const m = Math.max(...lane);
    const e = lane.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
}

export function logSoftmax(x: Ref, axis: number): Ref {
  return alongAxis(x, axis, (lane) => {
    const m = Math.max(...lane);
    const lse = m + Math.log(lane.reduce((a, v) => a + Math.exp(v - m), 0));
    return lane.map((v) => v - lse);
  });
}

export function logsumexp(x: Ref, axes: number[], keepDims: boolean): Ref {
  const m = max(x, axes, true);
  const shift = zip((v) => (Number.isFinite(v) ? v : 0), m);
  const s = sum(zip((v, c) => Math.exp(v - c), x, shift), axes, true);
  const out = zip((v, c) => Math.log(v) + c, s, shift);
  return keepDims ? out : reshape(out, x.shape.filter((_, i) => !axes.includes(i)));
}

export interface CeOptions { axis: number; reduction: 'none' | 'mean' | 'sum'; labelSmoothing: number; ignoreIndex: number | null; weight?: Ref; soft: boolean }

/** Cross-entropy straight from PyTorch's definition, position by position. */
export function crossEntropy(logits: Ref, target: Ref, o: CeOptions): Ref {
  const logp = logSoftmax(logits, o.axis);
  const c = logits.shape[o.axis];
  const inner = sizeOf(logits.shape.slice(o.axis + 1));
  const outer = sizeOf(logits.shape.slice(0, o.axis));
  const w = (k: number): number => (o.weight ? o.weight.data[k] : 1);
  const eps = o.labelSmoothing;
  const losses: number[] = [];
  let denom = 0;
  for (let p = 0; p < outer; p++) for (let k = 0; k < inner; k++) {
    const lp = (j: number): number => logp.data[(p * c + j) * inner + k];
    let l = 0;
    if (o.soft) {
      for (let j = 0; j < c; j++) {
        const y = target.data[(p * c + j) * inner + k] * (1 - eps) + eps / c;
        if (y !== 0) l -= w(j) * y * lp(j);
      }
      denom += 1;
    } else {
      const t = target.data[p * inner + k];
      if (o.ignoreIndex !== null && t === o.ignoreIndex) { losses.push(0); continue; }
      l = -(1 - eps) * w(t) * lp(t);
      if (eps > 0) for (let j = 0; j < c; j++) l -= (eps / c) * w(j) * lp(j);
      denom += w(t);
    }
    losses.push(l);
  }
  const restShape = logits.shape.filter((_, i) => i !== o.axis);
  if (o.reduction === 'none') return ref(restShape, losses);
  const total = losses.reduce((a, b) => a + b, 0);
  return ref([], [o.reduction === 'sum' ? total : total / denom]);
}

export interface ConvOptions { stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number }

/** Direct convolution, NCHW. */
export function conv2d(x: Ref, w: Ref, bias: Ref | null, o: ConvOptions): Ref {
  const [n, c, h, wd] = x.shape;
  const [oc, cg, kh, kw] = w.shape;
  const oh = Math.floor((h + 2 * o.padding[0] - o.dilation[0] * (kh - 1) - 1) / o.stride[0]) + 1;
  const ow = Math.floor((wd + 2 * o.padding[1] - o.dilation[1] * (kw - 1) - 1) / o.stride[1]) + 1;
  const out = new Float64Array(n * oc * oh * ow);
  const perGroup = oc / o.groups;
  for (let b = 0; b < n; b++) for (let f = 0; f < oc; f++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    let s = bias ? bias.data[f] : 0;
    const g = Math.floor(f / perGroup);
    for (let ci = 0; ci < cg; ci++) for (let ki = 0; ki < kh; ki++) for (let kj = 0; kj < kw; kj++) {
      const y = i * o.stride[0] - o.padding[0] + ki * o.dilation[0];
      const xx = j * o.stride[1] - o.padding[1] + kj * o.dilation[1];
      if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
      s += x.data[((b * c + g * cg + ci) * h + y) * wd + xx] * w.data[((f * cg + ci) * kh + ki) * kw + kj];
    }
    out[((b * oc + f) * oh + i) * ow + j] = s;
  }
  return { shape: [n, oc, oh, ow], data: out };
}

export interface PoolOptions { kernel: [number, number]; stride: [number, number]; padding: [number, number] }

/** Direct 2-D pooling; `kind` picks max or average (with PyTorch's countIncludePad rule). */
export function pool2d(x: Ref, o: PoolOptions, kind: 'max' | 'avg', countIncludePad = true): Ref {
  const [n, c, h, w] = x.shape;
  const oh = Math.floor((h + 2 * o.padding[0] - o.kernel[0]) / o.stride[0]) + 1;
  const ow = Math.floor((w + 2 * o.padding[1] - o.kernel[1]) / o.stride[1]) + 1;
  const out = new Float64Array(n * c * oh * ow);
  for (let p = 0; p < n * c; p++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
    let acc = kind === 'max' ? -Infinity : 0;
    let count = 0;
    for (let ki = 0; ki < o.kernel[0]; ki++) for (let kj = 0; kj < o.kernel[1]; kj++) {
      const y = i * o.stride[0] - o.padding[0] + ki;
      const xx = j * o.stride[1] - o.padding[1] + kj;
      if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
      const v = x.data[(p * h + y) * w + xx];
      acc = kind === 'max' ? Math.max(acc, v) : acc + v;
      count++;
    }
    out[(p * oh + i) * ow + j] = kind === 'max' ? acc : acc / (countIncludePad ? o.kernel[0] * o.kernel[1] : count);
  }
  return { shape: [n, c, oh, ow], data: out };
}

/** float64 erf (series near 0, continued fraction in the tails). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  if (ax < 2.5) {
    let s = x, term = x;
    for (let n = 1; n < 200; n++) { term *= (-x * x) / n; s += term / (2 * n + 1); if (Math.abs(term) < 1e-17) break; }
    return (2 / Math.sqrt(Math.PI)) * s;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = n / 2 / (ax + f);
  return Math.sign(x) * (1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f));
}

export const sigmoid = (v: number): number => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
