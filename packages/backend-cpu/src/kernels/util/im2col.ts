/**
 * im2col in the transposed layout that gemmNT wants: one row per output pixel, holding the
 * receptive field of that pixel over (channel, ki, kj) - the same order as a conv weight's
 * [C/groups, kh, kw] - with zeros for padding.
 */

/** Geometry of one 2-D convolution or pooling window. */
export interface Window2d {
  readonly h: number; readonly w: number;     // input height, width
  readonly kh: number; readonly kw: number;   // kernel size
  readonly sh: number; readonly sw: number;   // stride
  readonly ph: number; readonly pw: number;   // padding (top/left; symmetric)
  readonly dh: number; readonly dw: number;   // dilation
  readonly wo: number;                        // output width
}

/**
 * cols[(p - p0) * kc + (c*kh + ki)*kw + kj] = x[xOff + c*h*w + ih*w + iw] (0 outside the
 * image) for output pixels p in [p0, p0 + np), channels c < channels; kc = channels*kh*kw.
 */
export function im2colT(
  x: Float32Array, xOff: number, channels: number, g: Window2d, p0: number, np: number, cols: Float32Array,
): void {
  const { h, w, kh, kw, sh, sw, ph, pw, dh, dw, wo } = g;
  const kc = channels * kh * kw;
  const oh0 = Math.floor(p0 / wo);
  const ow0 = p0 - oh0 * wo;
  for (let c = 0; c < channels; c++) {
    const plane = xOff + c * h * w;
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const r = (c * kh + ki) * kw + kj;
        let oh = oh0;
        let ow = ow0;
        let ih = oh * sh - ph + ki * dh;
        const iw0 = kj * dw - pw;
        for (let p = 0; p < np; p++) {
          const iw = ow * sw + iw0;
          cols[p * kc + r] = ih >= 0 && ih < h && iw >= 0 && iw < w ? x[plane + ih * w + iw] : 0;
          if (++ow === wo) {
            ow = 0;
            oh++;
            ih += sh;
          }
        }
      }
    }
  }
}

/**
 * The transpose of im2colT: adds cols[(p - p0) * kc + (c*kh + ki)*kw + kj] back onto the image
 * pixels it was read from (dx[dxOff + c*h*w + ih*w + iw]), skipping padding. Pixels read by
 * several windows accumulate.
 */
export function col2imT(
  cols: Float32Array, channels: number, g: Window2d, p0: number, np: number, dx: Float32Array, dxOff: number,
): void {
  const { h, w, kh, kw, sh, sw, ph, pw, dh, dw, wo } = g;
  const kc = channels * kh * kw;
  const oh0 = Math.floor(p0 / wo);
  const ow0 = p0 - oh0 * wo;
  for (let c = 0; c < channels; c++) {
    const plane = dxOff + c * h * w;
    for (let ki = 0; ki < kh; ki++) {
      for (let kj = 0; kj < kw; kj++) {
        const r = (c * kh + ki) * kw + kj;
        let oh = oh0;
        let ow = ow0;
        let ih = oh * sh - ph + ki * dh;
        const iw0 = kj * dw - pw;
        for (let p = 0; p < np; p++) {
          const iw = ow * sw + iw0;
          if (ih >= 0 && ih < h && iw >= 0 && iw < w) dx[plane + ih * w + iw] += cols[p * kc + r];
          if (++ow === wo) {
            ow = 0;
            oh++;
            ih += sh;
          }
        }
      }
    }
  }
}
