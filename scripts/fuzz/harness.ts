/**
 * The fuzz harness shared by the CI tests (a fixed seed, a few thousand inputs) and the
 * on-demand runner (`pnpm fuzz`, ≥ 100,000 inputs): a seeded generator, byte mutators, and a
 * loop that runs a parser on each input and sorts the outcome into typed errors
 * (TensorloomError), accepted inputs (which the target's own check must find sane) and
 * failures (any other error, or a broken acceptance), with the worst time per input and the
 * peak memory.
 */
import { TensorloomError } from '../../packages/core/src/index.js';

/** A seeded generator of floats in [0, 1) (mulberry32). */
export type Rand = () => number;
export function seeded(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const int = (r: Rand, n: number): number => Math.floor(r() * n);
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)];

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x5b, 0x7b, 0x7d, 0x5d, 0x2c, 0x3a, 0x5c, 0x30, 0x39];

/** One to three random byte-level edits: flips, interesting bytes, cuts, insertions, deletions, duplications, 8-byte lengths. */
export function mutateBytes(r: Rand, src: Uint8Array, other?: Uint8Array): Uint8Array {
  let b: Uint8Array = src.slice();
  for (let n = 1 + int(r, 3); n > 0; n--) {
    const at = int(r, Math.max(1, b.length));
    switch (int(r, 9)) {
      case 0: if (b.length) b[at] ^= 1 << int(r, 8); break;
      case 1: if (b.length) b[at] = pick(r, INTERESTING); break;
      case 2: b = b.slice(0, at); break;
      case 3: { const ins = Uint8Array.from({ length: 1 + int(r, 8) }, () => int(r, 256)); b = concatBytes(b.subarray(0, at), ins, b.subarray(at)); break; }
      case 4: b = concatBytes(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(r, 16)))); break;
      case 5: { const len = 1 + int(r, 32); b = concatBytes(b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)); break; }
      case 6: if (b.length >= 8) new DataView(b.buffer, b.byteOffset).setBigUint64(int(r, b.length - 7), pick(r, [0n, 1n, 7n, 8n, 2n ** 32n, 2n ** 63n, BigInt(b.length), BigInt(b.length - 8), BigInt(int(r, b.length))]), true); break;
      case 7: if (other && other.length) { const from = int(r, other.length); b = concatBytes(b.subarray(0, at), other.subarray(from, from + 1 + int(r, 64))); } break;
      default: if (b.length) b[at] = int(r, 256);
    }
  }
  return b;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** A parser under fuzz: `make` builds input i; `run` parses it; `check` judges an accepted result (throw if it is not sane). */
export interface FuzzTarget<I = unknown, O = unknown> {
  name: string;
  make(r: Rand, i: number): I;
  run(input: I): O | Promise<O>;
  check?(output: O, input: I): void | Promise<void>;
  /** Runs after a TensorloomError (e.g. checks that nothing changed); throws if something is wrong. */
  afterReject?(input: I): void | Promise<void>;
}

export interface FuzzStats {
  name: string;
  inputs: number;
  typedErrors: number;
  accepted: number;
  /** Untyped errors and broken acceptances: the first few, with the input number. */
  failures: string[];
  failureCount: number;
  maxMs: number;
  /** The input number of the slowest input (rerun it with the same seed to look at it). */
  maxAt: number;
  totalMs: number;
  maxRssMB: number;
  maxHeapMB: number;
  /** Wall-clock seconds for the whole run (making, parsing and checking inputs). */
  wallSeconds: number;
  /** True when the run stopped at `maxSeconds` before `count` inputs. */
  stoppedEarly: boolean;
}

/** Options for {@link runFuzz}. */
export interface FuzzOptions {
  /** Stop after this many wall-clock seconds even if fewer than `count` inputs ran (the figures say so). */
  maxSeconds?: number;
}

/**
 * Runs `count` inputs of `target` from `seed`.
 *
 * @example
 * const stats = await runFuzz(safetensorsTarget(), 2000, 1);
 * expect(stats.failures).toEqual([]);
 */
export async function runFuzz<I, O>(target: FuzzTarget<I, O>, count: number, seed: number, options: FuzzOptions = {}): Promise<FuzzStats> {
  const r = seeded(seed);
  const s: FuzzStats = { name: target.name, inputs: 0, typedErrors: 0, accepted: 0, failures: [], failureCount: 0, maxMs: 0, maxAt: 0, totalMs: 0, maxRssMB: 0, maxHeapMB: 0, wallSeconds: 0, stoppedEarly: false };
  const start = performance.now();
  const deadline = options.maxSeconds === undefined ? Infinity : start + options.maxSeconds * 1000;
  const note = (i: number, what: string): void => { s.failureCount++; if (s.failures.length < 10) s.failures.push(`#${i}: ${what}`); };
  const sample = (): void => {
    const m = process.memoryUsage();
    s.maxRssMB = Math.max(s.maxRssMB, m.rss / 2 ** 20);
    s.maxHeapMB = Math.max(s.maxHeapMB, m.heapUsed / 2 ** 20);
  };
  for (let i = 0; i < count; i++) {
    if (performance.now() > deadline) { s.stoppedEarly = true; break; }
    const input = target.make(r, i);
    const t0 = performance.now();
    let output: O | undefined;
    let error: unknown;
    let failed = false;
    try { output = await target.run(input); } catch (e) { error = e; failed = true; }
    const ms = performance.now() - t0;
    s.inputs++;
    s.totalMs += ms;
    if (ms > s.maxMs) { s.maxMs = ms; s.maxAt = i; }
    if (!failed) {
      s.accepted++;
      try { await target.check?.(output as O, input); } catch (e) { note(i, `accepted but broken: ${(e as Error).message}`); }
    } else if (error instanceof TensorloomError) {
      s.typedErrors++;
      try { await target.afterReject?.(input); } catch (e) { note(i, `rejected but: ${(e as Error).message}`); }
    } else {
      note(i, `untyped ${(error as Error)?.constructor?.name}: ${(error as Error)?.message}`);
    }
    if ((i & 63) === 0) sample();
  }
  sample();
  s.wallSeconds = (performance.now() - start) / 1000;
  return s;
}

/** One line of figures per target. */
export function formatStats(s: FuzzStats): string {
  return `${s.name.padEnd(12)} inputs ${s.inputs}  typed errors ${s.typedErrors}  accepted ${s.accepted}  failures ${s.failureCount}  ` +
    `max ${s.maxMs.toFixed(2)} ms/input (#${s.maxAt})  total ${(s.totalMs / 1000).toFixed(1)} s in the parser, ${s.wallSeconds.toFixed(1)} s wall ` +
    `(${(s.inputs / Math.max(s.wallSeconds, 1e-9)).toFixed(0)} inputs/s)  max RSS ${s.maxRssMB.toFixed(0)} MiB  max heap ${s.maxHeapMB.toFixed(0)} MiB` +
    (s.stoppedEarly ? '  STOPPED at the time limit' : '');
}
