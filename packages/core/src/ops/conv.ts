/**
 * 2-D convolution (NCHW, PyTorch semantics: stride, padding, dilation, groups). A composed
 * op (pad → im2col gather → batched matmul, in composed/conv2d.ts) that backends may fuse; its
 * gradients are the composed ops conv2dInputGrad and conv2dFilterGrad.
 */
import { TensorloomError, formatShape, publicOp } from '../errors.js';
import { checkNumber, checkOptions } from '../validate.js';
import { runComposed } from '../engine.js';
import { tidy } from '../memory.js';
import type { Pair } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import { assertTensor } from './operand.js';
import { add } from './binary.js';
import { reshape } from './movement.js';
import { windowOutput } from './im2col.js';
import { pairOf } from './pair.js';

/** Options of `conv2d`: each an integer or an [h, w] pair (groups: an integer). */
export interface Conv2dOptions {
  stride?: number | Pair;
  padding?: number | Pair;
  dilation?: number | Pair;
  groups?: number;
}

/**
 * Convolution of x [N, C, H, W] with weight [O, C/groups, kh, kw], plus an optional bias [O].
 *
 * @example
 * conv2d(images, kernels, bias, { stride: 1, padding: 1 }); // 'same' for 3x3
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  return publicOp('conv2d', () => conv2dBody(x, weight, bias, options));
}

function conv2dBody(x: Tensor, weight: Tensor, bias: Tensor | null | undefined, opts: Conv2dOptions): Tensor {
  const op = 'conv2d';
  assertTensor(op, x, 'input');
  assertTensor(op, weight, 'weight');
  if (bias !== undefined && bias !== null) assertTensor(op, bias, 'bias');
  const options = checkOptions(op, 'options', opts);
  if (x.rank !== 4) throw new TensorloomError(op, `input must be 4-D [N, C, H, W], got ${formatShape(x.shape)}; unsqueeze(x, 0) adds a batch dimension`);
  if (weight.rank !== 4) throw new TensorloomError(op, `weight must be 4-D [out, in/groups, kh, kw], got ${formatShape(weight.shape)}`);
  if (x.dtype !== 'float32' || weight.dtype !== 'float32') throw new TensorloomError(op, `input and weight must be float32, got ${x.dtype} and ${weight.dtype}`);
  const stride = pairOf(op, 'stride', options.stride, 1, 1);
  const padding = pairOf(op, 'padding', options.padding, 0, 0);
  const dilation = pairOf(op, 'dilation', options.dilation, 1, 1);
  const groups = checkNumber(op, 'groups', options.groups ?? 1, { integer: true, min: 1 });
  const [n, c, h, w] = x.shape;
  const [o, cg, kh, kw] = weight.shape;
  if (!Number.isInteger(groups) || groups < 1 || c % groups !== 0 || o % groups !== 0) {
    throw new TensorloomError(op, `groups (${groups}) must divide both in channels (${c}) and out channels (${o})`);
  }
  if (cg !== c / groups) {
    throw new TensorloomError(op, `weight ${formatShape(weight.shape)} expects ${cg * groups} input channels (${cg} per group × ${groups} groups) but the input ${formatShape(x.shape)} has ${c}`);
  }
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel: [kh, kw], stride, padding, dilation });
  if (oh < 1 || ow < 1) {
    throw new TensorloomError(op, `kernel ${kh}x${kw} (dilation ${dilation}) is larger than the padded input ${h + 2 * padding[0]}x${w + 2 * padding[1]}`);
  }
  const out = runComposed(op, [x, weight], { stride, padding, dilation, groups }, { shape: [n, o, oh, ow], dtype: 'float32' });
  if (!bias) return out;
  try {
    if (bias.rank !== 1 || bias.shape[0] !== o) throw new TensorloomError(op, `bias must have shape [${o}], got ${formatShape(bias.shape)}`);
    return tidy(() => add(out, reshape(bias, [1, o, 1, 1])));
  } finally {
    out.dispose(); // the graph keeps what the gradient needs
  }
}
