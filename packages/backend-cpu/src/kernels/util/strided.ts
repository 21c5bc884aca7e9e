/**
 * Strided copies, the engine of the movement kernels (transpose, slice, pad, expand):
 * copy `shape` elements from `src` (offset, strides) to `dst` (offset, strides). Dims are
 * collapsed first; contiguous runs use `set`, broadcast runs `fill`, and a 2-D transpose in
 * the last two dims is done in cache-sized tiles.
 */
import type { TypedArray } from '@tensorloom/core';

const TILE = 32;

/** Copies a strided block of `shape` from `src` to `dst`. A stride of 0 repeats an element. */
export function copyStrided(
  src: TypedArray, srcOff: number, srcStrides: readonly number[],
  shape: readonly number[],
  dst: TypedArray, dstOff: number, dstStrides: readonly number[],
): void {
  const dims: number[] = [];
  const ss: number[] = [];
  const ds: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d];
    if (n === 0) return;
    if (n === 1) continue;
    const l = dims.length - 1;
    if (l >= 0 && ss[l] === srcStrides[d] * n && ds[l] === dstStrides[d] * n) {
      dims[l] *= n;
      ss[l] = srcStrides[d];
      ds[l] = dstStrides[d];
    } else {
      dims.push(n);
      ss.push(srcStrides[d]);
      ds.push(dstStrides[d]);
    }
  }
  const r = dims.length;
  if (r === 0) {
    dst[dstOff] = src[srcOff];
    return;
  }
  // A transpose in the innermost two dims: read columns, write rows, tile by tile.
  const tiled = r >= 2 && ss[r - 1] !== 1 && ss[r - 2] === 1 && ds[r - 1] === 1;
  const loopRank = tiled ? r - 2 : r - 1;
  let rows = 1;
  for (let d = 0; d < loopRank; d++) rows *= dims[d];
  const idx = new Array<number>(loopRank).fill(0);
  let so = srcOff;
  let dOff = dstOff;
  for (let row = 0; row < rows; row++) {
    if (tiled) copy2d(src, so, ss[r - 2], ss[r - 1], dims[r - 2], dims[r - 1], dst, dOff, ds[r - 2]);
    else copyRun(src, so, ss[r - 1], dst, dOff, ds[r - 1], dims[r - 1]);
    for (let d = loopRank - 1; d >= 0; d--) {
      idx[d]++;
      so += ss[d];
      dOff += ds[d];
      if (idx[d] < dims[d]) break;
      so -= ss[d] * dims[d];
      dOff -= ds[d] * dims[d];
      idx[d] = 0;
    }
  }
}

function copyRun(src: TypedArray, so: number, sStride: number, dst: TypedArray, dOff: number, dStride: number, n: number): void {
  if (dStride === 1) {
    if (sStride === 1) {
      if (n >= 16) dst.set(src.subarray(so, so + n), dOff);
      else for (let j = 0; j < n; j++) dst[dOff + j] = src[so + j];
      return;
    }
    if (sStride === 0) {
      dst.fill(src[so], dOff, dOff + n);
      return;
    }
  }
  for (let j = 0; j < n; j++) dst[dOff + j * dStride] = src[so + j * sStride];
}

/** dst[i*dRow + j] = src[i*sRow + j*sCol] for i < rows, j < cols, in TILE x TILE blocks. */
function copy2d(
  src: TypedArray, so: number, sRow: number, sCol: number, rows: number, cols: number,
  dst: TypedArray, dOff: number, dRow: number,
): void {
  for (let i0 = 0; i0 < rows; i0 += TILE) {
    const i1 = Math.min(rows, i0 + TILE);
    for (let j0 = 0; j0 < cols; j0 += TILE) {
      const j1 = Math.min(cols, j0 + TILE);
      for (let i = i0; i < i1; i++) {
        const sBase = so + i * sRow;
        const dBase = dOff + i * dRow;
        for (let j = j0; j < j1; j++) dst[dBase + j] = src[sBase + j * sCol];
      }
    }
  }
}
