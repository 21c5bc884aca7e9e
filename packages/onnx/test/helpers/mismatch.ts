/**
 * The tolerance check of ONNX's backend-test runner, shared by the Node and browser tests.
 */
import type { HostTensor } from '../../src/host_tensor.js';

/** Where `got` differs from `want` beyond |g − w| ≤ atol + rtol·|w| (NaN matches NaN), or null. */
export function mismatch(got: ArrayLike<number>, gotShape: readonly number[], want: HostTensor, rtol: number, atol: number): string | null {
  if (gotShape.length !== want.shape.length || gotShape.some((d, i) => d !== want.shape[i])) return `shape [${gotShape.join(',')}] vs expected [${want.shape.join(',')}]`;
  for (let i = 0; i < want.values.length; i++) {
    const g = Number(got[i]);
    const w = want.values[i];
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (g === w) continue;
    if (!(Math.abs(g - w) <= atol + rtol * Math.abs(w))) return `element ${i}: got ${g}, expected ${w}`;
  }
  return null;
}
