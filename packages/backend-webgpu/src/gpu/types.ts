/**
 * Structural WebGPU types: the part of the WebGPU API this backend calls, declared here so the
 * published types need neither the DOM lib nor @webgpu/types. A browser's `navigator.gpu`,
 * its adapters and devices, and the `webgpu` npm package's (Dawn in Node) all fit them.
 */

/** A GPU buffer (`GPUBuffer`). */
export interface GpuBufferLike {
  readonly size: number;
  mapAsync(mode: number, offset?: number, size?: number): Promise<void>;
  getMappedRange(offset?: number, size?: number): ArrayBuffer;
  unmap(): void;
  destroy(): void;
}

/** A compute pipeline (`GPUComputePipeline`). */
export interface GpuComputePipelineLike {
  getBindGroupLayout(index: number): unknown;
}

/** A compute pass (`GPUComputePassEncoder`). */
export interface GpuComputePassLike {
  setPipeline(pipeline: GpuComputePipelineLike): void;
  setBindGroup(index: number, group: unknown): void;
  dispatchWorkgroups(x: number, y?: number, z?: number): void;
  end(): void;
}

/** A command encoder (`GPUCommandEncoder`). */
export interface GpuCommandEncoderLike {
  beginComputePass(descriptor?: object): GpuComputePassLike;
  copyBufferToBuffer(src: GpuBufferLike, srcOffset: number, dst: GpuBufferLike, dstOffset: number, size: number): void;
  clearBuffer?(buffer: GpuBufferLike, offset?: number, size?: number): void;
  finish(): unknown;
}

/** A device's queue (`GPUQueue`). */
export interface GpuQueueLike {
  submit(commandBuffers: unknown[]): void;
  writeBuffer(buffer: GpuBufferLike, offset: number, data: ArrayBufferView | ArrayBuffer, dataOffset?: number, size?: number): void;
  onSubmittedWorkDone(): Promise<void>;
}

/** The limits this backend reads (`GPUSupportedLimits`). */
export interface GpuLimitsLike {
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBuffersPerShaderStage: number;
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly minUniformBufferOffsetAlignment: number;
}

/** An error popped from an error scope (`GPUError`). */
export interface GpuErrorLike { readonly message: string }

/** A device (`GPUDevice`). */
export interface GpuDeviceLike {
  readonly queue: GpuQueueLike;
  readonly limits: GpuLimitsLike;
  readonly features: { has(name: string): boolean };
  readonly lost: Promise<{ reason?: string; message: string }>;
  createBuffer(descriptor: { size: number; usage: number; mappedAtCreation?: boolean; label?: string }): GpuBufferLike;
  createShaderModule(descriptor: { code: string; label?: string }): unknown;
  createComputePipeline(descriptor: { layout: unknown; compute: { module: unknown; entryPoint: string } }): GpuComputePipelineLike;
  createBindGroupLayout(descriptor: { entries: object[] }): unknown;
  createPipelineLayout(descriptor: { bindGroupLayouts: unknown[] }): unknown;
  createBindGroup(descriptor: { layout: unknown; entries: object[] }): unknown;
  createCommandEncoder(descriptor?: object): GpuCommandEncoderLike;
  pushErrorScope(filter: 'validation' | 'out-of-memory' | 'internal'): void;
  popErrorScope(): Promise<GpuErrorLike | null>;
  destroy(): void;
}

/** What an adapter says about itself (`GPUAdapterInfo`). */
export interface GpuAdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  readonly isFallbackAdapter?: boolean;
}

/** An adapter (`GPUAdapter`). */
export interface GpuAdapterLike {
  readonly features: { has(name: string): boolean };
  readonly limits: GpuLimitsLike;
  readonly info?: GpuAdapterInfoLike;
  readonly isFallbackAdapter?: boolean;
  requestDevice(descriptor?: { requiredFeatures?: string[]; requiredLimits?: Record<string, number> }): Promise<GpuDeviceLike>;
}

/** The entry point (`navigator.gpu`, or `create([])` from the `webgpu` npm package). */
export interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapterLike | null>;
}

/** `GPUBufferUsage` flags (the values are fixed by the WebGPU spec; no global needed). */
export const BufferUsage = {
  MAP_READ: 0x0001, MAP_WRITE: 0x0002, COPY_SRC: 0x0004, COPY_DST: 0x0008, UNIFORM: 0x0040, STORAGE: 0x0080,
} as const;

/** `GPUMapMode.READ`. */
export const MAP_READ = 0x0001;
/** `GPUShaderStage.COMPUTE`. */
export const STAGE_COMPUTE = 0x4;
