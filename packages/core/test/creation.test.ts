/**
 * Creating tensors: nested arrays, shapes, dtypes, typed arrays, ranges and reading back.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { tensor, arange, linspace, eye, full, zerosLike, scalar, TensorloomError } from '@tensorloom/core';
import { useToyBackend } from './helpers/use_toy.js';

beforeAll(() => useToyBackend());

describe('creation', () => {
  it('infers shape and dtype from nested arrays', async () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe('float32');
    expect(await x.array()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(await tensor([true, false]).array()).toEqual([true, false]);
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(tensor(new Uint8Array([0, 255])).arraySync()).toEqual([0, 255]); // bytes are numbers, not bools
    expect(tensor(new Uint8Array([0, 2]), { dtype: 'bool' }).arraySync()).toEqual([false, true]);
  });
  it('takes a flat array with a shape, and copies its input', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const x = tensor(data, { shape: [2, 2] });
    data[0] = 100;
    expect(x.arraySync()).toEqual([[1, 2], [3, 4]]);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/holds 4 values but 3 were given/);
  });
  it('ranges, identity and fills', () => {
    expect(Array.from(arange(5).dataSync())).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe('int32');
    expect(Array.from(arange(1, 2, 0.25).dataSync())).toEqual([1, 1.25, 1.5, 1.75]);
    expect(Array.from(linspace(0, 1, 5).dataSync())).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(eye(2, 3).arraySync()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(full([2], 7, { dtype: 'int32' }).arraySync()).toEqual([7, 7]);
    expect(zerosLike(tensor([[1, 2]])).shape).toEqual([1, 2]);
    expect(scalar(3).itemSync()).toBe(3);
  });
  it('rejects bad input with TensorloomError', () => {
    expect(() => tensor([1], { dtype: 'float64' as never })).toThrow(TensorloomError);
    expect(() => full([2, -1], 0)).toThrow(/non-negative integer/);
    expect(() => arange(0, 1, 0)).toThrow(/step/);
    expect(() => tensor([[1, 2], [3, 4]]).itemSync()).toThrow(/only one-element tensors/);
  });
  it('toString shows shape, dtype and values', () => {
    expect(String(tensor([1, 2]))).toBe('Tensor([2], float32) [1,2]');
  });
});
