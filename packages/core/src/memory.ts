/**
 * Deterministic memory: reference-counted data handles, `tidy` scopes that free what was
 * made inside them, `keep`, a FinalizationRegistry backstop, and `memory()` statistics.
 */
import type { Backend } from './backend.js';
import { TensorloomError } from './errors.js';

/** Backend storage shared by the tensors that view it (reshape may share it). */
export class DataHandle {
  refCount = 1;
  constructor(readonly backend: Backend, readonly data: unknown, readonly bytes: number) {
    const s = statsFor(backend.name);
    s.numDataBuffers++;
    s.numBytes += bytes;
  }
  incRef(): void { this.refCount++; }
  decRef(): void {
    if (--this.refCount === 0) {
      const s = statsFor(this.backend.name);
      s.numDataBuffers--;
      s.numBytes -= this.bytes;
      this.backend.disposeData(this.data);
    }
  }
}

/** What `memory()` reports for one backend. */
export interface BackendMemory { numTensors: number; numDataBuffers: number; numBytes: number }

/** What `memory()` reports. */
export interface MemoryInfo extends BackendMemory {
  backends: Record<string, BackendMemory & Record<string, unknown>>;
}

const stats = new Map<string, BackendMemory>();
function statsFor(name: string): BackendMemory {
  let s = stats.get(name);
  if (!s) stats.set(name, (s = { numTensors: 0, numDataBuffers: 0, numBytes: 0 }));
  return s;
}

/** Counts a tensor made on `backend` in memory().numTensors; `uncountTensor` undoes it. */
export function countTensor(backend: Backend): void { statsFor(backend.name).numTensors++; }
export function uncountTensor(backend: Backend): void { statsFor(backend.name).numTensors--; }

/**
 * Live tensors, data buffers and bytes, in all and per backend.
 *
 * @example
 * const before = memory().numTensors;
 * tidy(() => x.mul(2).sum());
 * memory().numTensors === before; // true
 */
export function memory(): MemoryInfo {
  const out: MemoryInfo = { numTensors: 0, numDataBuffers: 0, numBytes: 0, backends: {} };
  for (const [name, s] of stats) {
    out.numTensors += s.numTensors;
    out.numDataBuffers += s.numDataBuffers;
    out.numBytes += s.numBytes;
    out.backends[name] = { ...s };
  }
  return out;
}

/** Something a scope can dispose. */
export interface Disposable { dispose(): void; readonly isDisposed: boolean }

const scopes: Set<Disposable>[] = [];

/** Registers a new tensor with the innermost `tidy` scope, if any. */
export function trackInScope(t: Disposable): void {
  if (scopes.length > 0) scopes[scopes.length - 1].add(t);
}

/**
 * Removes `t` from every scope so no `tidy` disposes it. Returns `t`.
 *
 * @example
 * let w: Tensor;
 * tidy(() => { w = keep(randn([3, 3])); }); // w survives the scope
 */
export function keep<T extends Disposable>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}

/** Values a tidy function may return: tensors, arrays and plain objects of them. */
function collect(value: unknown, out: Set<unknown>, depth = 0): void {
  if (value === null || typeof value !== 'object' || depth > 8) return;
  if (Array.isArray(value)) { for (const v of value) collect(v, out, depth + 1); return; }
  if ('isDisposed' in value && 'dispose' in value) { out.add(value); return; }
  if (Object.getPrototypeOf(value) === Object.prototype || value instanceof Map) {
    const values = value instanceof Map ? value.values() : Object.values(value);
    for (const v of values) collect(v, out, depth + 1);
  }
}

/**
 * Runs `fn` and disposes every tensor made inside it, except those it returns.
 *
 * @example
 * const y = tidy(() => x.mul(2).add(1)); // the intermediate x*2 is freed
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<Disposable>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
    if (result instanceof Promise) {
      throw new TensorloomError('tidy', 'the function returned a Promise; tidy is synchronous: await outside tidy and keep() what you need');
    }
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  const kept = new Set<unknown>();
  collect(result, kept);
  for (const t of scope) {
    if (kept.has(t)) { if (scopes.length > 0) scopes[scopes.length - 1].add(t); }
    else t.dispose();
  }
  return result;
}

/**
 * Opens a scope by hand, for code that cannot be one synchronous function (async test
 * bodies, event handlers): every tensor made until the matching `endScope()` is disposed
 * then, except those passed to `keep()` or to `endScope(kept)`. Prefer `tidy`.
 *
 * @example
 * startScope();
 * const y = x.mul(2);
 * console.log(await y.data());
 * endScope(); // frees y
 */
export function startScope(): void { scopes.push(new Set()); }

/**
 * Closes the innermost scope opened by `startScope()`, disposing what was made since then
 * except `kept` (a tensor, or arrays and objects of them).
 *
 * @example
 * startScope();
 * const y = x.mul(2).add(1);
 * endScope(y); // frees x*2, keeps y
 */
export function endScope(kept: unknown = null): void {
  const scope = scopes.pop();
  if (!scope) throw new TensorloomError('endScope', 'no scope is open; call startScope() first');
  const keepSet = new Set<unknown>();
  collect(kept, keepSet);
  for (const t of scope) {
    if (keepSet.has(t)) { if (scopes.length > 0) scopes[scopes.length - 1].add(t); }
    else t.dispose();
  }
}

/** @internal Runs `fn` as top-level code, outside every scope (the kit's leak checks use it). */
export function outsideScopes<T>(fn: () => T): T {
  const saved = scopes.splice(0, scopes.length);
  try { return fn(); } finally { scopes.push(...saved); }
}

/** Backstop for tensors a user forgot to dispose: frees their handles when collected. */
export const finalizer: FinalizationRegistry<() => void> | null =
  typeof FinalizationRegistry === 'undefined' ? null : new FinalizationRegistry((release) => release());

// Registration is deferred to the next microtask (or every NURSERY_MAX tensors): most tensors
// are intermediates disposed in the same synchronous job (a tidy scope, a training step) and
// never need one. A registration per tensor was most of the garbage collector's work in a
// training step on a lazy backend. Finalizers only run in a later task, so nothing is freed later.
const NURSERY_MAX = 4096;
const nurseryTargets: Array<{ readonly isDisposed: boolean }> = [];
const nurseryReleases: Array<() => void> = [];
let sweepQueued = false;

/** @internal Registers `target` with the backstop at the next microtask, unless disposed by then (then `unregister` is a no-op). */
export function guardWithFinalizer(target: { readonly isDisposed: boolean }, release: () => void): void {
  if (!finalizer) return;
  nurseryTargets.push(target);
  nurseryReleases.push(release);
  if (nurseryTargets.length >= NURSERY_MAX) sweepNursery();
  else if (!sweepQueued) {
    sweepQueued = true;
    void Promise.resolve().then(sweepNursery);
  }
}

function sweepNursery(): void {
  sweepQueued = false;
  for (let i = 0; i < nurseryTargets.length; i++) {
    const t = nurseryTargets[i];
    if (!t.isDisposed) finalizer?.register(t, nurseryReleases[i], t);
  }
  nurseryTargets.length = 0;
  nurseryReleases.length = 0;
}
