/**
 * conv2d and both of its gradients as ranges of independent work units, so that a worker
 * pool can hand units to threads and one thread can run them all, bitwise alike (see
 * tasks.ts). Each unit is im2col (or col2im) plus the gemm over the [taps, pixels] layout:
 *   forward      unit (image, group, pixel block):  y[og, px] = W[og, kc] · cols[kc, px], im2col
 *                writing the gemm's packed layout directly
 *   input grad   unit (image, group, input channels): their rows of Wᵀ · dy per pixel block, col2im onto dx
 *   filter grad  unit (group, tap) or (group, MR rows of dW): dW (+)= dy · colsᵀ over every
 *                image and pixel block, in a fixed order
 * Units never split a sum: a forward block is a set of output columns, an input-gradient unit
 * owns its dx planes, a filter-gradient unit owns its dW entries and runs their whole sum.
 * `args` points to the conv's int32 description (A_* offsets below); `buf` to this thread's
 * im2col buffer of at least block · kc floats (forward: block rounded up to 8 pixels).
 */
import { MR, NR, gemm } from './gemm';
import { col2im, im2colPacked, im2colTaps } from './im2col';

/** Offsets (int32 words) into a conv task's arguments. */
const A_IN1 = 1; // x (forward, filter grad) or dy (input grad)
const A_IN2 = 2; // w (forward, input grad) or dy (filter grad)
const A_OUT = 3; // y, dx or dW
const A_N = 4;
const A_C = 5;
const A_H = 6;
const A_W = 7;
const A_OC = 8;
const A_CG = 9;
const A_OG = 10;
const A_KH = 11;
const A_KW = 12;
const A_SH = 13;
const A_SW = 14;
const A_PH = 15;
const A_PW = 16;
const A_DH = 17;
const A_DW = 18;
const A_HO = 19;
const A_WO = 20;
const A_GROUPS = 21;
const A_BLOCK = 22;
const A_SPLIT = 23; // input channels per input-gradient unit

// @ts-ignore: decorator
@inline function arg(args: usize, i: i32): i32 {
  return load<i32>(args + <usize>i * 4);
}

/** im2col of taps [r0, r1) of the plane group at x, for np pixels from p0. */
// @ts-ignore: decorator
@inline function cols(args: usize, x: usize, p0: i32, np: i32, r0: i32, r1: i32, dst: usize): void {
  im2colTaps(x, arg(args, A_H), arg(args, A_W), arg(args, A_KH), arg(args, A_KW), arg(args, A_SH), arg(args, A_SW),
    arg(args, A_PH), arg(args, A_PW), arg(args, A_DH), arg(args, A_DW), arg(args, A_WO), p0, np, r0, r1, dst);
}

/** Forward units [lo, hi): unit u = ((image · groups + group) · blocks + pixel block). */
export function conv2dUnits(args: usize, lo: i32, hi: i32, scratch: usize, buf: usize): void {
  const x = <usize>arg(args, A_IN1), w = <usize>arg(args, A_IN2), y = <usize>arg(args, A_OUT);
  const c = arg(args, A_C), hw = arg(args, A_H) * arg(args, A_W), oc = arg(args, A_OC), cg = arg(args, A_CG), og = arg(args, A_OG);
  const groups = arg(args, A_GROUPS), block = arg(args, A_BLOCK);
  const pixels = arg(args, A_HO) * arg(args, A_WO);
  const kc = cg * arg(args, A_KH) * arg(args, A_KW);
  const blocks = (pixels + block - 1) / block;
  // Output rows of whole 8-pixel panels (and stride 1): im2col writes the packed layout in
  // vector stores; other widths cut panels at odd places, and im2col + packing is faster.
  const wo = arg(args, A_WO);
  const packed = (wo & 7) === 0 && arg(args, A_SW) === 1;
  for (let u = lo; u < hi; u++) {
    const bq = u / blocks;
    const p0 = (u - bq * blocks) * block;
    const np = min(block, pixels - p0);
    const b = bq / groups, q = bq - b * groups;
    const xo = x + <usize>((b * c + q * cg) * hw) * 4;
    const yo = y + (<usize>((b * oc + q * og) * pixels) + <usize>p0) * 4;
    if (packed) {
      im2colPacked(xo, arg(args, A_H), arg(args, A_W), arg(args, A_KH), arg(args, A_KW), arg(args, A_SH), arg(args, A_SW),
        arg(args, A_PH), arg(args, A_PW), arg(args, A_DH), arg(args, A_DW), wo, p0, np, kc, buf);
      gemm(0, og, np, kc, w + <usize>(q * og * kc) * 4, kc, 1, buf, np, 1, yo, pixels, 0, scratch, buf);
    } else {
      cols(args, xo, p0, np, 0, kc, buf);
      gemm(0, og, np, kc, w + <usize>(q * og * kc) * 4, kc, 1, buf, np, 1, yo, pixels, 0, scratch, 0);
    }
  }
}

/**
 * Input-gradient units [lo, hi): unit u = (image · groups + group) · tiles + tile of A_SPLIT
 * input channels, which owns those dx planes (their taps' rows of Wᵀ · dy, then col2im).
 */
export function conv2dInputGradUnits(args: usize, lo: i32, hi: i32, scratch: usize, buf: usize): void {
  const dy = <usize>arg(args, A_IN1), w = <usize>arg(args, A_IN2), dx = <usize>arg(args, A_OUT);
  const c = arg(args, A_C), h = arg(args, A_H), wd = arg(args, A_W), oc = arg(args, A_OC), cg = arg(args, A_CG), og = arg(args, A_OG);
  const kh = arg(args, A_KH), kw = arg(args, A_KW), groups = arg(args, A_GROUPS), block = arg(args, A_BLOCK);
  const wo = arg(args, A_WO), pixels = arg(args, A_HO) * wo;
  const khw = kh * kw, kc = cg * khw;
  const split = arg(args, A_SPLIT), tiles = (cg + split - 1) / split;
  for (let u = lo; u < hi; u++) {
    const bq = u / tiles;
    const c0 = (u - bq * tiles) * split, c1 = min(cg, c0 + split);
    const b = bq / groups, q = bq - b * groups;
    const dxo = dx + <usize>((b * c + q * cg + c0) * h * wd) * 4;
    const dyo = dy + <usize>((b * oc + q * og) * pixels) * 4;
    const wq = w + <usize>(q * og * kc + c0 * khw) * 4;
    memory.fill(dxo, 0, <usize>((c1 - c0) * h * wd) * 4);
    for (let p0 = 0; p0 < pixels; p0 += block) {
      const np = min(block, pixels - p0);
      gemm(0, (c1 - c0) * khw, np, og, wq, 1, kc, dyo + <usize>p0 * 4, pixels, 1, buf, np, 0, scratch, 0);
      col2im(buf, c1 - c0, h, wd, kh, kw, arg(args, A_SH), arg(args, A_SW), arg(args, A_PH), arg(args, A_PW),
        arg(args, A_DH), arg(args, A_DW), wo, p0, np, dxo);
    }
  }
}

/**
 * Filter-gradient units [lo, hi). byTaps: unit u = group · ceil(kc / NR) + tile of NR taps
 * (each unit's im2col reads only its taps); else u = group · ceil(og / MR) + tile of MR rows
 * of dW (for few taps: each unit runs the whole im2col). Either way a unit sums its dW entries
 * over every image and pixel block in the same order, whoever runs it.
 */
export function conv2dFilterGradUnits(args: usize, lo: i32, hi: i32, scratch: usize, buf: usize, byTaps: bool): void {
  const x = <usize>arg(args, A_IN1), dy = <usize>arg(args, A_IN2), dw = <usize>arg(args, A_OUT);
  const n = arg(args, A_N), c = arg(args, A_C), hw = arg(args, A_H) * arg(args, A_W), oc = arg(args, A_OC), cg = arg(args, A_CG), og = arg(args, A_OG);
  const groups = arg(args, A_GROUPS), block = arg(args, A_BLOCK);
  const pixels = arg(args, A_HO) * arg(args, A_WO);
  const kc = cg * arg(args, A_KH) * arg(args, A_KW);
  const per = byTaps ? (kc + NR - 1) / NR : (og + MR - 1) / MR;
  for (let q = lo / per; q * per < hi && q < groups; q++) {
    const u0 = max(lo, q * per) - q * per, u1 = min(hi, (q + 1) * per) - q * per;
    // Taps [r0, r1) and rows [o0, o1) of this group's dW [og, kc].
    const r0 = byTaps ? u0 * NR : 0, r1 = byTaps ? min(kc, u1 * NR) : kc;
    const o0 = byTaps ? 0 : u0 * MR, o1 = byTaps ? og : min(og, u1 * MR);
    const dwq = dw + <usize>(q * og * kc + r0) * 4;
    for (let b = 0; b < n; b++) {
      const xo = x + <usize>((b * c + q * cg) * hw) * 4;
      const dyo = dy + <usize>((b * oc + q * og) * pixels) * 4;
      for (let p0 = 0; p0 < pixels; p0 += block) {
        const np = min(block, pixels - p0);
        cols(args, xo, p0, np, r0, r1, buf);
        gemm(o0, o1, r1 - r0, np, dyo + <usize>p0 * 4, pixels, 1, buf, 1, np, dwq, kc, b > 0 || p0 > 0 ? 1 : 0, scratch, 0);
      }
    }
  }
}
