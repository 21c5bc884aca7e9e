/**
 * The WebGL backend: Tensorloom's storage interface over tfjs tensors on tfjs's WebGL
 * backend. Each Tensorloom storage is one tfjs tensor, created by `write` or a kernel and
 * disposed exactly once by `disposeData`, so tfjs's own tensor count tracks Tensorloom's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TensorloomError, type Backend, type DType, type TensorInfo, type TypedArray } from '@tensorloom/core';
import { webglKernels } from './kernels/index.js';
import { webglFused } from './fused/index.js';
import { mirrorInts } from './host_indices.js';

/** Options of the WebGL backend. tfjs flags are global: they apply to the whole page or worker. */
export interface WebglBackendOptions {
  /** The Tensorloom registry name (default `webgl`). */
  name?: string;
  /** Render to float16 textures even where float32 works (tfjs `WEBGL_FORCE_F16_TEXTURES`), to test fp16 devices. */
  forceFloat16?: boolean;
  /** tfjs's packed shaders (`WEBGL_PACK`, default on). Turn off on drivers whose packed ops give NaN. */
  pack?: boolean;
  /** Further tfjs environment flags, set before the WebGL context is made. */
  flags?: Record<string, number | boolean>;
}

/** What `info()` reports about the WebGL device. */
export interface WebglInfo extends Record<string, unknown> {
  backend: 'webgl';
  tfjsVersion: string;
  webglVersion: number;
  /** Bits of float storage: 32, or 16 on devices that can only render to half-float textures. */
  floatPrecision: 16 | 32;
  /** Largest integer held exactly by int32/float storage (2^24 in float32 textures, 2^11 in float16). */
  maxExactInteger: number;
  packed: boolean;
  /** tfjs's own count of live tensors (equals Tensorloom's data buffers on this backend). */
  tfjsNumTensors: number;
  tfjsNumBytes: number;
}

interface WebglModule { MathBackendWebGL: new () => tf.KernelBackend }

function setFlags(options: WebglBackendOptions): void {
  const env = tf.env();
  if (options.forceFloat16 !== undefined) {
    env.set('WEBGL_FORCE_F16_TEXTURES', options.forceFloat16);
    if (options.forceFloat16) env.set('WEBGL_RENDER_FLOAT32_ENABLED', false); // in case tfjs already evaluated it
  }
  if (options.pack !== undefined) env.set('WEBGL_PACK', options.pack);
  for (const [k, v] of Object.entries(options.flags ?? {})) env.set(k, v);
}

function typed(values: Float32Array | Int32Array | Uint8Array | Uint8Array[] | string[], dtype: DType): TypedArray {
  if (dtype === 'float32') return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
  if (dtype === 'int32') return values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>);
  return values instanceof Uint8Array ? values : Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
}

let tfjsWebgl: WebglModule | null = null;

/** Whether tfjs's WebGL backend instance exists (tf.findBackend would create it as a side effect). */
function tfjsWebglAlive(): boolean {
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  return registry.webgl != null;
}
let liveInstances = 0;

/** Makes tfjs's `webgl` backend current (synchronous: its factory is); throws where WebGL is missing. */
function startTfjsWebgl(options: WebglBackendOptions): void {
  if (!tf.findBackendFactory('webgl')) {
    if (!tfjsWebgl) {
      throw new TensorloomError('webgl', 'tfjs-backend-webgl is not loaded yet: use `await createWebglBackend()` (or `await setBackend(\'webgl\')`) once first');
    }
    const { MathBackendWebGL } = tfjsWebgl;
    tf.registerBackend('webgl', () => new MathBackendWebGL(), 2);
  }
  if (!tfjsWebglAlive()) setFlags(options); // flags take effect when the context is made
  try {
    void tf.setBackend('webgl').catch(() => false); // completes synchronously: tfjs's WebGL factory is synchronous
  } catch (e) {
    throw new TensorloomError('webgl', `tfjs could not start its WebGL backend (${String(e)}); use another backend, e.g. cpu`);
  }
  if (!tfjsWebglAlive() || tf.getBackend() !== 'webgl') {
    throw new TensorloomError('webgl', 'no WebGL context could be made here (no GPU, or neither WebGL2 nor WebGL1); use another backend, e.g. cpu');
  }
}

/**
 * Makes the WebGL backend: loads tfjs-backend-webgl, makes its WebGL context (an
 * OffscreenCanvas in workers) and returns the backend. Rejects where WebGL is unavailable.
 *
 * @example
 * import { registerBackend, setBackend } from '@tensorloom/core';
 * import { createWebglBackend } from '@tensorloom/backend-webgl';
 * registerBackend('webgl', () => createWebglBackend(), 2);
 * await setBackend('webgl');
 */
export async function createWebglBackend(options: WebglBackendOptions = {}): Promise<Backend<tf.Tensor>> {
  tfjsWebgl ??= (await import('@tensorflow/tfjs-backend-webgl')) as unknown as WebglModule;
  const backend = createWebglBackendSync(options);
  await tf.ready();
  return backend;
}

/**
 * The WebGL backend, made synchronously: works once tfjs-backend-webgl is loaded (after one
 * `createWebglBackend()`, or when the app imports `@tensorflow/tfjs-backend-webgl` itself).
 * All instances share tfjs's one WebGL context; the last one destroyed releases it.
 *
 * @example
 * await createWebglBackend();
 * registerBackend('webgl-2', () => createWebglBackendSync({ name: 'webgl-2' }));
 * const b = findBackend('webgl-2');
 */
export function createWebglBackendSync(options: WebglBackendOptions = {}): Backend<tf.Tensor> {
  startTfjsWebgl(options);
  liveInstances++;
  let destroyed = false;
  const name = options.name ?? 'webgl';
  const ensureCurrent = (): void => { if (tf.getBackend() !== 'webgl') void tf.setBackend('webgl'); };

  const backend: Backend<tf.Tensor> = {
    name,
    write(values, shape, dtype) {
      ensureCurrent();
      const copy = values.slice();
      if (copy instanceof Float32Array && !tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) roundOverflowToInfinity(copy);
      const storage = tf.keep(tf.tensor(copy, shape as number[], dtype));
      if (copy instanceof Int32Array) mirrorInts(storage, copy);
      return storage;
    },
    async read(info: TensorInfo<tf.Tensor>) {
      return typed(await info.data.data(), info.dtype);
    },
    readSync(info: TensorInfo<tf.Tensor>) {
      return typed(info.data.dataSync(), info.dtype);
    },
    disposeData(data) {
      data.dispose();
    },
    kernels: webglKernels,
    fused: webglFused,
    info(): WebglInfo {
      const env = tf.env();
      // (tfjs's own floatPrecision() answers 16 on float32 devices: it measures something else.)
      const precision = env.getBool('WEBGL_RENDER_FLOAT32_ENABLED') ? 32 : 16;
      const mem = tf.memory();
      return {
        backend: 'webgl',
        tfjsVersion: tf.version_core,
        webglVersion: env.getNumber('WEBGL_VERSION'),
        floatPrecision: precision,
        maxExactInteger: precision === 32 ? 2 ** 24 : 2 ** 11,
        packed: env.getBool('WEBGL_PACK'),
        tfjsNumTensors: mem.numTensors,
        tfjsNumBytes: mem.numBytes,
      };
    },
    destroy() {
      // The last instance frees the WebGL context and every texture; a later one starts afresh.
      if (destroyed) return;
      destroyed = true;
      if (--liveInstances === 0 && tfjsWebglAlive()) tf.removeBackend('webgl');
    },
  };
  return backend;
}

/**
 * On float16 render targets, values beyond ±65504 round to ±∞ (as IEEE rounding does);
 * uploaded as they are, tfjs stores them as NaN, so a −1e9 attention mask would poison a row.
 */
function roundOverflowToInfinity(values: Float32Array): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] > 65504) values[i] = Infinity;
    else if (values[i] < -65504) values[i] = -Infinity;
  }
}
