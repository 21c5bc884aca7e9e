/**
 * Sliding windows as a gather: the index table that turns a padded image [.., Hp, Wp] into
 * columns [.., kh·kw, Ho·Wo]. Shared by the conv2d and pooling compositions.
 */
import type { Backend } from '../backend.js';
import { fromValues } from '../engine.js';
import type { Pair } from '../primitives.js';
import type { Tensor } from '../tensor.js';

export interface WindowGeometry {
  inH: number; inW: number; kernel: Pair; stride: Pair; padding: Pair; dilation: Pair;
}

/** Output height and width of a sliding window. */
export function windowOutput({ inH, inW, kernel, stride, padding, dilation }: WindowGeometry): Pair {
  const oh = Math.floor((inH + 2 * padding[0] - dilation[0] * (kernel[0] - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((inW + 2 * padding[1] - dilation[1] * (kernel[1] - 1) - 1) / stride[1]) + 1;
  return [oh, ow];
}

/** int32 [kh·kw, Ho·Wo]: the flat index into the padded [Hp·Wp] plane of each window element. */
export function windowIndices(backend: Backend, geo: WindowGeometry): Tensor {
  const [oh, ow] = windowOutput(geo);
  const [kh, kw] = geo.kernel;
  const wp = geo.inW + 2 * geo.padding[1];
  const idx = new Int32Array(kh * kw * oh * ow);
  let n = 0;
  for (let ki = 0; ki < kh; ki++) {
    for (let kj = 0; kj < kw; kj++) {
      for (let i = 0; i < oh; i++) {
        const row = (i * geo.stride[0] + ki * geo.dilation[0]) * wp;
        for (let j = 0; j < ow; j++) idx[n++] = row + j * geo.stride[1] + kj * geo.dilation[1];
      }
    }
  }
  return fromValues(backend, idx, [kh * kw, oh * ow], 'int32');
}
