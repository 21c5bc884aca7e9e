/**
 * The global seeded generator: `manualSeed(n)` sets the Philox key; each draw takes fresh
 * counters, so a sequence of calls after a seed is reproducible on every backend.
 */
import { philox4x32 } from './philox.js';
import { TensorloomError } from '../errors.js';

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

/** The global generator's state: its Philox key and the next counter. */
export interface RngState { key: [number, number]; counter: number }

/**
 * The global generator's state, for checkpoints that must resume random draws exactly.
 *
 * @example
 * const state = getRngState();
 * const a = rand([3]);
 * setRngState(state);
 * const b = rand([3]); // same values as a
 */
export function getRngState(): RngState {
  return { key: [key0, key1], counter };
}

/**
 * Restores a state from `getRngState()`.
 *
 * @example
 * const state = getRngState();
 * const a = rand([3]);
 * setRngState(state);
 * const b = rand([3]); // same values as a
 */
export function setRngState(state: RngState): void {
  const ok = state && Array.isArray(state.key) && state.key.length === 2 && state.key.every((k) => Number.isInteger(k) && k >= 0 && k < 2 ** 32)
    && Number.isSafeInteger(state.counter) && state.counter >= 0;
  if (!ok) throw new TensorloomError('setRngState', 'expected { key: [uint32, uint32], counter: non-negative integer } as returned by getRngState()');
  [key0, key1] = state.key;
  counter = state.counter;
}
