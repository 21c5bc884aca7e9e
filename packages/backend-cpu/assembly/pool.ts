/**
 * 2-D pooling over planes of x [N·C, H, W] in WebAssembly: maxPool2d and avgPool2d forward
 * and maxPool2d's gradient. Windows are clipped to the image; padding is −∞ for max (it never
 * wins) and 0 for avg. The gradient sends each window's dy to its first maximum (the first NaN
 * if any), scanning the whole window with padding as −∞ (PyTorch's rule); a window whose first
 * maximum is padding drops its dy, as the composition does.
 */

/** Even and odd lanes of the 8 floats (lo, hi). */
// @ts-ignore: decorator
@inline function evens(lo: v128, hi: v128): v128 { return v128.shuffle<f32>(lo, hi, 0, 2, 4, 6); }
// @ts-ignore: decorator
@inline function odds(lo: v128, hi: v128): v128 { return v128.shuffle<f32>(lo, hi, 1, 3, 5, 7); }

/** The 2×2, stride 2, unpadded max pool (the common case), 4 outputs per step. */
function maxPool2x2(x: usize, planes: i32, h: i32, w: i32, ho: i32, wo: i32, out: usize): void {
  let t = out;
  for (let p = 0; p < planes; p++) {
    const base = x + <usize>(p * h * w) * 4;
    for (let oh = 0; oh < ho; oh++) {
      const r0 = base + <usize>(2 * oh * w) * 4;
      const r1 = r0 + <usize>w * 4;
      let ow = 0;
      for (; ow + 4 <= wo; ow += 4) {
        const o8 = <usize>ow * 8;
        const m0 = f32x4.max(v128.load(r0 + o8), v128.load(r1 + o8));
        const m1 = f32x4.max(v128.load(r0 + o8 + 16), v128.load(r1 + o8 + 16));
        v128.store(t, f32x4.max(evens(m0, m1), odds(m0, m1)));
        t += 16;
      }
      for (; ow < wo; ow++) {
        const o8 = <usize>ow * 8;
        const a = max<f32>(load<f32>(r0 + o8), load<f32>(r0 + o8 + 4));
        store<f32>(t, max<f32>(a, max<f32>(load<f32>(r1 + o8), load<f32>(r1 + o8 + 4))));
        t += 4;
      }
    }
  }
}

/** max of each window, plane by plane (NaN propagates). */
export function maxPool2d(
  x: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, ho: i32, wo: i32, out: usize,
): void {
  if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0) {
    maxPool2x2(x, planes, h, w, ho, wo, out);
    return;
  }
  let t = out;
  for (let p = 0; p < planes; p++) {
    const base = x + <usize>(p * h * w) * 4;
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - ph;
      const hs = max(h0, 0), he = min(h0 + kh, h);
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - pw;
        const ws = max(w0, 0), we = min(w0 + kw, w);
        let m: f32 = -Infinity;
        for (let i = hs; i < he; i++) {
          const row = base + <usize>(i * w) * 4;
          for (let j = ws; j < we; j++) m = max<f32>(m, load<f32>(row + <usize>j * 4)); // f32.max: NaN propagates
        }
        store<f32>(t, m);
        t += 4;
      }
    }
  }
}

/** mean of each window (float64 sum), divided by kh·kw (countIncludePad) or the valid count. */
export function avgPool2d(
  x: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, ho: i32, wo: i32,
  countIncludePad: i32, out: usize,
): void {
  let t = out;
  for (let p = 0; p < planes; p++) {
    const base = x + <usize>(p * h * w) * 4;
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - ph;
      const hs = max(h0, 0), he = min(h0 + kh, h);
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - pw;
        const ws = max(w0, 0), we = min(w0 + kw, w);
        let s: f64 = 0;
        for (let i = hs; i < he; i++) {
          const row = base + <usize>(i * w) * 4;
          for (let j = ws; j < we; j++) s += <f64>load<f32>(row + <usize>j * 4);
        }
        const count = countIncludePad ? kh * kw : max(he - hs, 0) * max(we - ws, 0);
        store<f32>(t, <f32>(s / <f64>count));
        t += 4;
      }
    }
  }
}

/** Lanes that are the window's max m or NaN (the first such element of a window wins). */
// @ts-ignore: decorator
@inline function hit(v: v128, m: v128): v128 { return v128.or(f32x4.eq(v, m), f32x4.ne(v, v)); }

/**
 * The 2×2, stride 2, unpadded gradient, 4 windows per step: windows do not overlap, so each
 * input element gets its window's dy or 0, stored directly.
 */
function maxPool2x2Grad(x: usize, dy: usize, planes: i32, h: i32, w: i32, ho: i32, wo: i32, dx: usize): void {
  let t = dy;
  for (let p = 0; p < planes; p++) {
    const off = <usize>(p * h * w) * 4;
    for (let oh = 0; oh < ho; oh++) {
      const row = <usize>(2 * oh * w) * 4;
      const r0 = x + off + row, r1 = r0 + <usize>w * 4;
      const g0 = dx + off + row, g1 = g0 + <usize>w * 4;
      let ow = 0;
      for (; ow + 4 <= wo; ow += 4) {
        const o8 = <usize>ow * 8;
        const u0 = v128.load(r0 + o8), u1 = v128.load(r0 + o8 + 16);
        const l0 = v128.load(r1 + o8), l1 = v128.load(r1 + o8 + 16);
        const a = evens(u0, u1), b = odds(u0, u1), c = evens(l0, l1), d = odds(l0, l1);
        const m = f32x4.max(f32x4.max(a, b), f32x4.max(c, d));
        const g = v128.load(t);
        let taken = hit(a, m);
        const ga = v128.and(g, taken);
        const kb = hit(b, m);
        const gb = v128.and(g, v128.andnot(kb, taken));
        taken = v128.or(taken, kb);
        const kc = hit(c, m);
        const gc = v128.and(g, v128.andnot(kc, taken));
        taken = v128.or(taken, kc);
        const gd = v128.andnot(g, taken);
        v128.store(g0 + o8, v128.shuffle<f32>(ga, gb, 0, 4, 1, 5));
        v128.store(g0 + o8 + 16, v128.shuffle<f32>(ga, gb, 2, 6, 3, 7));
        v128.store(g1 + o8, v128.shuffle<f32>(gc, gd, 0, 4, 1, 5));
        v128.store(g1 + o8 + 16, v128.shuffle<f32>(gc, gd, 2, 6, 3, 7));
        t += 16;
      }
      for (; ow < wo; ow++) {
        const o8 = <usize>ow * 8;
        const a = load<f32>(r0 + o8), b = load<f32>(r0 + o8 + 4), c = load<f32>(r1 + o8), d = load<f32>(r1 + o8 + 4);
        const m = max<f32>(max<f32>(a, b), max<f32>(c, d));
        const at: usize = a == m || a != a ? g0 + o8 : b == m || b != b ? g0 + o8 + 4 : c == m || c != c ? g1 + o8 : g1 + o8 + 4;
        store<f32>(at, load<f32>(t));
        t += 4;
      }
    }
  }
}

/** dx (zeroed here) += each window's dy at the window's first maximum of x. */
export function maxPool2dGrad(
  x: usize, dy: usize, planes: i32, h: i32, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, ho: i32, wo: i32,
  dx: usize,
): void {
  memory.fill(dx, 0, <usize>(planes * h * w) * 4);
  if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0) {
    maxPool2x2Grad(x, dy, planes, h, w, ho, wo, dx);
    return;
  }
  let t = dy;
  for (let p = 0; p < planes; p++) {
    const base = x + <usize>(p * h * w) * 4;
    const gbase = dx + <usize>(p * h * w) * 4;
    for (let oh = 0; oh < ho; oh++) {
      const h0 = oh * sh - ph;
      for (let ow = 0; ow < wo; ow++) {
        const w0 = ow * sw - pw;
        // The window's first maximum, padding counting as −∞ (bi = −1 there).
        let b: f32 = 0;
        let bi = -2;
        for (let i = h0; i < h0 + kh && b == b; i++) {
          const inRow = i >= 0 && i < h;
          for (let j = w0; j < w0 + kw; j++) {
            const inside = inRow && j >= 0 && j < w;
            const v: f32 = inside ? load<f32>(base + <usize>(i * w + j) * 4) : -Infinity;
            if (bi == -2 || (b == b && (v > b || v != v))) {
              b = v;
              bi = inside ? i * w + j : -1;
              if (v != v) break;
            }
          }
        }
        if (bi >= 0) {
          const g = gbase + <usize>bi * 4;
          store<f32>(g, load<f32>(g) + load<f32>(t));
        }
        t += 4;
      }
    }
  }
}
