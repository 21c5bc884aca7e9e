/**
 * maxPool2dGrad (fused): each window's dy goes to the window's first maximum of x (the first
 * NaN if any; padding counts as −∞ and, when it wins, drops the dy), as core's composition.
 *
 * Windows that tile the image (kernel = stride, no padding: the usual 2×2 pool) take a cheaper
 * path without ScatterElements: from the kh·kw strided slices, each window's winner is the first
 * element equal to the window's Max (which propagates NaN) or the first NaN; the winner index
 * and dy are upsampled (Resize, nearest) to the image, and each pixel takes dy where its place
 * in its window is the winner (rows and columns no window covers get 0). Otherwise the kh·kw
 * strided slices of the padded input are scanned in window
 * order with a strict `>` (so ties keep the first), tracking the winner's flat offset; one
 * ScatterElements (add) of dy into a zero padded image then sums overlapping windows, and the
 * padding is cut off.
 */
import { attr, writeTensorProto } from '@tensorloom/onnx';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { attrsOf, type EmitArgs } from './context.js';

export function maxPool2dGrad(e: EmitArgs): void {
  const { g } = e;
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw] } = attrsOf<ComposedOpAttrs['maxPool2dGrad']>(e);
  const [n, c, h, w] = e.node.inputs[0].shape;
  const [, , oh, ow] = e.node.inputs[1].shape;
  const hp = h + 2 * ph;
  const wp = w + 2 * pw;
  const zero = (shape: readonly number[], out?: string): string =>
    g.node('ConstantOfShape', [g.int64([...shape])], [{ name: 'value', type: 4, t: writeTensorProto('zero', 'float32', [1], [0]) }], out ? [out] : undefined);
  if (n * c * h * w === 0 || oh * ow === 0) {
    zero([n, c, h, w], e.out);
    return;
  }
  if (kh === sh && kw === sw && ph === 0 && pw === 0 && kh * kw > 1) {
    tiled(e, [n, c, h, w], [oh, ow], [kh, kw]);
    return;
  }
  const xp = ph > 0 || pw > 0
    ? g.node('Pad', [e.ins[0], g.int64([0, 0, ph, pw, 0, 0, ph, pw]), g.scalar(-Infinity, 'float32')])
    : e.ins[0];
  let best = '';
  let off = '';
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const s = g.node('Slice', [xp, g.int64([i, j]), g.int64([i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1]), g.int64([2, 3]), g.int64([sh, sw])]);
      const k = g.int64([i * wp + j], []);
      if (best === '') {
        best = s;
        off = k;
        continue;
      }
      // Take s where best is not NaN and s is larger or NaN: ties and later NaNs keep the first.
      const take = g.node('And', [g.node('Not', [g.node('IsNaN', [best])]), g.node('Or', [g.node('Greater', [s, best]), g.node('IsNaN', [s])])]);
      best = g.node('Where', [take, s, best]);
      off = g.node('Where', [take, k, off]);
    }
  }
  const base = new Array<number>(oh * ow);
  for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) base[i * ow + j] = i * sh * wp + j * sw;
  let flat = g.node('Add', [off, g.int64(base, [oh, ow])]);
  if (kh * kw === 1) flat = g.node('Expand', [flat, g.int64([n, c, oh, ow])]);
  const indices = g.node('Reshape', [flat, g.int64([n, c, oh * ow])]);
  const updates = g.node('Reshape', [e.ins[1], g.int64([n, c, oh * ow])]);
  const image = g.node('ScatterElements', [zero([n, c, hp * wp]), indices, updates], [attr.int('axis', 2), attr.string('reduction', 'add')]);
  if (ph === 0 && pw === 0) {
    g.node('Reshape', [image, g.int64([n, c, h, w])], [], [e.out]);
    return;
  }
  const padded = g.node('Reshape', [image, g.int64([n, c, hp, wp])]);
  g.node('Slice', [padded, g.int64([ph, pw]), g.int64([ph + h, pw + w]), g.int64([2, 3])], [], [e.out]);
}

/** The gradient when the windows tile the image (kernel = stride, no padding). */
function tiled(e: EmitArgs, [n, c, h, w]: number[], [oh, ow]: number[], [kh, kw]: number[]): void {
  const { g } = e;
  const k = kh * kw;
  const ch = oh * kh;
  const cw = ow * kw;
  // Window element i·kw + j of every window, as one [N, C, Ho, Wo] strided slice each.
  const parts: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) parts.push(g.node('Slice', [e.ins[0], g.int64([i, j]), g.int64([i + ch - kh + 1, j + cw - kw + 1]), g.int64([2, 3]), g.int64([kh, kw])]));
  }
  // The window's maximum (NaN if it has one: Max propagates NaN); the winner is the first
  // element equal to it, or the first NaN.
  const top = g.node('Max', parts);
  let winner = g.scalar(k - 1, 'float32');
  for (let p = k - 2; p >= 0; p--) {
    const hit = g.node('Or', [g.node('Equal', [parts[p], top]), g.node('IsNaN', [parts[p]])]);
    winner = g.node('Where', [hit, g.scalar(p, 'float32'), winner]);
  }
  // Up to the image (nearest: each pixel gets its window's winner and dy), then dy where the
  // pixel's place in its window is the winner's.
  const sizes = g.int64([n, c, ch, cw]);
  const nearest = [attr.string('mode', 'nearest'), attr.string('coordinate_transformation_mode', 'asymmetric'), attr.string('nearest_mode', 'floor')];
  const place = new Array<number>(ch * cw);
  for (let y = 0; y < ch; y++) for (let x = 0; x < cw; x++) place[y * cw + x] = (y % kh) * kw + (x % kw);
  const hit = g.node('Equal', [g.node('Resize', [winner, '', '', sizes], nearest), g.literal('float32', [1, 1, ch, cw], place)]);
  const dy = g.node('Resize', [e.ins[1], '', '', sizes], nearest);
  if (ch === h && cw === w) {
    g.node('Where', [hit, dy, g.scalar(0, 'float32')], [], [e.out]);
    e.setMasked(e.node, { mask: hit, value: dy }); // ReLU's gradient after it can fold in
    return;
  }
  const image = g.node('Where', [hit, dy, g.scalar(0, 'float32')]);
  g.node('Pad', [image, g.int64([0, 0, 0, 0, 0, 0, h - ch, w - cw]), g.scalar(0, 'float32')], [], [e.out]);
}
