/**
 * avgPool2d (fused, forward): mean over kh x kw windows of x [N, C, H, W] with stride and
 * zero padding. The divisor is kh*kw when countIncludePad, else the number of window
 * elements inside the image (torch semantics, ceil_mode off). Float64 sums.
 */
import { poolWindows } from './util/pool_windows.js';
import type { CpuFusedKernel } from './util/types.js';

export const avgPool2d: CpuFusedKernel<'avgPool2d'> = ([x], { kernelSize, stride, padding, countIncludePad }, out) => {
  const full = kernelSize[0] * kernelSize[1];
  return poolWindows(x, kernelSize, stride, padding, out, (s, base, w, hs, he, ws, we) => {
    let sum = 0;
    for (let i = hs; i < he; i++) {
      const row = base + i * w;
      for (let j = ws; j < we; j++) sum += s[row + j];
    }
    return sum / (countIncludePad ? full : Math.max(he - hs, 0) * Math.max(we - ws, 0));
  });
};
