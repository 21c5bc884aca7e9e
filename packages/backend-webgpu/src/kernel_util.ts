/**
 * Helpers every kernel uses: allocating the output storage, running one generated shader
 * over n elements, and the index-range check on host copies of JS-written indices.
 */
import { TensorloomError, sizeOf, type OutputSpec, type TensorInfo } from '@tensorloom/core';
import { GpuTensorStorage } from './storage.js';
import type { GpuRuntime } from './gpu/runtime.js';
import { grid, WG } from './gpu/wgsl.js';

/** The storage type of this backend's tensors. */
export type S = GpuTensorStorage;
/** A kernel's tensor inputs. */
export type In = TensorInfo<S>[];

/** A new output storage for `out` (at least 4 bytes, so empty tensors bind too). */
export function allocOut(rt: GpuRuntime, out: OutputSpec, op: string): S {
  const n = sizeOf(out.shape);
  return new GpuTensorStorage(rt, rt.alloc(Math.max(4, n * 4), op), n, out.dtype);
}

/** Runs `code` (a 1-D kernel over `threads` invocations, WG per workgroup) writing `output`. */
export function run1d(rt: GpuRuntime, op: string, code: string, inputs: readonly S[], output: S, uniforms: Uint32Array, threads: number, wg = WG): void {
  if (threads === 0) return;
  rt.dispatch({ code, inputs: inputs.map((s) => s.buffer), output: output.buffer, uniforms, workgroups: grid(Math.ceil(threads / wg), rt.maxWorkgroupsPerDim) }, op);
}

/** Throws a TensorloomError naming `op` if a host-known index is outside [0, n). */
export function checkHostIndices(op: string, idx: S, n: number): void {
  const v = idx.hostInts;
  if (!v) return;
  for (let k = 0; k < v.length; k++) {
    const i = v[k];
    if (!(i >= 0 && i < n)) throw new TensorloomError(op, `index ${i} is out of range for a dimension of size ${n}; indices must be in [0, ${n})`);
  }
}

/** The runtime of a kernel's inputs. */
export function rtOf(inputs: In): GpuRuntime {
  return inputs[0].data.rt;
}
