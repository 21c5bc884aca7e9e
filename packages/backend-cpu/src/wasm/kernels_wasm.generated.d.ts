/**
 * Types of the generated module (scripts/build_wasm.mjs writes kernels_wasm.generated.js at
 * build time): the compiled kernels as base64 strings, one per feature variant.
 */
/** The most 64 KiB pages the kernels' memory may grow to. */
export declare const MAX_PAGES: number;
/** SIMD128, unshared memory. */
export declare const SIMD: string;
/** Relaxed SIMD, unshared memory. */
export declare const RELAXED: string;
/** SIMD128, shared memory (threads). */
export declare const SIMD_SHARED: string;
/** Relaxed SIMD, shared memory (threads). */
export declare const RELAXED_SHARED: string;
