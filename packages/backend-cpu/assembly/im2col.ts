/**
 * im2col and its transpose for the gemm-based convolution, in the [kc, np] layout: row
 * (c*kh + ki)*kw + kj holds, for np consecutive output pixels from p0, the input pixel that
 * kernel tap reads (0 in the padding). The gemm then reads it as B (forward, input gradient)
 * or as Bᵀ (filter gradient) without another copy.
 */

/** n floats of zeros at d (inline: runs are one image row, too short for memory.fill's call). */
// @ts-ignore: decorator
@inline function fillZero(d: usize, n: i32): void {
  let t = 0;
  for (; t + 4 <= n; t += 4) v128.store(d + <usize>t * 4, i32x4.splat(0));
  for (; t < n; t++) store<f32>(d + <usize>t * 4, 0);
}

/** d[0..n) = s[0..n), floats. */
// @ts-ignore: decorator
@inline function copyF32(d: usize, s: usize, n: i32): void {
  let t = 0;
  for (; t + 4 <= n; t += 4) v128.store(d + <usize>t * 4, v128.load(s + <usize>t * 4));
  for (; t < n; t++) store<f32>(d + <usize>t * 4, load<f32>(s + <usize>t * 4));
}

/** d[0..n) += s[0..n), floats. */
// @ts-ignore: decorator
@inline function addF32(d: usize, s: usize, n: i32): void {
  let t = 0;
  for (; t + 4 <= n; t += 4) {
    const p = d + <usize>t * 4;
    v128.store(p, f32x4.add(v128.load(p), v128.load(s + <usize>t * 4)));
  }
  for (; t < n; t++) {
    const p = d + <usize>t * 4;
    store<f32>(p, load<f32>(p) + load<f32>(s + <usize>t * 4));
  }
}

/**
 * cols[(r - r0)*np + q] = x[c*h*w + ih*w + iw] for output pixel p0+q and tap r = (c*kh + ki)*kw
 * + kj in [r0, r1), 0 outside the image (a tap range lets threads split a filter gradient
 * over taps). Pointers in bytes.
 */
export function im2colTaps(
  x: usize, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  dh: i32, dw: i32, wo: i32, p0: i32, np: i32, r0: i32, r1: i32, cols: usize,
): void {
  const oh0 = p0 / wo;
  const ow0 = p0 - oh0 * wo;
  const khw = kh * kw;
  let d = cols;
  for (let r = r0; r < r1; r++) {
    const c = r / khw;
    const ki = (r - c * khw) / kw;
    const kj = r - c * khw - ki * kw;
    const plane = x + <usize>(c * h * w) * 4;
    let oh = oh0;
    let ow = ow0;
    let ih = oh * sh - ph + ki * dh;
    const iw0 = kj * dw - pw;
    let q = 0;
    while (q < np) {
      // One output row's run: ow from its start to wo (or until np is reached).
      const run = min(wo - ow, np - q);
      if (ih < 0 || ih >= h) {
        fillZero(d, run);
      } else {
        const row = plane + <usize>(ih * w) * 4;
        let iw = ow * sw + iw0;
        if (sw === 1) {
          // Zeros left of the image, the row's pixels, zeros right of it.
          const lo = min(run, max(0, -iw));
          const mid = max(0, min(run, w - iw) - lo);
          fillZero(d, lo);
          copyF32(d + <usize>lo * 4, row + <usize>(iw + lo) * 4, mid);
          fillZero(d + <usize>(lo + mid) * 4, run - lo - mid);
        } else {
          for (let t = 0; t < run; t++) {
            store<f32>(d + <usize>t * 4, iw >= 0 && iw < w ? load<f32>(row + <usize>iw * 4) : 0);
            iw += sw;
          }
        }
      }
      d += <usize>run * 4;
      q += run;
      ow += run;
      if (ow === wo) {
        ow = 0;
        oh++;
        ih += sh;
      }
    }
  }
}

/** Where tap r of output pixel q goes in the packed layout (NR = 8 pixels per panel). */
// @ts-ignore: decorator
@inline function packedAt(dst: usize, kc: i32, r: i32, q: i32): usize {
  return dst + <usize>((q >> 3) * kc * 8 + r * 8 + (q & 7)) * 4;
}

/** n zeros for tap r from pixel q on, in the packed layout. */
function zerosPacked(dst: usize, kc: i32, r: i32, q: i32, n: i32): void {
  while (n > 0) {
    const seg = min(n, 8 - (q & 7));
    fillZero(packedAt(dst, kc, r, q), seg);
    q += seg;
    n -= seg;
  }
}

/** n floats from src for tap r from pixel q on, in the packed layout. */
function copyPacked(dst: usize, kc: i32, r: i32, q: i32, src: usize, n: i32): void {
  while (n > 0) {
    const seg = min(n, 8 - (q & 7));
    copyF32(packedAt(dst, kc, r, q), src, seg);
    src += <usize>seg * 4;
    q += seg;
    n -= seg;
  }
}

/**
 * im2col of all kc taps straight into the gemm's packed-B layout (packBPanels: panels of 8
 * pixels, each [kc][8], the last one zero-padded), so the forward gemm reads it as `packed`
 * without a copy in between: the values im2colTaps + packing would give, in one pass.
 */
export function im2colPacked(
  x: usize, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  dh: i32, dw: i32, wo: i32, p0: i32, np: i32, kc: i32, dst: usize,
): void {
  const oh0 = p0 / wo;
  const ow0 = p0 - oh0 * wo;
  const khw = kh * kw;
  const pad = ((np + 7) & ~7) - np;
  for (let r = 0; r < kc; r++) {
    const c = r / khw;
    const ki = (r - c * khw) / kw;
    const kj = r - c * khw - ki * kw;
    const plane = x + <usize>(c * h * w) * 4;
    let oh = oh0;
    let ow = ow0;
    let ih = oh * sh - ph + ki * dh;
    const iw0 = kj * dw - pw;
    let q = 0;
    while (q < np) {
      const run = min(wo - ow, np - q);
      if (ih < 0 || ih >= h) {
        zerosPacked(dst, kc, r, q, run);
      } else {
        const row = plane + <usize>(ih * w) * 4;
        let iw = ow * sw + iw0;
        if (sw === 1) {
          const lo = min(run, max(0, -iw));
          const mid = max(0, min(run, w - iw) - lo);
          zerosPacked(dst, kc, r, q, lo);
          copyPacked(dst, kc, r, q + lo, row + <usize>(iw + lo) * 4, mid);
          zerosPacked(dst, kc, r, q + lo + mid, run - lo - mid);
        } else {
          for (let t = 0; t < run; t++) {
            store<f32>(packedAt(dst, kc, r, q + t), iw >= 0 && iw < w ? load<f32>(row + <usize>iw * 4) : 0);
            iw += sw;
          }
        }
      }
      q += run;
      ow += run;
      if (ow === wo) {
        ow = 0;
        oh++;
        ih += sh;
      }
    }
    if (pad > 0) zerosPacked(dst, kc, r, np, pad);
  }
}

/** The transpose of im2col: adds cols[r*np + q] back onto the input pixel it was read from. */
export function col2im(
  cols: usize, channels: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
  dh: i32, dw: i32, wo: i32, p0: i32, np: i32, dx: usize,
): void {
  const oh0 = p0 / wo;
  const ow0 = p0 - oh0 * wo;
  let s = cols;
  for (let c = 0; c < channels; c++) {
    const plane = dx + <usize>(c * h * w) * 4;
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        let oh = oh0;
        let ow = ow0;
        let ih = oh * sh - ph + ki * dh;
        const iw0 = kj * dw - pw;
        let q = 0;
        while (q < np) {
          const run = min(wo - ow, np - q);
          if (ih >= 0 && ih < h) {
            const row = plane + <usize>(ih * w) * 4;
            let iw = ow * sw + iw0;
            if (sw === 1) {
              const lo = min(run, max(0, -iw));
              const mid = max(0, min(run, w - iw) - lo);
              addF32(row + <usize>(iw + lo) * 4, s + <usize>lo * 4, mid);
            } else {
              for (let t = 0; t < run; t++) {
                if (iw >= 0 && iw < w) {
                  const p = row + <usize>iw * 4;
                  store<f32>(p, load<f32>(p) + load<f32>(s + <usize>t * 4));
                }
                iw += sw;
              }
            }
          }
          s += <usize>run * 4;
          q += run;
          ow += run;
          if (ow === wo) {
            ow = 0;
            oh++;
            ih += sh;
          }
        }
      }
    }
  }
}
