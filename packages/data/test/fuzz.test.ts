/**
 * Seeded, bounded fuzzing in CI (the same targets as `pnpm fuzz`, which runs ≥ 100,000
 * inputs on demand): IDX parsers and gzip give a TensorloomError or a sane result on every
 * input; gunzip's output never passes its limit.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from '../../../scripts/fuzz/harness.js';
import { gzipTarget, idxTarget } from '../../../scripts/fuzz/idx_fuzz.js';
import { wavTarget } from '../../../scripts/fuzz/wav_fuzz.js';

describe('fuzz (seeded, bounded)', () => {
  it('IDX: 3,000 inputs, only TensorloomErrors or data that matches its shape', async () => {
    const s = await runFuzz(idxTarget(), 3000, 20261201);
    expect(s.failures).toEqual([]);
    expect(s.typedErrors).toBeGreaterThan(1000);
    expect(s.accepted).toBeGreaterThan(100);
  });

  it('gzip: 1,000 inputs, only TensorloomErrors or output within the limit', async () => {
    const s = await runFuzz(gzipTarget(), 1000, 20261201);
    expect(s.failures).toEqual([]);
    expect(s.typedErrors).toBeGreaterThan(200);
    expect(s.accepted).toBeGreaterThan(100);
  });

  it('WAV: 3,000 inputs, only TensorloomErrors or audio that matches its header', async () => {
    const s = await runFuzz(wavTarget(), 3000, 20261201);
    expect(s.failures).toEqual([]);
    expect(s.typedErrors).toBeGreaterThan(300);
    expect(s.accepted).toBeGreaterThan(300);
  });
});
