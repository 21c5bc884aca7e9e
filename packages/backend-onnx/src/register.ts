/**
 * registerOnnxBackend: registers the ONNX backend under `onnx`, loading onnxruntime-node
 * (Node) or onnxruntime-web (browsers) when the backend is first used.
 */
import { registerBackend, TensorloomError } from '@tensorloom/core';
import { OnnxBackend, type OnnxBackendOptions } from './onnx_backend.js';
import type { OrtModule } from './ort_types.js';

/** registerOnnxBackend's options. */
export interface RegisterOnnxOptions extends Omit<OnnxBackendOptions, 'ort'> {
  /** Which onnxruntime package to load: `node` (onnxruntime-node) or `web` (onnxruntime-web). Default: `node` in Node, else `web`. */
  readonly runtime?: 'node' | 'web';
  /** Registry priority (higher wins when no backend is set explicitly; default 0). */
  readonly priority?: number;
  /** For onnxruntime-web: where its .wasm files are served (its `env.wasm.wasmPaths`). */
  readonly wasmPaths?: string;
}

interface RuntimeModule extends OrtModule {
  env?: { wasm?: { wasmPaths?: unknown; numThreads?: number } };
}

function inNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

async function loadRuntime(runtime: 'node' | 'web'): Promise<RuntimeModule> {
  // The specifier is a variable for Node's package so that browser bundlers leave it alone.
  const nodeSpecifier = 'onnxruntime-node';
  try {
    const mod = (runtime === 'node' ? await import(/* @vite-ignore */ nodeSpecifier) : await import('onnxruntime-web')) as RuntimeModule & { default?: RuntimeModule };
    return mod.InferenceSession ? mod : (mod.default as RuntimeModule);
  } catch (e) {
    const pkg = runtime === 'node' ? 'onnxruntime-node' : 'onnxruntime-web';
    throw new TensorloomError('registerOnnxBackend', `could not load ${pkg} (${e instanceof Error ? e.message : String(e)}); install it: npm install ${pkg}@1.30.0`);
  }
}

/**
 * Registers the ONNX backend under `options.name` (default `onnx`). The onnxruntime package is
 * imported when the backend is first used (`await setBackend('onnx')`).
 *
 * @example
 * registerOnnxBackend({ runtime: 'node', threads: 4 });
 * await setBackend('onnx');
 */
export function registerOnnxBackend(options: RegisterOnnxOptions = {}): void {
  const runtime = options.runtime ?? (inNode() ? 'node' : 'web');
  if (runtime !== 'node' && runtime !== 'web') throw new TensorloomError('registerOnnxBackend', `runtime must be 'node' or 'web', got ${String(runtime)}`);
  const { priority = 0, wasmPaths, ...rest } = options;
  registerBackend(options.name ?? 'onnx', async () => {
    const ort = await loadRuntime(runtime);
    if (runtime === 'web' && ort.env?.wasm) {
      if (wasmPaths !== undefined) ort.env.wasm.wasmPaths = wasmPaths;
      if (options.threads !== undefined) ort.env.wasm.numThreads = options.threads;
    }
    return new OnnxBackend({ ...rest, ort });
  }, priority);
}
