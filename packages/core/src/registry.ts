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

/**
 * Registers a backend factory under `name`. The factory runs when the backend is first used.
 *
 * @example
 * registerBackend('cpu', () => new CpuBackend(), 1);
 */
export function registerBackend(name: string, factory: BackendFactory, priority = 1): void {
  if (!name || typeof name !== 'string') throw new TensorloomError('registerBackend', 'name must be a non-empty string');
  const old = entries.get(name);
  if (old?.instance && current === old.instance) current = null;
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
    entry.pending = made.then((b) => (entry.instance = b)).finally(() => { entry.pending = undefined; });
    return entry.pending;
  }
  entry.instance = made;
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
