/**
 * What a backend declares it can do, so that the conformance kit runs what applies and skips
 * the rest with a reason it states itself (never by matching test names).
 */

/** What a backend can do; every field defaults to the fullest behaviour (the CPU backend's). */
export interface BackendCapabilities {
  /**
   * `readSync` exists, so `dataSync()`, `arraySync()` and `to()` work (default true). GPU and
   * lazy backends read asynchronously: the kit then checks `toAsync()` and never asks for a
   * synchronous read.
   */
  syncRead?: boolean;
  /** int32 values are exact over the whole int32 range (default true; false: exact to 2^24, e.g. int32 in float32 textures). */
  int32Range?: boolean;
  /**
   * Which out-of-range indices `gather` and `scatterAdd` reject with a TensorloomError
   * (primitives.ts, "Index ranges"): 'all' (default), 'host' (indices written from JS only;
   * indices computed on the device are not checked), or 'none'.
   */
  indexChecks?: 'all' | 'host' | 'none';
}

/** The capabilities with every default filled in. */
export type ResolvedCapabilities = Required<BackendCapabilities>;

/** Fills in the defaults. */
export function resolveCapabilities(c: BackendCapabilities = {}): ResolvedCapabilities {
  return { syncRead: c.syncRead ?? true, int32Range: c.int32Range ?? true, indexChecks: c.indexChecks ?? 'all' };
}

/** A test's requirement: null when the backend meets it, else the reason to skip. */
export type Requirement = (c: ResolvedCapabilities) => string | null;

/** The requirements the kit's tests state. */
export const needs = {
  syncRead: ((c) => (c.syncRead ? null : 'the backend declares syncRead: false')) as Requirement,
  int32Range: ((c) => (c.int32Range ? null : 'the backend declares int32Range: false (int32 exact only to 2^24)')) as Requirement,
  hostIndexChecks: ((c) => (c.indexChecks !== 'none' ? null : "the backend declares indexChecks: 'none'")) as Requirement,
  deviceIndexChecks: ((c) => (c.indexChecks === 'all' ? null : `the backend declares indexChecks: '${c.indexChecks}' (indices computed on the device are not checked)`)) as Requirement,
};
