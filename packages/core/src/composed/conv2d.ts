/**
 * conv2d's compositions: im2col (a gather over the padded image) and a batched matmul, plus
 * its two gradient ops (each a composed op, so backends can fuse each) and its VJP.
 */
import { runComposed } from '../engine.js';
import type { ComposedOpAttrs, Pair } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import { gather, scatterAdd } from '../ops/indexing.js';
import { matmul } from '../ops/matmul.js';
import { pad, permute, reshape, slice } from '../ops/movement.js';
import { sum } from '../ops/reduce.js';
import { filled } from '../ops/fill.js';
import { windowIndices, windowOutput, type WindowGeometry } from '../ops/im2col.js';

/** im2col: x [N, C, H, W] → columns [N, C, kh·kw, Ho·Wo] (zeros where padding). */
function im2col(x: Tensor, geo: WindowGeometry): Tensor {
  const [n, c, h, w] = x.shape;
  const { padding } = geo;
  const padded = pad(x, [[0, 0], [0, 0], [padding[0], padding[0]], [padding[1], padding[1]]]);
  const plane = (h + 2 * padding[0]) * (w + 2 * padding[1]);
  return gather(reshape(padded, [n, c, plane]), windowIndices(x.backend, geo), 2);
}

export function composeConv2d([x, weight]: readonly Tensor[], attrs: ComposedOpAttrs['conv2d']): Tensor {
  const { stride, padding, dilation, groups } = attrs;
  const [n, , h, w] = x.shape;
  const [o, cg, kh, kw] = weight.shape;
  const geo = { inH: h, inW: w, kernel: [kh, kw] as Pair, stride, padding, dilation };
  const [oh, ow] = windowOutput(geo);
  const colsG = reshape(im2col(x, geo), [n, groups, cg * kh * kw, oh * ow]);
  const wG = reshape(weight, [1, groups, o / groups, cg * kh * kw]);
  return reshape(matmul(wG, colsG), [n, o, oh, ow]);
}

/** dx = col2im(wᵀ · dy): the columns' gradient scattered back onto the padded image, then cropped. */
export function composeConv2dInputGrad([dy, weight]: readonly Tensor[], attrs: ComposedOpAttrs['conv2dInputGrad']): Tensor {
  const { stride, padding, dilation, groups, inputSize: [h, w] } = attrs;
  const [n, o, oh, ow] = dy.shape;
  const [, cg, kh, kw] = weight.shape;
  const c = cg * groups;
  const geo = { inH: h, inW: w, kernel: [kh, kw] as Pair, stride, padding, dilation };
  const wT = permute(reshape(weight, [1, groups, o / groups, cg * kh * kw]), [0, 1, 3, 2]);
  const colsGrad = reshape(matmul(wT, reshape(dy, [n, groups, o / groups, oh * ow])), [n, c, kh * kw, oh * ow]);
  const hp = h + 2 * padding[0];
  const wp = w + 2 * padding[1];
  const image = scatterAdd(filled(dy.backend, [n, c, hp * wp], 0, 'float32'), windowIndices(dy.backend, geo), colsGrad, 2);
  return slice(reshape(image, [n, c, hp, wp]), [0, 0, padding[0], padding[1]], [n, c, h, w]);
}

/** dw = Σ over the batch of dy · im2col(x)ᵀ, per group. */
export function composeConv2dFilterGrad([x, dy]: readonly Tensor[], attrs: ComposedOpAttrs['conv2dFilterGrad']): Tensor {
  const { stride, padding, dilation, groups, kernelSize: [kh, kw] } = attrs;
  const [n, c, h, w] = x.shape;
  const [, o, oh, ow] = dy.shape;
  const cg = c / groups;
  const geo = { inH: h, inW: w, kernel: [kh, kw] as Pair, stride, padding, dilation };
  const colsT = permute(reshape(im2col(x, geo), [n, groups, cg * kh * kw, oh * ow]), [0, 1, 3, 2]);
  const perImage = matmul(reshape(dy, [n, groups, o / groups, oh * ow]), colsT); // [N, G, O/G, cg·kh·kw]
  return reshape(sum(perImage, 0), [o, cg, kh, kw]);
}

/** conv2d's VJP: one composed op per input, so backends can fuse each. */
export function conv2dVjp(g: Tensor, [x, weight]: Tensor[], _out: Tensor, attrs: ComposedOpAttrs['conv2d']): Tensor[] {
  const [, , h, w] = x.shape;
  const [, , kh, kw] = weight.shape;
  const dx = x.node ? runComposed('conv2dInputGrad', [g, weight], { ...attrs, inputSize: [h, w] }, { shape: x.shape, dtype: 'float32' }) : null;
  const dw = weight.node ? runComposed('conv2dFilterGrad', [x, g], { ...attrs, kernelSize: [kh, kw] }, { shape: weight.shape, dtype: 'float32' }) : null;
  return [dx, dw] as Tensor[];
}
