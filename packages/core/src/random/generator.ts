/**
 * The global seeded generator: `manualSeed(n)` sets the Philox key; each draw takes fresh
 * counters, so a sequence of calls after a seed is reproducible on every backend.
 */
import { philox4x32 } from './philox.js';

let key0 = 0x853c49e6;
let key1 = 0x14057b7e;
let counter = 0;

/**
 * Seeds the global generator (PyTorch's `torch.manual_seed`).
 *
 * @example
 * manualSeed(42);
 * const a = randn([2, 2]);
 * manualSeed(42);
 * const b = randn([2, 2]); // same values as a
 */
export function manualSeed(seed: number): void {
  const s = Math.floor(Math.abs(seed));
  key0 = s >>> 0;
  key1 = Math.floor(s / 2 ** 32) >>> 0;
  counter = 0;
}

/** `n` uniform 32-bit words from the next counters. */
export function nextWords(n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i += 4) {
    const c = counter++;
    const words = philox4x32(c >>> 0, Math.floor(c / 2 ** 32) >>> 0, 0, 0, key0, key1);
    for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = words[j];
  }
  return out;
}

/** Uniform floats in [0, 1) with 24 random bits each. */
export function uniforms(n: number): Float64Array {
  const words = nextWords(n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (words[i] >>> 8) / 16777216;
  return out;
}
