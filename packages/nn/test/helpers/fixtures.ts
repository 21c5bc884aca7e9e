/**
 * Reading the PyTorch golden fixtures (written by scripts/goldens/generate_nn_goldens.py)
 * and comparing tensors to them within |a − b| ≤ rtol·|b| + atol.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { tensor, type Tensor } from '@tensorloom/core';

export type Num = number | 'NaN' | 'Infinity' | '-Infinity';
export interface Encoded { shape: number[]; dtype: 'float32' | 'int32' | 'bool'; data: Num[] }

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8')) as T;
}

export function decodeNum(v: Num): number {
  return v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
}

/** A tensor from an encoded fixture value. */
export function fromFixture(e: Encoded): Tensor {
  return tensor(e.data.map(decodeNum), { shape: e.shape, dtype: e.dtype });
}

/** Asserts `actual` matches the fixture value elementwise. */
export function expectClose(actual: Tensor | ArrayLike<number>, expected: Encoded | number[], label: string, rtol = 1e-5, atol = 1e-6): void {
  const exp = Array.isArray(expected) ? expected : expected.data.map(decodeNum);
  if (!Array.isArray(expected) && 'shape' in actual) {
    expect([...(actual as Tensor).shape], `${label}: shape`).toEqual(expected.shape);
  }
  const act = 'dataSync' in actual ? (actual as Tensor).dataSync() : actual;
  expect(act.length, `${label}: length`).toBe(exp.length);
  let worst = -1;
  let worstErr = 0;
  for (let i = 0; i < exp.length; i++) {
    const a = act[i];
    const b = exp[i];
    if (Number.isNaN(b)) { if (!Number.isNaN(a)) { worst = i; break; } continue; }
    if (!Number.isFinite(b)) { if (a !== b) { worst = i; break; } continue; }
    const err = Math.abs(a - b) - (rtol * Math.abs(b) + atol);
    if (err > worstErr || Number.isNaN(a)) { worstErr = err; worst = i; }
  }
  if (worst >= 0) {
    expect.fail(`${label}: element ${worst} is ${act[worst]}, expected ${exp[worst]} (tolerance ${rtol}·|b| + ${atol})`);
  }
}
