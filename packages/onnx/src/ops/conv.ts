/**
 * Conv (1-D, 2-D, 3-D; groups, dilations, strides, explicit or automatic padding) and
 * ConvTranspose (1-D, 2-D; output_padding, output_shape), composed of core's conv2d, pad,
 * gather and reshape, so both are differentiable in input, weight and bias.
 */
import { add, conv2d, flip, gather, pad, reshape, slice, tensor, transpose, type Tensor } from '@tensorloom/core';
import type { NodeContext, OpImpl } from '../context.js';

/** Spatial geometry of a convolution-like node. */
export interface Geometry { kernel: number[]; strides: number[]; dilations: number[]; padsBegin: number[]; padsEnd: number[] }

/** Reads kernel, strides, dilations and pads (auto_pad resolved) for `spatial` input sizes. */
export function geometry(ctx: NodeContext, spatial: readonly number[], kernelFromWeight?: readonly number[]): Geometry {
  const n = spatial.length;
  const kernel = ctx.attrs.ints('kernel_shape') ?? kernelFromWeight?.slice() ?? ctx.fail('needs kernel_shape');
  if (kernel.length !== n) ctx.fail(`kernel_shape has ${kernel.length} entries for ${n} spatial dimensions`);
  const strides = ctx.attrs.ints('strides') ?? Array<number>(n).fill(1);
  const dilations = ctx.attrs.ints('dilations') ?? Array<number>(n).fill(1);
  if (strides.length !== n || dilations.length !== n) ctx.fail('strides and dilations need one entry per spatial dimension');
  for (const v of [...kernel, ...strides, ...dilations]) if (!Number.isInteger(v) || v < 1) ctx.fail(`kernel, strides and dilations must be positive integers, got ${v}`);
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  let padsBegin = Array<number>(n).fill(0);
  let padsEnd = Array<number>(n).fill(0);
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    spatial.forEach((size, i) => {
      const out = Math.ceil(size / strides[i]);
      const total = Math.max((out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - size, 0);
      const small = Math.floor(total / 2);
      padsBegin[i] = autoPad === 'SAME_UPPER' ? small : total - small;
      padsEnd[i] = total - padsBegin[i];
    });
  } else if (autoPad === 'NOTSET') {
    const pads = ctx.attrs.ints('pads');
    if (pads) {
      if (pads.length !== 2 * n) ctx.fail(`pads has ${pads.length} entries, expected ${2 * n}`);
      padsBegin = pads.slice(0, n);
      padsEnd = pads.slice(n);
      if (pads.some((p) => !Number.isInteger(p) || p < 0)) ctx.fail('pads must be integers >= 0');
    }
  } else if (autoPad !== 'VALID') ctx.fail(`auto_pad '${autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`);
  ctx.checkSize('the padded input', spatial.map((d, i) => d + padsBegin[i] + padsEnd[i]));
  return { kernel, strides, dilations, padsBegin, padsEnd };
}

/** Zero-pads (or crops, for negative amounts) the spatial dims of x [N, C, ...]. */
export function padSpatial(x: Tensor, begin: readonly number[], end: readonly number[], value = 0): Tensor {
  let y = x;
  if (begin.some((p) => p < 0) || end.some((p) => p < 0)) {
    const b = [0, 0, ...begin.map((p) => Math.max(-p, 0))];
    const size = y.shape.map((d, i) => (i < 2 ? d : d - b[i] - Math.max(-end[i - 2], 0)));
    y = slice(y, b, size);
  }
  if (begin.some((p) => p > 0) || end.some((p) => p > 0)) {
    y = pad(y, y.shape.map((_, i) => (i < 2 ? [0, 0] : [Math.max(begin[i - 2], 0), Math.max(end[i - 2], 0)]) as [number, number]), value);
  }
  return y;
}

function withBias(y: Tensor, bias: Tensor | undefined): Tensor {
  if (!bias) return y;
  return add(y, reshape(bias, [bias.size, ...y.shape.slice(2).map(() => 1)]));
}

/** conv2d with possibly asymmetric padding. */
function conv2dPadded(x: Tensor, w: Tensor, g: Geometry, groups: number): Tensor {
  const symmetric = g.padsBegin.every((p, i) => p === g.padsEnd[i]);
  const xp = symmetric ? x : padSpatial(x, g.padsBegin, g.padsEnd);
  return conv2d(xp, w, null, {
    stride: [g.strides[0], g.strides[1]], dilation: [g.dilations[0], g.dilations[1]], groups,
    padding: symmetric ? [g.padsBegin[0], g.padsBegin[1]] : [0, 0],
  });
}

/** 3-D convolution as a sum over kernel depth of 2-D convolutions of depth-strided slices. */
function conv3d(ctx: NodeContext, x: Tensor, w: Tensor, g: Geometry, groups: number): Tensor {
  const xp = padSpatial(x, g.padsBegin, g.padsEnd);
  const [n, c, d] = xp.shape;
  const m = w.shape[0];
  const [kd, kh, kw] = g.kernel;
  const depthOut = Math.floor((d - g.dilations[0] * (kd - 1) - 1) / g.strides[0]) + 1;
  if (depthOut <= 0) ctx.fail('the kernel is larger than the padded input');
  const g2: Geometry = { kernel: [kh, kw], strides: g.strides.slice(1), dilations: g.dilations.slice(1), padsBegin: [0, 0], padsEnd: [0, 0] };
  let acc: Tensor | null = null;
  for (let j = 0; j < kd; j++) {
    const idx = Array.from({ length: depthOut }, (_, o) => o * g.strides[0] + j * g.dilations[0]);
    const xs = gather(xp, tensor(Int32Array.from(idx), { dtype: 'int32' }), 2); // [N, C, Do, H, W]
    const flat = reshape(transpose(xs, [0, 2, 1, 3, 4]), [n * depthOut, c, xs.shape[3], xs.shape[4]]);
    const wj = reshape(slice(w, [0, 0, j, 0, 0], [m, w.shape[1], 1, kh, kw]), [m, w.shape[1], kh, kw]);
    const y = conv2dPadded(flat, wj, g2, groups);
    acc = acc ? add(acc, y) : y;
  }
  const y = acc as Tensor;
  return transpose(reshape(y, [n, depthOut, m, y.shape[2], y.shape[3]]), [0, 2, 1, 3, 4]);
}

function convOp(ctx: NodeContext): Tensor {
  const x = ctx.tensor(0);
  const w = ctx.tensor(1);
  const bias = ctx.optTensor(2);
  const r = x.shape.length;
  if (r < 3 || r > 5 || w.shape.length !== r) ctx.fail(`supports 1-D to 3-D convolutions: input [${x.shape.join(',')}], weight [${w.shape.join(',')}]`);
  const groups = ctx.attrs.int('group', 1);
  if (x.shape[1] !== w.shape[1] * groups) ctx.fail(`input has ${x.shape[1]} channels but weight [${w.shape.join(',')}] with group ${groups} expects ${w.shape[1] * groups}`);
  const g = geometry(ctx, x.shape.slice(2), w.shape.slice(2));
  if (r === 4) return withBias(conv2dPadded(x, w, g, groups), bias);
  if (r === 3) {
    const g2: Geometry = { kernel: [1, g.kernel[0]], strides: [1, g.strides[0]], dilations: [1, g.dilations[0]], padsBegin: [0, g.padsBegin[0]], padsEnd: [0, g.padsEnd[0]] };
    const y = conv2dPadded(reshape(x, [x.shape[0], x.shape[1], 1, x.shape[2]]), reshape(w, [w.shape[0], w.shape[1], 1, w.shape[2]]), g2, groups);
    return withBias(reshape(y, [y.shape[0], y.shape[1], y.shape[3]]), bias);
  }
  return withBias(conv3d(ctx, x, w, g, groups), bias);
}

/** Inserts stride − 1 zeros between the elements of each spatial dimension of x [N, C, H, W]. */
function dilateInput(x: Tensor, sh: number, sw: number): Tensor {
  if (sh === 1 && sw === 1) return x;
  const [n, c, h, w] = x.shape;
  const y = pad(reshape(x, [n, c, h, 1, w, 1]), [[0, 0], [0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1]], 0);
  return slice(reshape(y, [n, c, h * sh, w * sw]), [0, 0, 0, 0], [n, c, (h - 1) * sh + 1, (w - 1) * sw + 1]);
}

function convTransposeOp(ctx: NodeContext): Tensor {
  let x = ctx.tensor(0);
  let w = ctx.tensor(1);
  const bias = ctx.optTensor(2);
  const r = x.shape.length;
  if (r !== 3 && r !== 4) ctx.fail(`supports 1-D and 2-D transposed convolutions, got input [${x.shape.join(',')}]`);
  const groups = ctx.attrs.int('group', 1);
  if (x.shape[1] !== w.shape[0]) ctx.fail(`input has ${x.shape[1]} channels but weight [${w.shape.join(',')}] expects ${w.shape[0]}`);
  const oneD = r === 3;
  if (oneD) { x = reshape(x, [x.shape[0], x.shape[1], 1, x.shape[2]]); w = reshape(w, [w.shape[0], w.shape[1], 1, w.shape[2]]); }
  const spatial = x.shape.slice(2);
  const kernel = ctx.attrs.ints('kernel_shape') ?? w.shape.slice(2);
  const k = oneD && kernel.length === 1 ? [1, kernel[0]] : kernel;
  const lift = (name: string, fallback: number): number[] => {
    const v = ctx.attrs.ints(name);
    if (!v) return [fallback, fallback];
    return oneD ? [name === 'pads' ? 0 : fallback, v[0]] : v;
  };
  const strides = lift('strides', 1);
  const dilations = lift('dilations', 1);
  const outPad = lift('output_padding', 0);
  const outPadFixed = oneD && ctx.attrs.ints('output_padding') ? [0, outPad[1]] : outPad;
  let pb = [0, 0];
  let pe = [0, 0];
  const pads = ctx.attrs.ints('pads');
  if (pads) { pb = oneD ? [0, pads[0]] : pads.slice(0, 2); pe = oneD ? [0, pads[1]] : pads.slice(2); }
  const outputShape = ctx.attrs.ints('output_shape');
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (outputShape || autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const target = outputShape ? (oneD ? [1, outputShape[outputShape.length - 1]] : outputShape.slice(-2)) : spatial.map((d, i) => d * strides[i]);
    for (let i = 0; i < 2; i++) {
      const total = strides[i] * (spatial[i] - 1) + outPadFixed[i] + (k[i] - 1) * dilations[i] + 1 - target[i];
      const half = Math.floor(total / 2);
      if (autoPad === 'SAME_UPPER') { pb[i] = half; pe[i] = total - half; } else { pb[i] = total - half; pe[i] = half; }
    }
  }
  const xd = dilateInput(x, strides[0], strides[1]);
  const full = k.map((kk, i) => dilations[i] * (kk - 1));
  const xp = padSpatial(xd, [full[0] - pb[0], full[1] - pb[1]], [full[0] - pe[0] + outPadFixed[0], full[1] - pe[1] + outPadFixed[1]]);
  const [cin, mPerGroup] = w.shape;
  const wg = reshape(w, [groups, cin / groups, mPerGroup, k[0], k[1]]);
  const wt = flip(reshape(transpose(wg, [0, 2, 1, 3, 4]), [groups * mPerGroup, cin / groups, k[0], k[1]]), [2, 3]);
  let y = conv2d(xp, wt, null, { stride: 1, padding: 0, dilation: [dilations[0], dilations[1]], groups });
  if (oneD) y = reshape(y, [y.shape[0], y.shape[1], y.shape[3]]);
  return withBias(y, bias);
}

export const convOps: Record<string, OpImpl> = { Conv: convOp, ConvTranspose: convTransposeOp };
