/**
 * GpuRuntime: one device's queue discipline. Dispatches and copies are recorded into one
 * command encoder and submitted together when the host needs results or an arena is full.
 * Uniforms and small uploads of a batch live in two arena buffers written just before the
 * submit (uploads are then copied in order inside the batch, so a reused buffer is never
 * overwritten before the commands recorded earlier have read it); pipelines and bind group layouts are cached by shader text; storage comes
 * from a BufferPool. Every device call runs inside error scopes ('validation',
 * 'out-of-memory') popped at each submit, and device loss is watched, so failures become
 * TensorloomErrors at the next call or read instead of hangs.
 */
import { TensorloomError } from '@tensorloom/core';
import { BufferPool } from './buffer_pool.js';
import {
  BufferUsage, MAP_READ, STAGE_COMPUTE,
  type GpuBufferLike, type GpuCommandEncoderLike, type GpuComputePassLike, type GpuComputePipelineLike, type GpuDeviceLike,
} from './types.js';

/** One compute dispatch: a shader, its storage buffers and uniform words, and the grid. */
export interface Dispatch {
  /** Full WGSL source (see wgsl.ts `header`): binding 0 uniforms, 1..n inputs, n+1 the output. */
  readonly code: string;
  readonly inputs: readonly GpuBufferLike[];
  readonly output: GpuBufferLike;
  /** Uniform words (u32; floats bit-cast by the caller). */
  readonly uniforms: Uint32Array;
  /** Workgroups in x, y, z (each ≤ the device's per-dimension limit; see `grid`). */
  readonly workgroups: readonly [number, number, number];
}

/** Bytes of one uniform slot (the spec's default minUniformBufferOffsetAlignment). */
const SLOT = 256;
/** Uniform arena bytes per batch; a full arena submits the batch. */
const ARENA_BYTES = 64 * 1024;
/** Upload arena bytes per batch (writes up to a quarter of it go through it). */
const UPLOAD_BYTES = 1024 * 1024;

export interface RuntimeOptions {
  /** Free bytes the pool keeps for reuse (default 256 MiB). */
  maxPoolFreeBytes?: number;
}

/**
 * The device runtime behind a backend (`backend.runtime`); kernels record through it.
 *
 * @example
 * backend.runtime.flush();                 // submit what is recorded so far
 * await backend.runtime.settle('mine');    // and throw if any of it failed
 */
export class GpuRuntime {
  readonly pool: BufferPool;
  readonly maxWorkgroupsPerDim: number;
  private readonly pipelines = new Map<string, GpuComputePipelineLike>();
  private readonly layouts = new Map<number, { group: unknown; pipeline: unknown }>();
  private encoder: GpuCommandEncoderLike | null = null;
  private pass: GpuComputePassLike | null = null;
  private scopeOpen = false;
  private readonly arena: GpuBufferLike;
  private readonly arenaData = new Uint8Array(ARENA_BYTES);
  private arenaUsed = 0;
  private readonly uploadArena: GpuBufferLike;
  private readonly uploadData = new Uint8Array(UPLOAD_BYTES);
  private uploadUsed = 0;
  private readonly checks: Promise<void>[] = [];
  private failure: string | null = null;
  private lostMessage: string | null = null;
  private destroyed = false;
  /** Resolves (never rejects) with 'lost' when the device is lost or destroyed. */
  private readonly lostSignal: Promise<string>;
  /** Counters for info(). */
  readonly counts = { dispatches: 0, submits: 0, pipelines: 0 };

  constructor(readonly device: GpuDeviceLike, options: RuntimeOptions = {}) {
    this.pool = new BufferPool(device, options.maxPoolFreeBytes ?? 256 * 1024 * 1024);
    this.maxWorkgroupsPerDim = device.limits.maxComputeWorkgroupsPerDimension;
    this.arena = device.createBuffer({ size: ARENA_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
    this.uploadArena = device.createBuffer({ size: UPLOAD_BYTES, usage: BufferUsage.COPY_SRC | BufferUsage.COPY_DST });
    this.lostSignal = device.lost.then((info) => {
      if (!this.destroyed) this.lostMessage = info.message || String(info.reason ?? 'unknown');
      return 'lost';
    });
  }

  /** Throws if the device was lost or an earlier batch failed. */
  check(op: string): void {
    if (this.destroyed) throw new TensorloomError(op, 'the WebGPU backend was destroyed; register and select a new one');
    if (this.lostMessage !== null) {
      throw new TensorloomError(op, `the WebGPU device was lost (${this.lostMessage}); tensors on it are gone: create the backend again`);
    }
    if (this.failure !== null) {
      const f = this.failure;
      this.failure = null;
      throw new TensorloomError(op, `an earlier WebGPU command failed: ${f}`);
    }
  }

  private open(): void {
    if (this.scopeOpen) return;
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    this.scopeOpen = true;
  }

  private closeScope(): void {
    if (!this.scopeOpen) return;
    this.scopeOpen = false;
    const validation = this.device.popErrorScope();
    const oom = this.device.popErrorScope();
    const record = (kind: string) => (e: { message: string } | null) => {
      if (e && this.failure === null) this.failure = kind === 'oom' ? `out of GPU memory (${e.message}); dispose tensors or use smaller batches` : e.message;
    };
    const ignore = () => {};
    this.checks.push(validation.then(record('validation'), ignore), oom.then(record('oom'), ignore));
  }

  /** A pooled storage buffer of at least `bytes` bytes. */
  alloc(bytes: number, op: string): GpuBufferLike {
    this.check(op);
    const max = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    if (bytes > max) {
      throw new TensorloomError(op, `a ${bytes}-byte tensor exceeds this device's storage buffer limit of ${max} bytes; split the work into smaller tensors`);
    }
    this.open();
    return this.pool.acquire(bytes);
  }

  /** Returns a buffer to the pool. */
  release(buffer: GpuBufferLike): void {
    if (this.destroyed) return;
    this.pool.release(buffer);
  }

  /**
   * Copies host bytes into `buffer`, ordered after every recorded command that may still use
   * it: small writes go through the batch's upload arena (written before the submit, copied
   * in order inside the batch); large ones submit the batch first and write directly.
   */
  upload(buffer: GpuBufferLike, data: ArrayBufferView, op: string): void {
    this.check(op);
    const bytes = data.byteLength;
    if (bytes === 0) return;
    const padded = Math.ceil(bytes / 4) * 4;
    if (padded <= UPLOAD_BYTES / 4) {
      if (this.uploadUsed + padded > UPLOAD_BYTES) this.flush();
      const at = this.uploadUsed;
      this.uploadData.set(new Uint8Array(data.buffer, data.byteOffset, bytes), at);
      this.uploadUsed += Math.ceil(padded / 256) * 256;
      this.copy(this.uploadArena, at, buffer, 0, padded, op);
      return;
    }
    this.flush();
    this.open();
    this.device.queue.writeBuffer(buffer, 0, data.buffer as ArrayBuffer, data.byteOffset, bytes);
  }

  private pipelineFor(code: string, inputs: number): GpuComputePipelineLike {
    let p = this.pipelines.get(code);
    if (!p) {
      const layout = this.layoutFor(inputs);
      const module = this.device.createShaderModule({ code });
      p = this.device.createComputePipeline({ layout: layout.pipeline, compute: { module, entryPoint: 'main' } });
      this.pipelines.set(code, p);
      this.counts.pipelines++;
    }
    return p;
  }

  private layoutFor(inputs: number): { group: unknown; pipeline: unknown } {
    let l = this.layouts.get(inputs);
    if (!l) {
      const entries: object[] = [{ binding: 0, visibility: STAGE_COMPUTE, buffer: { type: 'uniform' } }];
      for (let i = 0; i < inputs; i++) entries.push({ binding: i + 1, visibility: STAGE_COMPUTE, buffer: { type: 'read-only-storage' } });
      entries.push({ binding: inputs + 1, visibility: STAGE_COMPUTE, buffer: { type: 'storage' } });
      const group = this.device.createBindGroupLayout({ entries });
      l = { group, pipeline: this.device.createPipelineLayout({ bindGroupLayouts: [group] }) };
      this.layouts.set(inputs, l);
    }
    return l;
  }

  /** Records one dispatch into the current batch. */
  dispatch(d: Dispatch, op: string): void {
    this.check(op);
    const bytes = Math.max(16, Math.ceil((d.uniforms.length * 4) / 16) * 16);
    const slotBytes = Math.ceil(bytes / SLOT) * SLOT;
    if (this.arenaUsed + slotBytes > ARENA_BYTES) this.flush();
    this.open();
    const offset = this.arenaUsed;
    this.arenaData.set(new Uint8Array(d.uniforms.buffer, d.uniforms.byteOffset, d.uniforms.length * 4), offset);
    this.arenaUsed += slotBytes;
    const pipeline = this.pipelineFor(d.code, d.inputs.length);
    const entries: object[] = [{ binding: 0, resource: { buffer: this.arena, offset, size: bytes } }];
    d.inputs.forEach((b, i) => entries.push({ binding: i + 1, resource: { buffer: b } }));
    entries.push({ binding: d.inputs.length + 1, resource: { buffer: d.output } });
    const group = this.device.createBindGroup({ layout: this.layoutFor(d.inputs.length).group, entries });
    this.encoder ??= this.device.createCommandEncoder();
    this.pass ??= this.encoder.beginComputePass();
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, group);
    this.pass.dispatchWorkgroups(d.workgroups[0], d.workgroups[1], d.workgroups[2]);
    this.counts.dispatches++;
  }

  /** Records a buffer-to-buffer copy into the current batch. */
  copy(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, bytes: number, op: string): void {
    this.check(op);
    if (bytes === 0) return;
    this.open();
    this.encoder ??= this.device.createCommandEncoder();
    if (this.pass) { this.pass.end(); this.pass = null; }
    this.encoder.copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
  }

  /** Submits the recorded batch (uniforms first) and pops its error scopes. */
  flush(): void {
    if (this.destroyed) return;
    if (this.encoder) {
      if (this.pass) { this.pass.end(); this.pass = null; }
      if (this.arenaUsed > 0) this.device.queue.writeBuffer(this.arena, 0, this.arenaData.buffer, 0, this.arenaUsed);
      if (this.uploadUsed > 0) this.device.queue.writeBuffer(this.uploadArena, 0, this.uploadData.buffer, 0, this.uploadUsed);
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
      this.arenaUsed = 0;
      this.uploadUsed = 0;
      this.counts.submits++;
    }
    this.closeScope();
  }

  /** Waits for every popped error scope and throws the first failure as a TensorloomError. */
  async settle(op: string): Promise<void> {
    const pending = this.checks.splice(0);
    await Promise.all(pending);
    this.check(op);
  }

  /** Reads `bytes` bytes of `buffer` back to the host (staging buffer + mapAsync). */
  async readBytes(buffer: GpuBufferLike, bytes: number, op: string): Promise<ArrayBuffer> {
    this.check(op);
    const size = Math.max(4, Math.ceil(bytes / 4) * 4);
    this.open();
    const staging = this.device.createBuffer({ size, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    try {
      this.copy(buffer, 0, staging, 0, size, op);
      this.flush();
      await this.settle(op);
      try {
        await this.waitForMap(staging, op);
      } catch (e) {
        if (e instanceof TensorloomError) throw e;
        this.check(op);
        throw new TensorloomError(op, `reading from the GPU failed: ${String(e)}`);
      }
      const out = staging.getMappedRange(0, size).slice(0, bytes);
      staging.unmap();
      return out;
    } finally {
      staging.destroy();
    }
  }

  /** mapAsync, but rejecting (not hanging) when the device is lost meanwhile. */
  private async waitForMap(staging: GpuBufferLike, op: string): Promise<void> {
    const outcome = await Promise.race([staging.mapAsync(MAP_READ).then(() => 'mapped'), this.lostSignal]);
    if (outcome !== 'mapped') throw new TensorloomError(op, 'the WebGPU device was lost while reading; create the backend again');
  }

  /** Frees the pool's free buffers and the arena, and the device itself when `destroyDevice`. */
  destroy(destroyDevice: boolean): void {
    if (this.destroyed) return;
    this.flush();
    this.destroyed = true;
    this.pool.destroy();
    this.arena.destroy();
    this.uploadArena.destroy();
    this.pipelines.clear();
    if (destroyDevice) this.device.destroy();
  }

  get isDestroyed(): boolean { return this.destroyed; }
}
