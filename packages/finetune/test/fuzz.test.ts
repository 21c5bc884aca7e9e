/**
 * Seeded, bounded fuzzing in CI (the same targets as `pnpm fuzz`, which runs ≥ 100,000
 * inputs on demand): every input is a TensorloomError or a sane acceptance; every rejected
 * checkpoint left the model, Adam and StepLR bitwise unchanged and leaked nothing.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../../scripts/fuzz/harness.js';
import { safetensorsTarget } from '../../../scripts/fuzz/safetensors_fuzz.js';
import { checkpointTarget } from '../../../scripts/fuzz/checkpoint_fuzz.js';

describe('fuzz (seeded, bounded)', () => {
  it('safetensors: 3,000 inputs, only TensorloomErrors or sane reads', async () => {
    const s = await runFuzz(safetensorsTarget(), 3000, 20261201);
    expect(s.failures).toEqual([]);
    expect(s.inputs).toBe(3000);
    expect(s.typedErrors).toBeGreaterThan(1000); // both outcomes are exercised
    expect(s.accepted).toBeGreaterThan(100);
  });

  it('checkpoint: 1,000 inputs, each rejection leaves model, Adam and StepLR bitwise unchanged', async () => {
    const s = await runFuzz(await checkpointTarget(), 1000, 20261201);
    expect(s.failures).toEqual([]);
    expect(s.typedErrors).toBeGreaterThan(400);
    expect(s.accepted).toBeGreaterThan(50);
  });
});
