/**
 * A bounded pool of recycled output arrays. Core calls `disposeData` exactly once per
 * storage, when its last tensor goes (handles are reference counted, and a kernel that
 * returns an input's array shares that input's handle), so a disposed array can be handed
 * to the next kernel that needs one of the same dtype and length. A training loop makes the
 * same shapes every step, so most outputs then skip the allocation, the zeroing of fresh pages
 * and the garbage collection that large typed arrays cost. Small arrays are not pooled; the
 * pool holds at most `MAX_POOL_BYTES` (it stays flat, like the heap).
 */
import type { DType, TypedArray } from '@tensorloom/core';

/** Arrays below this many bytes are left to the garbage collector. */
const MIN_POOL_BYTES = 16 * 1024;
/** The most bytes the pool keeps. */
const MAX_POOL_BYTES = 64 * 1024 * 1024;
/** The most arrays it keeps per dtype and length. */
const MAX_PER_KEY = 8;

const free = new Map<string, TypedArray[]>();
let pooledBytes = 0;

function kindOf(a: TypedArray): DType | null {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'bool';
  return null;
}

/** A recycled array of `dtype` and `length` (contents undefined), or null. */
export function reuse(dtype: DType, length: number): TypedArray | null {
  const list = free.get(`${dtype}:${length}`);
  const a = list?.pop();
  if (!a) return null;
  pooledBytes -= a.byteLength;
  return a;
}

/** Offers a disposed array to the pool (views, shared or small arrays are not taken). */
export function recycle(a: TypedArray): void {
  const bytes = a.byteLength;
  if (bytes < MIN_POOL_BYTES || pooledBytes + bytes > MAX_POOL_BYTES) return;
  if (a.byteOffset !== 0 || a.buffer.byteLength !== bytes || !(a.buffer instanceof ArrayBuffer)) return;
  const kind = kindOf(a);
  if (!kind) return;
  const key = `${kind}:${a.length}`;
  let list = free.get(key);
  if (!list) free.set(key, (list = []));
  if (list.length >= MAX_PER_KEY || list.includes(a)) return;
  list.push(a);
  pooledBytes += bytes;
}

/** Bytes held by the pool now. */
export function poolBytes(): number {
  return pooledBytes;
}
