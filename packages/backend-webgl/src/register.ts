/** `registerWebglBackend`: puts the WebGL backend in core's registry (nothing happens on import). */
import type * as tf from '@tensorflow/tfjs-core';
import { registerBackend, type Backend } from '@tensorloom/core';
import { createWebglBackend, createWebglBackendSync, type WebglBackendOptions } from './backend.js';

/**
 * Registers the WebGL backend with core under `webgl` (or `options.name`). Its factory is
 * async (it loads tfjs-backend-webgl and makes a WebGL context), so select it with
 * `await setBackend('webgl')`. tfjs's engine is global: the adapter makes tfjs's `webgl`
 * backend current.
 *
 * @example
 * import { setBackend, tensor, softmax } from '@tensorloom/core';
 * import { registerWebglBackend } from '@tensorloom/backend-webgl';
 * registerWebglBackend();
 * await setBackend('webgl');
 * console.log(await softmax(tensor([1, 2, 3])).data());
 */
export function registerWebglBackend(priority = 2, options: WebglBackendOptions = {}): void {
  let pending: Promise<Backend<tf.Tensor>> | null = null;
  let loaded = false;
  // Async until tfjs-backend-webgl is loaded, synchronous after (so findBackend works then);
  // one load however often core asks before the first one resolves.
  const factory = (): Backend | Promise<Backend> => {
    if (loaded) return createWebglBackendSync(options) as Backend;
    pending ??= createWebglBackend(options).then((b) => { loaded = true; return b; }, (e: unknown) => { pending = null; throw e; });
    return pending as Promise<Backend>;
  };
  registerBackend(options.name ?? 'webgl', factory, priority);
}
