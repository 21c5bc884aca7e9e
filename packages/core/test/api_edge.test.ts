/**
 * Regression tests of issue 16's core findings, one per item: silent narrowing at creation,
 * oneHot's bad indices, sizes checked before allocating, where's condition, wrong JS types,
 * errors that name the op the user called, and two instances of one backend.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as C from '@tensorloom/core';
import { TensorloomError, arange, full, oneHot, registerBackend, removeBackend, tensor, zeros } from '@tensorloom/core';
import { createToyBackend } from './helpers/toy_backend.js';
import { useToyBackend } from './helpers/use_toy.js';

beforeAll(() => useToyBackend('toy-edge'));

/** Calls `fn` and returns the TensorloomError it throws (failing when it throws anything else). */
function rejection(fn: () => unknown): TensorloomError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TensorloomError) return e;
    throw new Error(`expected a TensorloomError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
  throw new Error('expected a TensorloomError, but the call was accepted');
}

describe('creation narrows by a documented rule, never silently wrong', () => {
  it('int32 rejects out-of-range and non-finite values', () => {
    expect(rejection(() => tensor([3e9], { dtype: 'int32' })).message).toMatch(/^tensor: 3000000000 is outside the int32 range/);
    expect(rejection(() => full([1], 2 ** 32 + 5, { dtype: 'int32' })).message).toMatch(/^full: 4294967301 is outside the int32 range/);
    expect(rejection(() => tensor([NaN, Infinity], { dtype: 'int32' })).message).toMatch(/^tensor: NaN cannot be stored as int32/);
    expect(rejection(() => tensor(new Float32Array([Infinity]), { dtype: 'int32' })).op).toBe('tensor');
    expect(rejection(() => arange(0, 4e9, 1e9, { dtype: 'int32' })).op).toBe('arange');
  });
  it('int32 truncates toward zero (PyTorch) and keeps the range ends', () => {
    expect(tensor([1.7, -1.7, 2 ** 31 - 1, -(2 ** 31)], { dtype: 'int32' }).arraySync()).toEqual([1, -1, 2 ** 31 - 1, -(2 ** 31)]);
    expect(full([2], -2.5, { dtype: 'int32' }).arraySync()).toEqual([-2, -2]);
  });
  it('bool is x != 0 (NaN is true)', () => {
    expect(tensor([256, 0.5, 0, -0, NaN], { dtype: 'bool' }).arraySync()).toEqual([true, true, false, false, true]);
    expect(full([1], 256, { dtype: 'bool' }).arraySync()).toEqual([true]);
    expect(tensor(new Int32Array([2, 0]), { dtype: 'bool' }).arraySync()).toEqual([true, false]);
  });
});

describe('sizes are checked before anything is allocated', () => {
  it('huge shapes fail fast with the limit', () => {
    expect(rejection(() => zeros([1e6, 1e6])).message).toMatch(/^zeros: shape \[1000000,1000000\] holds 1\.000e\+12 values, more than the limit/);
    expect(rejection(() => oneHot(tensor([0, 1], { dtype: 'int32' }), 2 ** 31)).message).toMatch(/^oneHot: shape \[2,2147483648\] holds .* more than the limit/);
    expect(rejection(() => arange(0, Infinity)).message).toMatch(/^arange: end must be a finite number, got Infinity/);
    expect(rejection(() => arange(0, NaN)).op).toBe('arange');
    expect(rejection(() => tensor([1]).expand([1e5, 1e5])).op).toBe('expand');
  });
});

describe('oneHot', () => {
  it('rejects an index outside [0, numClasses) (PyTorch), instead of an all-zero row', () => {
    expect(rejection(() => oneHot(tensor([0, 3], { dtype: 'int32' }), 3)).message).toMatch(/^oneHot: an index is out of range; class indices must be in \[0, 3\)/);
    expect(rejection(() => oneHot(tensor([-1], { dtype: 'int32' }), 3)).op).toBe('oneHot');
    expect(oneHot(tensor([2, 0], { dtype: 'int32' }), 3).arraySync()).toEqual([[0, 0, 1], [1, 0, 0]]);
  });
});

describe('where', () => {
  it('needs a bool condition', () => {
    expect(rejection(() => C.where(tensor([1, 0]), 1, 0)).message).toMatch(/^where: condition must be a bool tensor, got float32; compare .* or cast\(condition, 'bool'\)/);
    expect(C.where(C.cast(tensor([1, 0]), 'bool'), 1, 0).arraySync()).toEqual([1, 0]);
  });
});

describe('wrong JavaScript types give a TensorloomError naming the op and the fix', () => {
  const x = (): C.Tensor => tensor([[1, 2, 3], [4, 5, 6]]);
  const cases: Array<[string, () => unknown, RegExp]> = [
    ["add(t, 'x')", () => C.add(x(), 'x' as never), /^add: second operand must be a Tensor, a number or a boolean, got the string "x"/],
    ['add(t, [1, 2])', () => C.add(x(), [1, 2] as never), /^add: second operand .* got the array \[1,2\]; make arrays into tensors/],
    ['add(t, undefined)', () => C.add(x(), undefined as never), /^add: second operand .* got undefined/],
    ['add(t, null)', () => C.add(x(), null as never), /^add: second operand .* got null/],
    ['slice(x, 1)', () => C.slice(x(), 1 as never), /^slice: begin must be an array of integers, got 1/],
    ["clamp(x, '0', 1)", () => C.clamp(x(), '0' as never, 1), /^clamp: min must be a number \(not NaN\), got the string "0"/],
    ["full([2], 1, { dtype: 'float64' })", () => full([2], 1, { dtype: 'float64' as never }), /^full: dtype must be 'float32', 'int32' or 'bool', got the string "float64"/],
    ["arange(5, undefined, 1, { dtype: 'int64' })", () => arange(5, undefined, 1, { dtype: 'int64' as never }), /^arange: dtype must be 'float32', 'int32' or 'bool'/],
    ['sum(x, true)', () => C.sum(x(), true as never), /^sum: axis must be an integer axis or an array of them .* got the boolean true/],
    ['reshape(x, 6)', () => C.reshape(x(), 6 as never), /^reshape: shape must be an array of integers, got 6/],
    ['pad(x, [1])', () => C.pad(x(), [1] as never), /^pad: pads\[0\] must be a \[before, after\] pair of integers, got 1/],
    ['maxPool2d(x, null)', () => C.maxPool2d(zeros([1, 1, 4, 4]), null as never), /^maxPool2d: kernelSize must be an integer >= 1 or a pair \[h, w\] of them, got null/],
  ];
  for (const [call, fn, pattern] of cases) {
    it(call, () => { expect(rejection(fn).message).toMatch(pattern); });
  }
});

describe('errors name the op the user called', () => {
  const i32 = (v: number[]): C.Tensor => tensor(v, { dtype: 'int32' });
  const cases: Array<[string, () => unknown]> = [
    ['stack', () => C.stack([tensor([1, 2]), tensor([1, 2], { dtype: 'int32' })])],
    ['takeAlongAxis', () => C.takeAlongAxis(tensor([[1, 2]]), i32([5]).reshape([1, 1]), 1)],
    ['indexSelect', () => C.indexSelect(tensor([1, 2]), 0, i32([7]))],
    ['narrow', () => C.narrow(tensor([1, 2]), 0, 1, 5)],
    ['arange', () => arange(0, NaN)],
    ['std', () => C.std(tensor([1, 2]), 3)],
    ['split', () => C.split(tensor([1, 2]), [3])],
    ['broadcastTo', () => C.broadcastTo(tensor([1, 2]), [3])],
    ['ceil', () => C.ceil({} as never)],
    ['rsqrt', () => C.rsqrt(null as never)],
  ];
  for (const [op, fn] of cases) it(op, () => { expect(rejection(fn).op).toBe(op); });
  it('an error made outside any op keeps its own name', () => {
    expect(new TensorloomError('mine', 'x').message).toBe('mine: x');
  });
});

describe('two instances of one backend', () => {
  it('the mixing error tells the instances apart', () => {
    registerBackend('toy-edge-second', () => createToyBackend('toy-edge'));
    const a = tensor([1, 2]);
    const b = tensor([1, 2], { backend: 'toy-edge-second' });
    const e = rejection(() => C.add(a, b));
    expect(e.message).toMatch(/two instances of 'toy-edge': 'toy-edge' \(instance #1\) and 'toy-edge' \(instance #2, registered as 'toy-edge-second'\)/);
    expect(e.message).toMatch(/x\.to\('toy-edge'\)/);
    b.dispose();
    removeBackend('toy-edge-second');
  });
  it('a tensor on a replaced registration says so', () => {
    registerBackend('toy-edge-re', () => createToyBackend('toy-edge-re'));
    const old = tensor([1], { backend: 'toy-edge-re' });
    registerBackend('toy-edge-re', () => createToyBackend('toy-edge-re'));
    const fresh = tensor([1], { backend: 'toy-edge-re' });
    expect(rejection(() => C.add(fresh, old)).message).toMatch(/instance #1, replaced by a later registerBackend\('toy-edge-re'\)/);
    removeBackend('toy-edge-re');
  });
});
