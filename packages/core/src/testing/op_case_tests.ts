/**
 * Turns OpCases into tests: forward values against the float64 reference, and gradients of
 * Σ out·r against central finite differences of the reference.
 */
import { tensor } from '../index.js';
import { memory, outsideScopes, trackInScope } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { lcg, makeValues, mismatch, finiteDifference, autogradOf, type OpCase } from './harness.js';
import { ref, type Ref } from './reference.js';
import type { KitContext } from './context.js';

async function runCase(c: OpCase): Promise<void> {
  const values = c.inputs.map((spec, i) => makeValues(spec, `${c.name}#${i}`));
  const xs: Tensor[] = c.inputs.map((spec, i) => tensor(values[i], { shape: spec.shape, dtype: spec.dtype ?? 'float32' }));
  const refs: Ref[] = c.inputs.map((spec, i) => ref(spec.shape, values[i]));
  const want = c.ref(refs);
  let out: Tensor;
  if (c.multiOp) out = c.run(xs);
  else {
    // Run as top-level code, outside any scope: an op must make exactly one tensor, its result.
    const before = memory().numTensors;
    out = outsideScopes(() => c.run(xs));
    const made = memory().numTensors - before;
    trackInScope(out);
    if (made !== 1) throw new Error(`${c.name}: the op left ${made} tensors alive outside a scope; it must leave only its result`);
  }
  const dtype = c.dtype ?? 'float32';
  if (out.dtype !== dtype) throw new Error(`${c.name}: dtype ${out.dtype}, expected ${dtype}`);
  if (out.shape.length !== want.shape.length || out.shape.some((d, i) => d !== want.shape[i])) {
    throw new Error(`${c.name}: shape [${out.shape}], expected [${want.shape}]`);
  }
  const bad = mismatch(await out.data(), want.data, c.rtol ?? 1e-5, c.atol ?? 1e-5);
  if (bad) throw new Error(`${c.name}: forward ${bad}`);

  const which = c.grad ?? c.inputs.flatMap((s, i) => ((s.dtype ?? 'float32') === 'float32' ? [i] : []));
  if (which.length === 0 || dtype !== 'float32' || out.size === 0) return;
  const rnd = lcg(7);
  const r = Array.from(Float32Array.from({ length: out.size }, () => rnd() * 2 - 1));
  const grads = await autogradOf(c.run, xs, which, r);
  which.forEach((input, k) => {
    const expected = finiteDifference(c.ref, refs, input, Float64Array.from(r));
    const badGrad = mismatch(grads[k], expected, c.gradRtol ?? 1e-3, 1e-4);
    if (badGrad) throw new Error(`${c.name}: gradient of input ${input}: ${badGrad}`);
  });
}

export function opCaseTests(ctx: KitContext, title: string, cases: OpCase[]): void {
  ctx.describe(title, () => {
    for (const c of cases) ctx.test(c.name, () => runCase(c));
  });
}
