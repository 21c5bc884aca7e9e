/**
 * What the engine offers: WebAssembly SIMD128, relaxed SIMD, and shared memory (for threads).
 * SIMD and relaxed SIMD are detected by validating the kernels' own compiled variants (each
 * uses its instructions), shared memory by constructing a one-page shared Memory where
 * SharedArrayBuffer exists and the page is cross-origin isolated (always so in Node).
 */
import { RELAXED, SIMD } from './kernels_wasm.generated.js';

/** The engine's WebAssembly features that the CPU backend uses. */
export interface WasmFeatures {
  readonly simd: boolean;
  readonly relaxedSimd: boolean;
  readonly sharedMemory: boolean;
}

let cached: WasmFeatures | null = null;

/** Decodes base64 without Buffer or atob being required (both exist almost everywhere). */
export function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const g = globalThis as { atob?: (s: string) => string };
  if (g.atob) {
    const bin = g.atob(s);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  throw new Error('no base64 decoder (atob) in this engine');
}

function validates(b64: string): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(decodeBase64(b64));
  } catch {
    return false;
  }
}

function sharedMemoryWorks(): boolean {
  const g = globalThis as { SharedArrayBuffer?: unknown; crossOriginIsolated?: boolean };
  if (typeof g.SharedArrayBuffer !== 'function' || g.crossOriginIsolated === false) return false;
  try {
    const m = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return m.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

/**
 * The features of this engine (detected once).
 *
 * @example
 * if (!wasmFeatures().simd) console.log('CPU kernels run in JavaScript');
 */
export function wasmFeatures(): WasmFeatures {
  if (!cached) {
    const simd = validates(SIMD);
    cached = { simd, relaxedSimd: simd && validates(RELAXED), sharedMemory: simd && sharedMemoryWorks() };
  }
  return cached;
}
