/**
 * SeededRandom: the data package's own generator (xoshiro128** seeded through SplitMix32),
 * so shuffling and augmentation are reproducible from a seed and never draw from, or
 * disturb, core's global generator that initialises weights.
 */
import { TensorloomError } from '@tensorloom/core';

function splitMix32(state: { s: number }): number {
  let z = (state.s = (state.s + 0x9e3779b9) | 0);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number { return (x << k) | (x >>> (32 - k)); }

/** A seed for callers that gave none (not reproducible, like PyTorch without a generator). */
export function randomSeed(): number { return Math.floor(Math.random() * 2 ** 32); }

/** Checks a user seed: a non-negative safe integer. */
export function checkSeed(op: string, seed: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new TensorloomError(op, `seed must be a non-negative integer, got ${seed}`);
  }
}

/**
 * A small, fast, seeded generator. The same seed (and stream) gives the same numbers on
 * every platform; different streams of one seed are independent (used for epochs).
 *
 * @example
 * const rng = new SeededRandom(42);
 * rng.float();          // in [0, 1)
 * rng.int(10);          // in 0..9
 * rng.permutation(5);   // e.g. [3, 0, 4, 1, 2]
 */
export class SeededRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    checkSeed('SeededRandom', seed);
    const st = { s: (seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32) >>> 0, 0x27d4eb2d) };
    st.s = (st.s + Math.imul(stream >>> 0, 0x632be5ab)) | 0;
    splitMix32(st);
    this.a = splitMix32(st); this.b = splitMix32(st); this.c = splitMix32(st); this.d = splitMix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a; this.d ^= this.b; this.b ^= this.c; this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextU32() >>> 5;
    const lo = this.nextU32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform float in [low, high). */
  uniform(low: number, high: number): number { return low + (high - low) * this.float(); }

  /** A uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 2 ** 32) throw new TensorloomError('SeededRandom.int', `n must be an integer in 1..2^32, got ${n}`);
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.nextU32();
      if (x < limit) return x % n;
    }
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = out[i]; out[i] = out[j]; out[j] = t;
    }
    return out;
  }
}
