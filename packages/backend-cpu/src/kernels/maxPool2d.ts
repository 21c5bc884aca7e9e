/**
 * maxPool2d (fused, forward): max over kh x kw windows of x [N, C, H, W] with stride and
 * padding (padding counts as -inf, so it never wins); NaN propagates, as in torch.
 */
import { allocFor } from './util/array.js';
import type { CpuFusedKernel } from './util/types.js';

export const maxPool2d: CpuFusedKernel<'maxPool2d'> = ([x], { kernelSize, stride, padding }, out) => {
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
        let m = -Infinity;
        for (let i = hs; i < he; i++) {
          const row = base + i * w;
          for (let j = ws; j < we; j++) {
            const v = s[row + j];
            if (v > m || v !== v) m = v;
          }
        }
        o[t++] = m;
      }
    }
  }
  return o;
};
