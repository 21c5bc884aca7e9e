/**
 * affineSample: resamples images in [C,H,W] or [N,C,H,W] through one affine map per image
 * (the engine of shift and rotation). Index maps are built on the host and applied with
 * `gather` on the tensor's own backend; pixels that map outside the image take `fill`.
 */
import { TensorloomError, concat, full, gather, tensor, tidy, type Tensor, formatShape } from '@tensorloom/core';

/**
 * Where output pixel (y, x) reads from: `sy = a*y + b*x + c`, `sx = d*y + e*x + f`
 * (pixel indices; [a, b, c, d, e, f]).
 */
export type AffineMap = readonly [number, number, number, number, number, number];

/** How source values between pixels are read. */
export type Interpolation = 'nearest' | 'bilinear';

/** Snaps coordinates within 1e-6 of an integer, so exact maps (90° turns) read exact pixels. */
function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) < 1e-6 ? r : v;
}

/** Checks the image layout and returns [N, C, H, W]. */
export function imageDims(op: string, x: Tensor): [number, number, number, number] {
  if (x.rank === 4) return [x.shape[0], x.shape[1], x.shape[2], x.shape[3]];
  if (x.rank === 3) return [1, x.shape[0], x.shape[1], x.shape[2]];
  throw new TensorloomError(op, `expects images in [C,H,W] or [N,C,H,W] (NCHW), got shape ${formatShape(x.shape)}; add a channel axis with unsqueeze`);
}

/**
 * Resamples each image n of `x` through `maps[n]` (one map per image; a single map is used
 * for all). Returns a new tensor of x's shape.
 */
export function affineSample(op: string, x: Tensor, maps: readonly AffineMap[], interpolation: Interpolation, fill: number): Tensor {
  const [N, C, H, W] = imageDims(op, x);
  if (maps.length !== 1 && maps.length !== N) throw new TensorloomError(op, `got ${maps.length} maps for ${N} images`);
  if (interpolation === 'bilinear' && x.dtype !== 'float32') {
    throw new TensorloomError(op, `bilinear interpolation needs float32 images, got ${x.dtype}; cast them or use interpolation: 'nearest'`);
  }
  const total = N * C * H * W;
  if (total === 0) return x.clone();
  const plane = H * W;
  const corners = interpolation === 'nearest' ? 1 : 4;
  const idx = Array.from({ length: corners }, () => new Int32Array(total));
  const weights = Array.from({ length: corners }, () => new Float32Array(N * plane));
  for (let n = 0; n < N; n++) {
    const [a, b, c, d, e, f] = maps.length === 1 ? maps[0] : maps[n];
    for (let y = 0; y < H; y++) {
      for (let xx = 0; xx < W; xx++) {
        const sy = snap(a * y + b * xx + c);
        const sx = snap(d * y + e * xx + f);
        const p = y * W + xx;
        const put = (k: number, yy: number, xs: number, w: number): void => {
          const inside = yy >= 0 && yy < H && xs >= 0 && xs < W;
          weights[k][n * plane + p] = w;
          for (let ch = 0; ch < C; ch++) idx[k][(n * C + ch) * plane + p] = inside ? (n * C + ch) * plane + yy * W + xs : total;
        };
        if (corners === 1) { put(0, Math.round(sy), Math.round(sx), 1); continue; }
        const y0 = Math.floor(sy), x0 = Math.floor(sx);
        const fy = sy - y0, fx = sx - x0;
        put(0, y0, x0, (1 - fy) * (1 - fx));
        put(1, y0, x0 + 1, (1 - fy) * fx);
        put(2, y0 + 1, x0, fy * (1 - fx));
        put(3, y0 + 1, x0 + 1, fy * fx);
      }
    }
  }
  return tidy(() => {
    const backend = x.backend;
    const flat = concat([x.reshape([total]), full([1], fill, { dtype: x.dtype, backend })], 0);
    const read = (k: number): Tensor => gather(flat, tensor(idx[k], { dtype: 'int32', backend }), 0).reshape([N, C, H, W]);
    let out: Tensor;
    if (corners === 1) out = read(0);
    else {
      out = read(0).mul(tensor(weights[0], { shape: [N, 1, H, W], backend }));
      for (let k = 1; k < 4; k++) {
        // Corners with zero weight everywhere (integer maps) add nothing: skip their gathers.
        if (weights[k].every((w) => w === 0)) continue;
        out = out.add(read(k).mul(tensor(weights[k], { shape: [N, 1, H, W], backend })));
      }
    }
    return out.reshape(x.shape);
  });
}
