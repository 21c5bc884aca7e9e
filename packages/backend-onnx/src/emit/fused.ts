/**
 * The composed ops this backend fuses, in ONNX: Softmax/LogSoftmax (their ONNX semantics match),
 * softmaxCrossEntropy's forward (cross_entropy.ts),
 * conv2d as Conv, its input gradient as ConvTranspose, its filter gradient as one Gemm of the
 * output gradient with the input's patches (per group), pooling and max-pool's gradient, sigmoid
 * and softplus.
 */
import { attr } from '@tensorloom/onnx';
import type { ComposedOpAttrs } from '@tensorloom/core';
import { attrsOf, type EmitArgs, type Emitter } from './context.js';
import { maxPool2dGrad } from './max_pool_grad.js';
import { softmaxCrossEntropy } from './cross_entropy.js';

type ConvAttrs = ComposedOpAttrs['conv2d'];

function softmax(e: EmitArgs): void {
  const { axis } = attrsOf<{ axis: number }>(e);
  e.g.node(e.node.op === 'softmax' ? 'Softmax' : 'LogSoftmax', [e.ins[0]], [attr.int('axis', axis)], [e.out]);
}

function convAttrs(a: ConvAttrs, kernel: readonly number[]): ReturnType<typeof attr.int>[] {
  const [ph, pw] = a.padding;
  return [
    attr.ints('kernel_shape', [kernel[0], kernel[1]]), attr.ints('strides', [...a.stride]), attr.ints('dilations', [...a.dilation]),
    attr.ints('pads', [ph, pw, ph, pw]), attr.int('group', a.groups),
  ];
}

function conv2d(e: EmitArgs): void {
  const w = e.node.inputs[1].shape;
  e.g.node('Conv', [e.ins[0], e.ins[1]], convAttrs(attrsOf<ConvAttrs>(e), [w[2], w[3]]), [e.out]);
}

function conv2dInputGrad(e: EmitArgs): void {
  const a = attrsOf<ComposedOpAttrs['conv2dInputGrad']>(e);
  const dy = e.node.inputs[0].shape;
  const w = e.node.inputs[1].shape;
  // ConvTranspose's output is s·(Ho−1) + outputPadding + d·(k−1) + 1 − 2p; pick outputPadding to give H.
  const outPad = [0, 1].map((i) => a.inputSize[i] - (a.stride[i] * (dy[2 + i] - 1) + a.dilation[i] * (w[2 + i] - 1) + 1 - 2 * a.padding[i]));
  e.g.node('ConvTranspose', [e.ins[0], e.ins[1]], [...convAttrs(a, [w[2], w[3]]), attr.ints('output_padding', outPad)], [e.out]);
}

function conv2dFilterGrad(e: EmitArgs): void {
  const { g } = e;
  const a = attrsOf<ComposedOpAttrs['conv2dFilterGrad']>(e);
  const xs = e.node.inputs[0].shape;
  const dys = e.node.inputs[1].shape;
  const n = xs[0];
  const [, , oh, ow] = dys;
  const cg = xs[1] / a.groups;
  const og = dys[1] / a.groups;
  const [kh, kw] = a.kernelSize;
  const [ph, pw] = a.padding;
  const [sh, sw] = a.stride;
  const [dh, dw] = a.dilation;
  const perm = attr.ints('perm', [1, 0, 2, 3]);
  const parts: string[] = [];
  for (let gi = 0; gi < a.groups; gi++) {
    const pick = (v: string, per: number): string => (a.groups === 1 ? v : g.node('Slice', [v, g.int64([gi * per]), g.int64([(gi + 1) * per]), g.int64([1])]));
    // dW[o, c, i, j] = Σ_n,y,x dy[n, o, y, x] · xpad[n, c, y·s + i·d, x·s + j·d]: one Gemm of dy as
    // [O, N·Ho·Wo] with the input's patches as [C·kh·kw, N·Ho·Wo] (the kh·kw strided slices of x
    // as [C, N, H, W], concatenated), which onnxruntime runs far faster than a Conv whose kernel
    // is the whole output.
    let xt = g.node('Transpose', [pick(e.ins[0], cg)], [perm]);
    if (ph > 0 || pw > 0) xt = g.node('Pad', [xt, g.int64([0, 0, ph, pw, 0, 0, ph, pw]), g.scalar(0, 'float32')]);
    const patches: string[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const from = [i * dh, j * dw];
        patches.push(g.node('Slice', [xt, g.int64(from), g.int64([from[0] + (oh - 1) * sh + 1, from[1] + (ow - 1) * sw + 1]), g.int64([2, 3]), g.int64([sh, sw])]));
      }
    }
    const joined = patches.length === 1 ? patches[0] : g.node('Concat', patches, [attr.int('axis', 1)]);
    const cols = g.node('Reshape', [joined, g.int64([cg * kh * kw, n * oh * ow])]);
    const dyt = g.node('Reshape', [g.node('Transpose', [pick(e.ins[1], og)], [perm]), g.int64([og, n * oh * ow])]);
    const dwg = g.node('Gemm', [dyt, cols], [attr.int('transB', 1)]);
    parts.push(g.node('Reshape', [dwg, g.int64([og, cg, kh, kw])], [], a.groups === 1 ? [e.out] : undefined));
  }
  if (a.groups > 1) g.node('Concat', parts, [attr.int('axis', 0)], [e.out]);
}

function pool(e: EmitArgs): void {
  const a = attrsOf<ComposedOpAttrs['avgPool2d']>(e);
  const [ph, pw] = a.padding;
  const attrs = [attr.ints('kernel_shape', [...a.kernelSize]), attr.ints('strides', [...a.stride]), attr.ints('pads', [ph, pw, ph, pw])];
  if (e.node.op === 'avgPool2d') attrs.push(attr.int('count_include_pad', a.countIncludePad ? 1 : 0));
  e.g.node(e.node.op === 'maxPool2d' ? 'MaxPool' : 'AveragePool', [e.ins[0]], attrs, [e.out]);
}

function softplus(e: EmitArgs): void {
  const { g } = e;
  const { beta, threshold } = attrsOf<ComposedOpAttrs['softplus']>(e);
  const x = e.ins[0];
  const bx = beta === 1 ? x : g.node('Mul', [x, g.scalar(beta, 'float32')]);
  let sp = g.node('Softplus', [bx]);
  if (beta !== 1) sp = g.node('Div', [sp, g.scalar(beta, 'float32')]);
  g.node('Where', [g.node('Greater', [bx, g.scalar(threshold, 'float32')]), x, sp], [], [e.out]);
}

function sigmoid(e: EmitArgs): void {
  e.g.node('Sigmoid', [e.ins[0]], [], [e.out]);
}

/** The fused composed-op emitters by op. */
export const FUSED: Record<string, Emitter> = {
  softmax, logSoftmax: softmax, conv2d, conv2dInputGrad, conv2dFilterGrad, maxPool2d: pool, maxPool2dGrad, avgPool2d: pool, sigmoid, softplus, softmaxCrossEntropy,
};
