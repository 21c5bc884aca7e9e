/**
 * The backends every example app's worker offers in its picker — cpu, webgl, webgpu and onnx
 * (onnxruntime-web, its WebAssembly files under `<base>ort/` as vite/ort_web_files.ts serves
 * them) — registered through offerBackends, so each one only where this worker can run it.
 */
import { registerCpuBackend } from '@tensorloom/backend-cpu';
import { registerWebglBackend } from '@tensorloom/backend-webgl';
import { registerWebGpuBackend } from '@tensorloom/backend-webgpu';
import { registerOnnxBackend } from '@tensorloom/backend-onnx';
import { offerBackends, type PageBackend } from './offer_backends.js';

/**
 * Registers the apps' backends that this worker can run and returns their names, `cpu` first
 * (the picker's default): `webgl` where OffscreenCanvas exists, `webgpu` where `navigator.gpu`
 * does, `onnx` everywhere. Call it once, from the worker.
 *
 * @example
 * const backends = appBackends();
 * post({ type: 'ready', backends }); // ['cpu', 'webgl', 'webgpu', 'onnx'] in Chromium with WebGPU
 */
export function appBackends(): PageBackend[] {
  return offerBackends<PageBackend>({
    cpu: registerCpuBackend,
    webgl: registerWebglBackend,
    webgpu: registerWebGpuBackend,
    // Lazy graphs run by onnxruntime-web (WebAssembly); its files are served under ort/ (vite/ort_web_files.ts).
    onnx: () => registerOnnxBackend({ runtime: 'web', wasmPaths: `${import.meta.env.BASE_URL}ort/` }),
  });
}
