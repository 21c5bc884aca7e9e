/**
 * Which backends an app's worker offers in the page's picker: it registers each one that this
 * worker can run — WebGL needs OffscreenCanvas, WebGPU needs `navigator.gpu`; the CPU backend
 * and the ONNX backend (onnxruntime-web, WebAssembly) run anywhere — and lists them. The caller
 * passes the registration functions; app_backends.ts is the apps' table.
 */

/** The backends an app page can offer. */
export type PageBackend = 'cpu' | 'webgl' | 'webgpu' | 'onnx';

function available(name: PageBackend): boolean {
  if (name === 'webgl') return typeof OffscreenCanvas !== 'undefined';
  if (name === 'webgpu') return Boolean((self.navigator as { gpu?: unknown } | undefined)?.gpu);
  return true;
}

/**
 * Registers the backends of `registrations` that this worker can run and returns their names,
 * in the order given (the first is the picker's default). A backend's device is only requested
 * when it is picked (`setBackend`).
 *
 * @example
 * const backends = offerBackends({ cpu: registerCpuBackend, webgl: registerWebglBackend });
 * post({ type: 'ready', backends }); // ['cpu', 'webgl'] where OffscreenCanvas exists
 */
export function offerBackends<B extends PageBackend>(registrations: { [K in B]: () => void }): B[] {
  const offered: B[] = [];
  for (const name of Object.keys(registrations) as B[]) {
    if (!available(name)) continue;
    registrations[name]();
    offered.push(name);
  }
  return offered;
}
