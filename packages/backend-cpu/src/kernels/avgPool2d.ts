/**
 * avgPool2d (fused, forward): mean over kh x kw windows of x [N, C, H, W] with stride and
 * zero padding. The divisor is kh*kw when countIncludePad, else the number of window
 * elements inside the image (torch semantics, ceil_mode off). Float64 sums.
 */
import { allocFor } from './util/array.js';
import type { CpuFusedKernel } from './util/types.js';

export const avgPool2d: CpuFusedKernel<'avgPool2d'> = ([x], { kernelSize, stride, padding, countIncludePad }, out) => {
  const o = allocFor(out);
  if (o.length === 0) return o;
  const [n, c, h, w] = x.shape;
  const [, , ho, wo] = out.shape;
  const [kh, kw] = kernelSize;
  const [sh, sw] = stride;
  const [ph, pw] = padding;
  const s = x.data;
  let t = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - ph;
      const hs = Math.max(h0, 0);
      const he = Math.min(h0 + kh, h);
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - pw;
        const ws = Math.max(w0, 0);
        const we = Math.min(w0 + kw, w);
        let sum = 0;
        for (let i = hs; i < he; i++) {
          const row = base + i * w;
          for (let j = ws; j < we; j++) sum += s[row + j];
        }
        const count = countIncludePad ? kh * kw : Math.max(he - hs, 0) * Math.max(we - ws, 0);
        o[t++] = sum / count;
      }
    }
  }
  return o;
};
