/**
 * MaxPool, AveragePool (count_include_pad, ceil_mode, auto_pad, asymmetric pads, dilations;
 * 1-D to 3-D), GlobalAveragePool and GlobalMaxPool. 2-D windows without dilation run on core's
 * fused pooling after explicit padding; other cases take the max/sum over window offsets.
 */
import { add, avgPool2d, cast, div, gather, max, maximum, maxPool2d, mean, ones, reshape, tensor, type Tensor } from '@tensorloom/core';
import type { NodeContext, OpImpl } from '../context.js';
import { geometry, padSpatial, type Geometry } from './conv.js';

/** Output sizes and the extra end padding that ceil_mode needs. */
function outputSizes(spatial: readonly number[], g: Geometry, ceil: boolean): { out: number[]; extra: number[] } {
  const out = spatial.map((size, i) => {
    const span = (g.kernel[i] - 1) * g.dilations[i] + 1;
    const padded = size + g.padsBegin[i] + g.padsEnd[i];
    let o = (ceil ? Math.ceil : Math.floor)((padded - span) / g.strides[i]) + 1;
    // A last window that starts in the end padding is dropped (as PyTorch and ONNX Runtime do).
    if (ceil && (o - 1) * g.strides[i] >= size + g.padsBegin[i]) o--;
    return o;
  });
  const extra = spatial.map((size, i) => Math.max((out[i] - 1) * g.strides[i] + (g.kernel[i] - 1) * g.dilations[i] + 1 - (size + g.padsBegin[i] + g.padsEnd[i]), 0));
  return { out, extra };
}

/** Max or sum over the window offsets of an already padded x [N, C, ...]. */
function windowReduce(x: Tensor, g: Geometry, out: number[], kind: 'max' | 'sum'): Tensor {
  const n = g.kernel.length;
  let acc: Tensor | null = null;
  const offsets: number[][] = [[]];
  for (let i = 0; i < n; i++) {
    const next: number[][] = [];
    for (const o of offsets) for (let j = 0; j < g.kernel[i]; j++) next.push([...o, j]);
    offsets.splice(0, offsets.length, ...next);
  }
  for (const off of offsets) {
    let y = x;
    off.forEach((j, i) => {
      const idx = Array.from({ length: out[i] }, (_, o) => o * g.strides[i] + j * g.dilations[i]);
      y = gather(y, tensor(Int32Array.from(idx), { dtype: 'int32' }), 2 + i);
    });
    acc = acc ? (kind === 'max' ? maximum(acc, y) : add(acc, y)) : y;
  }
  return acc as Tensor;
}

function pool(ctx: NodeContext, kind: 'max' | 'avg'): Tensor {
  const input = ctx.tensor(0);
  // Integer maxima are exact in float32 up to 2^24 (uint8/int8 images).
  const x = input.dtype === 'float32' ? input : cast(input, 'float32');
  if (ctx.numOutputs > 1) ctx.fail('the Indices output is not supported');
  if (x.shape.length < 3 || x.shape.length > 5) ctx.fail(`supports 1-D to 3-D pooling, got input [${x.shape.join(',')}]`);
  const spatial = x.shape.slice(2);
  const g = geometry(ctx, spatial);
  if (kind === 'avg' && g.dilations.some((d) => d !== 1)) ctx.fail('dilations are not supported for AveragePool');
  const ceil = ctx.attrs.int('ceil_mode', 0) === 1;
  const { out, extra } = outputSizes(spatial, g, ceil);
  if (out.some((o) => o <= 0)) ctx.fail(`the window [${g.kernel.join(',')}] is larger than the padded input [${spatial.join(',')}]`);
  const fill = kind === 'max' ? -Infinity : 0;
  const end = g.padsEnd.map((p, i) => p + extra[i]);
  const xp = padSpatial(x, g.padsBegin, end, fill);
  const fast = spatial.length === 2 && g.dilations.every((d) => d === 1);
  const k2: [number, number] = [g.kernel[0], g.kernel[1]];
  const s2: [number, number] = [g.strides[0], g.strides[1]];
  if (kind === 'max') {
    const y = fast ? maxPool2d(xp, k2, { stride: s2, padding: 0 }) : windowReduce(xp, g, out, 'max');
    return input.dtype === 'float32' ? y : cast(y, input.dtype);
  }
  const includePad = ctx.attrs.int('count_include_pad', 0) === 1;
  const pooled = fast ? avgPool2d(xp, k2, { stride: s2, padding: 0, countIncludePad: true }) : div(windowReduce(xp, g, out, 'sum'), g.kernel.reduce((a, b) => a * b, 1));
  const exact = (includePad || g.padsBegin.concat(g.padsEnd).every((p) => p === 0)) && extra.every((e) => e === 0);
  if (exact) return pooled;
  // Divide by the number of counted elements in each window instead of the window size.
  const maskShape = [1, 1, ...spatial];
  const mask = includePad
    ? padSpatial(ones(maskShape.map((d, i) => (i < 2 ? 1 : d + g.padsBegin[i - 2] + g.padsEnd[i - 2]))), [0, 0, 0].slice(0, spatial.length), extra)
    : padSpatial(ones(maskShape), g.padsBegin, end);
  const counted = fast ? avgPool2d(mask, k2, { stride: s2, padding: 0, countIncludePad: true }) : div(windowReduce(mask, g, out, 'sum'), g.kernel.reduce((a, b) => a * b, 1));
  return div(pooled, counted);
}

function globalPool(ctx: NodeContext, kind: 'max' | 'avg'): Tensor {
  const x = ctx.tensor(0);
  const axes = x.shape.slice(2).map((_, i) => i + 2);
  if (axes.length === 0) return reshape(x, x.shape);
  return kind === 'max' ? max(x, axes, true) : mean(x, axes, true);
}

export const poolOps: Record<string, OpImpl> = {
  MaxPool: (ctx) => pool(ctx, 'max'),
  AveragePool: (ctx) => pool(ctx, 'avg'),
  GlobalAveragePool: (ctx) => globalPool(ctx, 'avg'),
  GlobalMaxPool: (ctx) => globalPool(ctx, 'max'),
};
