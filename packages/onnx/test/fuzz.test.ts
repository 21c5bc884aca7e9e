/**
 * Fuzzing importOnnx (bounded and seeded in CI): mutated and truncated real models must give
 * no error other than TensorloomError and leak nothing. `pnpm --filter @tensorloom/onnx fuzz`
 * runs 100,000 inputs (FUZZ_N) and prints the same report.
 */
import { beforeAll, expect, it } from 'vitest';
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { setBackend } from '@tensorloom/core';
import { fuzz, loadSeeds } from './helpers/fuzz.js';

const N = Number(process.env.FUZZ_N ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);

beforeAll(() => {
  registerCpuBackend(); setBackend('cpu');
});

it(`finds no crash other than TensorloomError in ${N} mutated models (seed ${SEED})`, () => {
  const report = fuzz(loadSeeds(new URL('./fixtures/', import.meta.url)), N, SEED);
  console.log(`fuzz: ${report.inputs} inputs, ${report.imported} imported, ${report.ran} ran, ${report.typedErrors} TensorloomErrors, ${report.crashes.length} crashes; slowest input ${report.maxMs.toFixed(1)} ms; peak RSS ${report.maxRssMiB.toFixed(0)} MiB; leaked tensors ${report.leakedTensors}`);
  for (const c of report.crashes.slice(0, 20)) console.log(`crash: ${c.seed} #${c.iteration}: ${c.error}`);
  expect(report.crashes).toEqual([]);
  expect(report.leakedTensors).toBe(0);
  expect(report.inputs).toBe(N);
}, 3_600_000);
