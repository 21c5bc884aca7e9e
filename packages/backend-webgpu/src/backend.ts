/**
 * WebGpuBackend: Tensorloom's storage interface and kernel tables on one WebGPU device. Each
 * tensor's storage is a pooled GPU buffer (GpuTensorStorage); kernels record dispatches into
 * the runtime's batch and return new storage synchronously; `read` submits the batch and maps
 * a staging buffer. There is no `readSync`.
 */
import { TensorloomError, sizeOf, type Backend, type DType, type FusedKernels, type PrimitiveKernels, type TensorInfo, type TypedArray } from '@tensorloom/core';
import { GpuRuntime } from './gpu/runtime.js';
import type { GpuAdapterInfoLike, GpuAdapterLike, GpuDeviceLike, GpuLike } from './gpu/types.js';
import { GpuTensorStorage } from './storage.js';
import { webgpuKernels } from './kernels/index.js';
import { webgpuFused } from './fused/index.js';
import { float16Tables, quantizeInPlace } from './float16_storage.js';

/** int32 writes up to this many values keep a host copy for gather/scatterAdd index checks. */
const MAX_HOST_INTS = 1 << 16;

/** How to get a device, and backend settings. */
export interface WebGpuBackendOptions {
  /** The registry name (default `webgpu`). */
  name?: string;
  /** A device to use (it stays the caller's: `destroy()` leaves it alive). */
  device?: GpuDeviceLike;
  /** An adapter to request the device from (the backend then owns and destroys the device). */
  adapter?: GpuAdapterLike;
  /** The WebGPU entry point: `navigator.gpu` by default; in Node `create([])` from the `webgpu` package. */
  gpu?: GpuLike;
  /** Free bytes the buffer pool keeps for reuse (default 256 MiB); more is destroyed, oldest first. */
  maxPoolFreeBytes?: number;
  /**
   * Emulate float16 storage (default false): float tensors are rounded to half precision (finite
   * values saturating at ±65504) on write and after every kernel; kernels still accumulate in
   * float32. For testing how models behave on f16 devices.
   */
  float16Storage?: boolean;
}

/** What `info()` reports. */
export interface WebGpuInfo extends Record<string, unknown> {
  kind: 'webgpu';
  /** Bits of float storage: 32, or 16 with `float16Storage` (emulated). */
  floatPrecision: 32 | 16;
  /** How floats are stored. */
  storage: 'float32' | 'float16 (emulated)';
  /** Where floats are accumulated. */
  accumulation: 'float32';
  shaderF16: boolean;
  adapter: GpuAdapterInfoLike;
  /** Bytes of pooled buffers held by live tensors, and kept free for reuse. */
  poolLiveBytes: number;
  poolFreeBytes: number;
  poolBuffersCreated: number;
  poolReuses: number;
  pipelines: number;
  dispatches: number;
  submits: number;
}

function adapterInfo(adapter: GpuAdapterLike | undefined): GpuAdapterInfoLike {
  const i = adapter?.info;
  return {
    vendor: i?.vendor ?? '', architecture: i?.architecture ?? '', device: i?.device ?? '', description: i?.description ?? '',
    isFallbackAdapter: i?.isFallbackAdapter ?? adapter?.isFallbackAdapter ?? false,
  };
}

/**
 * The backend (made by `createWebGpuBackend`).
 *
 * @example
 * const backend = await createWebGpuBackend();
 * registerBackend('webgpu', () => backend, 3);
 */
export class WebGpuBackend implements Backend<GpuTensorStorage> {
  readonly name: string;
  readonly kernels: PrimitiveKernels<GpuTensorStorage>;
  readonly fused: FusedKernels<GpuTensorStorage>;
  private readonly float16: boolean;
  /** The device runtime (queue batching, pool, pipelines). */
  readonly runtime: GpuRuntime;

  /**
   * The entry point and adapter the device came from, held for the backend's lifetime: Dawn in
   * Node tears the device down when its `gpu` object is garbage collected.
   */
  private keepAlive: unknown[] = [];

  constructor(device: GpuDeviceLike, private readonly ownsDevice: boolean, private readonly adapter: GpuAdapterInfoLike, options: WebGpuBackendOptions = {}) {
    this.name = options.name ?? 'webgpu';
    this.keepAlive = [options.gpu, options.adapter];
    this.runtime = new GpuRuntime(device, { maxPoolFreeBytes: options.maxPoolFreeBytes });
    this.float16 = options.float16Storage ?? false;
    const tables = this.float16 ? float16Tables(webgpuKernels, webgpuFused) : { kernels: webgpuKernels, fused: webgpuFused };
    this.kernels = tables.kernels;
    this.fused = tables.fused;
  }

  write(values: TypedArray, shape: readonly number[], dtype: DType): GpuTensorStorage {
    const n = sizeOf(shape);
    if (values.length !== n) throw new TensorloomError('write', `got ${values.length} values for shape [${shape.join(',')}] of ${n} elements`);
    let host: Float32Array | Int32Array | Uint32Array;
    if (dtype === 'float32') host = values instanceof Float32Array ? values : Float32Array.from(values);
    else if (dtype === 'int32') host = values instanceof Int32Array ? values : Int32Array.from(values);
    else host = Uint32Array.from(values, (v) => (v !== 0 ? 1 : 0));
    const buffer = this.runtime.alloc(Math.max(4, n * 4), 'write');
    this.runtime.upload(buffer, host, 'write');
    const ints = dtype === 'int32' && n <= MAX_HOST_INTS ? Int32Array.from(host as Int32Array) : undefined;
    const s = new GpuTensorStorage(this.runtime, buffer, n, dtype, ints);
    if (this.float16) quantizeInPlace(s);
    return s;
  }

  async read(info: TensorInfo<GpuTensorStorage>): Promise<TypedArray> {
    const s = info.data;
    const bytes = await this.runtime.readBytes(s.buffer, s.length * 4, 'read');
    if (s.dtype === 'float32') return new Float32Array(bytes);
    if (s.dtype === 'int32') return new Int32Array(bytes);
    return Uint8Array.from(new Uint32Array(bytes));
  }

  disposeData(data: GpuTensorStorage): void {
    this.runtime.release(data.buffer);
  }

  info(): WebGpuInfo {
    const p = this.runtime.pool.snapshot();
    const c = this.runtime.counts;
    return {
      kind: 'webgpu', floatPrecision: this.float16 ? 16 : 32, storage: this.float16 ? 'float16 (emulated)' : 'float32', accumulation: 'float32', shaderF16: this.runtime.device.features.has('shader-f16'),
      adapter: this.adapter, poolLiveBytes: p.liveBytes, poolFreeBytes: p.freeBytes, poolBuffersCreated: p.created, poolReuses: p.reused,
      pipelines: c.pipelines, dispatches: c.dispatches, submits: c.submits,
    };
  }

  /** Destroys pooled buffers and, if the backend requested the device itself, the device. */
  destroy(): void {
    if (this.runtime.isDestroyed) return;
    this.runtime.destroy(this.ownsDevice);
    this.keepAlive = [];
  }
}

/**
 * Creates the WebGPU backend: on `options.device`, or a device requested from
 * `options.adapter`, or from `(options.gpu ?? navigator.gpu).requestAdapter()`.
 *
 * @example
 * // Node, with the `webgpu` package (Dawn):
 * import { create, globals } from 'webgpu';
 * Object.assign(globalThis, globals);
 * const backend = await createWebGpuBackend({ gpu: create([]) });
 * console.log(backend.info().adapter);
 * backend.destroy();
 */
export async function createWebGpuBackend(options: WebGpuBackendOptions = {}): Promise<WebGpuBackend> {
  if (options.device) return new WebGpuBackend(options.device, false, adapterInfo(options.adapter), options);
  let adapter = options.adapter ?? null;
  if (!adapter) {
    const gpu = options.gpu ?? (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
    if (!gpu) {
      throw new TensorloomError('webgpu', 'no WebGPU here (navigator.gpu is missing): in Node pass { gpu: create([]) } from the `webgpu` package, or use another backend, e.g. cpu');
    }
    adapter = await gpu.requestAdapter();
    if (!adapter) {
      throw new TensorloomError('webgpu', 'requestAdapter() returned null: no WebGPU adapter (in Chromium without a GPU start it with --enable-unsafe-webgpu; in Node set VK_ICD_FILENAMES to a Vulkan driver); use another backend, e.g. cpu');
    }
  }
  let device: GpuDeviceLike;
  try {
    device = await adapter.requestDevice();
  } catch (e) {
    throw new TensorloomError('webgpu', `requestDevice() failed (${String(e)}); use another backend, e.g. cpu`);
  }
  return new WebGpuBackend(device, true, adapterInfo(adapter), { ...options, adapter });
}
