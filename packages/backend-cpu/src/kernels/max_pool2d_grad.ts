/**
 * maxPool2dGrad (fused): dx for maxPool2d's input x [N, C, H, W]: each window's dy goes to
 * the window's first maximum of x (the first NaN if any), scanning the whole window with
 * padding as −inf (PyTorch's rule); a window whose first maximum is padding drops its dy.
 */
import { allocFor } from './util/array.js';
import type { CpuFusedKernel } from './util/types.js';

export const maxPool2dGrad: CpuFusedKernel<'maxPool2dGrad'> = ([x, dy], { kernelSize, stride, padding }, out) => {
  const dx = allocFor(out);
  if (dx.length === 0) return dx;
  const [n, c, h, w] = x.shape;
  const [, , ho, wo] = dy.shape;
  const [kh, kw] = kernelSize;
  const [sh, sw] = stride;
  const [ph, pw] = padding;
  const s = x.data;
  const g = dy.data;
  let t = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - ph;
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - pw;
        let b = 0;
        let bi = -2;
        for (let i = h0; i < h0 + kh && b === b; i++) {
          const inRow = i >= 0 && i < h;
          for (let j = w0; j < w0 + kw; j++) {
            const inside = inRow && j >= 0 && j < w;
            const v = inside ? s[base + i * w + j] : -Infinity;
            if (bi === -2 || (b === b && (v > b || v !== v))) {
              b = v;
              bi = inside ? i * w + j : -1;
              if (v !== v) break;
            }
          }
        }
        if (bi >= 0) dx[base + bi] += g[t];
        t++;
      }
    }
  }
  return dx;
};
