/**
 * 2-D convolution (NCHW, PyTorch semantics: stride, padding, dilation, groups). A composed
 * op: pad → im2col (gather) → batched matmul; backends fuse it. Its gradient is the
 * composition's (pad, gather and matmul rules), so every backend gets it.
 */
import { TensorloomError, fmt } from '../errors.js';
import { runComposite } from '../engine.js';
import { tidy } from '../memory.js';
import type { CompositeAttrs, Pair } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { add } from './binary.js';
import { gather, scatterAdd } from './indexing.js';
import { matmul } from './matmul.js';
import { pad, permute, reshape, slice } from './movement.js';
import { zeros } from './creation.js';
import { sum } from './reduce.js';
import { windowIndices, windowOutput, type WindowGeometry } from './im2col.js';

export interface Conv2dOptions {
  stride?: number | Pair;
  padding?: number | Pair;
  dilation?: number | Pair;
  groups?: number;
}

/** Reads an int-or-pair option as a pair of integers >= `min`. */
export function pairOf(op: string, name: string, v: number | readonly number[] | undefined, fallback: number, min: number): Pair {
  const p = v === undefined ? [fallback, fallback] : typeof v === 'number' ? [v, v] : [...v];
  if (p.length !== 2 || p.some((x) => !Number.isInteger(x) || x < min)) {
    throw new TensorloomError(op, `${name} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(v)}`);
  }
  return [p[0], p[1]];
}

/**
 * Convolution of x [N, C, H, W] with weight [O, C/groups, kh, kw], plus an optional bias [O].
 *
 * @example
 * conv2d(images, kernels, bias, { stride: 1, padding: 1 }); // 'same' for 3x3
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const op = 'conv2d';
  assertTensor(op, x, 'input');
  assertTensor(op, weight, 'weight');
  if (x.rank !== 4) throw new TensorloomError(op, `input must be 4-D [N, C, H, W], got ${fmt(x.shape)}; unsqueeze(x, 0) adds a batch dimension`);
  if (weight.rank !== 4) throw new TensorloomError(op, `weight must be 4-D [out, in/groups, kh, kw], got ${fmt(weight.shape)}`);
  if (x.dtype !== 'float32' || weight.dtype !== 'float32') throw new TensorloomError(op, `input and weight must be float32, got ${x.dtype} and ${weight.dtype}`);
  const stride = pairOf(op, 'stride', options.stride, 1, 1);
  const padding = pairOf(op, 'padding', options.padding, 0, 0);
  const dilation = pairOf(op, 'dilation', options.dilation, 1, 1);
  const groups = options.groups ?? 1;
  const [n, c, h, w] = x.shape;
  const [o, cg, kh, kw] = weight.shape;
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0 || o % groups !== 0) {
    throw new TensorloomError(op, `groups (${groups}) must divide both in channels (${c}) and out channels (${o})`);
  }
  if (cg !== c / groups) {
    throw new TensorloomError(op, `weight ${fmt(weight.shape)} expects ${cg * groups} input channels (${cg} per group × ${groups} groups) but the input ${fmt(x.shape)} has ${c}`);
  }
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel: [kh, kw], stride, padding, dilation });
  if (oh < 1 || ow < 1) {
    throw new TensorloomError(op, `kernel ${kh}x${kw} (dilation ${dilation}) is larger than the padded input ${h + 2 * padding[0]}x${w + 2 * padding[1]}`);
  }
  const out = runComposite(op, [x, weight], { stride, padding, dilation, groups }, { shape: [n, o, oh, ow], dtype: 'float32' });
  if (!bias) return out;
  try {
    assertTensor(op, bias, 'bias');
    if (bias.rank !== 1 || bias.shape[0] !== o) throw new TensorloomError(op, `bias must have shape [${o}], got ${fmt(bias.shape)}`);
    return tidy(() => add(out, reshape(bias, [1, o, 1, 1])));
  } finally {
    out.dispose(); // the graph keeps what the gradient needs
  }
}

/** im2col: x [N, C, H, W] → columns [N, C, kh·kw, Ho·Wo] (zeros where padding). */
function im2col(x: Tensor, geo: WindowGeometry): Tensor {
  const [n, c, h, w] = x.shape;
  const { padding } = geo;
  const padded = pad(x, [[0, 0], [0, 0], [padding[0], padding[0]], [padding[1], padding[1]]]);
  const plane = (h + 2 * padding[0]) * (w + 2 * padding[1]);
  return gather(reshape(padded, [n, c, plane]), windowIndices(x.backend, geo), 2);
}

export function composeConv2d([x, weight]: readonly Tensor[], attrs: CompositeAttrs['conv2d']): Tensor {
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
export function composeConv2dInputGrad([dy, weight]: readonly Tensor[], attrs: CompositeAttrs['conv2dInputGrad']): Tensor {
  const { stride, padding, dilation, groups, inputSize: [h, w] } = attrs;
  const [n, o, oh, ow] = dy.shape;
  const [, cg, kh, kw] = weight.shape;
  const c = cg * groups;
  const geo = { inH: h, inW: w, kernel: [kh, kw] as Pair, stride, padding, dilation };
  const wT = permute(reshape(weight, [1, groups, o / groups, cg * kh * kw]), [0, 1, 3, 2]);
  const colsGrad = reshape(matmul(wT, reshape(dy, [n, groups, o / groups, oh * ow])), [n, c, kh * kw, oh * ow]);
  const hp = h + 2 * padding[0];
  const wp = w + 2 * padding[1];
  const image = scatterAdd(zeros([n, c, hp * wp], { backend: dy.backend }), windowIndices(dy.backend, geo), colsGrad, 2);
  return slice(reshape(image, [n, c, hp, wp]), [0, 0, padding[0], padding[1]], [n, c, h, w]);
}

/** dw = Σ over the batch of dy · im2col(x)ᵀ, per group. */
export function composeConv2dFilterGrad([x, dy]: readonly Tensor[], attrs: CompositeAttrs['conv2dFilterGrad']): Tensor {
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
export function conv2dVjp(g: Tensor, [x, weight]: Tensor[], _out: Tensor, attrs: CompositeAttrs['conv2d']): Tensor[] {
  const [, , h, w] = x.shape;
  const [, , kh, kw] = weight.shape;
  const dx = x.node ? runComposite('conv2dInputGrad', [g, weight], { ...attrs, inputSize: [h, w] }, { shape: x.shape, dtype: 'float32' }) : null;
  const dw = weight.node ? runComposite('conv2dFilterGrad', [x, g], { ...attrs, kernelSize: [kh, kw] }, { shape: weight.shape, dtype: 'float32' }) : null;
  return [dx, dw] as Tensor[];
}
