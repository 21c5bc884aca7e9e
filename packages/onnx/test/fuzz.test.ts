/**
 * Fuzzing importOnnx (seeded and bounded in CI; the same target as `pnpm fuzz -- --only onnx`,
 * which runs 100,000 inputs on demand): mutated and truncated real models give no error other
 * than TensorloomError, an accepted model runs to well-formed outputs that survive a protobuf
 * round trip, and nothing leaks.
 */
import { expect, it } from 'vitest';
import { formatStats, runFuzz } from '../../../scripts/fuzz/harness.js';
import { onnxTarget } from '../../../scripts/fuzz/onnx_fuzz.js';

it('3,000 mutated models: only TensorloomErrors or sane, round-tripping acceptances, no leaks (seed 1)', async () => {
  const s = await runFuzz(await onnxTarget(), 3000, 1);
  console.log(formatStats(s));
  expect(s.failures).toEqual([]);
  expect(s.inputs).toBe(3000);
  expect(s.typedErrors).toBeGreaterThan(1000); // both outcomes are exercised
  expect(s.accepted).toBeGreaterThan(100);
});
