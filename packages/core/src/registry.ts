/**
 * The backend registry: backends are registered by name with a factory and a priority,
 * and one of them is current. Importing a backend package registers nothing; its
 * `registerXBackend()` function does.
 */
import type { Backend } from './backend.js';
import { TensorloomError } from './errors.js';

/** Makes a backend, synchronously or asynchronously (GPU adapters). */
export type BackendFactory = () => Backend | Promise<Backend>;

interface Entry { factory: BackendFactory; priority: number; instance?: Backend; pending?: Promise<Backend> }

const entries = new Map<string, Entry>();
let current: Backend | null = null;

/** Each instance the registry made: its registry name and its number among instances of its kind. */
interface Identity { registeredAs: string; ordinal: number; replaced: boolean }
const identities = new WeakMap<Backend, Identity>();
const madeByKind = new Map<string, number>();

function remember(name: string, b: Backend): Backend {
  if (!identities.has(b)) {
    const ordinal = (madeByKind.get(b.name) ?? 0) + 1;
    madeByKind.set(b.name, ordinal);
    identities.set(b, { registeredAs: name, ordinal, replaced: false });
  }
  return b;
}

/**
 * @internal How a backend instance reads in an error message: its name, plus (for two
 * instances of one kind) its registry name, its instance number and whether a later
 * registration replaced it.
 */
export function describeBackend(b: Backend): string {
  const id = identities.get(b);
  if (!id) return `'${b.name}' (not from the registry)`;
  const parts = [`instance #${id.ordinal}`];
  if (id.registeredAs !== b.name) parts.push(`registered as '${id.registeredAs}'`);
  if (id.replaced) parts.push(`replaced by a later registerBackend('${id.registeredAs}')`);
  return `'${b.name}' (${parts.join(', ')})`;
}

/** @internal The registry name of a backend instance (its `name` when it is not from the registry). */
export function registeredName(b: Backend): string {
  return identities.get(b)?.registeredAs ?? b.name;
}

/**
 * Registers a backend factory under `name`. The factory runs when the backend is first used.
 *
 * @example
 * registerBackend('cpu', () => new CpuBackend(), 1);
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 1): void {
  if (!name || typeof name !== 'string') throw new TensorloomError('registerBackend', 'name must be a non-empty string');
  if (typeof factory !== 'function') throw new TensorloomError('registerBackend', `factory must be a function that makes the backend, got ${typeof factory}`);
  if (typeof priority !== 'number' || !Number.isFinite(priority)) throw new TensorloomError('registerBackend', `priority must be a finite number, got ${String(priority)}`);
  const old = entries.get(name);
  if (old?.instance && current === old.instance) current = null;
  if (old?.instance) {
    const id = identities.get(old.instance);
    if (id) id.replaced = true; // tensors still on it say so when they meet the new instance
  }
  old?.instance?.destroy?.();
  entries.set(name, { factory, priority });
}

/**
 * Removes a backend from the registry and releases it (tensors on it must be disposed first).
 *
 * @example
 * removeBackend('webgl');
 */
export function removeBackend(name: string): void {
  const entry = entries.get(name);
  if (!entry) return;
  if (current && current === entry.instance) current = null;
  entry.instance?.destroy?.();
  entries.delete(name);
}

/**
 * Marks a training-step boundary on every backend made so far that wants one (a lazy backend
 * compiles and queues the step's pending graph, so identical steps reuse one compiled graph).
 * Training loops call it after each step; it does nothing on eager backends.
 *
 * @example
 * for (const [x, y] of batches) { trainStep(x, y); markStep(); }
 */
export function markStep(): void {
  for (const entry of entries.values()) entry.instance?.markStep?.();
}

/**
 * Names of the registered backends, highest priority first.
 *
 * @example
 * listBackends(); // ['webgl', 'cpu']
 */
export function listBackends(): string[] {
  return [...entries.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([n]) => n);
}

function instantiate(name: string): Backend | Promise<Backend> {
  const entry = entries.get(name);
  if (!entry) {
    throw new TensorloomError(
      'setBackend',
      `no backend named '${name}' is registered (registered: ${listBackends().join(', ') || 'none'}); ` +
        `register it first, e.g. registerCpuBackend() from @tensorloom/backend-cpu`,
    );
  }
  if (entry.instance) return entry.instance;
  if (entry.pending) return entry.pending;
  const made = entry.factory();
  if (made instanceof Promise) {
    // One initialisation per backend, however many callers wait for it.
    entry.pending = made.then((b) => (entry.instance = remember(name, b))).finally(() => { entry.pending = undefined; });
    return entry.pending;
  }
  entry.instance = remember(name, made);
  return made;
}

/**
 * Makes `name` the current backend. Synchronous backends are set before this returns; await
 * the promise for backends whose factory is async (WebGPU).
 *
 * @example
 * registerCpuBackend();
 * await setBackend('cpu');
 */
export function setBackend(name: string): Promise<void> {
  const made = instantiate(name);
  if (made instanceof Promise) return made.then((b) => void (current = b));
  current = made;
  return Promise.resolve();
}

/**
 * A registered backend by name, created on first use (synchronous factories only).
 *
 * @example
 * const x = tensor([1, 2], { backend: findBackend('cpu') });
 */
export function findBackend(name: string): Backend {
  const made = instantiate(name);
  if (made instanceof Promise) {
    throw new TensorloomError('findBackend', `backend '${name}' initialises asynchronously; call await setBackend('${name}') first`);
  }
  return made;
}

/** @internal A registered backend by name, awaiting an asynchronous factory (for `toAsync`). */
export async function resolveBackend(name: string): Promise<Backend> {
  return instantiate(name);
}

/**
 * The current backend; the highest-priority registered one when none was set.
 *
 * @example
 * getBackend().name; // 'cpu'
 */
export function getBackend(): Backend {
  if (current) return current;
  for (const name of listBackends()) {
    const made = instantiate(name);
    if (!(made instanceof Promise)) return (current = made);
  }
  throw new TensorloomError(
    'getBackend',
    'no backend is registered: call registerCpuBackend() from @tensorloom/backend-cpu (or another backend) first',
  );
}
