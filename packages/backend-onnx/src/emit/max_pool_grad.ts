/**
 * maxPool2dGrad (fused): each window's dy goes to the window's first maximum of x (the first
 * NaN if any; padding counts as −∞ and, when it wins, drops the dy), as core's composition.
 * The kh·kw strided slices of the padded input are scanned in window order with a strict `>`
 * (so ties keep the first), tracking the winner's flat offset; one ScatterElements (add) of dy
 * into a zero padded image then sums overlapping windows, and the padding is cut off.
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
