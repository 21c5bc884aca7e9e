/**
 * Numeric comparison helpers for round-trip and golden tests.
 */
import { expect } from 'vitest';

/** Max over elements of |a − b| / (atol + rtol·|b|); ≤ 1 means within tolerance. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, atol: number, rtol: number, what: string): void {
  expect(got.length, `${what}: length`).toBe(want.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const r = Math.abs(Number(got[i]) - Number(want[i])) / (atol + rtol * Math.abs(Number(want[i])));
    if (!(r <= worst)) { worst = r; at = i; }
  }
  expect(worst <= 1, `${what}: element ${at} got ${got[at]} want ${want[at]}`).toBe(true);
}
