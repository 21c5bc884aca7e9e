/**
 * Emulated float16 storage (`float16Storage: true`): buffers stay float32, but every float
 * tensor is rounded to half precision when written and after every kernel, as a device that
 * stores f16 would hold it, while the kernels still compute and accumulate in float32. Finite
 * values saturate at ±65504 instead of overflowing to ±∞ (so a −1e9 mask stays a finite,
 * very negative logit and the softmax family stays finite where f16 peers give NaN).
 * Adapters without `shader-f16` (SwiftShader) can test f16 behaviour this way.
 */
import type { FusedKernels, OutputSpec, PrimitiveKernels, TensorInfo } from '@tensorloom/core';
import { run1d, type S } from './kernel_util.js';
import { header, main1d, words } from './gpu/wgsl.js';

const QUANTIZE = `${header(1, [], { name: 'out', type: 'f32' })}
${main1d('u.m[0].x', `  let v = out[i];
  if (is_nan(v) || is_inf(v)) { return; }
  out[i] = unpack2x16float(pack2x16float(vec2<f32>(clamp(v, -65504.0, 65504.0), 0.0))).x;`)}`;

/** Rounds a float32 storage to half precision in place. */
export function quantizeInPlace(s: S): void {
  if (s.dtype !== 'float32' || s.length === 0) return;
  run1d(s.rt, 'float16Storage', QUANTIZE, [], s, words([s.length]), s.length);
}

type AnyKernel = (inputs: TensorInfo<S>[], attrs: never, out: OutputSpec) => S;

function wrap<T extends Record<string, unknown>>(table: T): T {
  const out: Record<string, AnyKernel> = {};
  for (const [name, k] of Object.entries(table)) {
    const kernel = k as AnyKernel;
    out[name] = (inputs, attrs, spec) => {
      const r = kernel(inputs, attrs, spec);
      if (spec.dtype === 'float32' && !inputs.some((t) => t.data === r)) quantizeInPlace(r);
      return r;
    };
  }
  return out as unknown as T;
}

/** The kernel tables with every float output rounded to half precision. */
export function float16Tables(kernels: PrimitiveKernels<S>, fused: FusedKernels<S>): { kernels: PrimitiveKernels<S>; fused: FusedKernels<S> } {
  return { kernels: wrap(kernels), fused: wrap(fused as Record<string, unknown>) as FusedKernels<S> };
}
