/**
 * The backend conformance kit on the ONNX backend in headless Chromium, on onnxruntime-web's
 * WebAssembly build (one thread). The .wasm comes from the onnxruntime-web package (a Vite
 * `?url` import), so the suite fails, rather than skips, if onnxruntime-web cannot load.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { runConformance } from '@tensorloom/core/testing';
import { OnnxBackend, type OrtModule } from '../src/index.js';

ort.env.wasm.numThreads = 1;
ort.env.wasm.wasmPaths = { wasm: wasmUrl };

runConformance(() => new OnnxBackend({ ort: ort as unknown as OrtModule, name: 'onnx-web', executionProviders: ['wasm'] }), {
  name: 'onnx-web',
  runner: { describe, it, beforeAll, afterAll },
  capabilities: { syncRead: false, indexChecks: 'host' },
});
