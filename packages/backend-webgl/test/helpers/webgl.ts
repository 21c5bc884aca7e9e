/** Test helper: registers the WebGL backend once per test file and makes it current. */
import { setBackend, getBackend, type Backend } from '@tensorloom/core';
import { registerWebglBackend, type WebglBackendOptions } from '@tensorloom/backend-webgl';

let ready: Promise<Backend> | null = null;

/** The WebGL backend, current; asserts (by rejecting) that a WebGL context was made. */
export function useWebgl(options: WebglBackendOptions = {}): Promise<Backend> {
  ready ??= (async () => {
    registerWebglBackend(2, options);
    await setBackend(options.name ?? 'webgl');
    return getBackend();
  })();
  return ready;
}
