/**
 * A seeded WAV fuzzer for wav.test.ts (3,000 inputs in CI; `FUZZ_COUNT=100000` for the long
 * run): byte flips, header
 * field overwrites with boundary values, truncation and garbage extension of real files.
 */
import { TensorloomError } from '@tensorloom/core';
import { decodeWav } from '@tensorloom/data';

export interface FuzzStats { typed: number; accepted: number; untyped: string[]; maxMs: number; maxSamples: number }

/** xorshift32: a tiny deterministic generator for the mutations. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
}

const BOUNDARY = [0, 1, 2, 3, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];

function mutate(seed: Uint8Array, r: () => number): Uint8Array {
  let b = seed.slice();
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    for (let i = 0, n = 1 + Math.floor(r() * 8); i < n; i++) b[Math.floor(r() * Math.min(b.length, 64))] = Math.floor(r() * 256);
  } else if (kind === 1) {
    const v = new DataView(b.buffer);
    const at = 4 * Math.floor(r() * 11); // a header field: sizes, format, channels, rate, align, bits
    if (at + 4 <= b.length) v.setUint32(at, BOUNDARY[Math.floor(r() * BOUNDARY.length)]!, true);
  } else if (kind === 2) {
    b = b.slice(0, Math.floor(r() * b.length));
  } else {
    const tail = Uint8Array.from({ length: Math.floor(r() * 64) }, () => Math.floor(r() * 256));
    const out = new Uint8Array(b.length + tail.length);
    out.set(b); out.set(tail, b.length);
    b = out;
    b[Math.floor(r() * 44)] ^= 1 << Math.floor(r() * 8);
  }
  return b;
}

/** Decodes `count` mutated inputs; counts typed errors, accepted files and anything else thrown. */
export function fuzzWav(seeds: Uint8Array[], count: number, seed: number): FuzzStats {
  const r = rng(seed);
  const stats: FuzzStats = { typed: 0, accepted: 0, untyped: [], maxMs: 0, maxSamples: 0 };
  for (let i = 0; i < count; i++) {
    const input = mutate(seeds[i % seeds.length]!, r);
    const t0 = performance.now();
    try {
      const audio = decodeWav(input, { allowTruncated: r() < 0.5 });
      const samples = audio.channels.reduce((n, c) => n + c.length, 0);
      if (samples * 4 > input.length * 16) stats.untyped.push(`#${i}: ${samples} samples from ${input.length} bytes`);
      stats.maxSamples = Math.max(stats.maxSamples, samples);
      stats.accepted++;
    } catch (e) {
      if (e instanceof TensorloomError) stats.typed++;
      else stats.untyped.push(`#${i}: ${String(e)}`);
    }
    stats.maxMs = Math.max(stats.maxMs, performance.now() - t0);
  }
  return stats;
}
