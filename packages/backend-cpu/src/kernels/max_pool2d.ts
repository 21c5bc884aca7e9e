/**
 * maxPool2d (fused, forward): max over kh x kw windows of x [N, C, H, W] with stride and
 * padding (padding counts as -inf, so it never wins); NaN propagates, as in torch.
 */
import { poolWindows } from './util/pool_windows.js';
import type { CpuFusedKernel } from './util/types.js';

export const maxPool2d: CpuFusedKernel<'maxPool2d'> = ([x], { kernelSize, stride, padding }, out) =>
  poolWindows(x, kernelSize, stride, padding, out, (s, base, w, hs, he, ws, we) => {
    let m = -Infinity;
    for (let i = hs; i < he; i++) {
      const row = base + i * w;
      for (let j = ws; j < we; j++) {
        const v = s[row + j];
        if (v > m || v !== v) m = v;
      }
    }
    return m;
  });
