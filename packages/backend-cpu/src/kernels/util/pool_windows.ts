/**
 * The loop shared by the pooling kernels: every output pixel of x [N, C, H, W], with its
 * window clipped to the image (padding lies outside it), reduced by a callback.
 */
import type { OutputSpec, Pair, TypedArray } from '@tensorloom/core';
import { allocFor } from './array.js';
import type { Info } from './types.js';

/** Reduces one window: rows [hs, he) and columns [ws, we) of the plane starting at `base`. */
export type WindowReduce = (s: TypedArray, base: number, w: number, hs: number, he: number, ws: number, we: number) => number;

export function poolWindows(x: Info, kernel: Pair, stride: Pair, padding: Pair, out: OutputSpec, reduce: WindowReduce): TypedArray {
  const o = allocFor(out);
  if (o.length === 0) return o;
  const [n, c, h, w] = x.shape;
  const [, , ho, wo] = out.shape;
  const [kh, kw] = kernel;
  const [sh, sw] = stride;
  const [ph, pw] = padding;
  let t = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - ph;
      const hs = Math.max(h0, 0);
      const he = Math.min(h0 + kh, h);
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - pw;
        o[t++] = reduce(x.data, base, w, hs, he, Math.max(w0, 0), Math.min(w0 + kw, w));
      }
    }
  }
  return o;
}
