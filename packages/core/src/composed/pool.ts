/**
 * The pooling compositions: windows gathered through the im2col table, reduced with max or
 * sum; maxPool2d's gradient (a composed op of its own, so backends can fuse it) and VJP
 * (avgPool2d's gradient is its composition's).
 */
import { fromValues, runComposed } from '../engine.js';
import type { ComposedOpAttrs, Pair } from '../primitives.js';
import type { Tensor } from '../tensor.js';
import { div, mul } from '../ops/binary.js';
import { gather, oneHot, scatterAdd } from '../ops/indexing.js';
import { pad, permute, reshape, slice } from '../ops/movement.js';
import { argmax, max, sum } from '../ops/reduce.js';
import { filled } from '../ops/fill.js';
import { windowIndices, windowOutput } from '../ops/im2col.js';

function windows(x: Tensor, kernel: Pair, stride: Pair, padding: Pair, value: number): Tensor {
  const [n, c, h, w] = x.shape;
  const padded = pad(x, [[0, 0], [0, 0], [padding[0], padding[0]], [padding[1], padding[1]]], value);
  const geo = { inH: h, inW: w, kernel, stride, padding, dilation: [1, 1] as Pair };
  const flat = reshape(padded, [n, c, (h + 2 * padding[0]) * (w + 2 * padding[1])]);
  return gather(flat, windowIndices(x.backend, geo), 2); // [N, C, kh·kw, L]
}

export function composeMaxPool2d([x]: readonly Tensor[], { kernelSize, stride, padding }: ComposedOpAttrs['maxPool2d']): Tensor {
  const [n, c, h, w] = x.shape;
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel: kernelSize, stride, padding, dilation: [1, 1] });
  return reshape(max(windows(x, kernelSize, stride, padding, -Infinity), 2), [n, c, oh, ow]);
}

export function composeAvgPool2d([x]: readonly Tensor[], attrs: ComposedOpAttrs['avgPool2d']): Tensor {
  const { kernelSize, stride, padding, countIncludePad } = attrs;
  const [n, c, h, w] = x.shape;
  const [oh, ow] = windowOutput({ inH: h, inW: w, kernel: kernelSize, stride, padding, dilation: [1, 1] });
  const sums = sum(windows(x, kernelSize, stride, padding, 0), 2); // [N, C, L]
  const counts = new Float32Array(oh * ow);
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++) {
      const h0 = i * stride[0] - padding[0];
      const w0 = j * stride[1] - padding[1];
      const rows = countIncludePad ? kernelSize[0] : Math.min(h0 + kernelSize[0], h) - Math.max(h0, 0);
      const cols = countIncludePad ? kernelSize[1] : Math.min(w0 + kernelSize[1], w) - Math.max(w0, 0);
      counts[i * ow + j] = rows * cols;
    }
  }
  return reshape(div(sums, fromValues(x.backend, counts, [oh * ow], 'float32')), [n, c, oh, ow]);
}

/**
 * maxPool2d's gradient for x, as PyTorch's: each window's dy goes to its first maximum (ties
 * are common after ReLU: a window of zeros), scattered back through the im2col table.
 */
export function composeMaxPool2dGrad([x, g]: readonly Tensor[], { kernelSize, stride, padding }: ComposedOpAttrs['maxPool2dGrad']): Tensor {
  const [n, c, h, w] = x.shape;
  const geo = { inH: h, inW: w, kernel: kernelSize, stride, padding, dilation: [1, 1] as Pair };
  const [oh, ow] = windowOutput(geo);
  const k = kernelSize[0] * kernelSize[1];
  const first = argmax(windows(x, kernelSize, stride, padding, -Infinity), 2); // [N, C, L]
  const routed = mul(permute(oneHot(first, k), [0, 1, 3, 2]), reshape(g, [n, c, 1, oh * ow])); // [N, C, K, L]
  const hp = h + 2 * padding[0];
  const wp = w + 2 * padding[1];
  const image = scatterAdd(filled(x.backend, [n, c, hp * wp], 0, 'float32'), windowIndices(x.backend, geo), routed, 2);
  return slice(reshape(image, [n, c, hp, wp]), [0, 0, padding[0], padding[1]], [n, c, h, w]);
}

/** maxPool2d's VJP: the composed op maxPool2dGrad, so backends can fuse it. */
export function maxPool2dVjp(g: Tensor, [x]: Tensor[], _out: Tensor, attrs: ComposedOpAttrs['maxPool2d']): Tensor[] {
  return [runComposed('maxPool2dGrad', [x, g], attrs, { shape: x.shape, dtype: 'float32' })];
}
