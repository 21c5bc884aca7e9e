/**
 * Elementwise unary kernels against float64 references, incl. int32 paths, NaN, ±inf,
 * empty tensors, and cast's conversion rules.
 */
import { describe, expect, it } from 'vitest';
import { abs } from '../src/kernels/abs.js';
import { cast } from '../src/kernels/cast.js';
import { cos } from '../src/kernels/cos.js';
import { erf, erfScalar } from '../src/kernels/erf.js';
import { exp } from '../src/kernels/exp.js';
import { floor } from '../src/kernels/floor.js';
import { log } from '../src/kernels/log.js';
import { logicalNot } from '../src/kernels/logical_not.js';
import { neg } from '../src/kernels/neg.js';
import { reciprocal } from '../src/kernels/reciprocal.js';
import { sign } from '../src/kernels/sign.js';
import { sin } from '../src/kernels/sin.js';
import { sqrt } from '../src/kernels/sqrt.js';
import { tanh } from '../src/kernels/tanh.js';
import { expectClose, expectExact, randn, spec, t, type PlainKernel } from './helpers.js';

const SPECIAL = [0, -0, 1, -1, 0.5, -2.5, 3.25, 1e-30, -1e30, Infinity, -Infinity, NaN];

function run(kernel: PlainKernel, x: ReturnType<typeof t>): Float32Array {
  return kernel([x], {}, spec(x.shape, x.dtype)) as Float32Array;
}

describe('float unary kernels', () => {
  const cases: Array<[string, PlainKernel, (v: number) => number]> = [
    ['exp', exp, Math.exp], ['log', log, Math.log], ['sqrt', sqrt, Math.sqrt], ['sin', sin, Math.sin],
    ['cos', cos, Math.cos], ['tanh', tanh, Math.tanh], ['reciprocal', reciprocal, (v) => 1 / v],
    ['neg', neg, (v) => -v], ['abs', abs, Math.abs], ['floor', floor, Math.floor],
  ];
  for (const [name, kernel, ref] of cases) {
    it(`${name} matches Math on random and special values`, () => {
      const x = randn([7, 13], 1, -4, 4);
      const values = [...Array.from(x.data), ...SPECIAL];
      const xi = t(values, [values.length]);
      const got = run(kernel, xi);
      expect(got).toBeInstanceOf(Float32Array);
      expectClose(got, Array.from(xi.data, (v) => Math.fround(ref(v))), 0, 0);
    });
  }

  it('handles empty and scalar tensors', () => {
    expect(run(exp, t([], [0, 3])).length).toBe(0);
    expectClose(run(exp, t([1], [])), [Math.fround(Math.E)], 0, 0);
  });

  it('sign: -1/0/1, sign(±0) = 0, NaN stays NaN', () => {
    expectExact(run(sign, t([-3, -0, 0, 2, -Infinity, Infinity, NaN, 1e-40], [8])), [-1, 0, 0, 1, -1, 1, NaN, 1]);
    expect(Object.is(run(sign, t([-0], [1]))[0], 0)).toBe(true);
  });

  it('int32 paths of neg, abs, sign, floor keep int32 and wrap', () => {
    const x = t([-5, 0, 7, -2147483648, 2147483647], [5], 'int32');
    const sp = spec([5], 'int32');
    const n = neg([x], {}, sp);
    expect(n).toBeInstanceOf(Int32Array);
    expectExact(n, [5, 0, -7, -2147483648, -2147483647]);
    expectExact(abs([x], {}, sp), [5, 0, 7, -2147483648, 2147483647]);
    expectExact(sign([x], {}, sp), [-1, 0, 1, -1, 1]);
    expectExact(floor([x], {}, sp), [-5, 0, 7, -2147483648, 2147483647]);
  });
});

describe('erf', () => {
  /** erf via its positive series, erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!, accurate in float64. */
  function erfRef(x: number): number {
    const ax = Math.abs(x);
    if (ax > 6) return Math.sign(x);
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 500; n++) {
      term *= (2 * ax * ax) / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-18) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
  }

  it('scalar erf has ~1e-15 relative error across all regions', () => {
    const xs: number[] = [1e-12, 1e-9, 3e-9, 0.01, 0.3, 0.84, 0.85, 1, 1.24, 1.26, 2, 2.85, 2.86, 3.5, 4, 5, 5.9];
    for (let x = -6; x <= 6; x += 0.0137) xs.push(x);
    for (const x of xs) {
      for (const v of [x, -x]) {
        const want = erfRef(v);
        expect(Math.abs(erfScalar(v) - want)).toBeLessThanOrEqual(2e-15 * Math.abs(want) + 1e-300);
      }
    }
  });

  it('kernel: float32 results within 1 ulp, ±inf → ±1, NaN → NaN, erf(-0) = -0', () => {
    const x = randn([1000], 3, -5, 5);
    const got = erf([x], {}, spec([1000])) as Float32Array;
    for (let i = 0; i < 1000; i++) {
      const want = erfRef(x.data[i]);
      expect(Math.abs(got[i] - want)).toBeLessThanOrEqual(Math.abs(want) * 1.2e-7 + 1e-38);
    }
    const s = erf([t([Infinity, -Infinity, NaN, 0, -0, 7, -7], [7])], {}, spec([7]));
    expectExact(Array.from(s).slice(0, 4), [1, -1, NaN, 0]);
    expect(Object.is(s[4], -0)).toBe(true);
    expectExact(Array.from(s).slice(5), [1, -1]);
  });
});

describe('logicalNot', () => {
  it('flips bools', () => {
    const got = logicalNot([t([0, 1, 1, 0], [2, 2], 'bool')], {}, spec([2, 2], 'bool'));
    expect(got).toBeInstanceOf(Uint8Array);
    expectExact(got, [1, 0, 0, 1]);
  });
});

describe('cast', () => {
  it('float32 → int32 truncates toward zero; NaN and ±inf give 0', () => {
    const x = t([1.7, -1.7, 0.5, -0.5, 2.0, NaN, Infinity, -Infinity, 1e6 + 0.5], [9]);
    const got = cast([x], { dtype: 'int32' }, spec([9], 'int32'));
    expect(got).toBeInstanceOf(Int32Array);
    expectExact(got, [1, -1, 0, 0, 2, 0, 0, 0, 1000000]);
  });

  it('anything → bool is x != 0 (NaN → true)', () => {
    const f = cast([t([0, -0, 0.1, NaN, -Infinity], [5])], { dtype: 'bool' }, spec([5], 'bool'));
    expect(f).toBeInstanceOf(Uint8Array);
    expectExact(f, [0, 0, 1, 1, 1]);
    expectExact(cast([t([0, 5, -3], [3], 'int32')], { dtype: 'bool' }, spec([3], 'bool')), [0, 1, 1]);
  });

  it('bool/int32 → float32 and bool → int32', () => {
    const f = cast([t([0, 1, 1], [3], 'bool')], { dtype: 'float32' }, spec([3]));
    expect(f).toBeInstanceOf(Float32Array);
    expectExact(f, [0, 1, 1]);
    expectExact(cast([t([0, 1], [2], 'bool')], { dtype: 'int32' }, spec([2], 'int32')), [0, 1]);
    expectExact(cast([t([-7, 16777217], [2], 'int32')], { dtype: 'float32' }, spec([2])), [-7, 16777216]);
  });

  it('to the same dtype returns the input storage', () => {
    const x = t([1, 2], [2]);
    expect(cast([x], { dtype: 'float32' }, spec([2]))).toBe(x.data);
  });
});
