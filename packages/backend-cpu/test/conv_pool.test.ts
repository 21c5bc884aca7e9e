/**
 * conv2d (im2col + blocked gemm) against a naive direct float64 convolution over stride,
 * padding, dilation and groups (incl. depthwise and blocks of output pixels), and the
 * max/avg pools against direct references with padding, NaN and countIncludePad.
 */
import { describe, expect, it } from 'vitest';
import type { Pair } from '@tensorloom/core';
import { avgPool2d } from '../src/kernels/avg_pool2d.js';
import { conv2d } from '../src/kernels/conv2d.js';
import { maxPool2d } from '../src/kernels/max_pool2d.js';
import { expectClose, expectExact, randn, spec, t, type Info } from './helpers.js';

interface ConvCase { n: number; c: number; h: number; w: number; o: number; kh: number; kw: number; stride: Pair; padding: Pair; dilation: Pair; groups: number }

function outSize(h: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((h + 2 * p - d * (k - 1) - 1) / s) + 1;
}

function naiveConv(x: Info, wt: Info, cs: ConvCase): { data: Float64Array; scale: Float64Array; shape: number[] } {
  const { n, c, h, w, o, kh, kw, stride, padding, dilation, groups } = cs;
  const ho = outSize(h, kh, stride[0], padding[0], dilation[0]);
  const wo = outSize(w, kw, stride[1], padding[1], dilation[1]);
  const cg = c / groups;
  const og = o / groups;
  const data = new Float64Array(n * o * ho * wo);
  const scale = new Float64Array(data.length);
  for (let b = 0; b < n; b++) for (let oc = 0; oc < o; oc++) for (let i = 0; i < ho; i++) for (let j = 0; j < wo; j++) {
    const g = Math.floor(oc / og);
    let s = 0;
    let sa = 0;
    for (let ci = 0; ci < cg; ci++) for (let ki = 0; ki < kh; ki++) for (let kj = 0; kj < kw; kj++) {
      const ih = i * stride[0] - padding[0] + ki * dilation[0];
      const iw = j * stride[1] - padding[1] + kj * dilation[1];
      if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
      const v = x.data[((b * c + g * cg + ci) * h + ih) * w + iw] * wt.data[((oc * cg + ci) * kh + ki) * kw + kj];
      s += v;
      sa += Math.abs(v);
    }
    const idx = ((b * o + oc) * ho + i) * wo + j;
    data[idx] = s;
    scale[idx] = sa;
  }
  return { data, scale, shape: [n, o, ho, wo] };
}

describe('conv2d', () => {
  const cases: ConvCase[] = [
    { n: 1, c: 1, h: 5, w: 5, o: 1, kh: 3, kw: 3, stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
    { n: 2, c: 3, h: 7, w: 6, o: 4, kh: 3, kw: 2, stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 },
    { n: 2, c: 4, h: 9, w: 8, o: 6, kh: 3, kw: 3, stride: [2, 3], padding: [1, 2], dilation: [1, 1], groups: 2 },
    { n: 1, c: 3, h: 11, w: 10, o: 5, kh: 3, kw: 3, stride: [1, 2], padding: [2, 0], dilation: [2, 3], groups: 1 },
    { n: 2, c: 6, h: 8, w: 8, o: 6, kh: 3, kw: 3, stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 6 },
    { n: 1, c: 4, h: 6, w: 6, o: 8, kh: 1, kw: 1, stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
    { n: 1, c: 2, h: 4, w: 4, o: 3, kh: 4, kw: 4, stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 },
    { n: 1, c: 2, h: 3, w: 3, o: 2, kh: 2, kw: 2, stride: [3, 3], padding: [1, 1], dilation: [1, 1], groups: 1 },
    { n: 3, c: 8, h: 5, w: 7, o: 12, kh: 3, kw: 3, stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 4 },
  ];
  cases.forEach((cs, k) => {
    it(`matches a direct convolution: ${JSON.stringify(cs)}`, () => {
      const x = randn([cs.n, cs.c, cs.h, cs.w], 10 + k);
      const wt = randn([cs.o, cs.c / cs.groups, cs.kh, cs.kw], 20 + k);
      const ref = naiveConv(x, wt, cs);
      const got = conv2d([x, wt], { stride: cs.stride, padding: cs.padding, dilation: cs.dilation, groups: cs.groups }, spec(ref.shape));
      expect(got).toBeInstanceOf(Float32Array);
      expect(got.length).toBe(ref.data.length);
      for (let i = 0; i < got.length; i++) {
        expect(Math.abs(got[i] - ref.data[i])).toBeLessThanOrEqual(6e-8 * Math.abs(ref.data[i]) + 1e-12 * ref.scale[i] + 1e-30);
      }
    });
  });

  it('handles images larger than one im2col block (many output pixels, k > 4096 channels*kernel)', () => {
    const cs: ConvCase = { n: 1, c: 460, h: 9, w: 9, o: 3, kh: 3, kw: 3, stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 };
    const x = randn([1, 460, 9, 9], 30);
    const wt = randn([3, 460, 3, 3], 31);
    const ref = naiveConv(x, wt, cs);
    const got = conv2d([x, wt], { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }, spec(ref.shape));
    expectClose(got, ref.data, 1e-5, 1e-5);
    const cs2: ConvCase = { n: 1, c: 1, h: 600, w: 500, o: 2, kh: 1, kw: 1, stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 };
    const x2 = randn([1, 1, 600, 500], 32);
    const w2 = randn([2, 1, 1, 1], 33);
    const ref2 = naiveConv(x2, w2, cs2);
    expectClose(conv2d([x2, w2], { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 }, spec(ref2.shape)), ref2.data, 1e-6, 1e-7);
  });

  it('empty batch gives an empty output', () => {
    expect(conv2d([randn([0, 2, 4, 4], 1), randn([3, 2, 3, 3], 2)], { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 }, spec([0, 3, 2, 2])).length).toBe(0);
  });
});

function refPool(x: Info, k: Pair, s: Pair, p: Pair, mode: 'max' | 'avg', countIncludePad = true): { data: number[]; shape: number[] } {
  const [n, c, h, w] = x.shape;
  const ho = outSize(h, k[0], s[0], p[0], 1);
  const wo = outSize(w, k[1], s[1], p[1], 1);
  const data: number[] = [];
  for (let pl = 0; pl < n * c; pl++) for (let i = 0; i < ho; i++) for (let j = 0; j < wo; j++) {
    let m = -Infinity;
    let sum = 0;
    let cnt = 0;
    for (let a = 0; a < k[0]; a++) for (let b = 0; b < k[1]; b++) {
      const ih = i * s[0] - p[0] + a;
      const iw = j * s[1] - p[1] + b;
      if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
      const v = x.data[(pl * h + ih) * w + iw];
      if (Number.isNaN(v) || v > m || Number.isNaN(m)) m = Number.isNaN(m) ? m : v;
      sum += v;
      cnt++;
    }
    data.push(mode === 'max' ? m : sum / (countIncludePad ? k[0] * k[1] : cnt));
  }
  return { data, shape: [n, c, ho, wo] };
}

describe('pooling', () => {
  const cases: Array<[number[], Pair, Pair, Pair]> = [
    [[1, 1, 4, 4], [2, 2], [2, 2], [0, 0]],
    [[2, 3, 7, 6], [3, 3], [2, 2], [1, 1]],
    [[1, 2, 5, 8], [3, 2], [1, 3], [1, 0]],
    [[2, 1, 9, 9], [4, 4], [3, 3], [2, 2]],
    [[1, 1, 1, 1], [1, 1], [1, 1], [0, 0]],
  ];
  cases.forEach(([shape, k, s, p], q) => {
    it(`maxPool2d and avgPool2d match references: x ${JSON.stringify(shape)} k ${k} s ${s} p ${p}`, () => {
      const x = randn(shape, 40 + q, -5, 5);
      const mx = refPool(x, k, s, p, 'max');
      expectExact(maxPool2d([x], { kernelSize: k, stride: s, padding: p }, spec(mx.shape)), Float32Array.from(mx.data));
      for (const countIncludePad of [true, false]) {
        const av = refPool(x, k, s, p, 'avg', countIncludePad);
        expectClose(avgPool2d([x], { kernelSize: k, stride: s, padding: p, countIncludePad }, spec(av.shape)), av.data, 1e-6, 1e-7);
      }
    });
  });

  it('maxPool2d: padding never wins over negative values; NaN propagates; -inf stays', () => {
    const x = t([-5, -6, -7, -8], [1, 1, 2, 2]);
    expectExact(maxPool2d([x], { kernelSize: [2, 2], stride: [1, 1], padding: [1, 1] }, spec([1, 1, 3, 3])), [-5, -5, -6, -5, -5, -6, -7, -7, -8]);
    const y = t([1, NaN, 3, 4, -Infinity, -Infinity, -Infinity, -Infinity], [1, 2, 2, 2]);
    expectExact(maxPool2d([y], { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0] }, spec([1, 2, 1, 1])), [NaN, -Infinity]);
  });

  it('avgPool2d: divisor kh*kw with countIncludePad, else the in-image count', () => {
    const x = t([1, 2, 3, 4], [1, 1, 2, 2]);
    expectClose(avgPool2d([x], { kernelSize: [2, 2], stride: [1, 1], padding: [1, 1], countIncludePad: true }, spec([1, 1, 3, 3])),
      [0.25, 0.75, 0.5, 1, 2.5, 1.5, 0.75, 1.75, 1], 1e-7, 0);
    expectClose(avgPool2d([x], { kernelSize: [2, 2], stride: [1, 1], padding: [1, 1], countIncludePad: false }, spec([1, 1, 3, 3])),
      [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4], 1e-7, 0);
  });
});
