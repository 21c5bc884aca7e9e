/**
 * The toy backend behind an asynchronous-only storage interface: no `readSync`, and `read`
 * resolves on a later microtask, as a GPU queue or a lazy graph would. It proves that core and
 * the conformance kit need no synchronous read.
 */
import type { Backend, TypedArray } from '@tensorloom/core';
import { createToyBackend } from './toy_backend.js';

export function createAsyncToyBackend(name = 'toy-async'): Backend<TypedArray> {
  const inner = createToyBackend(name);
  return {
    name,
    write: (values, shape, dtype) => inner.write(values, shape, dtype),
    read: async (info) => { await Promise.resolve(); return inner.read(info); },
    disposeData: (data) => inner.disposeData(data),
    kernels: inner.kernels,
  };
}
